"""Where a promoted file goes: the parent's data shard of its id, as `write` would place it.

The parent's shard count per language is not in the manifest (a language's empty shards are not
written), so it is recovered from provenance: the smallest count above the highest shard index
that puts every observed kept row where it is.  A language the parent had no rows of is counted
as `write` counts it, from the bytes of the rows that now join it.
"""

from __future__ import annotations

from collections import defaultdict

from filters.language import language_slug
from pipeline.records import FileRecord
from pipeline.dataset.layout import content_bytes, data_shard_path, shard_count, shard_index

_SAMPLES = 512
"""Kept rows remembered per language: enough to rule out a wrong count beyond doubt."""


def _parse(path: str) -> tuple[str, int]:
    """`data/<slug>/part-NNNNN.parquet` → (slug, NNNNN)."""
    _, slug, name = path.split("/")
    return slug, int(name.removeprefix("part-").removesuffix(".parquet"))


class DataLayout:
    def __init__(self, shard_bytes: int) -> None:
        self._shard_bytes = shard_bytes
        self._highest: dict[str, int] = {}
        self._samples: dict[str, list[tuple[str, int]]] = defaultdict(list)

    def observe(self, row: dict) -> None:
        if row["status"] != "kept":
            return
        slug, index = _parse(row["shard"])
        self._highest[slug] = max(index, self._highest.get(slug, 0))
        if len(self._samples[slug]) < _SAMPLES:
            self._samples[slug].append((row["id"], index))

    def count(self, slug: str) -> int | None:
        if slug not in self._highest:
            return None
        count = self._highest[slug] + 1
        while any(shard_index(file_id, count) != index for file_id, index in self._samples[slug]):
            count += 1
        return count

    def place(self, records: list[FileRecord]) -> list[tuple[FileRecord, str]]:
        by_slug: dict[str, list[FileRecord]] = defaultdict(list)
        for record in records:
            by_slug[language_slug(record.language)].append(record)
        placed = []
        for slug, members in sorted(by_slug.items()):
            count = self.count(slug) or shard_count(sum(content_bytes(r) for r in members), self._shard_bytes)
            placed += [(r, data_shard_path(slug, shard_index(r.id, count))) for r in members]
        return placed
