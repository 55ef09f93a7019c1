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
    table = pa.Table.from_pylist(rows, schema=schema)
    buffer = io.BytesIO()
    compression = None if config.compression == "none" else config.compression
    pq.write_table(table, buffer, compression=compression, row_group_size=config.row_group_rows)
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
