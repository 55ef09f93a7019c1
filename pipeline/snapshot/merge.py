"""The parent's shards + what the update graph staged → the next version, rewriting only what changes.

A stored file of an unchanged repository keeps every decision made before dedup; only dedup's
verdict can differ, now that new files joined its groups and departed ones left.  Its new row
follows from the parent's row and that verdict (`next_row`) without its content, except when
it newly reaches the steps after dedup (a duplicate whose keeper left or lost the ranking, a
copy whose opted-out source left): then it is promoted, read again from the new snapshot (which
holds it: its entries, not its licence evidence, whose outcome the parent row holds) and finished
by `run`'s own steps.  The new files arrive finished from the graph.

Shards keep the parent's layout (as opt-out versions do, `pipeline/optout/version.py`): a file
enters the provenance and state shard of its id under the parent's provenance shard count, and
the data shard of its id under its language's parent shard count.  A shard none of whose rows
changes is copied byte for byte.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems

from dedup.blobs import read_blobs
from dedup.rules import FileDecision, unpack_decisions
from dedup.summaries import handle_of
from filters.language import language_slug
from pipeline.config import Config
from pipeline.dataset.files import read_bytes, read_parquet, table_bytes, write_file
from pipeline.dataset.layout import (TMP, ShardInfo, data_shard_path, layout_path, provenance_shard_path, shard_count,
                                     shard_index)
from pipeline.dataset.publish import stage_parent_object
from pipeline.dataset.reader import DatasetReader
from pipeline.errors import UsageError
from pipeline.finish import apply_decision
from pipeline.ingest.licence_fields import restore_licence
from pipeline.ingest.repository import read_repository, read_stored
from licenses.attribution import RepoNotices, load_references
from pipeline.optout.attribution import attribution_shards, promoted_attribution
from pipeline.optout.entries import OptoutList
from pipeline.optout.layout import DataLayout
from pipeline.records import FileRecord, RepoSource
from pipeline.dataset.schema import DATA_SCHEMA, PROVENANCE_SCHEMA, data_row, provenance_row
from pipeline.optout.version import _as_info
from pipeline.snapshot.attribution import remade_rows, stored_roots
from pipeline.snapshot.graph import read_pieces, read_reached, read_state_decisions, update_file
from pipeline.snapshot.plan import SnapshotPlan, SourceId
from pipeline.snapshot.optout_state import OPTOUT_STATE, optout_state_entry
from pipeline.snapshot.state import STATE_SCHEMA, current_state, state_shard_path
from pipeline.snapshot.stats_delta import next_stats
from pipeline.snapshot.write_state import write_optout_state
from pipeline.staging import chunk_file
from pipeline.stages import RunContext, per_file_steps, reason_prefixes
from pipeline.steps import Counters, StepRunner
from pipeline.warm import LICENCE_REFERENCES, REDACTION, settle, warm

AFTER_DEDUP = reason_prefixes(from_stage="policy")
"""Reasons of the steps after dedup: a row dropped by one of them went through those steps."""


def next_row(row: dict, state: dict, decision: FileDecision | None) -> dict | None:
    """A stored file's provenance row under dedup's new verdict, or None when the file newly
    reaches the steps after dedup (it must be read again and finished: a promotion)."""
    cluster_id = decision.cluster_id if decision else None
    duplicate_of = decision.duplicate_of if decision else None
    reason = decision.reason if decision else None
    if state["pre_reason"] is not None:  # dropped before dedup: only an opt-out copy verdict can replace it
        return {**row, "reason": reason or state["pre_reason"], "cluster_id": cluster_id, "duplicate_of": duplicate_of}
    if reason is not None:  # dropped by dedup now: as it stood when it reached dedup
        return {**row, "status": "dropped", "reason": reason, "cluster_id": cluster_id,
                "duplicate_of": duplicate_of, "pii": [], "shard": None}
    if row["reason"] is None or row["reason"].startswith(AFTER_DEDUP):
        # kept or keeper as before: the steps after dedup decide on the file alone, as they did
        return {**row, "cluster_id": cluster_id, "duplicate_of": duplicate_of}
    return None


@dataclass
class Merged:
    """The next version's shards that change (Arrow tables by shard index), and what changed."""

    provenance: dict[int, pa.Table] = field(default_factory=dict)
    state: dict[int, pa.Table] = field(default_factory=dict)
    data_removed: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    data_added: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    repositories: dict[str, int] = field(default_factory=dict)
    repository_count: int = 0
    stats: dict = field(default_factory=dict)
    attribution_added: list[dict] = field(default_factory=list)
    """Attribution rows (chunk form) of the files the graph curated and of promoted files."""
    attribution_removed: set[str] = field(default_factory=set)
    """Repositories whose parent attribution rows go: they left, were read again, or keep no file."""
    files_gone: set[tuple[str, str]] = field(default_factory=set)
    """(repository, path) of stored files no longer kept: their file-scope attribution rows go."""
    data_shards: list[ShardInfo | Future] = field(default_factory=list)
    """The next version's data shards in path order: copied (their info) or being rewritten (a
    future), started as soon as the data rows are decided (`start_data_shards`)."""
    data_rewritten: list[str] = field(default_factory=list)


def _decisions(output: str) -> dict[int, FileDecision]:
    refs = [ref for _, ref in read_state_decisions(output)]
    return {decision.handle: decision for decision in unpack_decisions(read_blobs(refs))}


def _new_files(output: str) -> tuple[dict[str, dict], dict[str, dict], list[dict], list[dict]]:
    """(provenance rows, data rows, state rows, attribution rows in chunk form) of the files the
    graph curated (provenance and data by id)."""
    provenance, data, state, attribution = {}, {}, [], []
    for piece in read_pieces(output):
        provenance.update((row["id"], row) for row in read_parquet(read_bytes(piece["provenance_path"])).to_pylist())
        data.update((row["id"], row) for row in read_parquet(read_bytes(piece["data_path"])).to_pylist())
        state += read_parquet(read_bytes(chunk_file(output, piece["key"], "state"))).to_pylist()
        if piece.get("attribution_path"):
            attribution += read_parquet(read_bytes(piece["attribution_path"])).to_pylist()
    return provenance, data, state, attribution


@dataclass(frozen=True)
class Promotion:
    """A stored file to read again and finish: its dump, dedup's new verdict, its parent
    provenance row (licence fields, content hash) and its repository's stored root expression
    (None in a legacy state, or when the parent gathered no notices for it)."""

    source: SourceId
    decision: FileDecision | None
    row: dict
    root_expression: str | None


def _promote(wanted: dict[str, Promotion], plan: SnapshotPlan,
             run: RunContext, notices: dict[tuple[str, str], RepoNotices]) -> list[FileRecord]:
    """The promoted files read again from their (unchanged) dumps in the new snapshot, through
    the steps before dedup, dedup's verdict and the steps after, as `run` finishes a chunk;
    `notices` gets their repositories' licence-like files (for their attribution rows).

    The parent decided each file's licence fields from this very dump under this config, and no
    step changes them: they are taken from its provenance row (`read_stored`), so a dump is read
    without its licence evidence (every file's header) when the state holds its root expression;
    without one it is read as ingest reads it (`read_repository(only=...)`).  A file the policy
    refuses on that licence type needs no content: it is not read (`refused_unread`), and when
    every promoted file is such, nothing is set up."""
    if not wanted:
        return []  # the steps' setup alone (PII analyzers) costs seconds
    found = [record for record in (refused_unread(promotion, plan.unchanged[promotion.source], run)
                                   for promotion in wanted.values()) if record is not None]
    refused = {record.id for record in found}
    by_source: dict[SourceId, dict[str, Promotion]] = defaultdict(dict)
    for file_id, promotion in wanted.items():
        if file_id not in refused:
            by_source[promotion.source][file_id] = promotion
    if not by_source:
        return found
    settle(REDACTION)  # a warm-up the launcher started while the graph ran (`pipeline/warm.py`)
    before = StepRunner(per_file_steps(run, after_grouping=False))
    after = StepRunner(per_file_steps(run, after_grouping=True))
    before.setup()
    after.setup()
    counters = Counters()
    for source_id, promotions in sorted(by_source.items()):
        for record in _read_again(plan.unchanged[source_id], promotions, run.config, notices):
            if record.content_sha256 != promotions[record.id].row["content_sha256"]:
                raise UsageError(f"{record.repo_name}: {record.path} differs from the stored file although the "
                                 "repository's commit is unchanged (a dump was altered)")
            if not record.dropped:
                before.run(record)
            decision = promotions[record.id].decision
            if decision is not None:
                apply_decision(record, decision, counters)
            if not record.dropped:
                after.run(record)
            found.append(record)
    missing = set(wanted) - {record.id for record in found}
    if missing:
        raise UsageError(f"{len(missing)} file(s) to promote are not in the new snapshot's dumps "
                         "although their repositories' commits are unchanged (a dump was altered)")
    return found


def refused_unread(promotion: Promotion, source: RepoSource, run: RunContext) -> FileRecord | None:
    """The record of a promoted file that the policy, the first step after dedup, refuses on its
    stored licence type, made without reading its dump (None when the policy would keep it, or
    is off).  A fresh run's record differs from this one only where a dropped file's provenance
    row does not look: its content (cleared by the drop) and the quality figures only data rows
    hold.  Its language is the filters' from the parent's run (no later step sets it), its licence
    fields ingest's (`read_stored`); `next_row` promotes only a file dedup now keeps alive."""
    steps = per_file_steps(run, after_grouping=True)
    if not steps or steps[0].name != "policy":
        return None
    row = promotion.row
    record = FileRecord(id=row["id"], repo_name=row["repo_name"], path=row["path"], commit=row["commit"], content="",
                        size=row["size"], content_sha256=row["content_sha256"], stars=source.stars,
                        forks=source.forks, timestamp=source.timestamp, language=row["language"])
    restore_licence(record, row)
    reason = steps[0].process(record)
    if reason is None:
        return None
    if promotion.decision is not None:
        apply_decision(record, promotion.decision, Counters())
    return record.drop(reason)


def _read_again(source: RepoSource, promotions: dict[str, Promotion], config: Config,
                notices: dict[tuple[str, str], RepoNotices]) -> list[FileRecord]:
    """One dump's promoted records as ingest leaves them; its notices go to `notices`."""
    roots = {promotion.root_expression for promotion in promotions.values()}
    if None not in roots and len(roots) == 1:
        rows = {file_id: promotion.row for file_id, promotion in promotions.items()}
        records, found = read_stored(source, config, rows, roots.pop())
        notices[(found.repo_name, found.commit)] = found
        return records
    keep = (lambda found: notices.__setitem__((found.repo_name, found.commit), found))
    return list(read_repository(source, config, keep, only=set(promotions)))


def _place(layout: DataLayout, rows: Iterable[dict], shard_bytes: int) -> list[tuple[dict, str]]:
    """Data rows → their data shard under the parent's layout (`DataLayout`; a new language is
    counted as `write` counts it, from the bytes of the rows that now join it)."""
    by_slug: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_slug[language_slug(row["language"])].append(row)
    placed = []
    for slug, members in sorted(by_slug.items()):
        total = sum(len(row["content"].encode("utf-8", "surrogatepass")) for row in members)
        count = layout.count(slug) or shard_count(total, shard_bytes)
        placed += [(row, data_shard_path(slug, shard_index(row["id"], count))) for row in members]
    return placed


_ATTENTION = ("dedup:", "optout:copy")
"""Reasons of a stored row that dedup decided: such a row is looked at even without a decision."""


def _handles(ids: list[str]) -> np.ndarray:
    return np.array([handle_of(file_id) for file_id in ids], dtype=np.uint64)


def _unchanged_mask(state: pa.Table, plan: SnapshotPlan) -> pa.Array:
    identity = pc.binary_join_element_wise(state["repo_name"], state["source_key"], "\0")
    keys = pa.array(sorted(f"{repo}\0{key}" for repo, key in plan.unchanged), type=pa.string())
    return pc.is_in(identity, value_set=keys)


def warm_for_merge(output: str) -> None:
    """Called as the graph starts: the PII analyzers' import (~1.3 s, 2.4 s under load) that the
    merge pays when it promotes a file, started in a thread of the launcher once the graph has
    staged which stored files dedup sees again (`reached.json`): from then on the graph's last
    stages (the stored state, dedup) leave a core idle.  The merge joins it (`settle`).  ScanCode's
    licence texts (~0.5 s of reading), which the remade attribution rows need, are read the same way."""
    reached = update_file(output, "reached.json")
    warm(REDACTION, lambda: FileSystems.exists(reached), poll=0.5)
    warm(LICENCE_REFERENCES, lambda: FileSystems.exists(reached), poll=0.5, load=load_references)


def merge_rows(parent_dir: str, output: str, plan: SnapshotPlan, run: RunContext, pool: ThreadPoolExecutor) -> Merged:
    """Decide every stored row (in Arrow: only rows that leave, carry a dedup verdict or had one
    become Python objects) and gather the new files, by shard.  The data shards are rewritten in
    `pool` from the moment their rows are decided, while the rest (provenance, state, the remade
    attribution rows: mostly Python) is decided here."""
    config: Config = run.config
    reader = DatasetReader(parent_dir)
    parent = reader.manifest
    count = shard_count(parent["counts"]["files_in"], config.write.provenance_shard_rows)
    decisions = _decisions(output)
    seen_again = read_reached(output)
    reached = None if seen_again is None else pa.array(sorted(seen_again), type=pa.string())
    merged = Merged()
    decided = np.array(sorted(decisions), dtype=np.uint64)
    new_provenance, new_data, new_state, merged.attribution_added = _new_files(output)
    layout = DataLayout(config.write.shard_bytes)
    promote: dict[str, Promotion] = {}
    promote_at: dict[str, int] = {}
    leaving: list[dict] = []
    joining: list[dict] = []
    changed: dict[int, dict[str, dict]] = defaultdict(dict)
    removed_ids: dict[int, set[str]] = defaultdict(set)
    parent_repos: set[str] = set()
    kept_tables: dict[int, pa.Table] = {}
    state_paths = _published(parent, "state")
    for shard in reader.shards("provenance"):
        index = _index(shard["path"])
        provenance = reader.read_shard(shard["path"]).cast(PROVENANCE_SCHEMA)
        state = _stored_state(reader, state_paths[state_shard_path(index)])
        if not provenance["id"].equals(state["id"]):
            raise UsageError(f"{parent_dir}: {shard['path']} and {state_shard_path(index)} hold different files")
        parent_repos.update(pc.unique(provenance["repo_name"]).to_pylist())
        for row in provenance.filter(pc.equal(provenance["status"], "kept")).select(["id", "status", "shard"]).to_pylist():
            layout.observe(row)
        stay = _unchanged_mask(state, plan)
        for row in provenance.filter(pc.invert(stay)).to_pylist():
            leaving.append(row)
            removed_ids[index].add(row["id"])
            if row["status"] == "kept":
                merged.data_removed[row["shard"]].add(row["id"])
            merged.counts["files_removed" if row["id"] not in new_provenance else "files_read_again"] += 1
        reasons = pc.fill_null(provenance["reason"], "")
        attention = pc.or_(pc.or_(pc.is_valid(provenance["cluster_id"]), pc.is_valid(provenance["duplicate_of"])),
                           pc.or_(pc.starts_with(reasons, _ATTENTION[0]), pc.starts_with(reasons, _ATTENTION[1])))
        handles = _handles(provenance["id"].to_pylist())
        attention = pc.and_(pc.or_(attention, pa.array(np.isin(handles, decided))), stay)
        if reached is not None:  # a stored file dedup did not see again keeps its verdict (`closure.py`)
            attention = pc.and_(attention, pc.is_in(provenance["id"], value_set=reached))
        states = {row["id"]: row for row in state.filter(attention).to_pylist()}
        for row in provenance.filter(attention).to_pylist():
            state_of = states[row["id"]]
            decision = decisions.get(handle_of(row["id"]))
            new = next_row(row, state_of, decision)
            if new is None:
                promote[row["id"]] = Promotion((state_of["repo_name"], state_of["source_key"]), decision, row,
                                               state_of["root_expression"])
                promote_at[row["id"]] = index
                leaving.append(row)
                continue
            if new != row:
                changed[index][row["id"]] = new
                leaving.append(row)
                joining.append(new)
                merged.counts["files_changed"] += 1
                if row["status"] == "kept" and new["status"] != "kept":
                    merged.data_removed[row["shard"]].add(row["id"])
                    merged.files_gone.add((row["repo_name"], row["path"]))
                    merged.counts["files_newly_dropped"] += 1
        kept_tables[index] = provenance
    notices: dict[tuple[str, str], RepoNotices] = {}
    promoted = _promote(promote, plan, run, notices)
    merged.attribution_added += promoted_attribution([record for record in promoted if not record.dropped],
                                                     notices, config)
    # A promoted file that ends dropped (the policy, PII, decontamination) was not kept in the
    # parent either (`next_row` promotes only files dedup or an opt-out copy had dropped): its
    # repository's attribution rows do not change for it, so it is not a file gone.
    joining_data = list(new_data.values()) + [data_row(record) for record in promoted if not record.dropped]
    places = {row["id"]: (row, path) for row, path in _place(layout, joining_data, config.write.shard_bytes)}
    for record in promoted:
        shard = places[record.id][1] if record.id in places else None
        row = provenance_row(record, shard)
        changed[promote_at[record.id]][record.id] = row
        joining.append(row)
        merged.counts["files_changed"] += 1
        merged.counts["files_promoted" if shard else "files_redecided"] += 1
    for file_id, row in new_provenance.items():
        row = {**row, "shard": places[file_id][1] if file_id in places else None}
        changed[shard_index(file_id, count, 1)][file_id] = row
        joining.append(row)
    new_state_by_index: dict[int, list[dict]] = defaultdict(list)
    for row in new_state:
        new_state_by_index[shard_index(row["id"], count, 1)].append(row)
    for row, path in places.values():
        merged.data_added[path].append(row)
    start_data_shards(reader, output, merged, config, pool)
    for index in sorted(set(kept_tables) | set(changed)):
        if index in changed or removed_ids.get(index):
            merged.provenance[index] = _replaced(kept_tables.get(index), removed_ids[index], changed[index],
                                                 PROVENANCE_SCHEMA)
    for index in sorted(set(kept_tables) | set(new_state_by_index)):
        if new_state_by_index.get(index) or removed_ids.get(index):
            stored = current_state(reader.read_shard(state_paths[state_shard_path(index)])) \
                if index in kept_tables else None
            merged.state[index] = _replaced(stored, removed_ids[index], {r["id"]: r for r in new_state_by_index[index]},
                                            STATE_SCHEMA)
    merged.counts["files_added"] = len(new_provenance) - merged.counts["files_read_again"]
    merged.stats = next_stats(parent, leaving, joining)
    tables = [merged.provenance.get(index, table) for index, table in kept_tables.items()]
    tables += [table for index, table in merged.provenance.items() if index not in kept_tables]
    now_repos = set(pc.unique(pa.chunked_array([t["repo_name"] for t in tables], type=pa.string())).to_pylist()) \
        if tables else set()
    read_repos = {row["repo_name"] for row in new_provenance.values()}
    kept_repos = {repo for repo, _ in plan.unchanged}
    merged.repository_count = len(now_repos)
    # Attribution: an unchanged repository that still has a kept file keeps its rows (as an opt-out
    # version keeps them); every other parent repository's rows go, and read repositories get
    # theirs from the graph, as a fresh run would.
    kept_now = set(pc.unique(pa.chunked_array(
        [t.filter(pc.equal(t["status"], "kept"))["repo_name"] for t in tables], type=pa.string())).to_pylist()) \
        if tables else set()
    staying = kept_now & (kept_repos - read_repos)
    # One that lost a kept file has its rows made again, as a fresh run makes them (`snapshot/attribution.py`).
    remade = staying & {repo for repo, _ in merged.files_gone}
    merged.attribution_removed = parent_repos - (staying - remade)
    roots = stored_roots(reader, [path for layout, path in state_paths.items() if layout != OPTOUT_STATE],
                         remade - {repo for repo, _ in notices})
    merged.attribution_added += remade_rows(reader, remade, [source for (repo, _), source in sorted(plan.unchanged.items())
                                                             if repo in remade], tables, merged.data_added, config,
                                                 notices, roots, pool=pool)
    merged.repositories = {"added": len(now_repos - parent_repos), "removed": len(parent_repos - now_repos),
                           "read_again": len((read_repos & parent_repos) - kept_repos),
                           "unchanged": len(kept_repos - read_repos)}
    return merged


def _replaced(table: pa.Table | None, removed: set[str], rows: dict[str, dict], schema: pa.Schema) -> pa.Table:
    """`table` without the `removed` ids and with `rows` in place of (or beside) its own, sorted by id."""
    parts = [pa.Table.from_pylist(list(rows.values()), schema=schema)]
    if table is not None:
        gone = pa.array(sorted(removed | set(rows)), type=pa.string())
        parts.append(table.filter(pc.invert(pc.is_in(table["id"], value_set=gone))))
    return pa.concat_tables(parts).sort_by("id")


_STATE_COLUMNS = ["id", "repo_name", "source_key", "pre_reason", "root_expression"]


def _stored_state(reader: DatasetReader, path: str) -> pa.Table:
    """The state columns the merge reads (a legacy shard's `root_expression` null)."""
    data = read_bytes(reader.path(path))
    names = pq.ParquetFile(io.BytesIO(data)).schema_arrow.names
    table = read_parquet(data, [name for name in _STATE_COLUMNS if name in names])
    if "root_expression" not in names:
        table = table.append_column("root_expression", pa.nulls(table.num_rows, pa.string()))
    return table


def _index(path: str) -> int:
    """The shard index of a published or layout name (`part-00003.<hash>.parquet` or `part-00003.parquet`)."""
    return int(layout_path(path).rsplit("part-", 1)[1].removesuffix(".parquet"))


def _published(parent: dict, kind: str) -> dict[str, str]:
    """Layout name → published path of the parent's objects of one kind."""
    return {layout_path(entry["path"]): entry["path"] for entry in parent["shards"].get(kind, [])}


def start_data_shards(reader: DatasetReader, output: str, merged: Merged, config: Config,
                      pool: ThreadPoolExecutor) -> None:
    """Every data shard of the next version under `.tmp/`: an untouched one copied byte for byte,
    the others rewritten in `pool` (Parquet reading, filtering, sorting and compression release
    the GIL); `merged.data_shards` keeps the path order whatever finishes first."""
    # Keyed by layout name, which provenance's `shard` column holds (`dataset/layout.py`).
    known_data = {layout_path(entry["path"]): entry for entry in reader.manifest["shards"]["data"]}
    for path in sorted(set(known_data) | set(merged.data_added)):
        if path not in merged.data_removed and path not in merged.data_added:
            stage_parent_object(reader.location, output, known_data[path])
            merged.data_shards.append(_as_info("data", known_data[path]))
            continue
        merged.data_rewritten.append(path)
        if path in known_data and not merged.data_added.get(path) and \
                len(merged.data_removed[path]) == known_data[path]["rows"]:
            continue  # every row left: the shard goes, as in a fresh run
        merged.data_shards.append(pool.submit(_rewrite_data, reader, output, path, known_data.get(path), merged, config))


def write_merged(parent_dir: str, output: str, merged: Merged, config: Config, pool: ThreadPoolExecutor,
                 optout_lists: tuple[OptoutList, ...] = ()) -> tuple[list[ShardInfo], dict]:
    """Every shard of the next version under `.tmp/` (copied byte for byte when untouched), and
    the paths rewritten by kind.  `optout_lists`: the parent's stored list and one given to this
    update, stored as their union (without, the parent's stored list is copied).  The data shards
    are those `merge_rows` started; provenance and state are written in `pool` too, while the
    attribution rows are merged here."""
    reader = DatasetReader(parent_dir)
    parent = reader.manifest
    rewritten: dict[str, list[str]] = {"data": merged.data_rewritten, "provenance": [], "state": [], "attribution": []}
    pending: list[ShardInfo | Future] = list(merged.data_shards)
    for kind, tables, path_of in (("provenance", merged.provenance, provenance_shard_path),
                                  ("state", merged.state, state_shard_path)):
        known = {layout_path(entry["path"]): entry for entry in parent["shards"][kind]
                 if layout_path(entry["path"]) != OPTOUT_STATE}
        for path in sorted(set(known) | {path_of(index) for index in tables}):
            table = tables.get(_index(path))
            if table is None:
                stage_parent_object(parent_dir, output, known[path])
                pending.append(_as_info(kind, known[path]))
                continue
            rewritten[kind].append(path)
            if table.num_rows:
                pending.append(pool.submit(_write_table, output, kind, path, table, config))
    settle(LICENCE_REFERENCES)
    attribution = attribution_shards(parent_dir, parent, output, merged.attribution_removed, merged.attribution_added,
                                     config, rewritten["attribution"], frozenset(merged.files_gone))
    shards = [item.result() if isinstance(item, Future) else item for item in pending] + attribution
    if optout_lists:
        shards.append(write_optout_state(output, config.write, *optout_lists))
        rewritten["state"].append(OPTOUT_STATE)
    else:
        optout = optout_state_entry(parent)
        stage_parent_object(parent_dir, output, optout)
        shards.append(_as_info("state", optout))
    return shards, {"stats": merged.stats, "rewritten": rewritten}


def _write_table(output: str, kind: str, relative: str, table: pa.Table, config: Config) -> ShardInfo:
    data = table_bytes(table, config.write)
    write_file(FileSystems.join(output, TMP, relative), data)
    return ShardInfo(kind, relative, table.num_rows, len(data), hashlib.sha256(data).hexdigest())


def _rewrite_data(reader: DatasetReader, output: str, path: str, known: dict | None, merged: Merged,
                  config: Config) -> ShardInfo:
    """A data shard without its leaving rows and with its joining ones, in Arrow (contents are
    most of a dataset's bytes: no row becomes a Python object)."""
    tables = [pa.Table.from_pylist(merged.data_added.get(path, []), schema=DATA_SCHEMA)]
    if known:
        parent = reader.read_shard(known["path"]).cast(DATA_SCHEMA)
        removed = pa.array(sorted(merged.data_removed.get(path, set())), type=pa.string())
        tables.append(parent.filter(pc.invert(pc.is_in(parent["id"], value_set=removed))))
    table = pa.concat_tables(tables).sort_by("id")
    data = table_bytes(table, config.write)
    write_file(FileSystems.join(output, TMP, path), data)
    return ShardInfo("data", path, table.num_rows, len(data), hashlib.sha256(data).hexdigest(), path.split("/")[1])
