"""What reading a big file table in parts costs over reading it whole (README "Inputs").

A part that does not start its table first reads the keys before it (so repeated rows get the
same ids however the table is split): Parquet reads the key columns only, JSONL the lines before
the part.  This script measures that overhead as the total time of reading every part one after
the other over the time of one whole read, for several part sizes (`ingest.bundle_bytes`).

Data: a synthetic export generated here with a seeded generator (no code under test shapes it):
repositories in name order, 40 files each, Python-like modules of log-normal size (median ~3 KB),
licence metadata MIT; the same rows as `.jsonl` and as `.parquet` (zstd, 1,000-row row groups),
and as a `.parquet` in shuffled row order (no row group's statistics can then rule out a part's
repositories, so the lookback reads every key before the part: Parquet's worst case).

    nice -n 10 .venv/bin/python benchmarks/table_parts.py [--megabytes 32]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.config import Config
from pipeline.ingest.table_parts import split_table
from pipeline.ingest.tables import read_table
from pipeline.records import RepoSource

WORDS = ["value", "total", "index", "items", "result", "config", "handle", "buffer", "offset", "name"]


def _module(rng: random.Random, size: int) -> str:
    lines = [f'"""Module {rng.randrange(10**9)}."""\n', "import os\n\n"]
    length = sum(map(len, lines))
    while length < size:
        a, b = rng.sample(WORDS, 2)
        line = f"def {a}_{rng.randrange(10**6)}({b}):\n    return {b} * {rng.randrange(1000)} + len({a!r})\n\n"
        lines.append(line)
        length += len(line)
    return "".join(lines)


def export_rows(megabytes: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    rows: list[dict] = []
    total, repo = 0, 0
    while total < megabytes * 1024 * 1024:
        repo += 1
        for number in range(40):
            content = _module(rng, int(rng.lognormvariate(8.0, 0.8)))
            rows.append({"repo_name": f"org{repo:05d}/project", "commit": f"{repo:040x}",
                         "path": f"src/pkg{number % 5}/module_{number}.py", "content": content,
                         "license": "MIT", "stars": repo % 50})
            total += len(content)
    return rows


def _timed_read(tables) -> tuple[float, int]:
    started = time.perf_counter()
    count = sum(1 for table in tables for _ in read_table(table, Config()))
    return time.perf_counter() - started, count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=32)
    args = parser.parse_args()
    rows = export_rows(args.megabytes)
    with tempfile.TemporaryDirectory() as folder:
        jsonl = Path(folder) / "export.jsonl"
        jsonl.write_text("".join(json.dumps(row) + "\n" for row in rows))

        parquet = Path(folder) / "export.parquet"
        pq.write_table(pa.Table.from_pylist(rows), parquet, row_group_size=1000, compression="zstd")
        shuffled = Path(folder) / "shuffled.parquet"
        mixed = list(rows)
        random.Random(11).shuffle(mixed)
        pq.write_table(pa.Table.from_pylist(mixed), shuffled, row_group_size=1000, compression="zstd")
        print(f"{len(rows):,} rows; jsonl {jsonl.stat().st_size / 2**20:.1f} MiB, "
              f"parquet {parquet.stat().st_size / 2**20:.1f} MiB")
        print("| table | bundle_bytes | parts | whole read s | all parts s | overhead |")
        print("|---|---|---|---|---|---|")
        for path in (jsonl, parquet, shuffled):
            source = RepoSource("", str(path), "table")
            whole, count = _timed_read([source])
            for budget_mib in ((8, 2, 0.5) if path == jsonl else (2, 1, 0.25)):
                budget = int(budget_mib * 2**20)
                parts = split_table(source, path.stat().st_size, budget) or [source]
                split, split_count = _timed_read(parts)
                assert split_count == count
                print(f"| {path.name} | {budget_mib} MiB | {len(parts)} | {whole:.1f} | {split:.1f} | "
                      f"{split / whole - 1:+.0%} |")


if __name__ == "__main__":
    main()
