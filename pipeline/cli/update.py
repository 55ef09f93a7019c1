"""`codecurate update DATASET INPUT... --output NEWDIR`: the next version from a new snapshot.

The parent's config and every opt-out it honours (its stored list, which holds its ancestors')
decide; unchanged repositories are not read (`pipeline/snapshot/plan.py`); new and changed ones
go through `run`'s graph together with the parent's stored state (`pipeline/snapshot/graph.py`);
the result is merged into the parent's shards (`pipeline/snapshot/merge.py`) and published.

`--optout FILE` adds the requests that arrived since the parent: the union of the parent's stored
list and this one decides (as a fresh run with both would), an unchanged repository the new list
covers is read again (`plan.newly_opted_out`), and the version stores the union and records the
list as `codecurate optout` records it (its sha256 and entries, the parent's record under `parent`).
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from pipeline.cli.run import beam_arguments, output_location
from pipeline.errors import UsageError


def run_update(args: argparse.Namespace, beam_args: list[str]) -> int:
    from pipeline.config import parse_config
    from pipeline.dataset.manifest import build_manifest, dataset_digest
    from pipeline.dataset.publish import prepare_output, publish, remove_staging
    from pipeline.dataset.reader import DatasetReader
    from pipeline.ingest.sources import discover_all
    from pipeline.optout.entries import load_optout
    from pipeline.runner import LOCAL, new_pipeline
    from pipeline.snapshot.graph import UpdateSpec, build_update
    from pipeline.snapshot.merge import merge_rows, warm_for_merge, write_merged
    from pipeline.snapshot.stored import decide_when_staged
    from pipeline.snapshot.optout_state import optout_state_entry, optout_table, stored_optout
    from pipeline.snapshot.plan import plan_snapshot
    from pipeline.spec import RunSpec
    from pipeline.stages import manifest_stages

    dataset, output = output_location(args.dataset), output_location(args.output)
    if dataset == output:
        raise UsageError("--output must be a new directory: a version never overwrites its parent")
    reader = DatasetReader(dataset)
    try:
        parent = reader.manifest
    except (OSError, ValueError):
        raise UsageError(f"{dataset} is not a complete dataset (no readable manifest.json)") from None
    if "state" not in parent["shards"]:
        raise UsageError(f"{dataset} has no stored update state (made by an older codecurate, or by "
                         "'codecurate optout'): build it with 'codecurate run' first")
    config = parse_config(parent["config"], f"{dataset}/manifest.json")
    recorded = parent.get("optout") or {}
    stored = stored_optout(reader.read_shard(optout_state_entry(parent)["path"]), recorded.get("sha256", ""))
    added = load_optout(args.optout)
    # The union decides (as a fresh run with both lists would), and is what this version stores.
    optout = stored_optout(optout_table(stored, added), added.sha256) if added else stored
    sources, skipped = discover_all(args.inputs)
    if not sources:
        raise UsageError("the inputs hold no repository dumps or file tables")
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    started = time.time()
    plan = plan_snapshot(reader, sources, stored, added, optout)
    names = sorted(os.path.basename(source.location.rstrip("/")) for source in sources)
    run_spec = RunSpec(plan.to_read, names, config, optout, output, progress=not args.quiet, skipped=tuple(skipped))
    local = not args.runner or args.runner == LOCAL
    spec = UpdateSpec(run_spec, dataset, plan.state_shards, frozenset(plan.unchanged),
                      (args.workers or os.cpu_count() or 1) if local else None)
    beam_args = beam_arguments(args, beam_args)  # as `run --dry-run`: Beam then reaches nothing
    from pipeline.cli.launch import run_graph

    pipeline = new_pipeline(beam_args, args.runner, args.workers)
    if args.dry_run:
        from pipeline.cli.dataflow_check import dataflow_report, is_dataflow

        build_update(pipeline, spec)
        again = f" ({len(plan.reopened)} of them unchanged dumps the new opt-out list covers)" if plan.reopened else ""
        print(f"update: {len(plan.to_read)} source(s) to read{again}, {len(plan.unchanged)} unchanged")
        if is_dataflow(args.runner):
            print(dataflow_report(lambda fresh: build_update(fresh, spec), beam_args, args.workers))
        return 0
    prepare_output(output, args.overwrite)
    build_update(pipeline, spec)
    phases = {"plan": time.time() - started}
    # SIGINT/SIGTERM are handled by `pipeline.cli.interrupt` ('update' is a publishing command):
    # the graph runs in a thread joined in short waits, so the handler acts at once.
    warm_for_merge(output)
    # One pool for the merge's work.  The stored rows' new verdicts are decided in it as soon as
    # the graph has staged dedup's decisions, while the workers finish the new files; then the
    # data shards are rewritten in it while the merge decides the rest, so "merge" and "write"
    # overlap.  A failure or an interrupt cancels what has not started (the staging goes anyway).
    pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="merge")
    graph_done = threading.Event()
    try:
        verdicts = pool.submit(decide_when_staged, graph_done, dataset, output, plan, run_spec.context)
        try:
            run_graph(pipeline, output)
        finally:
            graph_done.set()
        phases["graph"] = time.time() - started - sum(phases.values())
        merged = merge_rows(verdicts.result(), dataset, output, run_spec.context, plan, pool)
        phases["merge"] = time.time() - started - sum(phases.values())
        shards, written = write_merged(dataset, output, merged, config, pool, (stored, added) if added else ())
        phases["write"] = time.time() - started - sum(phases.values())
    except BaseException:
        remove_staging(output)  # staged contents are unredacted: a failed update leaves none
        raise
    finally:
        pool.shutdown(cancel_futures=True)
    stats = written["stats"]
    repositories = merged.repository_count
    change = {"kind": "update", "repositories": merged.repositories, "files": dict(sorted(merged.counts.items())),
              "sources_read": len(plan.to_read), "shards_rewritten": written["rewritten"],
              "shards_copied": sum(1 for shard in shards
                                   if shard.path not in {p for paths in written["rewritten"].values() for p in paths})}
    if added:  # recorded as `codecurate optout` records its list: this one's, then the parent's chain
        change["sources_read_for_optout"] = len(plan.reopened)
        manifest = build_manifest(config, names, added.sha256, added.entries, stats, repositories, shards,
                                  parent=reader.manifest_sha256, change=change,
                                  stages=manifest_stages(run_spec.context), skipped=skipped)
        manifest["optout"]["parent"] = parent.get("optout")
    else:
        manifest = build_manifest(config, names, recorded.get("sha256", ""), recorded.get("entries", 0), stats,
                                  repositories, shards, parent=reader.manifest_sha256, change=change,
                                  stages=manifest_stages(run_spec.context), skipped=skipped)
        manifest["optout"] = parent.get("optout")
    publish(output, manifest)
    elapsed = time.time() - started
    phases["publish"] = elapsed - sum(phases.values())
    files = change["files"]
    print(f"dataset: {output} (parent {manifest['parent'][:12]})")
    print(f"digest: {dataset_digest(manifest)}")
    print(f"repositories: {merged.repositories}")
    print(f"files: added {files.get('files_added', 0)}, removed {files.get('files_removed', 0)}, "
          f"changed {files.get('files_changed', 0)}, promoted {files.get('files_promoted', 0)}")
    if added:
        print(f"opt-out list: {added.entries} new entr{'y' if added.entries == 1 else 'ies'}; "
              f"{len(plan.reopened)} unchanged source(s) read again for them")
    print("shards rewritten: " + ", ".join(f"{len(paths)} {kind}" for kind, paths in written["rewritten"].items())
          + f"; copied: {change['shards_copied']}")
    print(f"elapsed: {elapsed:.1f}s ({', '.join(f'{name} {seconds:.1f}s' for name, seconds in phases.items())})")
    return 0

