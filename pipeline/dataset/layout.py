"""Where things live inside a dataset directory, and how rows are spread over shards.

Pure functions of ids and counts, shared by the Beam write stage and by opt-out versions.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from pipeline.records import FileRecord

TMP = ".tmp"
"""Everything a run writes before publishing lives under DIR/.tmp/ (renamed into place or removed)."""

VERSION_HEX = 16
"""Hex digits of an object's sha256 in its published name (64 bits: no two versions' objects collide)."""
_VERSIONED = re.compile(r"^(?P<stem>.+)\.(?P<version>[0-9a-f]{%d})(?P<ext>\.[A-Za-z0-9]+)$" % VERSION_HEX)


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


def published_path(layout: str, sha256: str) -> str:
    """`data/python/part-00003.parquet` + its sha256 → `data/python/part-00003.<16 hex>.parquet`.

    A published object is named by its contents, so a new version never writes over an object the
    current manifest lists (publishing cannot break the dataset in place), an object unchanged
    between versions keeps its name (and is not rewritten), and the name is still a function of
    the inputs and config alone (same bytes, same name, on every runner)."""
    stem, dot, ext = layout_path(layout).rpartition(".")
    return f"{stem}.{sha256[:VERSION_HEX]}.{ext}" if dot else f"{layout}.{sha256[:VERSION_HEX]}"


def layout_path(path: str) -> str:
    """The layout name of a published object (`published_path` undone); other paths unchanged.
    Provenance's `shard` column holds layout names: which shard a row belongs to, in any version."""
    match = _VERSIONED.match(path)
    return match["stem"] + match["ext"] if match else path


def is_published_name(path: str) -> bool:
    """Whether a path has the form `published_path` gives (a version's object, listed or not)."""
    return _VERSIONED.match(path) is not None


def content_bytes(record: FileRecord) -> int:
    return len(record.content.encode("utf-8", "surrogatepass"))
