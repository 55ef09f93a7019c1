"""Staging: where file contents wait, on the worker's side, while only small summaries move.

The worker that reads a chunk of a repository (a run of its files, `ingest.chunk_bytes` of
content at most) writes the chunk's records, contents included, to one Parquet file under the
output's `.tmp/staging/`, and after dedup the same chunk is read back by reference to finish it.
Staging files hold unredacted content: they live only under `.tmp/` (never under `data/`), are
written through Beam's FileSystems (so `gs://` works on Dataflow) and are removed with `.tmp/`
when the dataset is published.  Names are a hash of the chunk key, so a retried bundle rewrites
the same file with the same bytes.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, fields

import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems

from pipeline.dataset.files import read_bytes, write_file
from pipeline.dataset.layout import TMP
from pipeline.records import FileRecord

_ARROW_TYPES = {
    "str": pa.string(), "str | None": pa.string(), "int": pa.int64(), "float": pa.float64(),
    "list[str]": pa.list_(pa.string()), "dict[str, int]": pa.map_(pa.string(), pa.int64()),
}
RECORD_SCHEMA = pa.schema([
    (field.name, pa.large_string() if field.name == "content" else _ARROW_TYPES[str(field.type)])
    for field in fields(FileRecord)
])
"""Every FileRecord field, so a record read back is the record written."""


@dataclass(frozen=True, slots=True)
class ChunkRef:
    """A staged chunk: its key orders the published layout; `handle` routes dedup decisions to it."""

    key: str
    handle: int
    path: str
    work: int = 0
    """Bytes of content of its files left alive by the steps before dedup and not dropped by the
    policy after it (`CurateBundles._scanned_later`): what finishing it costs (the PII scan), by
    which `update` deals chunks to the local runner's workers."""


def chunk_handle(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode("utf-8", "surrogateescape")).digest()[:8], "big") >> 1


def chunk_file(output: str, key: str, kind: str, suffix: str = "parquet") -> str:
    """`.tmp/staging/<hash>.<kind>.parquet`: `records` (as read), `data` and `provenance` (finished);
    `<hash>.summaries.bin`: the chunk's dedup summaries."""
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return FileSystems.join(output, TMP, "staging", f"{digest}.{kind}.{suffix}")


def dedup_directory(output: str) -> str:
    """Where the dedup steps stage their results (`dedup/blobs.py`)."""
    return FileSystems.join(output, TMP, "staging", "dedup")


def _row(record: FileRecord) -> dict:
    row = {field.name: getattr(record, field.name) for field in fields(FileRecord)}
    row["pii"] = sorted(record.pii.items())
    return row


def records_table(records: list[FileRecord]) -> pa.Table:
    return pa.Table.from_pylist([_row(record) for record in records], schema=RECORD_SCHEMA)


def write_table(path: str, table: pa.Table, row_group_rows: int | None = None) -> None:
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", row_group_size=row_group_rows)
    write_file(path, buffer.getvalue())


def read_table(path: str, columns: list[str] | None = None) -> pa.Table:
    return pq.read_table(io.BytesIO(read_bytes(path)), columns=columns)


def write_records(path: str, records: list[FileRecord]) -> None:
    write_table(path, records_table(records))


def read_records(path: str) -> list[FileRecord]:
    records = []
    for row in read_table(path).to_pylist():
        row["pii"] = dict(row["pii"] or [])
        row["license"] = list(row["license"] or [])
        records.append(FileRecord(**row))
    return records
