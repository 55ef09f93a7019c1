"""`codecurate update`: version N + snapshot N+1 gives what a fresh `run` on snapshot N+1 gives.

Snapshot N+1 differs from N in every way the next snapshot can: a repository leaves (it held the
keeper of an exact cluster, so its dropped copy in an unchanged repository must be promoted), a
repository has a new commit (files changed, added, gone), new repositories enter (one with more
stars, whose files become keepers over unchanged repositories' files, exact and near; one of a
user who opted out, whose file makes an unchanged repository's copy an opt-out copy), and
repositories stay as they were (not read again).  The opt-out list is the first version's only,
except in the `later` versions: there the update also takes the requests that arrived since
(`update --optout`), covering an unchanged repository, a new one, and an unchanged keeper whose
near duplicate in another unchanged repository must be promoted.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pyarrow.parquet as pq
import pytest
from support.hardening_support import child_env

from support.built_datasets import register_root
from support.optout_dataset import MIT, code, manifest, near_copy, tables, write_config
from pipeline.cli import main

# X and Y carry their own licence headers, unlike their MIT repositories: each kept copy gets a
# file-scope attribution row, so the update must add one for the promoted copy of X and drop the
# one of the unchanged repository's copy of Y that dedup newly drops.
X = "# SPDX-License-Identifier: Apache-2.0\n# Copyright 2023 Example Geometry Authors\n" + code("shared/exact-kept-by-gone")
Y = "# SPDX-License-Identifier: BSD-3-Clause\n# Copyright 2021 Example Utility Authors\n" + code("shared/exact-taken-by-new")
# S's header adds a copyright line to its repository's row: gone from stay/app's row once S is a
# near duplicate of star/new's copy, as in a fresh run.
S = "# Copyright 2022 Example Shapes Authors\n" + code("shared/near-taken-by-new", lines=30)
W = code("shared/copied-from-opted-out-user")
V = code("shared/kept-gains-a-lesser-copy")
K = code("shared/keeper-opted-out-later", lines=30)


def _repo(name: str, commit: str, stars: int, files: dict[str, str]) -> tuple[str, str, int, dict[str, str]]:
    return name, commit, stars, {"LICENSE": MIT, **files}


SNAPSHOT_N = [
    _repo("gone/lib", "a1", 90, {"pkg/core.py": X, "pkg/other.py": code("gone/other")}),
    _repo("stay/app", "b1", 10, {"src/core_copy.py": X, "src/util.py": Y, "src/shapes.py": S,
                                 "src/main.py": code("stay/main"), "src/keeper.py": K}),
    _repo("chg/tool", "c1", 20, {"tool/mod_0.py": code("chg/mod_0"), "tool/mod_1.py": code("chg/mod_1")}),
    _repo("same/pkg", "d1", 5, {"pkg/w.py": W, "pkg/a.py": code("same/a"), "pkg/x_copy.py": X, "pkg/v.py": V,
                                "pkg/near_keeper.py": near_copy(K, "same")}),
    _repo("optd/old", "e1", 1, {"lib/o.py": code("optd/o")}),
    _repo("quiet/lib", "q1", 7, {"lib/q.py": code("quiet/q")}),
]
SNAPSHOT_N1 = [
    SNAPSHOT_N[1],
    _repo("chg/tool", "c2", 20, {"tool/mod_0.py": code("chg/mod_0") + "\ndef added(x):\n    return x\n",
                                 "tool/mod_2.py": code("chg/mod_2")}),
    SNAPSHOT_N[3],
    SNAPSHOT_N[4],
    SNAPSHOT_N[5],
    _repo("star/new", "f1", 500, {"app/util.py": Y, "app/shapes.py": near_copy(S, "star"),
                                  "app/own.py": code("star/own")}),
    _repo("optd/fresh", "g1", 2, {"src/w.py": W}),
    _repo("low/fork", "h1", 0, {"src/v.py": V}),
]
OPTOUT = "# one requester, from the first version on\noptd\n"
LATER = ("# requests that arrived after the first version\n"
         "quiet/lib\n"  # an unchanged repository, wholly
         "stay/app:src/keeper.py\n"  # an unchanged repository's keeper: same/pkg's near copy is promoted
         "low/fork\n")  # a new repository (its file is an exact copy of same/pkg's: an opt-out copy there)


def _write_snapshot(root: Path, repos) -> Path:
    root.mkdir(parents=True)
    index = []
    for name, commit, stars, files in repos:
        folder = root / name.replace("/", "__")
        for path, text in files.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text)
        sha = hashlib.sha1(f"{name}@{commit}".encode()).hexdigest()
        index.append({"repo": name, "dump": folder.name, "commit": sha, "stars": stars, "license": "MIT"})
    (root / "index.jsonl").write_text("".join(json.dumps(entry) + "\n" for entry in index))
    return root


def _run(dumps: Path, output: Path, config: Path, optout: Path) -> None:
    assert main(["run", str(dumps), "--output", str(output), "--config", str(config), "--optout", str(optout),
                 "--workers", "1", "--quiet"]) == 0


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    root = register_root(tmp_path_factory.mktemp("snapshots"))
    config = write_config(root, shard_bytes=4000)
    optout = root / "optout.txt"
    optout.write_text(OPTOUT)
    n, n1 = _write_snapshot(root / "n", SNAPSHOT_N), _write_snapshot(root / "n1", SNAPSHOT_N1)
    _run(n, root / "v1", config, optout)
    assert main(["update", str(root / "v1"), str(n1), "--output", str(root / "v2"), "--workers", "1", "--quiet"]) == 0
    _run(n1, root / "fresh", config, optout)
    return root


def _by_place(rows: dict[str, dict]) -> dict[tuple[str, str], dict]:
    return {(row["repo_name"], row["path"]): row for row in rows.values()}


def _without_shard(rows: dict[str, dict]) -> dict[str, dict]:
    """Provenance rows but the data shard's name: a version keeps its parent's data layout (as
    opt-out versions do), a fresh run counts shards from its own totals."""
    return {file_id: {k: v for k, v in row.items() if k != "shard"} for file_id, row in rows.items()}


def _attribution(dataset: Path) -> dict[tuple, dict]:
    """(repository, commit, scope, path) → attribution row, whichever shard holds it: an update keeps
    its parent's attribution shard count, a fresh run counts its own."""
    rows: dict[tuple, dict] = {}
    for shard in manifest(dataset)["shards"]["attribution"]:
        for row in pq.read_table(dataset / shard["path"]).to_pylist():
            rows[(row["repo_name"], row["commit"], row["scope"], row["path"])] = row
    return rows


def test_update_equals_a_fresh_run_on_the_new_snapshot(versions):
    v2, fresh = versions / "v2", versions / "fresh"
    assert tables(v2, "data") == tables(fresh, "data")  # same kept ids, same published (redacted) contents
    assert _without_shard(tables(v2, "provenance")) == _without_shard(tables(fresh, "provenance"))
    # gone/lib's rows left, chg/tool's are its new commit's, star/new's are new, the rest carried over
    assert _attribution(v2) == _attribution(fresh)
    assert {key[0] for key in _attribution(v2)} == {"stay/app", "chg/tool", "same/pkg", "star/new", "quiet/lib"}
    files = {(repo, path) for repo, _, scope, path in _attribution(v2) if scope == "file"}
    assert files == {("stay/app", "src/core_copy.py"), ("star/new", "app/util.py")}  # promoted; new keeper
    assert ("stay/app", "src/util.py") in {(repo, path) for repo, _, _, path in _attribution(versions / "v1")}

    def stay_lines(dataset: Path) -> list[str]:
        return next(row["copyright_lines"] for key, row in _attribution(dataset).items()
                    if key[0] == "stay/app" and key[2] == "repository")

    assert any("Shapes Authors" in line for line in stay_lines(versions / "v1"))  # S kept in v1 ...
    assert not any("Shapes Authors" in line for line in stay_lines(v2))  # ... a near duplicate in v2
    assert manifest(v2)["counts"] == manifest(fresh)["counts"]
    assert manifest(v2)["inputs"]["fingerprint"] == manifest(fresh)["inputs"]["fingerprint"]
    assert main(["verify", str(v2), "--optout", str(versions / "optout.txt")]) == 0


def test_the_fixture_exercises_every_kind_of_change(versions):
    """Guards the scenario itself: each transition the update must get right does happen."""
    v1, v2 = _by_place(tables(versions / "v1", "provenance")), _by_place(tables(versions / "v2", "provenance"))
    promoted = ("stay/app", "src/core_copy.py")  # its keeper left with gone/lib
    assert v1[promoted]["reason"] == "dedup:exact" and v2[promoted]["status"] == "kept"
    assert v2[promoted]["cluster_id"] and v2[promoted]["cluster_id"] != v1[promoted]["cluster_id"]
    still_copy = ("same/pkg", "pkg/x_copy.py")  # stays a duplicate, of the promoted file now
    assert v1[still_copy]["duplicate_of"] == v1[("gone/lib", "pkg/core.py")]["id"]
    assert v2[still_copy]["duplicate_of"] == v2[promoted]["id"]
    gains = ("same/pkg", "pkg/v.py")  # stays the keeper; a lesser copy gives it a cluster
    assert v1[gains]["cluster_id"] is None and v2[gains]["status"] == "kept" and v2[gains]["cluster_id"]
    exact_taken = ("stay/app", "src/util.py")  # a new repository with more stars holds the same bytes
    assert v1[exact_taken]["status"] == "kept"
    assert v2[exact_taken]["reason"] == "dedup:exact"
    assert v2[exact_taken]["duplicate_of"] == v2[("star/new", "app/util.py")]["id"]
    near_taken = ("stay/app", "src/shapes.py")
    assert v1[near_taken]["status"] == "kept" and v2[near_taken]["reason"] == "dedup:near"
    copy = ("same/pkg", "pkg/w.py")  # an opted-out user's new repository holds the same bytes
    assert v1[copy]["status"] == "kept" and v2[copy]["reason"] == "optout:copy"
    assert v2[("optd/fresh", "src/w.py")]["reason"] == "optout:user"  # the stored list reaches new repos
    assert ("gone/lib", "pkg/core.py") not in v2 and ("chg/tool", "tool/mod_2.py") in v2
    change = manifest(versions / "v2")["change"]
    assert change["repositories"] == {"added": 3, "removed": 1, "read_again": 1, "unchanged": 4}
    assert change["files"]["files_promoted"] == 1
    assert change["sources_read"] == 4  # chg/tool and the new ones: unchanged dumps are not read
    assert manifest(versions / "v2")["parent"] == hashlib.sha256((versions / "v1" / "manifest.json").read_bytes()).hexdigest()


def test_an_update_with_the_same_snapshot_changes_no_shard(versions, tmp_path):
    assert main(["update", str(versions / "v2"), str(versions / "n1"), "--output", str(tmp_path / "v3"),
                 "--workers", "1", "--quiet"]) == 0
    v2, v3 = manifest(versions / "v2"), manifest(tmp_path / "v3")
    assert v3["shards"] == v2["shards"]
    assert v3["change"]["sources_read"] == 0
    assert v3["change"]["shards_rewritten"] == {"data": [], "provenance": [], "state": [], "attribution": []}


def test_an_opt_out_version_carries_the_state_and_its_list_into_the_next_update(versions, tmp_path):
    """v1 → opt-out version (chg/tool and a path of same/pkg leave) → update with snapshot N+1
    equals a fresh run on N+1 with both lists: the new commit of the opted-out repository stays
    out although no list is given to `update`."""
    later = tmp_path / "later.txt"
    later.write_text("chg/tool\nsame/pkg:pkg/a.py\n")
    assert main(["optout", str(versions / "v1"), "--optout", str(later), "--output", str(tmp_path / "o1"),
                 "--sources", str(versions / "n")]) == 0
    assert main(["verify", str(tmp_path / "o1")]) == 0
    assert main(["update", str(tmp_path / "o1"), str(versions / "n1"), "--output", str(tmp_path / "o2"),
                 "--workers", "1", "--quiet"]) == 0
    combined = tmp_path / "combined.txt"
    combined.write_text(OPTOUT + later.read_text())
    _run(versions / "n1", tmp_path / "fresh", write_config(tmp_path, shard_bytes=4000), combined)
    assert tables(tmp_path / "o2", "data") == tables(tmp_path / "fresh", "data")
    assert _without_shard(tables(tmp_path / "o2", "provenance")) == _without_shard(tables(tmp_path / "fresh", "provenance"))
    rows = _by_place(tables(tmp_path / "o2", "provenance"))
    assert rows[("chg/tool", "tool/mod_2.py")]["reason"] == "optout:repo"
    assert main(["verify", str(tmp_path / "o2"), "--optout", str(combined)]) == 0


SAMPLE = Path(__file__).resolve().parents[2] / "sample"


def _sample_without(target: Path, left_out: str) -> Path:
    """The sample's dumps but one (and its index line): the earlier snapshot."""
    import shutil

    shutil.copytree(SAMPLE / "dumps", target, ignore=shutil.ignore_patterns(left_out))
    lines = (SAMPLE / "dumps" / "index.jsonl").read_text().splitlines()
    (target / "index.jsonl").write_text("".join(line + "\n" for line in lines if f'"{left_out}"' not in line))
    return target


def test_on_the_sample_a_repository_entering_with_copies_elsewhere(tmp_path):
    """The sample with octo/geometry entering: acme/webapp vendors and copies its code, so the
    newcomer joins clusters of stored files (zip, tar, git-less folders, licence evidence, PII)."""
    earlier = _sample_without(tmp_path / "n", "octo__geometry")
    optout = SAMPLE / "optout.txt"
    for name, dumps in (("v1", earlier), ("fresh", SAMPLE / "dumps")):
        assert main(["run", str(dumps), "--output", str(tmp_path / name), "--optout", str(optout),
                     "--workers", "1", "--quiet"]) == 0
    assert main(["update", str(tmp_path / "v1"), str(SAMPLE / "dumps"), "--output", str(tmp_path / "v2"),
                 "--workers", "1", "--quiet"]) == 0
    assert tables(tmp_path / "v2", "data") == tables(tmp_path / "fresh", "data")
    assert _without_shard(tables(tmp_path / "v2", "provenance")) == _without_shard(tables(tmp_path / "fresh", "provenance"))
    assert manifest(tmp_path / "v2")["counts"] == manifest(tmp_path / "fresh")["counts"]
    v1, v2 = _by_place(tables(tmp_path / "v1", "provenance")), _by_place(tables(tmp_path / "v2", "provenance"))
    changed = [place for place in v1 if place in v2 and (v1[place]["reason"], v1[place]["cluster_id"])
               != (v2[place]["reason"], v2[place]["cluster_id"])]
    assert changed, "octo/geometry's arrival changes no stored file: the sample no longer tests the join"
    assert main(["verify", str(tmp_path / "v2"), "--optout", str(optout)]) == 0


def test_verify_checks_the_stored_state_like_a_shard(versions, tmp_path):
    """A state shard edited in place fails its checksum; one rewritten with its manifest entry
    but describing another file (or missing one) fails against provenance."""
    import io
    import shutil

    import pyarrow.parquet as pq

    from support.built_datasets import deliberately_broken
    from pipeline.dataset.verify import verify

    edited = deliberately_broken(tmp_path / "edited")
    shutil.copytree(versions / "v1", edited)
    state = next(s for s in manifest(edited)["shards"]["state"] if "part-" in s["path"])
    path = edited / state["path"]
    path.write_bytes(path.read_bytes()[:-9] + b"tampered!")
    assert any("checksum" in failure for failure in verify(str(edited)))

    for name, change in (("other-file", lambda rows: [{**rows[0], "content_sha256": "0" * 64}, *rows[1:]]),
                         ("missing-row", lambda rows: rows[1:])):
        copy = deliberately_broken(tmp_path / name)
        shutil.copytree(versions / "v1", copy)
        target = copy / state["path"]
        rows = change(pq.read_table(target).to_pylist())
        buffer = io.BytesIO()
        pq.write_table(pq.read_table(target).schema.empty_table().from_pylist(rows, schema=pq.read_table(target).schema), buffer)
        target.write_bytes(buffer.getvalue())
        data = json.loads((copy / "manifest.json").read_text())
        entry = next(s for s in data["shards"]["state"] if s["path"] == state["path"])
        entry.update(bytes=len(buffer.getvalue()), sha256=hashlib.sha256(buffer.getvalue()).hexdigest(), rows=len(rows))
        (copy / "manifest.json").write_text(json.dumps(data))
        failures = verify(str(copy))
        assert any("state" in failure and ("another file" in failure or "lacks" in failure) for failure in failures), failures


def test_diff_reads_an_update_as_the_snapshot_change_it_is(versions):
    """`codecurate diff v1 v2` on an update: the departed repository's files left the snapshot,
    the copy whose keeper left is promoted, the new commit's files count as changed/added."""
    from pipeline.dataset.diff import diff_datasets

    result = diff_datasets(str(versions / "v1"), str(versions / "v2"))
    removed = {(entry["repo"], entry["path"]): entry["reason"] for entry in result["removed"]}
    assert removed[("gone/lib", "pkg/core.py")] == "snapshot:left"
    assert {(entry["repo"], entry["path"]) for entry in result["promoted"]} == {("stay/app", "src/core_copy.py")}
    assert [entry["repo"] for entry in result["repositories"]["removed"]] == ["gone/lib"]
    assert result["new"]["parent"] == result["old"]["manifest_sha256"]


@pytest.fixture(scope="module")
def later(versions):
    """v1 + snapshot N+1 + the requests that arrived since (`update --optout`), beside a fresh run
    on N+1 with both lists."""
    (versions / "later.txt").write_text(LATER)
    (versions / "union.txt").write_text(OPTOUT + LATER)
    assert main(["update", str(versions / "v1"), str(versions / "n1"), "--output", str(versions / "v2-later"),
                 "--optout", str(versions / "later.txt"), "--workers", "1", "--quiet"]) == 0
    _run(versions / "n1", versions / "fresh-later", versions / "config.yaml", versions / "union.txt")
    return versions


def test_update_with_new_opt_outs_equals_a_fresh_run_with_both_lists(later):
    v2, fresh = later / "v2-later", later / "fresh-later"
    assert tables(v2, "data") == tables(fresh, "data")
    assert _without_shard(tables(v2, "provenance")) == _without_shard(tables(fresh, "provenance"))
    assert _attribution(v2) == _attribution(fresh)
    assert manifest(v2)["counts"] == manifest(fresh)["counts"]
    assert manifest(v2)["inputs"]["fingerprint"] == manifest(fresh)["inputs"]["fingerprint"]
    assert main(["verify", str(v2), "--optout", str(later / "union.txt")]) == 0
    v1, rows = _by_place(tables(later / "v1", "provenance")), _by_place(tables(v2, "provenance"))
    # (a) an unchanged repository the new list covers leaves, with the reason a fresh run gives
    assert v1[("quiet/lib", "lib/q.py")]["status"] == "kept" and rows[("quiet/lib", "lib/q.py")]["reason"] == "optout:repo"
    # (c) an unchanged keeper leaves; its near duplicate in another unchanged repository is promoted
    keeper, near = ("stay/app", "src/keeper.py"), ("same/pkg", "pkg/near_keeper.py")
    assert v1[keeper]["status"] == "kept" and v1[near]["reason"] == "dedup:near"
    assert v1[near]["duplicate_of"] == v1[keeper]["id"]
    assert rows[keeper]["reason"] == "optout:path" and rows[near]["status"] == "kept"
    # (b) a new repository the new list covers never enters; its exact copy in same/pkg goes with it
    assert rows[("low/fork", "src/v.py")]["reason"] == "optout:repo"
    assert rows[("same/pkg", "pkg/v.py")]["reason"] == "optout:copy"
    change = manifest(v2)["change"]
    assert change["sources_read_for_optout"] == 2  # quiet/lib and stay/app; same/pkg is not read again
    # stay/app is read again (its copy of X, whose keeper left, is decided in the graph): the merge
    # promotes only same/pkg's near copy, from the stored state, without reading the rest of same/pkg
    assert change["files"]["files_promoted"] == 1
    recorded = manifest(v2)["optout"]
    assert recorded["sha256"] == hashlib.sha256(LATER.encode()).hexdigest() and recorded["entries"] == 3
    assert recorded["parent"] == manifest(later / "v1")["optout"]


def test_an_update_stores_the_union_of_the_lists_for_the_next_one(later, tmp_path):
    """The version made with --optout stores both lists: its own update, given no list, keeps
    every file of either out, and changes nothing on the same snapshot."""
    from pipeline.dataset.reader import DatasetReader
    from pipeline.snapshot.optout_state import optout_state_entry, stored_optout

    reader = DatasetReader(str(later / "v2-later"))
    stored = stored_optout(reader.read_shard(optout_state_entry(reader.manifest)["path"]))
    assert stored.entries == 4
    assert stored.reason_for("optd/any", "x.py", None) == "optout:user"
    assert stored.reason_for("Quiet/Lib", "lib/q.py", None) == "optout:repo"
    assert stored.reason_for("stay/app", "src/keeper.py", None) == "optout:path"
    assert main(["update", str(later / "v2-later"), str(later / "n1"), "--output", str(tmp_path / "v3"),
                 "--workers", "1", "--quiet"]) == 0
    assert manifest(tmp_path / "v3")["shards"] == manifest(later / "v2-later")["shards"]
    assert main(["verify", str(tmp_path / "v3"), "--optout", str(later / "union.txt")]) == 0


def test_diff_names_the_newly_opted_out_files(later, capsys):
    from pipeline.dataset.diff import diff_datasets

    result = diff_datasets(str(later / "v1"), str(later / "v2-later"))
    removed = {(entry["repo"], entry["path"]): entry["reason"] for entry in result["removed"]}
    assert removed[("quiet/lib", "lib/q.py")] == "optout:repo"
    assert removed[("stay/app", "src/keeper.py")] == "optout:path"
    assert removed[("same/pkg", "pkg/v.py")] == "optout:copy"
    assert ("same/pkg", "pkg/near_keeper.py") in {(entry["repo"], entry["path"]) for entry in result["promoted"]}
    repos = {entry["repo"]: entry["reason"] for entry in result["repositories"]["removed"]}
    assert repos["quiet/lib"] == "optout:repo"
    assert main(["diff", str(later / "v1"), str(later / "v2-later")]) == 0
    text = capsys.readouterr().out
    assert "quiet/lib:lib/q.py  optout:repo" in text and "stay/app:src/keeper.py  optout:path" in text


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_ends_an_update_and_keeps_the_dataset_in_place(versions, tmp_path, signal_number):
    """`update` is a publishing command (`pipeline.cli.interrupt`): a signal to the launcher alone
    while the graph stages ends it within seconds, with 128 + the signal, no staged content left,
    no process it started alive, and the dataset already in --output unchanged and verifying."""
    output = tmp_path / "out"
    shutil.copytree(versions / "v2", output)
    before = (output / "manifest.json").read_bytes()
    child = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "update", str(versions / "v1"),
                              str(versions / "n1"), "--output", str(output), "--overwrite", "--workers", "1",
                              "--quiet"], env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             start_new_session=True)
    deadline = time.monotonic() + 120
    while not (output / ".tmp" / "staging").exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert child.poll() is None, f"the update ended before the signal: {child.communicate()[1].decode()[-2000:]}"
    started = psutil.Process(child.pid).children(recursive=True)
    os.kill(child.pid, signal_number)
    sent = time.monotonic()
    _, stderr = child.communicate(timeout=60)
    assert time.monotonic() - sent < 10.0
    assert child.returncode == 128 + signal_number, stderr.decode()[-2000:]
    assert "interrupted; nothing was published" in stderr.decode()
    assert not [process for process in started if process.is_running() and process.status() != psutil.STATUS_ZOMBIE]
    assert not (output / ".tmp").exists()
    assert (output / "manifest.json").read_bytes() == before
    assert main(["verify", str(output)]) == 0


def test_run_update_verify_diff_on_a_non_local_filesystem(later, tmp_path, monkeypatch, capsys):
    """DATASET and --output on another Beam filesystem (`fakefs://`, an in-memory object store with
    no directories, `tests/support/fake_filesystem.py`; the inputs stay local): every byte the
    update writes goes through Beam's FileSystems, and the versions equal the local ones byte for
    byte.  The store lives in this process, so the graph runs in-process (`--workers 1`)."""
    from support.fake_filesystem import STORE

    STORE.clear()
    STORE.objects["fakefs://lists/later.txt"] = LATER.encode()
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)  # a local open()/os.makedirs("fakefs://…") would land here
    assert main(["run", str(later / "n"), "--output", "fakefs://ds/v1", "--config", str(later / "config.yaml"),
                 "--optout", str(later / "optout.txt"), "--workers", "1", "--quiet"]) == 0
    assert main(["update", "fakefs://ds/v1", str(later / "n1"), "--output", "fakefs://ds/v2",
                 "--optout", "fakefs://lists/later.txt", "--workers", "1", "--quiet"]) == 0
    assert not list(workdir.iterdir()), "something was written to a local path"
    for name, local in (("v1", later / "v1"), ("v2", later / "v2-later")):
        prefix = f"fakefs://ds/{name}/"
        published = {path[len(prefix):]: data for path, data in STORE.objects.items()
                     if path.startswith(prefix) and not path.endswith("/run.json")}
        assert not [path for path in published if path.startswith(".tmp/")], "staging left behind"
        assert published["manifest.json"] == (local / "manifest.json").read_bytes()
        assert published == {str(path.relative_to(local)): path.read_bytes() for path in local.rglob("*")
                             if path.is_file() and path.name not in ("run.json", "report.html")}
    assert main(["verify", "fakefs://ds/v2", "--optout", str(later / "union.txt")]) == 0
    capsys.readouterr()
    assert main(["diff", "fakefs://ds/v1", "fakefs://ds/v2", "--json"]) == 0
    removed = {(entry["repo"], entry["path"]): entry["reason"] for entry in json.loads(capsys.readouterr().out)["removed"]}
    assert removed[("quiet/lib", "lib/q.py")] == "optout:repo"
    # Published again over itself (--overwrite): the object store's replace path of `publish`
    before = STORE.objects["fakefs://ds/v2/manifest.json"]
    assert main(["update", "fakefs://ds/v1", str(later / "n1"), "--output", "fakefs://ds/v2", "--overwrite",
                 "--optout", "fakefs://lists/later.txt", "--workers", "1", "--quiet"]) == 0
    assert STORE.objects["fakefs://ds/v2/manifest.json"] == before
    assert not [path for path in STORE.objects if path.startswith("fakefs://ds/v2/.tmp/")]
    assert main(["verify", "fakefs://ds/v2"]) == 0
    assert not list(workdir.iterdir()), "something was written to a local path"
