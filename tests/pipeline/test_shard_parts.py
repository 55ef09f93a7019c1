"""A shard's writer merges id-sorted parts one row group at a time: the same rows and the same bytes
as sorting the whole shard in memory, while reading only the part row groups each published row
group needs."""

from __future__ import annotations

import hashlib
import io
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from pipeline.config import WriteConfig
from pipeline.dataset.files import HashingSink, row_group_spans, table_bytes, write_row_groups
from pipeline.shard_parts import SortedParts, part_row_group_rows
from pipeline.staging import write_table

SCHEMA = pa.schema([("id", pa.string()), ("content", pa.large_string()), ("size", pa.int64()),
                    ("tags", pa.list_(pa.string()))])


def row_spans(count: int, rows: int) -> list[tuple[int, int]]:
    return [(start, min(start + rows, count)) for start in range(0, count, rows)]


def staged_parts(tmp_path: Path, parts: int, seed: int) -> list[str]:
    """Parts as `_SplitPiece` stages them: random ids, sorted within a part, small row groups."""
    rng = random.Random(seed)
    paths = []
    for index in range(parts):
        ids = sorted(hashlib.sha256(f"{seed}-{index}-{row}".encode()).hexdigest()[:32]
                     for row in range(rng.randrange(0, 60)))
        contents = ["x" * rng.randrange(1, 3000) + file_id for file_id in ids]
        table = pa.table({"id": ids, "content": contents, "size": [len(content) for content in contents],
                          "tags": [[file_id[:2]] * rng.randrange(0, 3) for file_id in ids]}, schema=SCHEMA)
        path = str(tmp_path / f"part-{index:03d}.parquet")
        write_table(path, table, row_group_rows=rng.choice([1, 4, 7, 100]))
        paths.append(path)
    return paths


def sorted_in_memory(paths: list[str]) -> pa.Table:
    table = pa.concat_tables([pq.read_table(path) for path in paths])
    return table.take(pc.sort_indices(table, sort_keys=[("id", "ascending")]))


@pytest.mark.parametrize("seed", range(4))
def test_merged_row_groups_are_the_sorted_shard(tmp_path: Path, seed: int) -> None:
    paths = staged_parts(tmp_path, parts=9, seed=seed)
    expected = sorted_in_memory(paths)
    parts = SortedParts(paths)
    groups = list(parts.row_groups(row_spans(parts.num_rows, 25)))
    assert [group.num_rows for group in groups][:-1] == [25] * (len(groups) - 1)
    assert pa.concat_tables(groups).equals(expected)
    assert parts.sizes.tolist() == expected["size"].to_pylist()


@pytest.mark.parametrize("row_group_bytes", [10**9, 20_000])
def test_streamed_shard_has_the_bytes_of_the_whole_table_written_at_once(tmp_path: Path, row_group_bytes: int) -> None:
    """The merged shard and one rewritten whole (as an opt-out version does) are the same bytes,
    whether the row groups close by rows or by bytes."""
    paths = staged_parts(tmp_path, parts=12, seed=7)
    config = WriteConfig(row_group_rows=30, row_group_bytes=row_group_bytes)
    parts = SortedParts(paths)
    sink = HashingSink(io.BytesIO())
    write_row_groups(sink, SCHEMA, parts.row_groups(row_group_spans(parts.sizes, config)), config)
    reference = table_bytes(sorted_in_memory(paths).cast(SCHEMA), config)
    assert sink.sha256.hexdigest() == hashlib.sha256(reference).hexdigest()
    assert sink.size == len(reference)
    assert pq.ParquetFile(io.BytesIO(reference)).num_row_groups > 3


def test_no_parts_give_an_empty_shard_with_the_schema(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    write_row_groups(buffer, SCHEMA, SortedParts([]).row_groups([]), WriteConfig())
    assert pq.read_table(io.BytesIO(buffer.getvalue())).schema == SCHEMA


def test_a_row_group_reads_only_the_part_row_groups_holding_its_rows(tmp_path: Path, monkeypatch) -> None:
    paths = staged_parts(tmp_path, parts=6, seed=3)
    part_groups = sum(pq.ParquetFile(path).num_row_groups for path in paths)
    read: list[int] = []
    original = pq.ParquetFile.read_row_groups

    def counting(self, row_groups, *args, **kwargs):
        read.extend(row_groups)
        return original(self, row_groups, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "read_row_groups", counting)
    parts = SortedParts(paths)
    published = list(parts.row_groups(row_spans(parts.num_rows, 20)))
    # Every part row group is read once, plus at most one shared boundary group per part and published group.
    assert len(read) <= part_groups + len(paths) * len(published)
    assert len(read) < part_groups * 2


def test_part_row_groups_hold_about_a_megabyte() -> None:
    part = pa.table({"id": [str(i) for i in range(400)], "content": ["y" * 10_000] * 400})
    rows = part_row_group_rows(part)
    assert 80 <= rows <= 120
    assert part_row_group_rows(part.slice(0, 0)) == 1
