"""The state a dataset keeps so that its next snapshot needs no recomputation of what did not change.

`state/part-NNNNN.parquet` holds one row per input file (the same files, in the same shard index,
as `provenance/part-NNNNN.parquet`): what identifies the file and its repository's dump
(`source_key`), the per-file decision made before dedup (`pre_reason`, `flags`) and what dedup
needs of it (content hash, ranking facts, b-bit MinHash signature, LSH band keys).  `update`
turns the rows of unchanged repositories back into the very summaries `run`'s curate stage
emits (`add_to_summary` is shared by both), so dedup over the next snapshot sees for them exactly
what a fresh run would compute, without reading their dumps.

The shards are listed in the manifest (`shards.state`) with rows, bytes and sha256, and `verify`
checks them like data and provenance.
"""

from __future__ import annotations

import hashlib
import json
import re

import numpy as np
import pyarrow as pa

from dedup.ranking import Member
from dedup.summaries import ALIVE, COPY_SOURCE, FILTERED, GHOST, ChunkSummary
from pipeline.records import FileRecord, RepoSource

STATE_DIR = "state"
STATE_SCHEMA = pa.schema([
    ("id", pa.string()), ("repo_name", pa.string()), ("path", pa.string()), ("commit", pa.string()),
    ("source_key", pa.string()), ("content_sha256", pa.string()), ("flags", pa.uint8()),
    ("pre_reason", pa.string()), ("license_type", pa.string()), ("stars", pa.int64()), ("forks", pa.int64()),
    ("timestamp", pa.string()), ("signature", pa.binary()), ("bands", pa.binary()),
])
"""`flags`: dedup's ALIVE / FILTERED / COPY_SOURCE / GHOST (`dedup/summaries.py`); `pre_reason`:
the drop reason after the steps before dedup (None when the file reached dedup); `signature`:
the b-bit MinHash (num_perm bytes); `bands`: the LSH band keys (uint64 little-endian each)."""

_COMMIT = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")


def state_shard_path(index: int) -> str:
    return f"{STATE_DIR}/part-{index:05d}.parquet"


def source_key(source: RepoSource) -> str:
    """What identifies a dump's contents without reading it: its repository, its commit and the
    host metadata every stage may read (stars, forks, licence, recency).  Empty when nothing
    vouches for the contents (a table, a dump named by a branch, no commit): such a source is
    read again by every update."""
    if source.kind == "table" or not source.commit:
        return ""
    if source.commit == source.ref and not _COMMIT.fullmatch(source.commit):
        return ""  # the "commit" is the ref of the dump's name (a branch moves)
    identity = [source.repo_name, source.commit, source.stars, source.forks, source.license, source.timestamp]
    return hashlib.sha256(json.dumps(identity).encode("utf-8")).hexdigest()[:32]


def hash_wanted(flags: int, exact_hashes: bool, copies: str) -> bool:
    """Whether dedup's exact (and opt-out copy) grouping sees the file's content hash."""
    return exact_hashes and bool(flags & (ALIVE | COPY_SOURCE) or (flags & FILTERED and copies != "none"))


def member_wanted(flags: int) -> bool:
    """Whether the file takes part in ranking and near grouping (alive, or an opt-out ghost)."""
    return bool(flags & (ALIVE | GHOST))


def state_row(record: FileRecord, flags: int, pre_reason: str | None, key: str,
              sketch: tuple[np.ndarray, np.ndarray] | None) -> dict:
    """One file's state: `record` as the steps before dedup left it (its ranking facts intact)."""
    low, keys = sketch if sketch is not None else (None, None)
    return {
        "id": record.id, "repo_name": record.repo_name, "path": record.path, "commit": record.commit,
        "source_key": key, "content_sha256": record.content_sha256, "flags": flags, "pre_reason": pre_reason,
        "license_type": record.license_type, "stars": record.stars, "forks": record.forks,
        "timestamp": record.timestamp,
        "signature": None if low is None else np.asarray(low, dtype=np.uint8).tobytes(),
        "bands": None if keys is None else np.asarray(keys, dtype="<u8").tobytes(),
    }


def state_table(rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(sorted(rows, key=lambda row: row["id"]), schema=STATE_SCHEMA)


def add_to_summary(summary: ChunkSummary, row: dict, exact_hashes: bool, copies: str) -> None:
    """A stored file's summaries, as the curate stage adds them (`pipeline/curate.py`)."""
    flags = row["flags"]
    if hash_wanted(flags, exact_hashes, copies):
        summary.add_hash(row["id"], row["content_sha256"], flags)
    if member_wanted(flags):
        summary.add_member(Member(row["id"], row["content_sha256"], row["license_type"], row["stars"],
                                  row["forks"], row["timestamp"], ghost=bool(flags & GHOST)))
        if row["signature"] is not None:
            summary.add_sketch(row["id"], np.frombuffer(row["signature"], dtype=np.uint8),
                               np.frombuffer(row["bands"], dtype="<u8"))
