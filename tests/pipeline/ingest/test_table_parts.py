"""Big file tables split into parts (README "Inputs"): every split reads exactly the rows, ids and
row numbers of an unsplit read, and never gives two rows one id."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support.file_tables import REPEATED, jsonl_lines, table_rows, write_jsonl, write_parquet

from pipeline.config import Config
from pipeline.ingest.bundles import bundle_sources
from pipeline.ingest.table_parts import TablePart, _may_hold, split_table
from pipeline.ingest.tables import read_table
from pipeline.records import RepoSource, file_id

CONFIG = Config()


def _source(path: Path) -> RepoSource:
    return RepoSource("", str(path), "table")


def _facts(records) -> list[tuple]:
    return [(r.id, r.reason, r.repo_name, r.path, r.content_sha256, r.license_type) for r in records]


def _split_read(path: Path, budget: int) -> tuple[list[TablePart], list]:
    parts = split_table(_source(path), path.stat().st_size, budget)
    assert parts is not None
    return parts, [record for part in parts for record in read_table(part, CONFIG)]


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("jsonl") / "export.jsonl", jsonl_lines(table_rows()))


@pytest.fixture(scope="module")
def parquet(tmp_path_factory) -> Path:
    return write_parquet(tmp_path_factory.mktemp("parquet") / "export.parquet", table_rows())


def _line_starts(path: Path) -> list[int]:
    data = path.read_bytes()
    starts = [0] + [index + 1 for index, byte in enumerate(data) if byte == ord("\n")]
    return starts[:-1]


def test_jsonl_parts_read_the_rows_and_ids_of_an_unsplit_read(jsonl) -> None:
    whole = list(read_table(_source(jsonl), CONFIG))
    starts = _line_starts(jsonl)
    size = jsonl.stat().st_size
    budgets = [size // 3, starts[9], 997, 500, 211]
    for budget in budgets:
        parts, records = _split_read(jsonl, budget)
        assert len(parts) >= 3
        assert _facts(records) == _facts(whole), f"budget {budget}"
    # The budgets exercise both boundary cases: a part starting exactly at a line's first byte
    # (budget = start of line 10: that line is read by the part it starts, once), and boundaries
    # inside lines (the straddling line is read by the part before, once).
    assert split_table(_source(jsonl), size, starts[9])[1].start == starts[9]
    assert any(boundary not in starts for boundary in range(211, size, 211))


def test_a_line_straddling_a_boundary_is_read_once(jsonl) -> None:
    starts = _line_starts(jsonl)
    boundary = starts[12] + 5  # inside line 13
    parts = [TablePart(_source(jsonl), 0, boundary, boundary),
             TablePart(_source(jsonl), boundary, jsonl.stat().st_size, jsonl.stat().st_size - boundary)]
    first, second = (list(read_table(part, CONFIG)) for part in parts)
    whole = list(read_table(_source(jsonl), CONFIG))
    assert _facts(first + second) == _facts(whole)
    line_13 = whole[len(first) - 1]
    assert first[-1].id == line_13.id and line_13.id not in {record.id for record in second}


def test_a_bad_line_in_the_middle_of_a_part_costs_that_line_only(jsonl) -> None:
    lines = jsonl.read_text().split("\n")
    bad_numbers = [number for number, line in enumerate(lines, start=1) if line.startswith(("{\"repo_name\": \"acme/core\", \"path\": \"src/cut", "[1"))]
    assert bad_numbers == [9, 24]
    parts, records = _split_read(jsonl, 2000)
    assert len(parts) >= 3
    starts = _line_starts(jsonl)
    # line 9 lies inside a part, lines 8 and 10 with it
    holder = [part for part in parts if part.start <= starts[8] < part.end]
    assert holder and holder[0].start <= starts[7] and starts[9] < holder[0].end
    corrupt = [record.path for record in records if record.reason == "ingest:corrupt_row"]
    assert corrupt == ["export.jsonl:9", "export.jsonl:24"]
    non_blank = sum(1 for line in lines if line.strip())
    assert len(records) == non_blank and len({record.id for record in records}) == non_blank


def test_repeats_across_parts_keep_the_first_id_and_number_the_others(jsonl) -> None:
    """The (repo, commit, path) of line 1 comes again at lines 2, 17 (as ./src/...) and 32; with a
    budget of 997 bytes those fall in three different parts.  Each repeat, in whichever part, gets
    `file_id(repo, commit, path + NUL + line number)`; the first keeps the plain id."""
    parts, records = _split_read(jsonl, 997)
    starts = _line_starts(jsonl)
    repo, commit, path = REPEATED
    lines = [number for number, start in enumerate(starts, start=1)
             if f'"path": "{path}"' in jsonl.read_text().split("\n")[number - 1]
             or f'"path": "./{path}"' in jsonl.read_text().split("\n")[number - 1]]
    assert lines == [1, 2, 17, 32]
    holders = {next(index for index, part in enumerate(parts) if part.start <= starts[n - 1] < part.end) for n in lines}
    assert len(holders) >= 3
    ids = [record.id for record in records if record.repo_name == repo and record.path == path]
    assert ids == [file_id(repo, commit, path)] + [file_id(repo, commit, f"{path}\0{n}") for n in lines[1:]]
    assert len({record.id for record in records}) == len(records)


def test_ids_of_rows_that_are_not_repeated_are_the_plain_ones(jsonl) -> None:
    _, records = _split_read(jsonl, 500)
    plain = [r for r in records if r.repo_name and r.path != REPEATED[2]]
    assert plain and all(r.id == file_id(r.repo_name, r.commit, r.path) for r in plain)


def test_parquet_parts_are_runs_of_row_groups_read_like_the_whole_table(parquet) -> None:
    metadata = pq.ParquetFile(parquet).metadata
    assert metadata.num_row_groups == 8
    whole = list(read_table(_source(parquet), CONFIG))
    group_size = sum(metadata.row_group(0).column(c).total_compressed_size for c in range(metadata.num_columns))
    for budget in (1, group_size + 1, 2 * group_size + 10, 3 * group_size + 10):
        parts, records = _split_read(parquet, budget)
        assert len(parts) >= 3 and [p.start for p in parts[1:]] == [p.end for p in parts[:-1]]
        assert parts[-1].end == 8
        assert [p.rows_before for p in parts] == [4 * p.start for p in parts]
        assert _facts(records) == _facts(whole), f"budget {budget}"
    repo, commit, path = REPEATED
    ids = [record.id for record in whole if record.repo_name == repo and record.path == path]
    assert ids == [file_id(repo, commit, path)] + [file_id(repo, commit, f"{path}\0{n}") for n in (2, 16, 29)]
    assert len({record.id for record in whole}) == len(whole)


def test_row_group_statistics_rule_out_other_repositories_only() -> None:
    """The lookback skips a row group only when its min/max prove no wanted repository is in it;
    a column with nulls (read as "" or "None") proves nothing."""
    import io

    import pyarrow as pa

    buffer = io.BytesIO()
    # A struct column first (exports carry nested metadata): column chunks are its two leaves,
    # then repo_name, so leaf indices are not field indices.
    meta = {"origin": "mirror", "repo_name": "other/repo"}
    pq.write_table(pa.Table.from_pylist([{"meta": meta, "repo_name": "acme/core", "commit": "c1", "path": "a"},
                                         {"meta": meta, "repo_name": "beta/app", "commit": "c1", "path": "b"},
                                         {"meta": meta, "repo_name": "zeta/x", "commit": None, "path": "c"}]),
                   buffer, row_group_size=2)
    metadata = pq.ParquetFile(io.BytesIO(buffer.getvalue())).metadata
    names = [metadata.schema.column(i).path for i in range(metadata.num_columns)]
    first, second = metadata.row_group(0), metadata.row_group(1)
    assert not _may_hold(first, names, {("gamma/tools", "c1")})
    assert _may_hold(first, names, {("beta/app", "c1")})
    assert not _may_hold(first, names, {("beta/app", "c2")})
    assert _may_hold(second, names, {("zeta/x", "")})  # the commit column has a null here


def test_bundles_carry_parts_of_big_tables_only(tmp_path, jsonl, parquet) -> None:
    small = write_jsonl(tmp_path / "small.jsonl", jsonl_lines(table_rows()[:3]))
    packed = tmp_path / "packed.jsonl.gz"
    packed.write_bytes(gzip.compress(jsonl.read_bytes()))
    sources = [_source(path) for path in (jsonl, packed, parquet, small)]
    budget = max(small.stat().st_size, packed.stat().st_size)
    bundles = bundle_sources(sources, budget)
    keys = [bundle.key for bundle in bundles]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    pieces = [piece for bundle in bundles for piece in bundle.sources]
    assert all(piece.kind == "table" for piece in pieces)
    assert [p.location for p in pieces if isinstance(p, RepoSource)] == [str(packed), str(small)]
    jsonl_parts = [p for p in pieces if isinstance(p, TablePart) and p.location == str(jsonl)]
    assert len(jsonl_parts) >= 2 and sum(p.size for p in jsonl_parts) == jsonl.stat().st_size
    assert any(isinstance(p, TablePart) and p.location == str(parquet) for p in pieces)
    assert bundle_sources(sources, budget) == bundles


@pytest.mark.parametrize("early, late, repo", [
    ('{"repo_name": "caf\\u00e9/x", "path": "a.py", "content": "a = 1\\n"}', "café/x", "café/x"),
    ('{"repo_name": "acme\\/core", "path": "a.py", "content": "a = 1\\n"}', "acme/core", "acme/core"),
    ('{"repo_name": 5, "path": "a.py", "content": "a = 1\\n"}', "5", "5"),
], ids=["unicode-escape", "escaped-slash", "number"])
def test_a_repeat_spelled_differently_before_the_part_is_still_found(tmp_path, early, late, repo) -> None:
    """The lookback compares keys as ids see them, not as they are spelled: a repository name
    written with `\\u` escapes, an escaped slash, or as a number (read as "5") is the same."""
    filler = [json.dumps({"repo_name": "filler/repo", "path": f"f{n}.py", "content": f"x = {n}\n" * 20})
              for n in range(12)]
    repeat = json.dumps({"repo_name": late, "path": "a.py", "content": "a = 2\n"}, ensure_ascii=False)
    table = write_jsonl(tmp_path / "spelled.jsonl", [early, *filler, repeat])
    whole = list(read_table(_source(table), CONFIG))
    parts, records = _split_read(table, 300)
    assert len(parts) >= 3 and parts[-1].start > len(early) + len(filler[0])
    assert _facts(records) == _facts(whole)
    assert [r.id for r in whole if r.repo_name == repo] == [file_id(repo, "", "a.py"), file_id(repo, "", "a.py\0" + "14")]


def test_a_damaged_row_group_costs_its_part_only(tmp_path) -> None:
    """Read whole, a table whose fourth row group's contents cannot be read is lost from the batch
    holding that group on (here all of it: a batch spans row groups), as one `ingest:corrupt_table`
    row; read in parts, only the part holding that group is lost (one row naming
    `<table>@<first row group>`): the parts after it read only key columns before them.  Every id
    is still unique."""
    table = write_parquet(tmp_path / "damaged.parquet", table_rows())
    intact = _facts(read_table(_source(table), CONFIG))
    metadata = pq.ParquetFile(table).metadata
    content = metadata.row_group(3).column(metadata.schema.names.index("content"))
    data = bytearray(table.read_bytes())
    start = content.dictionary_page_offset or content.data_page_offset
    data[start:start + content.total_compressed_size] = b"\xff" * content.total_compressed_size
    table.write_bytes(bytes(data))
    whole = list(read_table(_source(table), CONFIG))
    assert [r.reason for r in whole] == ["ingest:corrupt_table"]
    parts, records = _split_read(table, 1)
    assert len(parts) == 8
    assert [(r.path, r.reason) for r in records[12:13]] == [("damaged.parquet@3", "ingest:corrupt_table")]
    assert _facts(records[:12] + records[13:]) == intact[:12] + intact[16:]
    assert len({r.id for r in records}) == len(records)
