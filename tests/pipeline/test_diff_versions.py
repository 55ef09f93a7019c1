"""`codecurate diff` and the report's change section on real versions: a fresh run on the next
snapshot (a repository gone, one new, one with a new commit) and an opt-out version that promotes a
duplicate.  What diff says must match the provenance of both versions."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from support.optout_dataset import first_version, optout, run, tables
from pipeline.cli import main
from pipeline.dataset.diff import LEFT_SNAPSHOT


@pytest.fixture(scope="module")
def built():
    return first_version()


def _next_snapshot(dumps: Path, target: Path) -> Path:
    """N+1: erin/fork left, gina/new arrived, alice/one moved to a new commit that edits one file."""
    shutil.copytree(dumps, target)
    shutil.rmtree(target / "erin__fork")
    (target / "gina__new" / "src").mkdir(parents=True)
    (target / "gina__new" / "src" / "fresh.py").write_text("def fresh(value):\n    return value * 41 + 1\n" * 3)
    (target / "gina__new" / "LICENSE").write_text((dumps / "bob__lib" / "LICENSE").read_text())
    edited = target / "alice__one" / "pkg" / "mod_0.py"
    edited.write_text(edited.read_text() + "\ndef added_in_the_new_commit():\n    return 7\n")
    index = [json.loads(line) for line in (dumps / "index.jsonl").read_text().splitlines()]
    index = [entry for entry in index if entry["repo"] != "erin/fork"]
    for entry in index:
        if entry["repo"] == "alice/one":
            entry["commit"] = hashlib.sha1(b"alice/one@2").hexdigest()[:7]
    index.append({"repo": "gina/new", "dump": "gina__new", "commit": "9a9a9a9", "stars": 1, "license": "MIT"})
    (target / "index.jsonl").write_text("".join(json.dumps(entry) + "\n" for entry in index))
    return target


def _diff(old: Path, new: Path) -> dict:
    from pipeline.dataset.diff import diff_datasets

    return diff_datasets(str(old), str(new))


def _kept(dataset: Path) -> dict[tuple[str, str], dict]:
    return {(row["repo_name"], row["path"]): row for row in tables(dataset, "provenance").values()
            if row["status"] == "kept"}


def test_next_snapshot_diff_matches_both_provenances(built, tmp_path):
    snapshot = _next_snapshot(built.dumps, tmp_path / "dumps-n1")
    new = tmp_path / "v2"
    run(snapshot, new, built.config, built.base_list)
    result = _diff(built.v1, new)
    old_kept, new_kept = _kept(built.v1), _kept(new)
    new_rows = {(row["repo_name"], row["path"]): row for row in tables(new, "provenance").values()}

    removed = {(entry["repo"], entry["path"]): entry["reason"] for entry in result["removed"]}
    assert set(removed) == set(old_kept) - set(new_kept)
    for key, reason in removed.items():
        assert reason == (new_rows[key]["reason"] if key in new_rows else LEFT_SNAPSHOT)
    assert {key for key, reason in removed.items() if reason == LEFT_SNAPSHOT} == {
        key for key in old_kept if key[0] == "erin/fork"}
    added = {(entry["repo"], entry["path"]) for entry in result["added"]}
    promoted = {(entry["repo"], entry["path"]) for entry in result["promoted"]}
    assert added | promoted == set(new_kept) - set(old_kept)
    assert ("gina/new", "src/fresh.py") in added
    changed = {(entry["repo"], entry["path"]) for entry in result["changed"]}
    assert changed == {key for key in set(old_kept) & set(new_kept)
                       if old_kept[key]["content_sha256"] != new_kept[key]["content_sha256"]}
    assert ("alice/one", "pkg/mod_0.py") in changed
    repos = result["repositories"]
    assert {entry["repo"] for entry in repos["added"]} == {"gina/new"}
    assert [(entry["repo"], entry["reason"]) for entry in repos["removed"]] == [("erin/fork", LEFT_SNAPSHOT)]
    assert "alice/one" in {entry["repo"] for entry in repos["changed"]}


def test_optout_version_diff_names_opted_out_and_promoted(built, tmp_path, capsys):
    listing = tmp_path / "more.txt"
    listing.write_text("bob/lib:pkg/mod_2.py\n")  # keeper of a near cluster: a near copy is promoted
    new = built.root / f"v2-diff-{tmp_path.name}"  # beside v1, where the report looks for the parent
    assert optout(built.v1, listing, new, built.dumps) == 0
    capsys.readouterr()
    result = _diff(built.v1, new)
    assert [(entry["repo"], entry["path"], entry["reason"]) for entry in result["removed"]] == [
        ("bob/lib", "pkg/mod_2.py", "optout:path")]
    assert [entry["was"].split(":")[0] for entry in result["promoted"]] == ["dedup"]
    assert result["new"]["parent"] == result["old"]["manifest_sha256"]

    assert main(["diff", str(built.v1), str(new), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["files"] == result["files"]
    assert main(["diff", str(built.v1), str(new)]) == 0
    text = capsys.readouterr().out
    assert "1 removed" in text and "1 promoted" in text and "optout:path" in text

    assert main(["report", str(new)]) == 0
    page = Path(capsys.readouterr().out.strip()).read_text()
    assert 'id="diff"' in page and "1 promoted" in page
    assert "bob/lib" not in page.split('id="diff"', 1)[1].split("</section>", 1)[0]  # opted out: counted, not named
