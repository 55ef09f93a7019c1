"""A bug the licence scanner hits costs the files it could not decide, never the run, and never
lets a file through undecided: they are dropped as `licenses:error`."""

from __future__ import annotations

import json

from support.dumps import write_tar

from licenses.repo_licenses import RepoLicenseScanner
from pipeline.config import Config
from pipeline.ingest import tables
from pipeline.ingest.repository import read_repository
from pipeline.records import RepoSource

FILES = {"LICENSE": "MIT License\n", "src/app.py": "print('hello')\n", "src/odd.py": "print('odd')\n",
         "bin.dat": b"a\x00b"}


def read(tmp_path, name="r.tar.gz") -> dict:
    location = write_tar(tmp_path / name, FILES)
    records = read_repository(RepoSource(repo_name="octo/repo", location=str(location), kind="tar", commit="c"),
                              Config())
    return {record.path: record for record in records}


def test_a_file_the_scanner_cannot_decide_is_dropped_alone(tmp_path, monkeypatch) -> None:
    intact = read(tmp_path, "intact.tar.gz")
    decide = RepoLicenseScanner.decide

    def buggy(self, path, text):
        if path == "src/odd.py":
            raise IndexError("parser ran off the end")
        return decide(self, path, text)

    monkeypatch.setattr(RepoLicenseScanner, "decide", buggy)
    records = read(tmp_path)
    assert records["src/odd.py"].reason == "licenses:error" and records["src/odd.py"].content == ""
    assert records["src/app.py"] == intact["src/app.py"]  # decided as without the bug
    assert records["src/app.py"].reason is None and "MIT" in records["src/app.py"].license
    assert records["bin.dat"].reason == "ingest:binary"


def test_unreadable_licence_evidence_drops_every_file_of_that_repository(tmp_path, monkeypatch) -> None:
    def buggy(self, path, text):
        raise RecursionError("nested too deep")

    monkeypatch.setattr(RepoLicenseScanner, "observe", buggy)
    records = read(tmp_path)
    assert {path: record.reason for path, record in records.items()} == {
        "LICENSE": "licenses:error", "src/app.py": "licenses:error", "src/odd.py": "licenses:error",
        "bin.dat": "ingest:binary"}


def test_a_table_row_the_scanner_cannot_decide_costs_that_row(tmp_path, monkeypatch) -> None:
    decide = tables.decide_without_tree

    def buggy(config, host, path, text):
        if path == "odd.py":
            raise AssertionError("unexpected token")
        return decide(config, host, path, text)

    monkeypatch.setattr(tables, "decide_without_tree", buggy)
    table = tmp_path / "t.jsonl"
    rows = [{"repo_name": "a/one", "path": path, "content": "print(1)\n", "license": "MIT"}
            for path in ("x.py", "odd.py", "y.py")]
    table.write_text("".join(json.dumps(row) + "\n" for row in rows))
    records = list(tables.read_table(RepoSource("", str(table), "table"), Config()))
    assert [record.reason for record in records] == [None, "licenses:error", None]
    assert records[2].license == ["MIT"]
