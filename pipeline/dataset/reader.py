"""One reader for a published dataset, used by every tool (verify, audit, report, opt-out).

Everything goes through Beam's FileSystems (so `gs://` works) and through the manifest: a tool
reads the shards the manifest lists, in its order, never whatever a glob happens to find.
Provenance holds no file contents, so one process can stream it shard by shard.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from functools import cached_property

import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems

from pipeline.dataset.files import read_bytes, read_parquet
from pipeline.dataset.manifest import MANIFEST


class DatasetReader:
    def __init__(self, location: str) -> None:
        self.location = location

    def path(self, relative: str) -> str:
        return FileSystems.join(self.location, relative)

    @property
    def complete(self) -> bool:
        """A dataset is complete once its manifest exists (it is written last)."""
        return FileSystems.exists(self.path(MANIFEST))

    @cached_property
    def manifest_bytes(self) -> bytes:
        return read_bytes(self.path(MANIFEST))

    @cached_property
    def manifest(self) -> dict:
        return json.loads(self.manifest_bytes.decode("utf-8"))

    @property
    def manifest_sha256(self) -> str:
        return hashlib.sha256(self.manifest_bytes).hexdigest()

    def shards(self, kind: str) -> list[dict]:
        """The manifest's entries for `data` or `provenance` shards."""
        return self.manifest["shards"][kind]

    def read_shard(self, relative: str, columns: list[str] | None = None) -> pa.Table:
        return read_parquet(read_bytes(self.path(relative)), columns)

    def provenance_rows(self, columns: list[str] | None = None) -> Iterator[tuple[str, list[dict]]]:
        """(shard path, rows) for every provenance shard, in manifest order."""
        for shard in self.shards("provenance"):
            yield shard["path"], self.read_shard(shard["path"], columns).to_pylist()

    def provenance_batches(self, columns: list[str], batch_size: int = 65_536) -> Iterator[pa.Table]:
        """Provenance in bounded batches of the given columns, in manifest order."""
        for shard in self.shards("provenance"):
            with FileSystems.open(self.path(shard["path"]), compression_type="uncompressed") as handle:
                parquet = pq.ParquetFile(handle)
                missing = [name for name in columns if name not in parquet.schema_arrow.names]
                if missing:
                    raise ValueError(f"{shard['path']} lacks provenance column(s) {', '.join(missing)}")
                for batch in parquet.iter_batches(columns=list(columns), batch_size=batch_size):
                    yield pa.Table.from_batches([batch])
