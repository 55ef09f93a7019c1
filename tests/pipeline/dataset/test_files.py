"""A published row group closes at `row_group_rows` rows or once its files' sizes reach
`row_group_bytes`: a rule of the rows alone, so a reader and a shard's writer hold a bounded amount
however big the files in a shard are."""

from __future__ import annotations

import io

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import given
from hypothesis import strategies as st

from pipeline.config import WriteConfig
from pipeline.dataset.files import row_group_spans, row_sizes, table_bytes
from pipeline.dataset.schema import DATA_SCHEMA, PROVENANCE_SCHEMA


@given(sizes=st.lists(st.integers(0, 5_000), max_size=200), rows=st.integers(1, 40), budget=st.integers(1, 20_000))
def test_spans_close_at_the_row_or_byte_bound_and_not_before(sizes: list[int], rows: int, budget: int) -> None:
    spans = row_group_spans(np.array(sizes, dtype=np.int64), WriteConfig(row_group_rows=rows, row_group_bytes=budget))
    ends = [end for _, end in spans]
    assert [start for start, _ in spans] == [0, *ends][:len(spans)]  # contiguous from the first row
    assert ([0, *ends][-1]) == len(sizes)  # to the last
    for start, end in spans:
        assert 0 < end - start <= rows
        assert sum(sizes[start:end - 1]) < budget  # open until its last row
        if end < len(sizes):
            assert end - start == rows or sum(sizes[start:end]) >= budget  # closed for a reason


def test_one_file_bigger_than_the_bound_is_a_row_group_of_its_own() -> None:
    spans = row_group_spans(np.array([10, 500, 10, 10]), WriteConfig(row_group_rows=100, row_group_bytes=100))
    assert spans == [(0, 2), (2, 4)]
    spans = row_group_spans(np.array([500, 10, 10]), WriteConfig(row_group_rows=100, row_group_bytes=100))
    assert spans == [(0, 1), (1, 3)]


def test_provenance_rows_weigh_nothing_so_only_rows_bound_them() -> None:
    provenance = PROVENANCE_SCHEMA.empty_table().schema
    sizes = row_sizes(pa.table({"size": [10**9] * 5}), provenance)
    assert sizes.tolist() == [0] * 5
    assert row_group_spans(sizes, WriteConfig(row_group_rows=2, row_group_bytes=1)) == [(0, 2), (2, 4), (4, 5)]
    assert row_sizes(pa.table({"size": [7, None]}), DATA_SCHEMA).tolist() == [7, 0]


def test_a_data_table_of_big_files_is_written_in_row_groups_bounded_by_bytes() -> None:
    contents = ["a" * 3_000, "b" * 3_000, "c" * 3_000, "d" * 10, "e" * 10]
    table = pa.table({"id": [str(index) for index in range(5)], "content": contents,
                      "size": [len(content) for content in contents]})
    data = table_bytes(table, WriteConfig(row_group_rows=1_000, row_group_bytes=5_000))
    metadata = pq.ParquetFile(io.BytesIO(data)).metadata
    assert [metadata.row_group(index).num_rows for index in range(metadata.num_row_groups)] == [2, 3]
    assert pq.read_table(io.BytesIO(data)).equals(table)
