"""Big file tables → parts that different workers read (README "Inputs", issue 14 item 3).

A table bigger than `ingest.bundle_bytes` is split at launch, from its size and (Parquet) footer
metadata only, never from the worker count, so the published layout is the same on every runner:

- a `.parquet` into runs of consecutive row groups of up to about `bundle_bytes` on disk each
  (a row group is never cut; one bigger than the budget is a part of its own);
- an uncompressed `.jsonl` into byte ranges [start, end) of `bundle_bytes`: a part reads every
  line that *starts* inside its range (it skips the line straddling `start`, which the part before
  reads, and reads through the line straddling `end`);
- a `.jsonl.gz` stays whole (gzip cannot be entered in the middle).

This module knows where parts begin and end and how to read the raw rows of one; what a row
becomes (ids, records) is `tables.py`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems

from pipeline.records import RepoSource

COLUMNS = ("repo_name", "path", "content", "commit", "stars", "forks", "license")
KEY_COLUMNS = ("repo_name", "commit", "path")
_PRUNE_COLUMNS = ("repo_name", "commit")
"""Key columns whose values are ids' inputs as stored (a path is normalised first, so its
statistics cannot rule a key out: `./a.py` and `a.py` are the same file)."""
_BATCH_ROWS = 1024


@dataclass(frozen=True, slots=True)
class TablePart:
    """Rows of one table read by one worker: row groups [start, end) of a Parquet file, or the lines
    starting in bytes [start, end) of a JSONL file.  Carried in a `SourceBundle` like a source."""

    source: RepoSource
    start: int
    end: int
    size: int
    """Bytes on disk the part covers (what bundling weighs)."""
    rows_before: int = 0
    """Parquet: rows in the row groups before `start` (footer metadata), so row numbers are the
    table's; JSONL: 0 (the reader counts the lines before `start` itself)."""
    kind: ClassVar[str] = "table"

    @property
    def location(self) -> str:
        return self.source.location

    @property
    def repo_name(self) -> str:
        return self.source.repo_name


def is_parquet(location: str) -> bool:
    return location.lower().endswith(".parquet")


def is_splittable(location: str) -> bool:
    return is_parquet(location) or location.lower().endswith(".jsonl")


def group_row_groups(sizes: list[int], budget: int) -> list[tuple[int, int]]:
    """[start, end) runs of consecutive row groups of at most `budget` bytes (at least one group)."""
    runs: list[tuple[int, int]] = []
    start, total = 0, 0
    for index, size in enumerate(sizes):
        if index > start and total + size > budget:
            runs.append((start, index))
            start, total = index, 0
        total += size
    if start < len(sizes):
        runs.append((start, len(sizes)))
    return runs


def byte_ranges(size: int, budget: int) -> list[tuple[int, int]]:
    return [(start, min(start + budget, size)) for start in range(0, size, budget)]


def split_table(source: RepoSource, size: int, budget: int) -> list[TablePart] | None:
    """The parts of a table over `budget` bytes, or None when it is read whole (small, gzip, a single
    row group, or a footer that cannot be read: the reader then reports `ingest:corrupt_table`)."""
    location = source.location
    if size <= budget or not is_splittable(location):
        return None
    if not is_parquet(location):
        return [TablePart(source, start, end, end - start) for start, end in byte_ranges(size, budget)]
    try:
        with FileSystems.open(location, compression_type="uncompressed") as handle:
            metadata = pq.ParquetFile(handle).metadata
    except Exception:  # noqa: BLE001 - an unreadable footer is the reader's to report, whole
        return None
    groups = [metadata.row_group(index) for index in range(metadata.num_row_groups)]
    sizes = [sum(group.column(c).total_compressed_size for c in range(group.num_columns)) for group in groups]
    runs = group_row_groups(sizes, budget)
    if len(runs) < 2:
        return None
    return [TablePart(source, start, end, sum(sizes[start:end]), sum(group.num_rows for group in groups[:start]))
            for start, end in runs]


def _parquet_batches(location: str, groups: list[int] | None, columns: tuple[str, ...]) -> Iterator[list[dict]]:
    with FileSystems.open(location, compression_type="uncompressed") as handle:
        table_file = pq.ParquetFile(handle)
        names = [name for name in columns if name in table_file.schema_arrow.names]
        if groups is not None and not groups:
            return
        for batch in table_file.iter_batches(batch_size=_BATCH_ROWS, row_groups=groups, columns=names):
            yield batch.to_pylist()


def parquet_rows(location: str, part: TablePart | None, columns: tuple[str, ...] = COLUMNS) -> Iterator[tuple[int, dict]]:
    """(row number in the whole table from 1, row) for the part's row groups (all without a part)."""
    groups = None if part is None else list(range(part.start, part.end))
    number = 0 if part is None else part.rows_before
    for rows in _parquet_batches(location, groups, columns):
        for row in rows:
            number += 1
            yield number, row


def parquet_keys_before(part: TablePart, wanted: set[tuple[str, str]]) -> Iterator[dict]:
    """The key columns of the rows before the part, skipping row groups whose min/max statistics
    rule out every (repo_name, commit) in `wanted` (a table sorted by repository reads little)."""
    with FileSystems.open(part.location, compression_type="uncompressed") as handle:
        metadata = pq.ParquetFile(handle).metadata
    # Leaf column paths, as row groups index their column chunks (a top-level string: its name).
    names = [metadata.schema.column(index).path for index in range(metadata.num_columns)]
    groups = [index for index in range(part.start) if _may_hold(metadata.row_group(index), names, wanted)]
    for rows in _parquet_batches(part.location, groups, KEY_COLUMNS):
        yield from rows


def _may_hold(group, names: list[str], wanted: set[tuple[str, str]]) -> bool:
    """False only when the row group's statistics prove no row of it has a pair in `wanted`."""
    ranges: list[tuple[int, object, object]] = []
    for position, column in enumerate(_PRUNE_COLUMNS):
        if column not in names:
            continue
        stats = group.column(names.index(column)).statistics
        # A null reads as "None" or "" (tables.py), which min/max leave out: such a column rules nothing out.
        if (stats is None or not stats.has_min_max or not stats.has_null_count or stats.null_count
                or not isinstance(stats.min, str)):
            continue
        ranges.append((position, stats.min, stats.max))
    return any(all(low <= key[position] <= high for position, low, high in ranges) for key in wanted)


def jsonl_lines(location: str, start: int, end: int | None) -> Iterator[bytes]:
    """Every line (with its newline) that starts in [start, end) (`end` None: to the end of file)."""
    with FileSystems.open(location, compression_type="uncompressed") as handle:
        position = start
        if start > 0:
            handle.seek(start - 1)
            position = start - 1 + len(handle.readline())
        while end is None or position < end:
            line = handle.readline()
            if not line:
                return
            position += len(line)
            yield line


def parse_line(line: bytes) -> object:
    """A JSONL line as read: the object, or its text when it is not JSON."""
    try:
        return json.loads(line)
    except ValueError:
        return line
