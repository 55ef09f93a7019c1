"""The `attribution/` table through the graph: staged beside the chunks, never shuffled.

The licence-like files of each repository (`licenses.attribution.RepoNotices`) are read by ingest
on the worker that reads the dump; the curating worker stages them beside each chunk that holds
files of that repository (`.tmp/staging/<hash>.notices.parquet`).  The finishing worker reads them
back with the chunk, turns its kept files into attribution rows (`<hash>.attribution.parquet`),
and the writer of an attribution shard merges the rows of one repository from every chunk (all
rows of a repository land in one shard: the shard is chosen by a hash of its name).  Only paths
and counts move between workers, as for the data.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable

import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems

from licenses.attribution import ChunkAttribution, RepoNotices, merge_rows
from pipeline.config import Config
from pipeline.dataset.files import read_bytes, write_file
from pipeline.dataset.layout import shard_index
from pipeline.dataset.schema import ATTRIBUTION_SCHEMA
from pipeline.records import FileRecord

_STRING = pa.string()
NOTICES_SCHEMA = pa.schema([("repo_name", _STRING), ("commit", _STRING), ("root_expression", _STRING),
                            ("path", _STRING), ("kind", _STRING), ("text", pa.large_string())])
"""Staged per chunk: one row per licence-like file, or one row without a path for a repository that has none."""
PART_SCHEMA = pa.schema([
    *[ATTRIBUTION_SCHEMA.field(name) for name in ("repo_name", "commit", "scope", "path")],
    ("expressions", pa.list_(_STRING)),
    *[ATTRIBUTION_SCHEMA.field(name) for name in ("license", "license_texts", "notices", "copyright_lines")],
])
"""A chunk's attribution rows before the rows of one key are merged (expressions not yet combined)."""


def _write(path: str, table: pa.Table) -> None:
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    write_file(path, buffer.getvalue())


def _read(path: str) -> list[dict]:
    return pq.read_table(io.BytesIO(read_bytes(path))).to_pylist()


def stage_notices(path: str, repositories: Iterable[RepoNotices]) -> bool:
    """Stage the licence-like files of the repositories of one chunk; False when there are none."""
    rows = []
    for notices in repositories:
        base = {"repo_name": notices.repo_name, "commit": notices.commit, "root_expression": notices.root_expression}
        rows += [{**base, "path": name, "kind": kind, "text": text} for name, (kind, text) in sorted(notices.files.items())]
        if not notices.files:
            rows.append({**base, "path": None, "kind": None, "text": None})
    if not rows:
        return False
    _write(path, pa.Table.from_pylist(rows, schema=NOTICES_SCHEMA))
    return True


def read_notices(path: str) -> dict[tuple[str, str], RepoNotices]:
    if not FileSystems.exists(path):
        return {}
    found: dict[tuple[str, str], RepoNotices] = {}
    for row in _read(path):
        key = (row["repo_name"], row["commit"])
        notices = found.setdefault(key, RepoNotices(row["repo_name"], row["commit"], row["root_expression"] or ""))
        if row["path"] is not None:
            notices.files[row["path"]] = (row["kind"], row["text"])
    return found


def email_redactor(config: Config):
    """The pipeline's redaction (the PII stage's recognizers and replacements) with e-mail always on:
    attribution texts are published whatever the PII stage's own settings, and a licence or NOTICE
    file holds the same kinds of personal data and secrets as any other file."""
    from pipeline.warm import REDACTION, settle

    settle(REDACTION)
    from pii.entities import ALL_ENTITIES, EMAIL
    from pii.redact import Redactor

    chosen = config.pii.entities if config.pii.enabled else {}
    entities = {entity: entity == EMAIL or chosen.get(entity, True) and config.pii.enabled for entity in ALL_ENTITIES}
    redactor = Redactor(config.pii.model_copy(update={"entities": entities}))

    def redact(text: str) -> str:
        return redactor.redact(text).text if text else text

    return redact


def stage_chunk_attribution(path: str, notices_path: str, kept: list[FileRecord], config: Config, redact) -> int:
    """The attribution rows of a finished chunk's kept files, staged at `path`; their text bytes (0: none)."""
    attribution = ChunkAttribution(read_notices(notices_path), redact, config.licenses.header_lines,
                                   config.licenses.header_chars)
    needed = [attribution.add(record.repo_name, record.commit, record.path, record.content, record.license,
                              record.license_expression, record.license_evidence) for record in kept]
    if not any(needed):
        return 0
    rows = attribution.rows()
    _write(path, pa.Table.from_pylist(rows, schema=PART_SCHEMA))
    return max(1, sum(len(item["text"]) for row in rows for item in row["license_texts"] + row["notices"])
               + sum(len(line) for row in rows for line in row["copyright_lines"]))


def repository_shard(repo_name: str, count: int) -> int:
    """Every row of a repository goes to one shard, so its chunks' rows merge there."""
    return shard_index(hashlib.sha256(repo_name.encode("utf-8", "surrogateescape")).hexdigest(), count)


def split_chunk_attribution(path: str, count: int) -> list[tuple[int, str]]:
    """A chunk's staged rows → (shard index, path of its rows for that shard)."""
    rows = _read(path)
    by_shard: dict[int, list[dict]] = {}
    for row in rows:
        by_shard.setdefault(repository_shard(row["repo_name"], count), []).append(row)
    if len(by_shard) == 1:
        return [(next(iter(by_shard)), path)]
    parts = []
    for index, members in sorted(by_shard.items()):
        part = path.removesuffix(".parquet") + f".{index:05d}.parquet"
        _write(part, pa.Table.from_pylist(members, schema=PART_SCHEMA))
        parts.append((index, part))
    return parts


def attribution_table(part_paths: Iterable[str]) -> pa.Table:
    """One shard's published rows from its parts: merged per (repository, commit, scope, path), sorted."""
    rows = [row for path in sorted(part_paths) for row in _read(path)]
    return pa.Table.from_pylist(merge_rows(rows), schema=ATTRIBUTION_SCHEMA)
