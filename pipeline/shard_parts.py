"""A shard's parts merged by id, one row group at a time, so a shard's writer never holds the shard.

Each finished piece is split on its own worker into one staged part per target shard (`write.py`),
rows sorted by id and cut into small row groups (`part_row_group_rows`).  The shard's writer reads
only the parts' `id` and `size` columns to fix the shard's order (a stable sort: ties keep part
order, as a sort of the concatenated parts would) and its row groups, then builds each from the rows it
needs, reading just the parts' row groups that hold them.  Because the parts are sorted, a
published row group needs a contiguous run of each part; memory is twice one published row group
(`dataset/files.py: row_group_spans`, bounded in bytes) plus one part row group, whatever the
shard's size.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems

from pipeline.dataset.files import row_sizes

PART_ROW_GROUP_BYTES = 1024**2
"""Target in-memory bytes of a part's row group: what the writer reads to take a few rows."""


def part_row_group_rows(part: pa.Table) -> int:
    """Rows per row group so that one holds about `PART_ROW_GROUP_BYTES`."""
    if part.num_rows == 0:
        return 1
    return max(1, int(part.num_rows * PART_ROW_GROUP_BYTES // max(part.nbytes, 1)))


@dataclass(frozen=True)
class _Part:
    path: str
    metadata: pq.FileMetaData
    """The footer, read once: each later read skips it."""
    row_group_starts: np.ndarray
    """First row of every row group, then the part's row count."""

    def read_rows(self, first: int, end: int) -> pa.Table:
        """Rows [first, end) of the part, reading only the row groups that hold them."""
        groups = range(int(np.searchsorted(self.row_group_starts, first, side="right")) - 1,
                       int(np.searchsorted(self.row_group_starts, end, side="left")))
        with FileSystems.open(self.path, compression_type="uncompressed") as handle:
            table = pq.ParquetFile(handle, metadata=self.metadata).read_row_groups(list(groups))
        offset = int(self.row_group_starts[groups.start])
        return table.slice(first - offset, end - first)


def _open_part(path: str) -> tuple[_Part, pa.ChunkedArray, np.ndarray]:
    """The part, its ids, and its rows' sizes (`row_sizes`): everything but the contents."""
    with FileSystems.open(path, compression_type="uncompressed") as handle:
        parquet = pq.ParquetFile(handle)
        rows = [parquet.metadata.row_group(index).num_rows for index in range(parquet.num_row_groups)]
        keys = parquet.read(columns=[name for name in ("id", "size") if name in parquet.schema_arrow.names])
    part = _Part(path, parquet.metadata, np.cumsum([0, *rows], dtype=np.int64))
    return part, keys["id"], row_sizes(keys, parquet.schema_arrow)


class SortedParts:
    """The rows of staged Parquet parts, in ascending `id` order, served as row groups."""

    def __init__(self, paths: list[str]) -> None:
        opened = [_open_part(path) for path in paths]
        self._parts = [part for part, _, _ in opened]
        counts = np.array([len(ids) for _, ids, _ in opened], dtype=np.int64)
        ids = pa.chunked_array([ids for _, ids, _ in opened], type=pa.string())
        order = pc.sort_indices(ids).to_numpy().astype(np.int64)  # stable: equal ids keep the order of the parts
        starts = np.concatenate([[0], np.cumsum(counts)])
        self._part_of = np.searchsorted(starts, order, side="right") - 1
        self._row_of = order - starts[self._part_of]
        self.num_rows = int(counts.sum())
        self.sizes = np.concatenate([np.zeros(0, dtype=np.int64), *(sizes for _, _, sizes in opened)])[order]
        """Each row's weight (`row_sizes`), in id order."""

    def row_groups(self, spans: list[tuple[int, int]]) -> Iterator[pa.Table]:
        """The rows [start, end) of each span, in id order."""
        for start, end in spans:
            yield self._group(slice(start, end))

    def _group(self, window: slice) -> pa.Table:
        part_of, row_of = self._part_of[window], self._row_of[window]
        tables, positions = [], []
        for part in np.unique(part_of):
            where = np.flatnonzero(part_of == part)
            wanted = row_of[where]
            first, end = int(wanted.min()), int(wanted.max()) + 1
            tables.append(self._parts[part].read_rows(first, end).take(pa.array(wanted - first)))
            positions.append(where)
        # `take` on a many-chunk table first concatenates it beside its result: concatenate once
        # and free the pieces, so a published row group costs twice its size at the peak, not three times.
        merged = pa.concat_tables(tables).combine_chunks()
        tables.clear()
        return merged.take(pa.array(np.argsort(np.concatenate(positions), kind="stable")))
