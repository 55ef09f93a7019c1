"""`codecurate optout`: the next version equals a fresh run with the combined list, rewrites only the
shards that change, is idempotent, chains parents, and leaves no byte of opted-out content behind."""

from __future__ import annotations

import hashlib
import io
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from support.optout_dataset import BASE_LIST, change_config, first_version, manifest, optout, repo_files, run, tables
from pipeline.cli import main
from pipeline.dataset.layout import layout_path
from pipeline.optout.config import OptoutConfig
from pipeline.optout.rules import copy_source
from pipeline.optout.entries import parse_optout


@pytest.fixture(scope="module")
def built():
    return first_version()


def _listing(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _shard_hashes(dataset: Path, kind: str) -> dict[str, str]:
    """Layout name (as provenance names a shard) → sha256 of the published object."""
    return {layout_path(shard["path"]): shard["sha256"] for shard in manifest(dataset)["shards"][kind]}


def _published(dataset: Path, layout: str) -> Path:
    return dataset / next(shard["path"] for group in manifest(dataset)["shards"].values() for shard in group
                          if layout_path(shard["path"]) == layout)


def test_equals_a_fresh_run_with_the_combined_list(built, tmp_path):
    """Keepers of an exact and of a near cluster leave: their next-ranked copies are promoted
    from the sources.  Same rows, same shard bytes, same counts as a fresh run."""
    files = repo_files()
    new = ("bob/lib:pkg/mod_2.py\n"          # keeper of a near cluster (erin, frank hold near copies)
           "ALICE/One:pkg/mod_1.py\n"        # keeper of a near cluster, name in another case
           f"sha256:{_sha(files['alice/two']['pkg/mod_0.py'])}\n")
    listing = _listing(tmp_path, "new.txt", new)
    assert optout(built.v1, listing, tmp_path / "v2", built.dumps) == 0
    combined = _listing(tmp_path, "combined.txt", BASE_LIST + new)
    run(built.dumps, tmp_path / "fresh", built.config, combined)
    for kind in ("data", "provenance"):
        assert tables(tmp_path / "v2", kind) == tables(tmp_path / "fresh", kind)
        assert _shard_hashes(tmp_path / "v2", kind) == _shard_hashes(tmp_path / "fresh", kind)
    assert manifest(tmp_path / "v2")["counts"] == manifest(tmp_path / "fresh")["counts"]
    change = manifest(tmp_path / "v2")["change"]
    assert change["files_promoted"] == 2 and change["unresolved_clusters"] == []
    assert main(["verify", str(tmp_path / "v2"), "--optout", str(combined)]) == 0


def test_without_sources_removed_keepers_are_listed_unresolved(built, tmp_path):
    listing = _listing(tmp_path, "new.txt", "bob/lib:pkg/mod_2.py\n")
    assert optout(built.v1, listing, tmp_path / "v2") == 0
    v1_rows, v2 = tables(built.v1, "provenance"), manifest(tmp_path / "v2")
    keeper = next(r for r in v1_rows.values() if r["repo_name"] == "bob/lib" and r["path"] == "pkg/mod_2.py")
    assert v2["change"]["unresolved_clusters"] == [keeper["cluster_id"]]
    assert main(["verify", str(tmp_path / "v2"), "--optout", str(listing)]) == 0


def test_only_shards_holding_affected_rows_are_rewritten(built, tmp_path):
    listing = _listing(tmp_path, "new.txt", "alice/two\n")
    assert optout(built.v1, listing, tmp_path / "v2") == 0
    before, after = tables(built.v1, "provenance"), tables(tmp_path / "v2", "provenance")
    affected = {before[i]["shard"] for i in before if before[i]["status"] == "kept" and after[i]["status"] != "kept"}
    change = manifest(tmp_path / "v2")["change"]
    assert set(change["shards_rewritten"]["data"]) == affected and affected
    old, new = _shard_hashes(built.v1, "data"), _shard_hashes(tmp_path / "v2", "data")
    for path in set(old) - affected:
        assert new[path] == old[path]
        assert _published(tmp_path / "v2", path).read_bytes() == _published(built.v1, path).read_bytes()
    assert change["repositories_removed"] == 1 and change["files_removed"] == 3


def test_boilerplate_copies_survive(built, tmp_path):
    """alice's LICENSE and empty __init__.py are everybody's: other repositories keep theirs."""
    listing = _listing(tmp_path, "new.txt", "alice\n")
    assert optout(built.v1, listing, tmp_path / "v2", built.dumps) == 0
    rows = tables(tmp_path / "v2", "provenance").values()
    boiler = [r for r in rows if r["path"] in ("LICENSE", "pkg/__init__.py") and not r["repo_name"].startswith(("alice/", "carol/"))]
    assert boiler and all(r["reason"] != "optout:copy" for r in boiler)
    assert sum(r["status"] == "kept" for r in boiler) == 2  # a new keeper for each of the two clusters
    vendored = next(r for r in rows if r["repo_name"] == "dave/vendorer" and r["path"] == "src/one_mod_0.py")
    assert vendored["reason"] == "optout:copy"


def test_copy_source_rule():
    config = OptoutConfig()
    assert not copy_source("LICENSE", 1075, config) and not copy_source("sub/COPYING.txt", 20_000, config)
    assert not copy_source("pkg/__init__.py", 0, config)
    assert copy_source("src/license.go", 4000, config) and copy_source("lib.py", 689, config)
    assert copy_source("LICENSE", 1075, OptoutConfig(copy_skip_license_files=False))
    assert not copy_source("lib.py", 689, OptoutConfig(copy_min_bytes=1000))


def test_idempotent_and_nothing_to_remove(built, tmp_path, capsys):
    listing = _listing(tmp_path, "new.txt", "bob/app\n")
    assert optout(built.v1, listing, tmp_path / "v2") == 0
    capsys.readouterr()
    assert optout(tmp_path / "v2", listing, tmp_path / "v3") == 0
    assert "nothing to remove" in capsys.readouterr().out and not (tmp_path / "v3").exists()
    absent = _listing(tmp_path, "absent.txt", "nobody\nghost/repo\nsha256:" + "0" * 64 + "\n")
    assert optout(built.v1, absent, tmp_path / "v4") == 0
    assert "nothing to remove" in capsys.readouterr().out and not (tmp_path / "v4").exists()
    assert optout(built.v1, built.base_list, tmp_path / "v5") == 0  # the parent's own list again
    assert "nothing to remove" in capsys.readouterr().out


def test_chain_of_versions_links_parents(built, tmp_path):
    first, second = _listing(tmp_path, "a.txt", "erin\n"), _listing(tmp_path, "b.txt", "frank/misc\n")
    assert optout(built.v1, first, tmp_path / "v2", built.dumps) == 0
    assert optout(tmp_path / "v2", second, tmp_path / "v3", built.dumps) == 0
    v1, v2, v3 = (manifest(d) for d in (built.v1, tmp_path / "v2", tmp_path / "v3"))
    assert v1["parent"] is None
    assert v2["parent"] == hashlib.sha256((built.v1 / "manifest.json").read_bytes()).hexdigest()
    assert v3["parent"] == hashlib.sha256((tmp_path / "v2" / "manifest.json").read_bytes()).hexdigest()
    assert v3["optout"]["parent"]["parent"] == v1["optout"]
    both = _listing(tmp_path, "all.txt", BASE_LIST + "erin\nfrank/misc\n")
    assert main(["verify", str(tmp_path / "v3"), "--optout", str(both)]) == 0


def test_refuses_bad_requests(built, tmp_path, capsys):
    bad = _listing(tmp_path, "bad.txt", "alice\nnot a valid line\n")
    assert optout(built.v1, bad, tmp_path / "v2") == 1
    assert "line 2" in capsys.readouterr().err
    good = _listing(tmp_path, "good.txt", "bob/app\n")
    assert optout(built.v1, good, built.v1) == 1
    assert "never overwrites its parent" in capsys.readouterr().err
    assert optout(tmp_path / "missing", good, tmp_path / "v3") == 1


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in _strings(item)]
    return []


def _every_string(dataset: Path) -> list[str]:
    """Every string value of every Parquet file in the dataset, decompressed, plus the text files."""
    found = [path.read_text() for path in dataset.glob("*.json")] + [(dataset / "README.md").read_text()]
    for path in dataset.rglob("*.parquet"):
        for column in pq.read_table(io.BytesIO(path.read_bytes())).columns:
            found += [s for value in column.to_pylist() for s in _strings(value)]
    return found


def _random_list(rng: random.Random, files: dict[str, dict[str, str]]) -> str:
    repos = sorted(files)
    lines = [rng.choice(repos).split("/")[0]] if rng.random() < 0.5 else []
    lines += rng.sample(repos, rng.randint(0, 2))
    repo = rng.choice(repos)
    lines.append(f"{repo}:{rng.choice(['pkg/mod_*.py', 'pkg/mod_1.py', 'src/*', '*.py'])}")
    repo = rng.choice(repos)
    lines.append("sha256:" + _sha(files[repo][rng.choice(sorted(files[repo]))]))
    return "\n".join(lines) + "\n"


def test_randomised_opt_outs_leave_nothing_behind(built, tmp_path):
    """20 random lists of users, repositories, path globs and contents, half with --sources:
    `verify --optout` passes and no opted-out text (or exact copy) is left in any output string."""
    files = repo_files()
    config = OptoutConfig()
    before = _every_string(built.v1)
    meaningful = 0
    for seed in range(20):
        text = _random_list(random.Random(seed), files)
        listing = _listing(tmp_path, f"new-{seed}.txt", text)
        version = tmp_path / f"v-{seed}"
        assert optout(built.v1, listing, version, built.dumps if seed % 2 else None) == 0
        if not version.exists():  # nothing to remove: the list named only what v1 already excludes
            continue
        combined = _listing(tmp_path, f"combined-{seed}.txt", BASE_LIST + text)
        assert main(["verify", str(version), "--optout", str(combined)]) == 0, text
        listed = parse_optout(combined.read_text())
        gone = {content for repo, repo_files_ in files.items() for path, content in repo_files_.items()
                if listed.reason_for(repo, path, _sha(content)) and copy_source(path, len(content.encode()), config)}
        strings = _every_string(version)
        for content in gone:
            assert not any(content in s for s in strings), f"opted-out content found (list {text!r})"
        meaningful += any(content in s for content in gone for s in before)
        data = tables(version, "data").values()
        assert not [r for r in data if listed.reason_for(r["repo_name"], r["path"], r["content_sha256"])]
    assert meaningful >= 10  # the scan looked for text that v1 really held


def test_shard_schema_is_kept(built, tmp_path):
    listing = _listing(tmp_path, "new.txt", "bob\n")
    assert optout(built.v1, listing, tmp_path / "v2", built.dumps) == 0
    for shard in manifest(tmp_path / "v2")["shards"]["data"]:
        schema = pq.read_schema(tmp_path / "v2" / shard["path"])
        assert isinstance(schema, pa.Schema) and "content" in schema.names


def test_near_copies_follow_the_parents_clusters(built, tmp_path):
    """`copies: near` removes every member of an opted-out file's near-duplicate cluster."""
    import shutil

    near = tmp_path / "near"
    shutil.copytree(built.v1, near)
    change_config(near, "optout", "copies", "near")
    listing = _listing(tmp_path, "new.txt", "bob/lib:pkg/mod_2.py\n")
    assert optout(near, listing, tmp_path / "v2") == 0
    rows = tables(tmp_path / "v2", "provenance").values()
    copies = {(r["repo_name"], r["path"]) for r in rows if r["reason"] == "optout:copy"}
    assert {("erin/fork", "pkg/near_lib.py"), ("frank/misc", "pkg/near_lib.py")} <= copies
    assert manifest(tmp_path / "v2")["change"]["unresolved_clusters"] == []
