"""The parent's stored rows under the update's dedup verdicts: what `merge.py` needs of them before
the new files arrive.

A stored file of an unchanged repository keeps every decision made before dedup; only dedup's
verdict can differ, now that new files joined its groups and departed ones left.  Its new row
follows from the parent's row and that verdict (`next_row`) without its content, except when
it newly reaches the steps after dedup (a duplicate whose keeper left or lost the ranking, a
copy whose opted-out source left): then it is promoted, read again from the new snapshot (which
holds it: its entries, not its licence evidence, whose outcome the parent row holds) and finished
by `run`'s own steps.

The verdicts need the graph's decisions about stored files and the ids dedup saw again, which the
graph stages before it finishes the new files: `decide_stored` runs then, in a thread of the
launcher, while the workers finish (`pipeline/cli/update.py`).  What they start from (`read_parent_rows`:
the parent's rows as read, and those of repositories that left or are read again) is read in
that thread earlier, while the graph's last stages before finishing leave a core idle.
"""

from __future__ import annotations

import io
import threading
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from apache_beam.io.filesystems import FileSystems

from dedup.blobs import read_blobs
from dedup.rules import FileDecision, unpack_decisions
from dedup.summaries import handle_of
from licenses.attribution import RepoNotices
from pipeline.config import Config
from pipeline.dataset.files import read_bytes, read_parquet
from pipeline.dataset.layout import layout_path
from pipeline.dataset.reader import DatasetReader
from pipeline.dataset.schema import PROVENANCE_SCHEMA
from pipeline.errors import UsageError
from pipeline.finish import apply_decision
from pipeline.ingest.licence_fields import restore_licence
from pipeline.ingest.repository import read_repository, read_stored
from pipeline.optout.attribution import promoted_attribution
from pipeline.optout.layout import DataLayout
from pipeline.records import FileRecord, RepoSource
from pipeline.snapshot.graph import STORED_DECISIONS, read_reached, read_state_decisions, update_file
from pipeline.snapshot.plan import SnapshotPlan, SourceId
from pipeline.snapshot.state import state_shard_path
from pipeline.stages import RunContext, per_file_steps, reason_prefixes
from pipeline.steps import Counters, StepRunner
from pipeline.warm import REDACTION, settle


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


def _decisions(output: str) -> dict[int, FileDecision]:
    refs = [ref for _, ref in read_state_decisions(output)]
    return {decision.handle: decision for decision in unpack_decisions(read_blobs(refs))}


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


_ATTENTION = ("dedup:", "optout:copy")
"""Reasons of a stored row that dedup decided: such a row is looked at even without a decision."""


def _handles(ids: list[str]) -> np.ndarray:
    return np.array([handle_of(file_id) for file_id in ids], dtype=np.uint64)


def _unchanged_mask(state: pa.Table, plan: SnapshotPlan) -> pa.Array:
    identity = pc.binary_join_element_wise(state["repo_name"], state["source_key"], "\0")
    keys = pa.array(sorted(f"{repo}\0{key}" for repo, key in plan.unchanged), type=pa.string())
    return pc.is_in(identity, value_set=keys)


_STATE_COLUMNS = ["id", "repo_name", "source_key", "pre_reason", "root_expression"]


def _stored_state(reader: DatasetReader, path: str) -> pa.Table:
    """The state columns the merge reads (a legacy shard's `root_expression` null)."""
    data = read_bytes(reader.path(path))
    names = pq.ParquetFile(io.BytesIO(data)).schema_arrow.names
    table = read_parquet(data, [name for name in _STATE_COLUMNS if name in names])
    if "root_expression" not in names:
        table = table.append_column("root_expression", pa.nulls(table.num_rows, pa.string()))
    return table


def index_of(path: str) -> int:
    """The shard index of a published or layout name (`part-00003.<hash>.parquet` or `part-00003.parquet`)."""
    return int(layout_path(path).rsplit("part-", 1)[1].removesuffix(".parquet"))


def _published(parent: dict, kind: str) -> dict[str, str]:
    """Layout name → published path of the parent's objects of one kind."""
    return {layout_path(entry["path"]): entry["path"] for entry in parent["shards"].get(kind, [])}


@dataclass
class StoredVerdicts:
    """The parent's rows under the new verdicts, by provenance shard index: what leaves, what
    changes, what is promoted (read again and finished), and what the parent held."""

    layout: DataLayout
    """The parent's kept data rows by shard (new files are placed under it)."""
    provenance: dict[int, pa.Table] = field(default_factory=dict)
    """The parent's provenance shards, as read."""
    state_paths: dict[str, str] = field(default_factory=dict)
    leaving: list[dict] = field(default_factory=list)
    """Parent provenance rows that leave or are replaced (for the stats)."""
    joining: list[dict] = field(default_factory=list)
    """Rows that replace parent rows (changed verdicts; promoted files' rows join in `merge.py`)."""
    changed: dict[int, dict[str, dict]] = field(default_factory=lambda: defaultdict(dict))
    removed_ids: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    departed: list[str] = field(default_factory=list)
    """Ids of parent rows whose repository is no longer unchanged (gone, or read again)."""
    data_removed: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    files_gone: set[tuple[str, str]] = field(default_factory=set)
    parent_repos: set[str] = field(default_factory=set)
    promoted: list[FileRecord] = field(default_factory=list)
    promoted_at: dict[str, int] = field(default_factory=dict)
    notices: dict[tuple[str, str], RepoNotices] = field(default_factory=dict)
    promoted_attribution: list[dict] = field(default_factory=list)
    changed_count: int = 0
    newly_dropped: int = 0
    states: dict[int, tuple[pa.Table, pa.Array]] = field(default_factory=dict)
    """By provenance shard index, until the verdicts are decided: the state columns read and
    which rows belong to unchanged repositories."""


def read_parent_rows(parent_dir: str, plan: SnapshotPlan, config: Config) -> StoredVerdicts:
    """What the verdicts start from and no graph decision changes: the parent's provenance and
    state as read, its kept rows' layout, and the rows of repositories that are no longer unchanged
    (gone, or read again), which leave whatever dedup decides."""
    reader = DatasetReader(parent_dir)
    stored = StoredVerdicts(DataLayout(config.write.shard_bytes), state_paths=_published(reader.manifest, "state"))
    for shard in reader.shards("provenance"):
        index = index_of(shard["path"])
        provenance = reader.read_shard(shard["path"]).cast(PROVENANCE_SCHEMA)
        state = _stored_state(reader, stored.state_paths[state_shard_path(index)])
        if not provenance["id"].equals(state["id"]):
            raise UsageError(f"{parent_dir}: {shard['path']} and {state_shard_path(index)} hold different files")
        stored.parent_repos.update(pc.unique(provenance["repo_name"]).to_pylist())
        for row in provenance.filter(pc.equal(provenance["status"], "kept")).select(["id", "status", "shard"]).to_pylist():
            stored.layout.observe(row)
        stay = _unchanged_mask(state, plan)
        for row in provenance.filter(pc.invert(stay)).to_pylist():
            stored.leaving.append(row)
            stored.removed_ids[index].add(row["id"])
            stored.departed.append(row["id"])
            if row["status"] == "kept":
                stored.data_removed[row["shard"]].add(row["id"])
        stored.provenance[index] = provenance
        stored.states[index] = (state, stay)
    return stored


def decide_stored(stored: StoredVerdicts, output: str, plan: SnapshotPlan, run: RunContext) -> StoredVerdicts:
    """The stored rows (`read_parent_rows`) under the graph's decisions (in Arrow: only rows that leave,
    carry a dedup verdict or had one become Python objects), and the promoted files read again and
    finished."""
    decisions = _decisions(output)
    seen_again = read_reached(output)
    reached = None if seen_again is None else pa.array(sorted(seen_again), type=pa.string())
    decided = np.array(sorted(decisions), dtype=np.uint64)
    promote: dict[str, Promotion] = {}
    for index, provenance in stored.provenance.items():
        state, stay = stored.states[index]
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
                stored.promoted_at[row["id"]] = index
                stored.leaving.append(row)
                continue
            if new != row:
                stored.changed[index][row["id"]] = new
                stored.leaving.append(row)
                stored.joining.append(new)
                stored.changed_count += 1
                if row["status"] == "kept" and new["status"] != "kept":
                    stored.data_removed[row["shard"]].add(row["id"])
                    stored.files_gone.add((row["repo_name"], row["path"]))
                    stored.newly_dropped += 1
    stored.states.clear()
    stored.promoted = _promote(promote, plan, run, stored.notices)
    stored.promoted_attribution = promoted_attribution([record for record in stored.promoted if not record.dropped],
                                                       stored.notices, run.config)
    return stored


def decide_when_staged(graph_done: threading.Event, parent_dir: str, output: str, plan: SnapshotPlan,
                       run: RunContext, poll: float = 0.1) -> StoredVerdicts | None:
    """`read_parent_rows` once the graph has staged the stored ids dedup sees again (its last stages
    leave a core idle), then `decide_stored` as soon as it has staged its decisions about stored
    files, which it does before finishing the new files (so this overlaps the finishing), or once
    the graph has ended; None when the graph ended without staging them (it failed: nothing to decide)."""
    reached, staged = update_file(output, "reached.json"), update_file(output, STORED_DECISIONS)
    while not graph_done.is_set() and not FileSystems.exists(reached) and not FileSystems.exists(staged):
        graph_done.wait(poll)
    if graph_done.is_set() and not FileSystems.exists(staged):
        return None  # the graph failed or was interrupted: the parent is not read for nothing
    stored = read_parent_rows(parent_dir, plan, run.config)
    while not graph_done.is_set() and not FileSystems.exists(staged):
        graph_done.wait(poll)
    if not FileSystems.exists(staged):
        return None
    return decide_stored(stored, output, plan, run)
