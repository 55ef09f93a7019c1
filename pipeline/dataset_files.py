"""Reading a published dataset's Parquet shards through Beam's FileSystems (so `gs://` works).

Shared by `optout`, `audit` and `verify`, which all read provenance without running a pipeline:
provenance holds no file contents, so one process can stream it shard by shard.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems


def read_bytes(path: str) -> bytes:
    with FileSystems.open(path, compression_type="uncompressed") as handle:
        return handle.read()


def read_shard(dataset: str, relative: str, columns: list[str] | None = None) -> pa.Table:
    return pq.read_table(io.BytesIO(read_bytes(FileSystems.join(dataset, relative))), columns=columns)


def provenance_rows(dataset: str, manifest: dict, columns: list[str] | None = None) -> Iterator[tuple[str, list[dict]]]:
    """(shard path, rows) for every provenance shard, in manifest order."""
    for shard in manifest["shards"]["provenance"]:
        yield shard["path"], read_shard(dataset, shard["path"], columns).to_pylist()
