"""Which repositories of a new snapshot are read, and which keep the parent's stored state.

A repository is unchanged when the new snapshot has a dump of it whose `source_key` (repository,
commit and host metadata, `state.py`) is one the parent stored: its files, ids and every
per-file decision before dedup are the parent's, so only its state rows take part.  Everything
else in the snapshot is read as `run` reads it (new repositories, new commits, dumps nothing
vouches for, file tables), and every parent file whose dump is not an unchanged one leaves.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.dataset.layout import layout_path
from pipeline.dataset.reader import DatasetReader
from pipeline.optout.entries import OptoutList
from pipeline.records import RepoSource
from pipeline.snapshot.optout_state import OPTOUT_STATE
from pipeline.snapshot.state import source_key

SourceId = tuple[str, str]
"""(repository name, source key)."""


@dataclass(frozen=True)
class SnapshotPlan:
    to_read: list[RepoSource]
    """Sources curated from scratch, as `run` would."""
    unchanged: dict[SourceId, RepoSource]
    """Parent sources that reappear identical, with their dump in the new snapshot."""
    state_shards: list[str]
    """The parent's state shards (relative paths), in manifest order."""
    reopened: frozenset[SourceId] = frozenset()
    """Unchanged sources read again because the update's opt-out list covers files of theirs."""


def stored_sources(reader: DatasetReader, shards: list[str]) -> set[SourceId]:
    """Every (repository, source key) the parent's files came from (two small columns read)."""
    found: set[SourceId] = set()
    for path in shards:
        table = reader.read_shard(path, ["repo_name", "source_key"])
        found.update(zip(table["repo_name"].to_pylist(), table["source_key"].to_pylist()))
    return found


def state_shards(parent: dict) -> list[str]:
    """Published paths of the per-file state shards (the stored opt-out list left out)."""
    return [shard["path"] for shard in parent["shards"]["state"] if layout_path(shard["path"]) != OPTOUT_STATE]


def _candidates(table: pa.Table, added: OptoutList) -> pa.Table:
    """The stored rows the added list may cover (by owner, repository or content), in Arrow: the
    list is small, the state large; `OptoutList.reason_for` decides on these few."""
    repos = pc.utf8_lower(table["repo_name"])
    owners = pc.utf8_lower(pc.list_element(pc.split_pattern(table["repo_name"], "/", max_splits=1), 0))
    named = pa.array(sorted(added.repos | {repo for repo, _ in added.paths}), type=pa.string())
    mask = pc.or_(pc.is_in(owners, value_set=pa.array(sorted(added.users), type=pa.string())),
                  pc.is_in(repos, value_set=named))
    mask = pc.or_(mask, pc.is_in(table["content_sha256"], value_set=pa.array(sorted(added.contents), type=pa.string())))
    return table.filter(pc.fill_null(mask, False))


def reopened_sources(table: pa.Table, unchanged: set[SourceId], stored: OptoutList, added: OptoutList,
                     union: OptoutList) -> set[SourceId]:
    """The unchanged sources of `table`'s stored files (columns repo_name, source_key, path,
    content_sha256) holding a file whose opt-out decision the added list changes: the union's
    reason differs from the stored list's (a file the parent already left out for the same
    reason, or for a stronger one, changes nothing)."""
    hit: set[SourceId] = set()
    table = _candidates(table.select(["repo_name", "source_key", "path", "content_sha256"]), added)
    for repo, key, file_path, sha in zip(*(table[name].to_pylist() for name in table.column_names)):
        if (repo, key) in unchanged and (repo, key) not in hit and \
                union.reason_for(repo, file_path, sha) != stored.reason_for(repo, file_path, sha):
            hit.add((repo, key))
    return hit


def newly_opted_out(reader: DatasetReader, shards: list[str], unchanged: set[SourceId], stored: OptoutList,
                    added: OptoutList, union: OptoutList) -> set[SourceId]:
    """`reopened_sources` over the parent's state shards: the unchanged sources to read again."""
    columns = ["repo_name", "source_key", "path", "content_sha256"]
    return set().union(*(reopened_sources(reader.read_shard(path, columns), unchanged, stored, added, union)
                         for path in shards))


def plan_snapshot(reader: DatasetReader, sources: list[RepoSource], stored_list: OptoutList | None = None,
                  added: OptoutList | None = None, union: OptoutList | None = None) -> SnapshotPlan:
    """`added` (with the parent's `stored_list` and their `union`): an opt-out list given to this
    update; the unchanged sources it reaches are read again."""
    shards = state_shards(reader.manifest)
    stored = stored_sources(reader, shards)
    unchanged: dict[SourceId, RepoSource] = {}
    to_read: list[RepoSource] = []
    for source in sources:
        key = source_key(source)
        if key and (source.repo_name, key) in stored and (source.repo_name, key) not in unchanged:
            unchanged[(source.repo_name, key)] = source
        else:
            to_read.append(source)
    reopened: set[SourceId] = set()
    if added:
        reopened = newly_opted_out(reader, shards, set(unchanged), stored_list, added, union)
        again = {id(unchanged.pop(source_id)) for source_id in reopened} | {id(source) for source in to_read}
        to_read = [source for source in sources if id(source) in again]  # in the snapshot's order
    return SnapshotPlan(to_read, unchanged, shards, frozenset(reopened))
