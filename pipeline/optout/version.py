"""`codecurate optout`: the next version of a dataset with an opt-out list applied.

The list passed is applied on top of the parent: what the parent removed stays removed, so a
governance team may pass either its whole cumulative list or only the new requests, and gets the
same version: the one a fresh run with the parent's list plus this one would build (with
`--sources`; see `optout_promote`).  Only provenance is read in full (it holds no file contents);
a data shard is read and rewritten only when a row leaves or joins it, every other shard is
copied byte for byte, so its checksum in the new manifest is the parent's.

Data shards keep the parent's layout (each language's shard count): a fresh run would recount
shards from the new byte totals, which can move every row of a language once a total crosses a
`write.shard_bytes` boundary; keeping the layout is what lets a version rewrite only what changed.
Provenance layout depends only on the number of input files, which an opt-out never changes.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from apache_beam.io.filesystems import FileSystems

from pipeline.config import Config, parse_config
from pipeline.errors import UsageError
from pipeline.dataset.manifest import build_manifest, dataset_digest
from pipeline.dataset.reader import DatasetReader
from pipeline.dataset.publish import publish, stage_parent_object
from licenses.attribution import RepoNotices
from pipeline.optout.attribution import attribution_shards, promoted_attribution
from pipeline.optout.layout import DataLayout
from pipeline.optout.entries import OptoutList, load_optout
from pipeline.optout.plan import OptoutPlan
from pipeline.optout.rules import opted_out
from pipeline.records import FileRecord
from pipeline.snapshot.carry import carry_state, has_state
from pipeline.stages import RunContext, manifest_stages
from pipeline.dataset.schema import DATA_SCHEMA, PROVENANCE_SCHEMA, data_row, provenance_row
from pipeline.dataset.stats import DatasetStats
from pipeline.dataset.files import parquet_bytes, write_file
from pipeline.dataset.layout import TMP, ShardInfo, layout_path


@dataclass
class Update:
    """Everything that differs from the parent, keyed by the shard that holds it."""

    provenance: dict[str, dict[str, dict]] = field(default_factory=lambda: defaultdict(dict))
    """provenance shard → id → new row (only rows that differ)."""
    data_removed: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    data_added: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    stats: dict[str, dict] = field(default_factory=dict)
    """provenance shard → the parent's stats accumulator over its rows."""
    kept_per_repo: Counter = field(default_factory=Counter)
    removed_per_repo: Counter = field(default_factory=Counter)
    promoted: int = 0
    opted_out: int = 0
    redecided_clusters: int = 0
    attribution_added: list[dict] = field(default_factory=list)
    """Attribution rows of promoted files (chunk-row form, `licenses.attribution.attribution_row`)."""
    unresolved_clusters: list[str] = field(default_factory=list)

    def record(self, shard: str, old: dict, new: dict, data: dict | None = None) -> None:
        """Note a provenance row's new value and, when it leaves or joins the data, its shard."""
        if new == old:
            return
        self.provenance[shard][old["id"]] = new
        was_kept, is_kept = old["status"] == "kept", new["status"] == "kept"
        if was_kept and not is_kept:
            self.removed_per_repo[old["repo_name"]] += 1
        if not was_kept and is_kept:
            self.promoted += 1
        if was_kept and new["shard"] != old["shard"]:
            self.data_removed[old["shard"]].add(old["id"])
        if is_kept and new["shard"] != old["shard"]:
            self.data_added[new["shard"]].append(data)


def _location(path: str) -> str:
    return path.rstrip("/") if "://" in path else os.path.abspath(path)


def plan_update(dataset: str, parent: dict, optout: OptoutList, config: Config,
                sources: list[str] | None) -> Update:
    reader = DatasetReader(dataset)
    update = Update()
    plan = OptoutPlan(optout, config.optout)
    layout = DataLayout(config.write.shard_bytes)
    combiner = DatasetStats()
    for shard, rows in reader.provenance_rows():
        accumulator = combiner.create_accumulator()
        for row in rows:
            plan.observe_direct(row, shard)
            layout.observe(row)
            combiner.add_input(accumulator, row)
            if row["status"] == "kept":
                update.kept_per_repo[row["repo_name"]] += 1
        update.stats[shard] = accumulator
    if plan.needs_copy_pass:
        for shard, rows in reader.provenance_rows():
            for row in rows:
                plan.observe_copy(row, shard)
    for change in plan.changes.values():
        update.record(change.shard, change.old, {**opted_out(change.old), "reason": change.reason})
    update.opted_out = len(plan.changes)
    clusters = plan.affected_clusters()
    if clusters:
        _redecide_clusters(dataset, parent, clusters, set(plan.changes), config, sources, layout, update)
    return update


def _redecide_clusters(dataset: str, parent: dict, clusters: set[str], removed: set[str], config: Config,
                       sources: list[str] | None, layout: DataLayout, update: Update) -> None:
    remaining: dict[str, tuple[str, dict]] = {}
    keepers_removed = set()
    for shard, rows in DatasetReader(dataset).provenance_rows():
        for row in rows:
            if row["cluster_id"] not in clusters:
                continue
            if row["id"] not in removed:
                remaining[row["id"]] = (shard, row)
            elif row["duplicate_of"] is None:
                keepers_removed.add(row["cluster_id"])
    if not sources:
        alive = {row["cluster_id"] for _, row in remaining.values()}
        update.unresolved_clusters = sorted(keepers_removed & alive)
        return
    from pipeline.optout.promote import redecide, reread

    update.redecided_clusters = len(clusters)
    notices: dict[tuple[str, str], RepoNotices] = {}
    records = redecide(reread([row for _, row in remaining.values()], config, sources, notices), config)
    kept: list[FileRecord] = [record for record in records if not record.dropped]
    promoted = [record for record in kept if remaining[record.id][1]["status"] != "kept"]
    update.attribution_added = promoted_attribution(promoted, notices, config)
    for record in sorted(records, key=lambda r: r.id):
        shard, old = remaining[record.id]
        if record.dropped:
            update.record(shard, old, provenance_row(record, None))
    for record, path in layout.place(kept):
        shard, old = remaining[record.id]
        update.record(shard, old, provenance_row(record, path), data_row(record))


def _write(output: str, kind: str, relative: str, rows: list[dict], config: Config,
           language: str | None = None) -> ShardInfo:
    rows.sort(key=lambda row: row["id"])
    data = parquet_bytes(rows, DATA_SCHEMA if kind == "data" else PROVENANCE_SCHEMA, config.write)
    write_file(FileSystems.join(output, TMP, relative), data)
    return ShardInfo(kind, relative, len(rows), len(data), hashlib.sha256(data).hexdigest(), language)


def _as_info(kind: str, entry: dict) -> ShardInfo:
    return ShardInfo(kind, layout_path(entry["path"]), entry["rows"], entry["bytes"], entry["sha256"], entry.get("language"))


def write_version(dataset: str, parent: dict, output: str, update: Update, config: Config,
                  optout: OptoutList) -> dict:
    reader = DatasetReader(dataset)
    shards: list[ShardInfo] = []
    rewritten: dict[str, list[str]] = {"data": [], "provenance": [], "attribution": []}
    touched = set(update.data_removed) | set(update.data_added)
    known = {layout_path(entry["path"]): entry for entry in parent["shards"]["data"]}
    for path in sorted(set(known) | touched):
        if path not in touched:
            stage_parent_object(dataset, output, known[path])
            shards.append(_as_info("data", known[path]))
            continue
        rows = reader.read_shard(known[path]["path"]).to_pylist() if path in known else []
        rows = [row for row in rows if row["id"] not in update.data_removed[path]] + update.data_added[path]
        rewritten["data"].append(path)
        if rows:  # a shard left empty disappears, as it would in a fresh run
            shards.append(_write(output, "data", path, rows, config, path.split("/")[1]))
    combiner = DatasetStats()
    for entry in parent["shards"]["provenance"]:
        path = entry["path"]
        changed = update.provenance.get(path)
        if not changed:
            stage_parent_object(dataset, output, entry)
            shards.append(_as_info("provenance", entry))
            continue
        rows = [changed.get(row["id"], row) for row in reader.read_shard(path).to_pylist()]
        accumulator = combiner.create_accumulator()
        for row in rows:
            combiner.add_input(accumulator, row)
        update.stats[path] = accumulator
        rewritten["provenance"].append(layout_path(path))
        shards.append(_write(output, "provenance", layout_path(path), rows, config))
    shards += attribution_shards(dataset, parent, output, removed_repositories(update), update.attribution_added,
                                 config, rewritten["attribution"])
    stats = combiner.extract_output(combiner.merge_accumulators(update.stats.values()))
    if has_state(parent):  # the next snapshot's update needs the state, and every opt-out so far
        state_shards, rewritten["state"] = carry_state(dataset, output, update.provenance, config, optout)
        shards += state_shards
    manifest = build_manifest(config, parent["inputs"]["sources"], optout.sha256, optout.entries, stats,
                              parent["counts"]["repositories"], shards, parent=reader.manifest_sha256,
                              change=_change(update, rewritten, [shard.path for shard in shards]),
                              stages=manifest_stages(RunContext(config, optout)), skipped=parent["inputs"].get("skipped"))
    manifest["optout"]["parent"] = parent.get("optout")
    return publish(output, manifest)


def removed_repositories(update: Update) -> set[str]:
    """Repositories none of whose kept files remain: their attribution rows leave with them."""
    return {repo for repo, count in update.removed_per_repo.items() if count >= update.kept_per_repo[repo]}


def _change(update: Update, rewritten: dict[str, list[str]], shard_paths: list[str]) -> dict:
    """Counts only: the manifest is public, and names of who opted out are not to be listed."""
    removed = sum(update.removed_per_repo.values())
    return {
        "files_opted_out": update.opted_out,
        "files_removed": removed,
        "files_promoted": update.promoted,
        "repositories_affected": len(update.removed_per_repo),
        "repositories_removed": len(removed_repositories(update)),
        "clusters_redecided": update.redecided_clusters,
        "unresolved_clusters": update.unresolved_clusters,
        "shards_rewritten": rewritten,
        # A rewritten shard may vanish (all its rows removed), so count what was copied directly.
        "shards_copied": len(set(shard_paths) - {path for paths in rewritten.values() for path in paths}),
    }


def run_optout(args: argparse.Namespace) -> int:
    from pipeline.dataset.publish import prepare_output

    optout = load_optout(args.optout)
    dataset, output = _location(args.dataset), _location(args.output)
    if dataset == output:
        raise UsageError("--output must be a new directory: a version never overwrites its parent")
    try:
        parent = DatasetReader(dataset).manifest
    except (OSError, ValueError):
        raise UsageError(f"{dataset} is not a complete dataset (no readable manifest.json)") from None
    config = parse_config(parent["config"], f"{dataset}/manifest.json")
    started = time.monotonic()
    update = plan_update(dataset, parent, optout, config, args.sources)
    if not update.provenance:
        print(f"{dataset}: nothing to remove: no file of the dataset matches {args.optout} "
              "beyond what it already excludes")
        return 0
    prepare_output(output, args.overwrite)
    manifest = write_version(dataset, parent, output, update, config, optout)
    change = manifest["change"]
    print(f"dataset: {output} (parent {manifest['parent'][:12]})")
    print(f"digest: {dataset_digest(manifest)}")
    print(f"opted out {change['files_opted_out']} file(s); removed {change['files_removed']} kept file(s) "
          f"from {change['repositories_affected']} repositories; promoted {change['files_promoted']}")
    print(f"shards rewritten: {len(change['shards_rewritten']['data'])} data, "
          f"{len(change['shards_rewritten']['provenance'])} provenance; copied: {change['shards_copied']}")
    if change["unresolved_clusters"]:
        print(f"{len(change['unresolved_clusters'])} duplicate cluster(s) lost their keeper and stay unresolved: "
              "rerun with --sources to promote their next-ranked member", file=sys.stderr)
    print(f"elapsed: {time.monotonic() - started:.1f}s")
    return 0
