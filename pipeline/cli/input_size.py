"""How many bytes of source a run would read: what the dry run projects its cost from.

A run's input is the sum of its files' sizes (the manifest's `bytes_in`), not the bytes its dumps
take on disk.  Multiplying compressed archives by a ratio measured on another corpus was off by
×3.7 on the sample (107.6 KB projected, 28.9 KB read) and by half on real tarballs (75.9 MB for
50.9 MB stored): code compresses differently from one corpus to the next.  So the sizes are read
from the dumps themselves, the way ingest reads them, without reading any file's contents:

- directories, zip archives (their central directory) and bare git repositories (`git ls-tree`)
  list their files' sizes cheaply: always exact;
- tar archives interleave headers with contents, so their members are listed by streaming the
  archive (decompressing it): exact up to `TAR_BUDGET` stored bytes in all, then the remaining
  tarballs are extrapolated by the ratio measured on the ones read, and the report says so;
- file tables count as stored (their contents column is most of them).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.ingest.bundles import dump_size
from pipeline.ingest.entries import FILE, DumpError, iter_entries
from pipeline.records import RepoSource

TAR_BUDGET = 2_000_000_000
"""Stored bytes of tar archives listed exactly before the rest are extrapolated (a dry run of a
bucket of tarballs must not download it all)."""


@dataclass(frozen=True)
class InputSize:
    stored: int
    """Bytes the dumps take where they are."""
    source: float
    """Bytes of files a run would read (exact unless `estimated_archives`)."""
    estimated_archives: int = 0
    """Tarballs beyond `TAR_BUDGET`, counted at the ratio of the tarballs read."""
    tar_ratio: float | None = None

    def describe(self, size) -> str:
        if not self.estimated_archives:
            return f"input: {size(self.stored)} stored, {size(self.source)} of source files (read from the dumps)"
        return (f"input: {size(self.stored)} stored, ~{size(self.source)} of source files ({self.estimated_archives} "
                f"tar archive(s) beyond {size(TAR_BUDGET)} estimated at ×{self.tar_ratio:.2f}, the ratio of those read)")


def listed_bytes(source: RepoSource) -> int:
    """The sizes of the regular files a dump holds, as ingest lists them (contents never read)."""
    try:
        return sum(entry.size for entry in iter_entries(source.location, source.kind) if entry.kind == FILE)
    except (DumpError, OSError):
        return 0  # a damaged dump is reported when the run reads it


def input_size(sources: list[RepoSource], tar_budget: int = TAR_BUDGET) -> InputSize:
    stored = {id(source): dump_size(source) for source in sources}
    total, tar_stored, tar_source, deferred = 0.0, 0, 0, []
    for source in sources:
        if source.kind == "table":
            total += stored[id(source)]
        elif source.kind != "tar":
            total += listed_bytes(source)
        elif tar_stored + stored[id(source)] <= tar_budget or not tar_stored:
            tar_stored += stored[id(source)]
            tar_source += listed_bytes(source)
        else:
            deferred.append(source)
    ratio = tar_source / tar_stored if tar_stored else 1.0
    total += tar_source + sum(stored[id(source)] for source in deferred) * ratio
    return InputSize(sum(stored.values()), total, len(deferred), ratio if deferred else None)
