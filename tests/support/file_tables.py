"""File tables as a re-curation reads them (README "Inputs"): a dataset exported one row per file.

The rows model what such exports really hold: several repositories in repository order, licence
metadata, a file vendored verbatim into another repository (an exact duplicate), the same
(repo, commit, path) exported twice with different contents (two snapshots concatenated, so ids
must be disambiguated), a path that normalises onto another (`./src/...`), an unsafe path and a
binary file.  The JSONL form also holds what broken exports hold: a truncated line, a line that
is JSON but not an object, and blank lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from support.hardening_support import module_text

REPEATED = ("acme/core", "0a1b2c3d", "src/module_1.py")
"""Key exported four times: rows 1, 2, 16 (as `./src/module_1.py`) and 29 (from 1) of `table_rows()`."""


def table_rows() -> list[dict]:
    rows: list[dict] = []
    for repo, seeds in (("acme/core", range(1, 11)), ("beta/app", range(11, 21)), ("gamma/tools", range(21, 31))):
        for seed in seeds:
            rows.append({"repo_name": repo, "commit": "0a1b2c3d", "path": f"src/module_{seed}.py",
                         "content": module_text(700 + seed, lines=4), "license": "MIT", "stars": seed % 7})
    rows.insert(1, {"repo_name": "acme/core", "commit": "0a1b2c3d", "path": "src/module_1.py",
                    "content": module_text(1, lines=4), "license": "MIT", "stars": 2})
    rows[15] = {**rows[15], "repo_name": "acme/core", "path": "./src/module_1.py", "content": module_text(2, lines=5)}
    rows[28] = {**rows[28], "repo_name": "acme/core", "path": "src/module_1.py", "content": module_text(3, lines=5)}
    rows[20] = {**rows[20], "content": rows[5]["content"]}
    rows[24] = {**rows[24], "path": "../escape.py"}
    rows[26] = {**rows[26], "path": "assets/logo.bin", "content": "GIF89a\x00\x01\x02\x00"}
    return rows


def jsonl_lines(rows: list[dict]) -> list[str]:
    """The rows as JSONL lines, with a truncated line, a non-object and blank lines among them."""
    lines = [json.dumps(row) for row in rows]
    lines.insert(8, '{"repo_name": "acme/core", "path": "src/cut.py", "content": "def f(')
    lines.insert(19, "")
    lines.insert(23, "[1, 2, 3]")
    lines.append("")
    return lines


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n")
    return path


def write_parquet(path: Path, rows: list[dict], row_group_rows: int = 4) -> Path:
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=row_group_rows)
    return path
