"""`codecurate update` against a full `run` on the next snapshot of a real-code corpus: cost and equivalence.

Data: `corpus.py`'s distinct real code (Debian, PyPI and npm upstream sources from the pinned
list), `--megabytes` of it.  Its packages are ordered by sha256 of their repository name and cut
by bytes into: new (in snapshot N+1 only), changed (a new commit in N+1 whose dump has every
tenth file edited: one line appended), removed (in N only), and the rest (identical in both).

Measured in one session on this machine, local runner, same worker count, one after the other:
    run N → v1          (the parent; its time is reported, not compared)
    run N+1 → fresh     (the full rebuild the update replaces)
    update v1 N+1 → v2  (the update)
then v2 and fresh are compared file by file: the same kept ids with the same published contents
(sha256 of each data row's content), the same provenance rows (every column but the data shard's
name, since a version keeps its parent's data layout), the same manifest counts.  Also the bytes
of the stored state (`state/`) against the dataset's.

    .venv/bin/python benchmarks/update_cost.py --megabytes 256          # → results/update_cost-mb-256.json
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import shutil
import sys
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import _dump_files, write_dump  # noqa: E402
from end_to_end import BIN, OUT, ROOT, _corpus  # noqa: E402
from measure import run_measured  # noqa: E402

RESULT_DIR = ROOT / "benchmarks" / "results"


def _order(entry: dict) -> str:
    return hashlib.sha256(entry["repo"].encode()).hexdigest()


def _cut(entries: list[dict], sizes: dict[str, int], fractions: list[float]) -> list[list[dict]]:
    """Groups of `entries` (walked in `_order`) near each fraction of the bytes, then the rest: a
    package joins a group while that brings the group closer to its target (packages are a few MB
    to tens of MB, so a group is within one package of its target)."""
    total = sum(sizes.values())
    remaining = sorted(entries, key=_order)
    groups = []
    for fraction in fractions:
        group, size, rest = [], 0, []
        for entry in remaining:
            if abs(size + sizes[entry["dump"]] - fraction * total) < abs(size - fraction * total):
                group.append(entry)
                size += sizes[entry["dump"]]
            else:
                rest.append(entry)
        groups.append(group)
        remaining = rest
    groups.append(remaining)
    return groups


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _changed_dump(source: Path, target: Path, repo: str) -> None:
    """The next commit of a package: every tenth file (in path order) gets one line appended."""
    files = _dump_files(source)
    for position, name in enumerate(sorted(files)):
        if position % 10 == 0:
            files[name] = files[name] + b"\n# next snapshot\n"
    write_dump(target, repo.replace("/", "-"), files)


def make_snapshots(corpus: Path, work: Path, new: float, changed: float, removed: float) -> dict:
    entries = [json.loads(line) for line in (corpus / "index.jsonl").read_text().splitlines() if line.strip()]
    sizes = {entry["dump"]: sum(map(len, _dump_files(corpus / entry["dump"]).values())) for entry in entries}
    added, edited, gone, same = _cut(entries, sizes, [new, changed, removed])
    n, n1 = work / "n", work / "n1"
    for folder in (n, n1):
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    index_n, index_n1 = [], []
    for entry in same + edited + gone:
        _link(corpus / entry["dump"], n / entry["dump"])
        index_n.append(entry)
    for entry in same + added:
        _link(corpus / entry["dump"], n1 / entry["dump"])
        index_n1.append(entry)
    for entry in edited:
        _changed_dump(corpus / entry["dump"], n1 / entry["dump"], entry["repo"])
        index_n1.append({**entry, "commit": hashlib.sha1(f"{entry['commit']}+next".encode()).hexdigest()})
    for folder, index in ((n, index_n), (n1, index_n1)):
        (folder / "index.jsonl").write_text("".join(json.dumps(e, sort_keys=True) + "\n" for e in index))
    total_n1 = sum(sizes[e["dump"]] for e in same + added + edited)
    return {"repositories": {"same": len(same), "new": len(added), "changed": len(edited), "removed": len(gone)},
            "bytes": {"same": sum(sizes[e["dump"]] for e in same), "new": sum(sizes[e["dump"]] for e in added),
                      "changed": sum(sizes[e["dump"]] for e in edited), "removed": sum(sizes[e["dump"]] for e in gone)},
            "new_or_changed_fraction_of_n1": (sum(sizes[e["dump"]] for e in added + edited)) / total_n1}


def _timed(arguments: list[str], workers: int, nice: int) -> dict:
    command = [str(BIN / "python"), "-m", "pipeline.cli", *arguments, "--overwrite", "--quiet", "--workers", str(workers)]
    usage = run_measured(command, cwd=str(ROOT), nice=nice)
    if usage.returncode != 0:
        raise RuntimeError(f"{' '.join(arguments[:2])} failed: {usage.stderr_tail[-2000:]}")
    return {"seconds": round(usage.seconds, 2), "cpu_seconds": round(usage.cpu_seconds, 2),
            "largest_process_peak_rss_mb": round(usage.largest_rss / 1e6), "command": " ".join(command[1:])}


def _manifest(dataset: Path) -> dict:
    return json.loads((dataset / "manifest.json").read_text())


def _rows(dataset: Path, kind: str) -> dict:
    """Rows by id (attribution rows by repository, commit, scope and path: they have no id); the
    shard a row sits in is not compared (a version keeps its parent's shard counts)."""
    rows: dict = {}
    for shard in _manifest(dataset)["shards"].get(kind, []):
        table = pq.read_table(io.BytesIO((dataset / shard["path"]).read_bytes()))
        for row in table.to_pylist():
            if kind == "attribution":
                rows[(row["repo_name"], row["commit"], row["scope"], row["path"])] = row
                continue
            if kind == "data":
                row["content"] = hashlib.sha256(row["content"].encode("utf-8", "surrogatepass")).hexdigest()
            else:
                row.pop("shard")
            rows[row["id"]] = row
    return rows


def compare(update: Path, fresh: Path) -> dict:
    found = {}
    for kind in ("data", "provenance", "attribution"):
        a, b = _rows(update, kind), _rows(fresh, kind)
        found[kind] = {"rows": len(b), "only_in_update": len(a.keys() - b.keys()), "only_in_fresh": len(b.keys() - a.keys()),
                       "differing": sum(1 for key in a.keys() & b.keys() if a[key] != b[key])}
    found["counts_equal"] = _manifest(update)["counts"] == _manifest(fresh)["counts"]
    found["equivalent"] = found["counts_equal"] and all(
        not (v["only_in_update"] or v["only_in_fresh"] or v["differing"]) for k, v in found.items() if isinstance(v, dict))
    return found


def state_bytes(dataset: Path) -> dict:
    shards = _manifest(dataset)["shards"]
    size = {kind: sum(shard["bytes"] for shard in shards.get(kind, [])) for kind in ("data", "provenance", "state")}
    files = _manifest(dataset)["counts"]["files_in"]
    return {**size, "files": files, "state_bytes_per_file": round(size["state"] / max(files, 1), 1),
            "state_fraction_of_dataset": round(size["state"] / max(size["data"] + size["provenance"], 1), 4)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=float, default=256)
    parser.add_argument("--new", type=float, default=0.05, help="fraction of bytes in new repositories")
    parser.add_argument("--changed", type=float, default=0.05, help="fraction of bytes in repositories with a new commit")
    parser.add_argument("--removed", type=float, default=0.02, help="fraction of bytes in repositories that leave")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--nice", type=int, default=10)
    args = parser.parse_args(argv)
    corpus = _corpus(args.megabytes)
    work = OUT / f"update_cost-mb-{args.megabytes:g}"
    snapshots = make_snapshots(corpus, work, args.new, args.changed, args.removed)
    print(f"snapshots: {json.dumps(snapshots)}", flush=True)
    parent = _timed(["run", str(work / "n"), "--output", str(work / "v1")], args.workers, args.nice)
    print(f"run N → v1: {parent['seconds']} s", flush=True)
    fresh = _timed(["run", str(work / "n1"), "--output", str(work / "fresh")], args.workers, args.nice)
    print(f"run N+1 → fresh: {fresh['seconds']} s", flush=True)
    update = _timed(["update", str(work / "v1"), str(work / "n1"), "--output", str(work / "v2")], args.workers, args.nice)
    print(f"update v1 + N+1 → v2: {update['seconds']} s ({update['seconds'] / fresh['seconds']:.1%} of the full run)",
          flush=True)
    equivalence = compare(work / "v2", work / "fresh")
    print(f"equivalence: {json.dumps(equivalence)}")
    result = {"corpus": json.loads((corpus / ".corpus.json").read_text())["what"], "megabytes": args.megabytes,
              "snapshots": snapshots, "workers": args.workers, "cpus": os.cpu_count(),
              "run_parent": parent, "run_fresh": fresh, "update": update,
              "update_fraction_of_run": round(update["seconds"] / fresh["seconds"], 4),
              "update_change": _manifest(work / "v2")["change"], "equivalence": equivalence,
              "state": state_bytes(work / "v1")}
    print(f"state: {json.dumps(result['state'])}")
    result_path = RESULT_DIR / f"update_cost-mb-{args.megabytes:g}.json"
    result_path.parent.mkdir(parents=True, exist_ok=True)
    result_path.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
    return 0 if equivalence["equivalent"] else 1


if __name__ == "__main__":
    sys.exit(main())
