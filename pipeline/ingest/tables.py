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


def _rows(location: str) -> Iterator[dict]:
    with FileSystems.open(location, compression_type="uncompressed") as handle:
        if location.lower().endswith(".parquet"):
            table_file = pq.ParquetFile(handle)
            names = [name for name in COLUMNS if name in table_file.schema_arrow.names]
            for batch in table_file.iter_batches(batch_size=1024, columns=names):
                yield from batch.to_pylist()
            return
        stream = gzip.GzipFile(fileobj=handle) if location.lower().endswith(".gz") else handle
        for line in stream:
            if line.strip():
                yield json.loads(line)


def read_table(source: RepoSource, config: Config) -> Iterator[FileRecord]:
    seen: set[str] = set()
    try:
        for row in _rows(source.location):
            yield _record(row, config, seen)
    except (OSError, EOFError, ValueError, KeyError, TypeError) as error:
        yield dump_error_record(source, "corrupt_table")


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
