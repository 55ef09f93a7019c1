"""`codecurate audit`: by repository, user, path and content, human table or JSON, and across versions."""

from __future__ import annotations

import json

import pytest

from support.optout_dataset import first_version, optout, repo_files
from pipeline.cli import main


@pytest.fixture(scope="module")
def built():
    return first_version()


def _audit(capsys, *args: str) -> str:
    capsys.readouterr()
    assert main(["audit", *args]) == 0
    return capsys.readouterr().out


def _json(capsys, *args: str) -> dict:
    return json.loads(_audit(capsys, *args, "--json"))


def test_repository_lists_kept_and_dropped_files_with_evidence(built, capsys):
    result = _json(capsys, str(built.v1), "--repo", "Dave/Vendorer")
    files = {row["path"]: row for row in result["files"]}
    assert set(files) == set(repo_files()["dave/vendorer"])
    assert files["pkg/mod_0.py"]["status"] == "kept" and files["pkg/mod_0.py"]["shard"].startswith("data/python/")
    assert files["pkg/mod_0.py"]["license"] == ["MIT"] and files["pkg/mod_0.py"]["license_evidence"]
    assert files["src/lib_mod_1.py"]["reason"] == "optout:copy"  # a copy of a file carol opted out
    text = _audit(capsys, str(built.v1), "--repo", "dave/vendorer")
    assert "optout:copy" in text and "MIT (permissive)" in text and "STATUS" in text


def test_user_covers_all_their_repositories(built, capsys):
    result = _json(capsys, str(built.v1), "--user", "ALICE")
    assert {row["repo_name"] for row in result["files"]} == {"alice/one", "alice/two"}
    dropped = _json(capsys, str(built.v1), "--user", "carol")["files"]
    assert dropped and all(row["reason"] == "optout:user" for row in dropped)


def test_file_by_path_in_one_repository_or_anywhere(built, capsys):
    one = _json(capsys, str(built.v1), "--file", "bob/lib:pkg/mod_*.py")["files"]
    assert sorted(row["path"] for row in one) == ["pkg/mod_0.py", "pkg/mod_1.py", "pkg/mod_2.py"]
    anywhere = _json(capsys, str(built.v1), "--file", "pkg/__init__.py")["files"]
    assert len(anywhere) == len(repo_files())
    assert sum(row["status"] == "kept" for row in anywhere) == 1
    assert all(row["duplicate_of"] for row in anywhere if row["reason"] == "dedup:exact")


def test_content_finds_exact_and_near_copies(built, capsys, tmp_path):
    original = repo_files()["alice/one"]["pkg/mod_0.py"]
    copies = {("alice/one", "pkg/mod_0.py"), ("dave/vendorer", "src/one_mod_0.py")}
    sample = tmp_path / "mine.py"
    sample.write_text(original)
    result = _json(capsys, str(built.v1), "--content", str(sample))
    assert {(row["repo_name"], row["path"]) for row in result["files"]} == copies
    assert "near copies: 1 kept file" in result["note"]
    lines = original.splitlines(keepends=True)
    edited = tmp_path / "edited.py"
    edited.write_text("".join(lines[:-1]) + "# a line of my own, not in the dataset\n" + lines[-1])
    near = _json(capsys, str(built.v1), "--content", str(edited))
    assert {(row["repo_name"], row["path"]) for row in near["files"]} == copies
    unrelated = tmp_path / "unrelated.py"
    unrelated.write_text("def nothing_like_the_dataset(value):\n    return value ** 3 - 7 * value\n" * 3)
    assert "no near copies" in _audit(capsys, str(built.v1), "--content", str(unrelated))


def test_nothing_found_and_bad_arguments(built, capsys, tmp_path):
    capsys.readouterr()
    assert main(["audit", str(built.v1), "--repo", "nobody/here"]) == 1
    out = capsys.readouterr().out
    assert "nobody/here is not in" in out and "0 file(s)" not in out
    assert main(["audit", str(built.v1), "--content", str(tmp_path / "missing.py")]) == 1
    assert main(["audit", str(tmp_path), "--repo", "a/b"]) == 1
    assert main(["audit", "--repo", "a/b"]) == 1


def test_history_says_in_which_versions_files_appear(built, capsys, tmp_path):
    listing = tmp_path / "list.txt"
    listing.write_text("bob/app\n")
    assert optout(built.v1, listing, tmp_path / "v2") == 0
    versions = _json(capsys, "--history", str(built.v1), str(tmp_path / "v2"), "--repo", "bob/app")["versions"]
    assert [v["kept"] > 0 for v in versions] == [True, False]
    assert versions[1]["parent"] == versions[0]["manifest_sha256"]
    assert versions[1]["dropped"] == {"optout:repo": versions[1]["files"]}
    text = _audit(capsys, "--history", str(built.v1), str(tmp_path / "v2"), "--repo", "bob/app")
    assert "present" in text and "absent" in text and f"parent {built.v1}" in text


def test_a_repository_without_its_owner_is_refused_with_the_full_names(built, capsys):
    """`--repo lib` (the name as a user remembers it): two owners could hold a `lib`; say which."""
    capsys.readouterr()
    assert main(["audit", str(built.v1), "--repo", "vendorer"]) == 1
    err = capsys.readouterr().err
    assert "--repo takes OWNER/NAME" in err and "close names: dave/vendorer" in err


def test_a_misspelt_repository_or_owner_gets_close_names(built, capsys):
    capsys.readouterr()
    assert main(["audit", str(built.v1), "--repo", "bob/libb"]) == 1
    out = capsys.readouterr().out
    assert "bob/libb is not in" in out and "close names: bob/lib" in out
    assert main(["audit", str(built.v1), "--repo", "robert/app"]) == 1  # the right name, another owner
    assert "close names: bob/app" in capsys.readouterr().out
    assert main(["audit", str(built.v1), "--user", "alise"]) == 1
    assert "no repository of alise" in (out := capsys.readouterr().out) and "close owners: alice" in out
    assert main(["audit", str(built.v1), "--repo", "bob/libb", "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["files"] == [] and "close names: bob/lib" in result["note"]
