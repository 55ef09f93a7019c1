"""Reading and writing a dataset's files through Beam's FileSystems (so `gs://` works).

Shared by `optout`, `audit` and `verify`, which all read provenance without running a pipeline:
provenance holds no file contents, so one process can stream it shard by shard.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Iterator
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems

from pipeline.config import WriteConfig


def read_bytes(path: str) -> bytes:
    with FileSystems.open(path, compression_type="uncompressed") as handle:
        return handle.read()


def read_parquet(data: bytes, columns: list[str] | None = None) -> pa.Table:
    """A Parquet file held in memory, read on one thread: Arrow's thread pool, used on in-memory
    Parquet, can abort a short-lived process at exit ("terminate called without an active
    exception"), and the dataset tools exit right after reading."""
    return pq.read_table(io.BytesIO(data), columns=columns, use_threads=False)


def parquet_bytes(rows: list[dict], schema: pa.Schema, config: WriteConfig) -> bytes:
    return table_bytes(pa.Table.from_pylist(rows, schema=schema), config)


def table_bytes(table: pa.Table, config: WriteConfig) -> bytes:
    """A published table's Parquet bytes: deterministic for a pinned pyarrow and the same table."""
    buffer = io.BytesIO()
    write_row_groups(buffer, table.schema, _row_groups(table, config.row_group_rows), config)
    return buffer.getvalue()


def _row_groups(table: pa.Table, rows: int) -> Iterator[pa.Table]:
    for start in range(0, table.num_rows, rows):
        yield table.slice(start, rows)


def write_row_groups(sink: BinaryIO, schema: pa.Schema, groups: Iterable[pa.Table], config: WriteConfig) -> None:
    """Parquet to `sink`, one row group per table of `groups` (each cast to `schema`).

    Each group should hold `config.row_group_rows` rows (the last fewer): then the bytes are those
    of `pq.write_table` on the whole table, while a writer holds one row group at a time."""
    compression = None if config.compression == "none" else config.compression
    with pq.ParquetWriter(sink, schema, compression=compression) as writer:
        empty = True
        for group in groups:
            writer.write_table(group.cast(schema).combine_chunks(), row_group_size=config.row_group_rows)
            empty = False
        if empty:
            writer.write_table(schema.empty_table(), row_group_size=config.row_group_rows)


class HashingSink:
    """A write-only file that counts and hashes what passes through it to `handle`."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self.size = 0
        self.sha256 = hashlib.sha256()
        self.closed = False

    def write(self, data: bytes) -> int:
        self._handle.write(data)
        self.sha256.update(data)
        self.size += len(data)
        return len(data)

    def tell(self) -> int:
        return self.size

    def flush(self) -> None:
        self._handle.flush()

    def close(self) -> None:
        self.closed = True


def create_file(path: str) -> BinaryIO:
    """A new file at `path` through FileSystems, its directory made first where needed."""
    parent = path.rsplit("/", 1)[0]
    if not FileSystems.exists(parent):
        try:
            FileSystems.mkdirs(parent)
        except OSError:
            pass  # created meanwhile by another worker
    return FileSystems.create(path, mime_type="application/octet-stream", compression_type="uncompressed")


def write_file(path: str, data: bytes) -> None:
    with create_file(path) as handle:
        handle.write(data)
