"""Where things live inside a dataset directory, and how rows are spread over shards.

Pure functions of ids and counts, shared by the Beam write stage and by opt-out versions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pipeline.records import FileRecord

TMP = ".tmp"
"""Everything a run writes before publishing lives under DIR/.tmp/ (renamed into place or removed)."""


@dataclass(frozen=True, slots=True)
class ShardInfo:
    kind: str
    """`data`, `provenance` or `attribution`."""
    path: str
    """Relative to the dataset directory."""
    rows: int
    bytes: int
    sha256: str
    language: str | None = None

    def as_json(self) -> dict:
        entry = {"path": self.path, "rows": self.rows, "bytes": self.bytes, "sha256": self.sha256}
        if self.language is not None:
            entry["language"] = self.language
        return entry


def shard_count(total: int, per_shard: int) -> int:
    return max(1, math.ceil(total / per_shard))


def shard_index(record_id: str, count: int, salt: int = 0) -> int:
    """Spread ids evenly over `count` shards; different salts decorrelate data and provenance."""
    return int(record_id[salt * 8:(salt + 1) * 8], 16) % count


def data_shard_path(slug: str, index: int) -> str:
    return f"data/{slug}/part-{index:05d}.parquet"


def provenance_shard_path(index: int) -> str:
    return f"provenance/part-{index:05d}.parquet"


def attribution_shard_path(index: int) -> str:
    return f"attribution/part-{index:05d}.parquet"


def content_bytes(record: FileRecord) -> int:
    return len(record.content.encode("utf-8", "surrogatepass"))
