"""Which repositories of a new snapshot are read, and which keep the parent's stored state.

A repository is unchanged when the new snapshot has a dump of it whose `source_key` (repository,
commit and host metadata, `state.py`) is one the parent stored: its files, ids and every
per-file decision before dedup are the parent's, so only its state rows take part.  Everything
else in the snapshot is read as `run` reads it (new repositories, new commits, dumps nothing
vouches for, file tables), and every parent file whose dump is not an unchanged one leaves.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.dataset.layout import layout_path
from pipeline.dataset.reader import DatasetReader
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


def plan_snapshot(reader: DatasetReader, sources: list[RepoSource]) -> SnapshotPlan:
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
    return SnapshotPlan(to_read, unchanged, shards)
