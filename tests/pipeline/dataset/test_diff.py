"""`codecurate diff` on provenance rows written by hand: each kind of change is told apart and
given the reason a governance review needs (no Beam, no dataset)."""

from __future__ import annotations

from pipeline.dataset.diff import LEFT_SNAPSHOT, compare, render_text, summary


def _row(repo: str, path: str, commit: str = "c1", sha: str = "s", kept: bool = True, reason: str | None = None,
         licence: str = "MIT", rid: str | None = None) -> dict:
    return {"id": rid or f"{repo}:{commit}:{path}", "repo_name": repo, "path": path, "commit": commit,
            "content_sha256": sha, "status": "kept" if kept else "dropped", "reason": None if kept else reason,
            "license_expression": licence, "license_type": "permissive" if licence == "MIT" else "non_permissive"}


OLD = [
    _row("a/stay", "same.py", sha="1"),
    _row("a/stay", "edited.py", sha="2"),
    _row("a/stay", "dup.py", sha="3", kept=False, reason="dedup:exact"),
    _row("a/stay", "opted.py", sha="4"),
    _row("a/stay", "filtered.py", sha="5"),
    _row("a/stay", "relicensed.py", sha="12", kept=False, reason="license:non_permissive", licence="GPL-2.0-only"),
    _row("b/gone", "x.py", sha="6"),
    _row("b/gone", "y.py", sha="7"),
    _row("c/all-out", "z.py", sha="8"),
]
NEW = [
    _row("a/stay", "same.py", commit="c2", sha="1"),           # new commit, same bytes: unchanged
    _row("a/stay", "edited.py", commit="c2", sha="2b"),        # changed
    _row("a/stay", "dup.py", commit="c2", sha="3"),            # promoted: its keeper left
    _row("a/stay", "opted.py", commit="c2", sha="4", kept=False, reason="optout:path"),
    _row("a/stay", "filtered.py", commit="c2", sha="5", kept=False, reason="filters:max_line_length"),
    _row("a/stay", "fresh.py", commit="c2", sha="9"),          # added in a known repository
    _row("a/stay", "fresh.min.js", commit="c2", sha="10", kept=False, reason="filters:generated"),
    _row("a/stay", "relicensed.py", commit="c2", sha="12"),  # a stage keeps what it dropped: added, not promoted
    _row("c/all-out", "z.py", sha="8", kept=False, reason="optout:user"),
    _row("d/new", "n.py", sha="11", licence="GPL-3.0-only"),
]


def test_every_kind_of_change_with_its_reason():
    result = summary(compare(OLD, NEW))
    assert result["files"] == {"added": 3, "removed": 5, "changed": 1, "promoted": 1, "unchanged": 1}
    assert {(entry["repo"], entry["path"], entry["reason"]) for entry in result["removed"]} == {
        ("a/stay", "opted.py", "optout:path"), ("a/stay", "filtered.py", "filters:max_line_length"),
        ("b/gone", "x.py", LEFT_SNAPSHOT), ("b/gone", "y.py", LEFT_SNAPSHOT), ("c/all-out", "z.py", "optout:user")}
    assert result["removed_by_reason"] == {LEFT_SNAPSHOT: 2, "filters:max_line_length": 1, "optout:path": 1,
                                           "optout:user": 1}
    assert [(entry["path"], entry["was"]) for entry in result["promoted"]] == [("dup.py", "dedup:exact")]
    assert [entry["path"] for entry in result["changed"]] == ["edited.py"]
    assert result["added_by_license"] == {"MIT": 2, "GPL-3.0-only": 1}
    assert result["new_inputs_dropped_by_reason"] == {"filters:generated": 1}
    repos = result["repositories"]
    assert repos["added"] == [{"repo": "d/new", "files": 1}]
    assert repos["removed"] == [{"repo": "b/gone", "files": 2, "reason": LEFT_SNAPSHOT},
                                {"repo": "c/all-out", "files": 1, "reason": "optout:user"}]
    assert [(entry["repo"], entry["old_commits"], entry["new_commits"]) for entry in repos["changed"]] == [
        ("a/stay", ["c1"], ["c2"])]


def test_published_counts_balance():
    """Old published − removed + added + promoted = new published, whatever the mix."""
    diff = compare(OLD, NEW)
    old_kept = sum(row["status"] == "kept" for row in OLD)
    new_kept = sum(row["status"] == "kept" for row in NEW)
    assert old_kept - len(diff.removed) + len(diff.added) + len(diff.promoted) == new_kept
    assert len(diff.changed) + diff.unchanged + len(diff.added) + len(diff.promoted) == new_kept


def test_repeated_paths_are_matched_in_id_order():
    """A file table may hold one path twice: the second copy is compared with the second copy."""
    old = [_row("t/table", "a.py", sha="1", rid="id-1"), _row("t/table", "a.py", sha="2", rid="id-2")]
    new = [_row("t/table", "a.py", sha="2", rid="id-2"), _row("t/table", "a.py", sha="1", rid="id-1")]
    assert summary(compare(old, new))["files"] == {"added": 0, "removed": 0, "changed": 0, "promoted": 0,
                                                   "unchanged": 2}


def test_text_names_reasons_and_caps_lists():
    many = [_row("e/big", f"f{n}.py", sha=str(n)) for n in range(30)]
    result = summary(compare(many, []))
    result.update(old={"location": "v1", "manifest_sha256": "a" * 64, "parent": None},
                  new={"location": "v2", "manifest_sha256": "b" * 64, "parent": "a" * 64})
    text = render_text(result, shown=5)
    assert "30 removed" in text and "its parent" in text
    assert "- e/big (30 file(s)): snapshot:left" in text
    assert "… and 25 more (--json lists all)" in text
