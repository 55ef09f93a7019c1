"""File tables (`.jsonl`, `.jsonl.gz`, `.parquet`) → `FileRecord`s: how datasets are re-curated."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator

import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems

from filters.decode import decode
from licenses.repo_licenses import decide_without_tree
from pipeline.config import Config
from pipeline.ingest.repository import dump_error_record, printable_path, safe_path
from pipeline.records import FileRecord, RepoSource, content_sha256, file_id

COLUMNS = ("repo_name", "path", "content", "commit", "stars", "forks", "license")


def _rows(location: str) -> Iterator[tuple[int, object]]:
    """(row number from 1, the row as read): a JSONL line that is not JSON comes as its text."""
    with FileSystems.open(location, compression_type="uncompressed") as handle:
        if location.lower().endswith(".parquet"):
            table_file = pq.ParquetFile(handle)
            names = [name for name in COLUMNS if name in table_file.schema_arrow.names]
            number = 0
            for batch in table_file.iter_batches(batch_size=1024, columns=names):
                for row in batch.to_pylist():
                    number += 1
                    yield number, row
            return
        stream = gzip.GzipFile(fileobj=handle) if location.lower().endswith(".gz") else handle
        for number, line in enumerate(stream, start=1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except ValueError:
                    yield number, line


def read_table(source: RepoSource, config: Config) -> Iterator[FileRecord]:
    """One record per row; a row that cannot be read costs that row only (`ingest:corrupt_row`),
    a table that cannot be read on costs the rest (`ingest:corrupt_table`)."""
    seen: set[str] = set()
    try:
        for number, row in _rows(source.location):
            try:
                if not isinstance(row, dict):
                    raise ValueError("not a JSON object")
                yield _record(row, config, seen)
            except (KeyError, TypeError, ValueError, AttributeError):
                yield _corrupt_row(source, number)
    except (OSError, EOFError, ValueError) as error:
        yield dump_error_record(source, "corrupt_table")


def _corrupt_row(source: RepoSource, number: int) -> FileRecord:
    """A row that is not a file: provenance names the table and the row (never its text)."""
    path = f"{source.location.rstrip('/').rsplit('/', 1)[-1]}:{number}"
    return FileRecord(id=file_id("", "", path), repo_name="", path=printable_path(path), commit="", content="",
                      size=0, content_sha256="", reason="ingest:corrupt_row")


def _record(row: dict, config: Config, seen: set[str]) -> FileRecord:
    repo_name = printable_path(str(row["repo_name"]))
    commit = printable_path(str(row.get("commit") or ""))
    raw_path = printable_path(str(row["path"]))
    content = row.get("content")
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else bytes(content or b"")
    path = safe_path(raw_path)
    identity = raw_path if path is None else path
    record_id = file_id(repo_name, commit, identity)
    if record_id in seen:
        record_id = file_id(repo_name, commit, f"{identity}\0{len(seen)}")
    seen.add(record_id)
    record = FileRecord(
        id=record_id, repo_name=repo_name, path=identity, commit=commit, content="",
        size=len(data), content_sha256=content_sha256(data),
        stars=int(row.get("stars") or 0), forks=int(row.get("forks") or 0),
    )
    if path is None:
        return record.drop("ingest:unsafe_path")
    if len(data) > config.ingest.max_file_bytes:
        return record.drop("ingest:too_large")
    decoded = decode(data)
    if decoded.text is None:
        return record.drop(f"ingest:{decoded.reason}")
    record.content = decoded.text
    if config.licenses.enabled:
        decision = decide_without_tree(config.licenses, row.get("license") or "", path, decoded.text)
        record.license, record.license_type, record.license_evidence = (
            list(decision.license), decision.license_type, decision.evidence)
        record.license_expression = decision.expression
    return record
