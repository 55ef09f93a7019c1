"""The parent's shards + what the update graph staged → the next version, rewriting only what changes.

The stored rows' new verdicts, promotions included, come from `stored.py` (decided while the
graph finishes the new files); the new files arrive finished from the graph.  Shards keep the
parent's layout (as opt-out versions do, `pipeline/optout/version.py`): a file enters the
provenance and state shard of its id under the parent's provenance shard count, and the data
shard of its id under its language's parent shard count.  A shard none of whose rows changes is
copied byte for byte.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc
from apache_beam.io.filesystems import FileSystems

from filters.language import language_slug
from licenses.attribution import load_references
from pipeline.config import Config
from pipeline.dataset.files import read_bytes, read_parquet, table_bytes, write_file
from pipeline.dataset.layout import (TMP, ShardInfo, data_shard_path, layout_path, provenance_shard_path, shard_count,
                                     shard_index)
from pipeline.dataset.publish import stage_parent_object
from pipeline.dataset.reader import DatasetReader
from pipeline.dataset.schema import DATA_SCHEMA, PROVENANCE_SCHEMA, data_row, provenance_row
from pipeline.optout.attribution import attribution_shards
from pipeline.optout.entries import OptoutList
from pipeline.optout.layout import DataLayout
from pipeline.optout.version import _as_info
from pipeline.snapshot.attribution import remade_rows, stored_roots
from pipeline.snapshot.graph import read_pieces, update_file
from pipeline.snapshot.plan import SnapshotPlan
from pipeline.snapshot.optout_state import OPTOUT_STATE, optout_state_entry
from pipeline.snapshot.state import STATE_SCHEMA, current_state, state_shard_path
from pipeline.snapshot.stats_delta import next_stats
from pipeline.snapshot.stored import StoredVerdicts, index_of
from pipeline.snapshot.write_state import write_optout_state
from pipeline.staging import chunk_file
from pipeline.stages import RunContext
from pipeline.warm import LICENCE_REFERENCES, REDACTION, settle, warm


@dataclass
class Merged:
    """The next version's shards that change (being written: futures by shard index), and what changed."""

    provenance: dict[int, Future] = field(default_factory=dict)
    """Provenance shards being written (`_written`: their info, or None when no row is left)."""
    state: dict[int, Future] = field(default_factory=dict)
    """State shards being rewritten (`_next_state_shard`: their info, or None when no row is left)."""
    data_removed: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    data_added: dict[str, pa.Table] = field(default_factory=dict)
    """The data rows joining each data shard (contents stay in Arrow: they are most of the bytes)."""
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


def _new_files(output: str) -> tuple[dict[str, dict], pa.Table, list[dict], list[dict]]:
    """(provenance rows by id, data rows, state rows, attribution rows in chunk form) of the files
    the graph curated."""
    provenance, data, state, attribution = {}, [DATA_SCHEMA.empty_table()], [], []
    for piece in read_pieces(output):
        provenance.update((row["id"], row) for row in read_parquet(read_bytes(piece["provenance_path"])).to_pylist())
        data.append(read_parquet(read_bytes(piece["data_path"])).cast(DATA_SCHEMA))
        state += read_parquet(read_bytes(chunk_file(output, piece["key"], "state"))).to_pylist()
        if piece.get("attribution_path"):
            attribution += read_parquet(read_bytes(piece["attribution_path"])).to_pylist()
    return provenance, pa.concat_tables(data), state, attribution


def _place(layout: DataLayout, rows: pa.Table, shard_bytes: int) -> list[str]:
    """The data shard of each row under the parent's layout (`DataLayout`; a new language is
    counted as `write` counts it, from the bytes of the rows that now join it)."""
    slugs = [language_slug(language) for language in rows["language"].to_pylist()]
    sizes = pc.fill_null(pc.binary_length(rows["content"]), 0).to_pylist()
    totals: dict[str, int] = defaultdict(int)
    for slug, size in zip(slugs, sizes):
        totals[slug] += size
    counts = {slug: layout.count(slug) or shard_count(total, shard_bytes) for slug, total in totals.items()}
    return [data_shard_path(slug, shard_index(file_id, counts[slug]))
            for slug, file_id in zip(slugs, rows["id"].to_pylist())]


def _by_shard(rows: pa.Table, paths: list[str]) -> dict[str, pa.Table]:
    """`rows` split by their data shard (`paths`, one per row)."""
    at: dict[str, list[int]] = defaultdict(list)
    for position, path in enumerate(paths):
        at[path].append(position)
    return {path: rows.take(pa.array(positions, type=pa.int64())) for path, positions in sorted(at.items())}


def warm_for_merge(output: str) -> None:
    """Called as the graph starts: the PII analyzers' import (~1.3 s, 2.4 s under load) that the
    merge pays when it promotes a file, started in a thread of the launcher once the graph has
    staged which stored files dedup sees again (`reached.json`): from then on the graph's last
    stages (the stored state, dedup) leave a core idle.  The merge joins it (`settle`).  ScanCode's
    licence texts (~0.5 s of reading), which the remade attribution rows need, are read the same way."""
    reached = update_file(output, "reached.json")
    warm(REDACTION, lambda: FileSystems.exists(reached), poll=0.5)
    warm(LICENCE_REFERENCES, lambda: FileSystems.exists(reached), poll=0.5, load=load_references)


def merge_rows(stored: StoredVerdicts, parent_dir: str, output: str, run: RunContext, plan: SnapshotPlan,
               pool: ThreadPoolExecutor) -> Merged:
    """The stored rows' new verdicts (`stored.decide_stored`) and the files the graph curated,
    by shard.  The data shards are rewritten in `pool` from the moment their rows are decided,
    while the rest (provenance, state, the remade attribution rows: mostly Python) is decided here."""
    config: Config = run.config
    reader = DatasetReader(parent_dir)
    parent = reader.manifest
    count = shard_count(parent["counts"]["files_in"], config.write.provenance_shard_rows)
    merged = Merged(data_removed=stored.data_removed, files_gone=stored.files_gone)
    new_provenance, new_data, new_state, new_attribution = _new_files(output)
    merged.attribution_added = new_attribution + stored.promoted_attribution
    for file_id in stored.departed:
        merged.counts["files_removed" if file_id not in new_provenance else "files_read_again"] += 1
    if stored.changed_count:
        merged.counts["files_changed"] += stored.changed_count
    if stored.newly_dropped:
        merged.counts["files_newly_dropped"] += stored.newly_dropped
    layout, promoted, promote_at, notices = stored.layout, stored.promoted, stored.promoted_at, stored.notices
    leaving, joining, changed, removed_ids = stored.leaving, stored.joining, stored.changed, stored.removed_ids
    kept_tables, parent_repos, state_paths = stored.provenance, stored.parent_repos, stored.state_paths
    # A promoted file that ends dropped (the policy, PII, decontamination) was not kept in the
    # parent either (`next_row` promotes only files dedup or an opt-out copy had dropped): its
    # repository's attribution rows do not change for it, so it is not a file gone.
    joining_data = pa.concat_tables([new_data, pa.Table.from_pylist(
        [data_row(record) for record in promoted if not record.dropped], schema=DATA_SCHEMA)])
    shard_paths = _place(layout, joining_data, config.write.shard_bytes)
    places = dict(zip(joining_data["id"].to_pylist(), shard_paths))
    for record in promoted:
        shard = places.get(record.id)
        row = provenance_row(record, shard)
        changed[promote_at[record.id]][record.id] = row
        joining.append(row)
        merged.counts["files_changed"] += 1
        merged.counts["files_promoted" if shard else "files_redecided"] += 1
    for file_id, row in new_provenance.items():
        row = {**row, "shard": places.get(file_id)}
        changed[shard_index(file_id, count, 1)][file_id] = row
        joining.append(row)
    new_state_by_index: dict[int, list[dict]] = defaultdict(list)
    for row in new_state:
        new_state_by_index[shard_index(row["id"], count, 1)].append(row)
    merged.data_added = _by_shard(joining_data, shard_paths)
    for index in sorted(set(kept_tables) | set(new_state_by_index)):
        if new_state_by_index.get(index) or removed_ids.get(index):
            # The state shard (most of a version's bytes besides contents) is read, replaced and
            # written in `pool` (first: it is the largest task) while the rest is decided here.
            merged.state[index] = pool.submit(_next_state_shard, reader, output, state_shard_path(index),
                                              state_paths[state_shard_path(index)] if index in kept_tables else None,
                                              removed_ids[index], {r["id"]: r for r in new_state_by_index[index]}, config)
    replaced: dict[int, pa.Table] = {}
    for index in sorted(set(kept_tables) | set(changed)):
        if index in changed or removed_ids.get(index):
            replaced[index] = _replaced(kept_tables.get(index), removed_ids[index], changed[index], PROVENANCE_SCHEMA)
            merged.provenance[index] = _written(pool, output, "provenance", provenance_shard_path(index),
                                                replaced[index], config)
    start_data_shards(reader, output, merged, config, pool)
    merged.counts["files_added"] = len(new_provenance) - merged.counts["files_read_again"]
    merged.stats = next_stats(parent, leaving, joining)
    tables = [replaced.get(index, table) for index, table in kept_tables.items()]
    tables += [table for index, table in replaced.items() if index not in kept_tables]
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
        if path in known_data and path not in merged.data_added and \
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
            being_written = tables.get(index_of(path))
            if being_written is None:
                stage_parent_object(parent_dir, output, known[path])
                pending.append(_as_info(kind, known[path]))
                continue
            rewritten[kind].append(path)
            pending.append(being_written)
    settle(LICENCE_REFERENCES)
    attribution = attribution_shards(parent_dir, parent, output, merged.attribution_removed, merged.attribution_added,
                                     config, rewritten["attribution"], frozenset(merged.files_gone))
    shards = [shard for shard in (item.result() if isinstance(item, Future) else item for item in pending)
              if shard is not None] + attribution
    if optout_lists:
        shards.append(write_optout_state(output, config.write, *optout_lists))
        rewritten["state"].append(OPTOUT_STATE)
    else:
        optout = optout_state_entry(parent)
        stage_parent_object(parent_dir, output, optout)
        shards.append(_as_info("state", optout))
    return shards, {"stats": merged.stats, "rewritten": rewritten}


def _next_state_shard(reader: DatasetReader, output: str, relative: str, parent_path: str | None, removed: set[str],
                      rows: dict[str, dict], config: Config) -> ShardInfo | None:
    """A state shard without its `removed` ids and with `rows` in place of (or beside) its own,
    written (None when no row is left: the shard goes, as in a fresh run)."""
    parent_state = current_state(reader.read_shard(parent_path)) if parent_path else None
    table = _replaced(parent_state, removed, rows, STATE_SCHEMA)
    return _write_table(output, "state", relative, table, config) if table.num_rows else None


def _written(pool: ThreadPoolExecutor, output: str, kind: str, relative: str, table: pa.Table, config: Config) -> Future:
    """`table` being written in `pool` (a future of its info), or a future of None when it holds no
    row (the shard goes, as in a fresh run)."""
    if table.num_rows:
        return pool.submit(_write_table, output, kind, relative, table, config)
    done: Future = Future()
    done.set_result(None)
    return done


def _write_table(output: str, kind: str, relative: str, table: pa.Table, config: Config) -> ShardInfo:
    data = table_bytes(table, config.write)
    write_file(FileSystems.join(output, TMP, relative), data)
    return ShardInfo(kind, relative, table.num_rows, len(data), hashlib.sha256(data).hexdigest())


def _rewrite_data(reader: DatasetReader, output: str, path: str, known: dict | None, merged: Merged,
                  config: Config) -> ShardInfo:
    """A data shard without its leaving rows and with its joining ones, in Arrow (contents are
    most of a dataset's bytes: no row becomes a Python object)."""
    tables = [merged.data_added.get(path, DATA_SCHEMA.empty_table())]
    if known:
        parent = reader.read_shard(known["path"]).cast(DATA_SCHEMA)
        removed = pa.array(sorted(merged.data_removed.get(path, set())), type=pa.string())
        tables.append(parent.filter(pc.invert(pc.is_in(parent["id"], value_set=removed))))
    table = pa.concat_tables(tables).sort_by("id")
    data = table_bytes(table, config.write)
    write_file(FileSystems.join(output, TMP, path), data)
    return ShardInfo("data", path, table.num_rows, len(data), hashlib.sha256(data).hexdigest(), path.split("/")[1])
