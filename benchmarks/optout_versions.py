"""Opt-out versions vs full rebuilds (issue 6): wall time, and shards rewritten vs shards affected.

Builds a generated dump of many repositories into a dataset of >= 100 data shards (a small
`write.shard_bytes`), then opts out 1 repository and 100 repositories: each time `codecurate
optout` (with `--sources`, so removed keepers are promoted) against a full `codecurate run` with
the combined list.  "Affected" shards are computed independently from the two provenance tables:
the parent's shard of every kept row that is no longer kept, plus the new shard of every row
that became kept.  They must equal the shards the version says it rewrote.

    .venv/bin/python benchmarks/optout_versions.py [--repos 400] [--workers N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # the project first: tests/pipeline must not shadow it

from support.optout_dataset import code, near_copy, write_config  # noqa: E402
from pipeline.cli import main  # noqa: E402


def write_dump(root: Path, repos: int, files_per_repo: int) -> tuple[Path, list[str]]:
    """`repos` repositories, a tenth of them vendoring or near-copying a file of another one."""
    rng = random.Random(7)
    dumps = root / "dumps"
    names = [f"owner{n:04d}/repo{n:04d}" for n in range(repos)]
    index = []
    for n, repo in enumerate(names):
        folder = dumps / repo.replace("/", "__")
        (folder / "src").mkdir(parents=True)
        (folder / "LICENSE").write_text("MIT License\n")
        for k in range(files_per_repo):
            (folder / "src" / f"mod_{k}.py").write_text(code(f"{repo}/{k}"))
        if n % 10 == 0 and n:
            other = rng.choice(names[:n])
            (folder / "src" / "vendored.py").write_text(code(f"{other}/0"))
            (folder / "src" / "near.py").write_text(near_copy(code(f"{other}/1"), repo))
        index.append({"repo": repo, "dump": folder.name, "stars": rng.randint(0, 500), "license": "MIT"})
    (dumps / "index.jsonl").write_text("".join(json.dumps(entry) + "\n" for entry in index))
    return dumps, names


def provenance(dataset: Path) -> dict[str, dict]:
    import pyarrow.parquet as pq

    manifest = json.loads((dataset / "manifest.json").read_text())
    rows = {}
    for shard in manifest["shards"]["provenance"]:
        for row in pq.read_table(dataset / shard["path"], columns=["id", "status", "shard"]).to_pylist():
            rows[row["id"]] = row
    return rows


def timed(argv: list[str]) -> float:
    started = time.perf_counter()
    if main(argv) != 0:
        raise SystemExit(f"failed: codecurate {' '.join(argv)}")
    return time.perf_counter() - started


def measure(root: Path, dumps: Path, config: Path, parent: Path, listed: list[str], label: str, workers: int) -> dict:
    listing = root / f"{label}.txt"
    listing.write_text("".join(f"{repo}\n" for repo in listed))
    version, fresh = root / f"{label}-version", root / f"{label}-fresh"
    optout_seconds = timed(["optout", str(parent), "--optout", str(listing), "--output", str(version),
                            "--sources", str(dumps)])
    rebuild_seconds = timed(["run", str(dumps), "--output", str(fresh), "--config", str(config),
                             "--optout", str(listing), "--workers", str(workers), "--quiet"])
    before, after = provenance(parent), provenance(version)
    affected = {before[i]["shard"] for i in before if before[i]["status"] == "kept" and after[i]["status"] != "kept"}
    affected |= {after[i]["shard"] for i in after if after[i]["status"] == "kept" and before[i]["status"] != "kept"}
    manifest = json.loads((version / "manifest.json").read_text())
    rewritten = set(manifest["change"]["shards_rewritten"]["data"])
    fresh_rows = provenance(fresh)
    return {
        "label": label, "repositories_opted_out": len(listed),
        "optout_seconds": round(optout_seconds, 2), "rebuild_seconds": round(rebuild_seconds, 2),
        "speedup": round(rebuild_seconds / optout_seconds, 1),
        "data_shards": len(json.loads((parent / "manifest.json").read_text())["shards"]["data"]),
        "data_shards_rewritten": len(rewritten), "data_shards_affected": len(affected),
        "rewritten_equals_affected": rewritten == affected,
        "files_removed": manifest["change"]["files_removed"], "files_promoted": manifest["change"]["files_promoted"],
        "same_status_as_rebuild": {i: r["status"] for i, r in after.items()} == {i: r["status"] for i, r in fresh_rows.items()},
    }


def main_benchmark() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repos", type=int, default=400)
    parser.add_argument("--files-per-repo", type=int, default=4)
    parser.add_argument("--shard-bytes", type=int, default=12_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", default=None, help="work in this directory and leave it there")
    args = parser.parse_args()
    root = Path(args.keep or tempfile.mkdtemp(prefix="codecurate-optout-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    dumps, names = write_dump(root, args.repos, args.files_per_repo)
    config = write_config(root, args.shard_bytes)
    empty = root / "empty.txt"
    empty.write_text("# nobody yet\n")
    build_seconds = timed(["run", str(dumps), "--output", str(root / "v1"), "--config", str(config),
                           "--optout", str(empty), "--workers", str(args.workers), "--quiet"])
    rng = random.Random(11)
    results = [measure(root, dumps, config, root / "v1", rng.sample(names, count), f"optout-{count}", args.workers)
               for count in (1, 100)]
    print(json.dumps({"repositories": args.repos, "files": args.repos * (args.files_per_repo + 1),
                      "workers": args.workers, "initial_build_seconds": round(build_seconds, 2),
                      "results": results}, indent=2))


if __name__ == "__main__":
    main_benchmark()
