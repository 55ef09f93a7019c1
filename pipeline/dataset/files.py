"""Reading and writing a dataset's files through Beam's FileSystems (so `gs://` works).

Shared by `optout`, `audit` and `verify`, which all read provenance without running a pipeline:
provenance holds no file contents, so one process can stream it shard by shard.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from core.files import create_file, make_parent, read_bytes, write_file  # noqa: F401 - this module's file I/O, shared with dedup
from pipeline.config import WriteConfig


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
    spans = row_group_spans(row_sizes(table, table.schema), config)
    write_row_groups(buffer, table.schema, (table.slice(start, end - start) for start, end in spans), config)
    return buffer.getvalue()


def row_sizes(rows: pa.Table, schema: pa.Schema) -> np.ndarray:
    """What each row of a table of `schema` weighs for `row_group_spans`: its file's `size` where the
    rows hold the files' contents (a data shard), nothing where they do not (provenance).  `rows`
    needs only the `size` column."""
    if "content" not in schema.names:
        return np.zeros(rows.num_rows, dtype=np.int64)
    return pc.fill_null(rows["size"], 0).to_numpy().astype(np.int64)


def row_group_spans(sizes: np.ndarray, config: WriteConfig) -> list[tuple[int, int]]:
    """[start, end) of each published row group, for rows weighing `sizes` in shard order.

    A row group closes at `config.row_group_rows` rows, or with the row that takes its sizes to
    `config.row_group_bytes`, whichever comes first.  A function of the rows alone, so a shard has
    the same row groups however it was written (merged from parts, or rewritten by an opt-out)."""
    ends = np.cumsum(sizes, dtype=np.int64)
    spans, start, passed = [], 0, 0
    while start < len(sizes):
        by_bytes = int(np.searchsorted(ends, passed + config.row_group_bytes, side="left")) + 1
        end = min(start + config.row_group_rows, by_bytes, len(sizes))
        spans.append((start, end))
        start, passed = end, int(ends[end - 1])
    return spans


def write_row_groups(sink: BinaryIO, schema: pa.Schema, groups: Iterable[pa.Table], config: WriteConfig) -> None:
    """Parquet to `sink`, one row group per table of `groups` (each cast to `schema`, at most
    `config.row_group_rows` rows), while a writer holds one row group at a time."""
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
