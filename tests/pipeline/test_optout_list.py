"""The opt-out list format (README "Opt-out list"): strict, case-insensitive on GitHub names, comments allowed."""

from __future__ import annotations

import pytest

from pipeline.optout.entries import OptoutListError, load_optout, parse_optout
from pipeline.records import FileRecord

HEX = "ab" * 32


def record(repo: str, path: str = "src/a.py", sha256: str = "00" * 32) -> FileRecord:
    return FileRecord(id="x", repo_name=repo, path=path, commit="", content="", size=1, content_sha256=sha256)


def test_every_kind_of_entry_and_its_reason():
    listing = parse_optout(f"Alice\nbob/Lib\ncarol/app:src/*.py\nsha256:{HEX.upper()}\n")
    assert listing.entries == 4
    assert listing.reason(record("ALICE/anything")) == "optout:user"
    assert listing.reason(record("Bob/lib")) == "optout:repo"
    assert listing.reason(record("bob/library")) is None
    assert listing.reason(record("Carol/App", "src/main.py")) == "optout:path"
    assert listing.reason(record("carol/app", "docs/main.py")) is None
    assert listing.reason(record("dave/x", sha256=HEX)) == "optout:content"
    assert listing.reason_for("dave/x", "a.py", HEX) == "optout:content"


def test_stronger_entry_wins():
    listing = parse_optout(f"alice\nalice/lib\nalice/lib:*.py\nsha256:{HEX}\n")
    assert listing.reason(record("alice/lib", "a.py", HEX)) == "optout:user"


def test_comments_blank_lines_and_whitespace():
    listing = parse_optout("# header\n\n   alice   # trailing comment\n\t\n# bob\n")
    assert listing.entries == 1 and listing.users == frozenset({"alice"})
    assert not parse_optout("# only comments\n\n")


@pytest.mark.parametrize("line", ["alice bob", "a/b/c", "sha256:1234", "sha256:" + "g" * 64, "/name",
                                  "owner/", "owner/name:", "ow ner/name:x", "http://github.com/a/b"])
def test_malformed_line_names_its_number(line):
    with pytest.raises(OptoutListError, match=r"my-list, line 3: "):
        parse_optout(f"# ok\nalice\n{line}\nbob\n", "my-list")


def test_sha256_of_the_list_identifies_it():
    assert parse_optout("alice\n").sha256 != parse_optout("alice\nbob\n").sha256
    assert parse_optout("alice\n").sha256 == parse_optout("alice\n").sha256


def test_load_reports_unreadable_files(tmp_path):
    with pytest.raises(OptoutListError, match="cannot read"):
        load_optout(str(tmp_path / "missing.txt"))
    (tmp_path / "latin1.txt").write_bytes(b"caf\xe9\n")
    with pytest.raises(OptoutListError, match="cannot read"):
        load_optout(str(tmp_path / "latin1.txt"))
    (tmp_path / "ok.txt").write_text("alice\n")
    assert load_optout(str(tmp_path / "ok.txt")).users == frozenset({"alice"})
    assert not load_optout(None)
