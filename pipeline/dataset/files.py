"""Reading and writing a dataset's files through Beam's FileSystems (so `gs://` works).

Shared by `optout`, `audit` and `verify`, which all read provenance without running a pipeline:
provenance holds no file contents, so one process can stream it shard by shard.
"""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems

from pipeline.config import WriteConfig


def read_bytes(path: str) -> bytes:
    with FileSystems.open(path, compression_type="uncompressed") as handle:
        return handle.read()


def parquet_bytes(rows: list[dict], schema: pa.Schema, config: WriteConfig) -> bytes:
    return table_bytes(pa.Table.from_pylist(rows, schema=schema), config)


def table_bytes(table: pa.Table, config: WriteConfig, order: pa.Array | None = None,
                schema: pa.Schema | None = None) -> bytes:
    """A published table's Parquet bytes: deterministic for a pinned pyarrow and the same table.

    With `order` (row indices), rows are written in that order; with `schema`, cast to it.  Rows are
    taken and cast one row group at a time, so a shard's writer holds its source rows and one row
    group, not a sorted copy of the whole table (the bytes are those of `pq.write_table` on the
    sorted, cast table)."""
    schema = schema or table.schema
    rows = config.row_group_rows
    buffer = io.BytesIO()
    compression = None if config.compression == "none" else config.compression
    with pq.ParquetWriter(buffer, schema, compression=compression) as writer:
        if table.num_rows == 0:
            writer.write_table(table.cast(schema), row_group_size=rows)
        for start in range(0, table.num_rows, rows):
            part = table.slice(start, rows) if order is None else table.take(order[start:start + rows])
            writer.write_table(part.cast(schema), row_group_size=rows)
    return buffer.getvalue()


def write_file(path: str, data: bytes) -> None:
    parent = path.rsplit("/", 1)[0]
    if not FileSystems.exists(parent):
        try:
            FileSystems.mkdirs(parent)
        except OSError:
            pass  # created meanwhile by another worker
    with FileSystems.create(path, mime_type="application/octet-stream", compression_type="uncompressed") as handle:
        handle.write(data)
