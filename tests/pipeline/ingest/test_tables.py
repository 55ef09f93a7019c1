import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.config import Config
from pipeline.ingest.tables import read_table
from pipeline.records import RepoSource

ROWS = [
    {"repo_name": "a/one", "path": "x.py", "content": "print(1)\n", "license": "MIT", "stars": 3},
    {"repo_name": "a/one", "path": "x.py", "content": "print(2)\n"},
    {"repo_name": "b/two", "path": "../up.py", "content": "print(3)\n"},
    {"repo_name": "b/two", "path": "bin.dat", "content": "a\x00b"},
]


def check(records):
    assert [r.reason for r in records] == [None, None, "ingest:unsafe_path", "ingest:binary"]
    assert records[0].license == ["MIT"] and records[0].license_type == "permissive"
    assert records[0].license_evidence == "metadata" and records[0].stars == 3
    assert len({r.id for r in records}) == 4


def test_jsonl_gz_and_parquet_tables(tmp_path):
    jsonl = tmp_path / "t.jsonl.gz"
    jsonl.write_bytes(gzip.compress("".join(json.dumps(row) + "\n" for row in ROWS).encode()))
    check(list(read_table(RepoSource("", str(jsonl), "table"), Config())))
    parquet = tmp_path / "t.parquet"
    pq.write_table(pa.Table.from_pylist(ROWS), parquet)
    check(list(read_table(RepoSource("", str(parquet), "table"), Config())))


def test_a_bad_row_costs_that_row_only(tmp_path):
    bad = tmp_path / "t.jsonl"
    lines = [json.dumps(ROWS[0]), "{broken", json.dumps({"repo_name": "c/three"}), "[1, 2]", json.dumps(ROWS[2])]
    bad.write_text("\n".join(lines) + "\n")
    records = list(read_table(RepoSource("", str(bad), "table"), Config()))
    assert [r.reason for r in records] == [None, "ingest:corrupt_row", "ingest:corrupt_row", "ingest:corrupt_row",
                                           "ingest:unsafe_path"]
    assert [r.path for r in records[1:4]] == ["t.jsonl:2", "t.jsonl:3", "t.jsonl:4"]
    assert len({r.id for r in records}) == 5


def test_a_truncated_table_costs_the_rest(tmp_path):
    truncated = tmp_path / "t.jsonl.gz"
    truncated.write_bytes(gzip.compress("".join(json.dumps(row) + "\n" for row in ROWS * 50).encode())[:-40])
    records = list(read_table(RepoSource("", str(truncated), "table"), Config()))
    assert records[-1].reason == "ingest:corrupt_table" and len(records) > 100
