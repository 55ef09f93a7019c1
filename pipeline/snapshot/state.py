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
from collections.abc import Iterator

import numpy as np
import pyarrow as pa

from dedup.ranking import Member
from dedup.summaries import (
    ALIVE,
    COPY_SOURCE,
    FILTERED,
    GHOST,
    MEMBER_ROW,
    SHA_ROW,
    ChunkSummary,
    handle_of,
    pack_blobs,
    signature_row,
)
from pipeline.records import FileRecord, RepoSource

STATE_DIR = "state"
STATE_SCHEMA = pa.schema([
    ("id", pa.string()), ("repo_name", pa.string()), ("path", pa.string()), ("commit", pa.string()),
    ("source_key", pa.string()), ("content_sha256", pa.string()), ("flags", pa.uint8()),
    ("pre_reason", pa.string()), ("license_type", pa.string()), ("stars", pa.int64()), ("forks", pa.int64()),
    ("timestamp", pa.string()), ("signature", pa.binary()), ("bands", pa.binary()),
    ("root_expression", pa.string()),
])
"""`flags`: dedup's ALIVE / FILTERED / COPY_SOURCE / GHOST (`dedup/summaries.py`); `pre_reason`:
the drop reason after the steps before dedup (None when the file reached dedup); `signature`:
the b-bit MinHash (num_perm bytes); `bands`: the LSH band keys (uint64 little-endian each);
`root_expression`: the licence expression of the repository's root as ingest read it (the same
on every file of a repository; None when no licence-like files were gathered): with it, `update`
remakes an unchanged repository's attribution rows reading only its licence-like files
(`ingest.repository.read_notices`), never their text from the state (it is the input's,
unredacted)."""
LEGACY_STATE_SCHEMA = pa.schema([field for field in STATE_SCHEMA if field.name != "root_expression"])
"""State shards written before `root_expression` was stored: still read (the column is null) and verified."""


def current_state(table: pa.Table) -> pa.Table:
    """A stored state table in `STATE_SCHEMA`, a legacy one's `root_expression` null."""
    if "root_expression" not in table.column_names:
        table = table.append_column("root_expression", pa.nulls(table.num_rows, pa.string()))
    return table.cast(STATE_SCHEMA)

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
              sketch: tuple[np.ndarray, np.ndarray] | None, root_expression: str | None = None) -> dict:
    """One file's state: `record` as the steps before dedup left it (its ranking facts intact)."""
    low, keys = sketch if sketch is not None else (None, None)
    return {
        "id": record.id, "repo_name": record.repo_name, "path": record.path, "commit": record.commit,
        "source_key": key, "content_sha256": record.content_sha256, "flags": flags, "pre_reason": pre_reason,
        "license_type": record.license_type, "stars": record.stars, "forks": record.forks,
        "timestamp": record.timestamp,
        "signature": None if low is None else np.asarray(low, dtype=np.uint8).tobytes(),
        "bands": None if keys is None else np.asarray(keys, dtype="<u8").tobytes(),
        "root_expression": root_expression,
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


def stored_blobs(table: pa.Table, chunk: int, bands: int, num_perm: int, exact_hashes: bool,
                 copies: str) -> Iterator[tuple[str, int, bytes]]:
    """The summaries of a table of state rows, packed as one chunk's (`ChunkSummary.blobs`):
    `add_to_summary` for every row, in columns (an update packs every stored file)."""
    rows = table.num_rows
    flags = table["flags"].to_numpy(zero_copy_only=False).astype(np.uint8)
    ids = table["id"].to_pylist()
    handles = np.array([handle_of(file_id) for file_id in ids], dtype=np.uint64)
    shas = np.array(table["content_sha256"].to_pylist(), dtype="S64")
    alive_or_source = (flags & (ALIVE | COPY_SOURCE)) != 0
    filtered_copy = ((flags & FILTERED) != 0) & (copies != "none")
    hashed = (alive_or_source | filtered_copy) & exact_hashes
    sha_rows = np.zeros(int(hashed.sum()), dtype=SHA_ROW)
    sha_rows["sha"], sha_rows["handle"], sha_rows["flags"], sha_rows["chunk"] = shas[hashed], handles[hashed], flags[hashed], chunk
    members = (flags & (ALIVE | GHOST)) != 0
    member_rows = np.zeros(int(members.sum()), dtype=MEMBER_ROW)
    member_rows["handle"] = handles[members]
    member_rows["id"] = np.array(ids, dtype="S32")[members] if rows else member_rows["id"]
    member_rows["sha"] = shas[members]
    member_rows["license"] = np.array(table["license_type"].to_pylist(), dtype="S16")[members] if rows else member_rows["license"]
    member_rows["stars"] = table["stars"].to_numpy(zero_copy_only=False)[members]
    member_rows["forks"] = table["forks"].to_numpy(zero_copy_only=False)[members]
    stamps = [stamp.encode()[:40] for stamp in table["timestamp"].to_pylist()]
    member_rows["timestamp"] = np.array(stamps, dtype="S40")[members] if rows else member_rows["timestamp"]
    member_rows["chunk"] = chunk
    member_rows["ghost"] = (flags[members] & GHOST) != 0
    signature_values = table["signature"].to_pylist()
    signed = members & np.array([value is not None for value in signature_values], dtype=bool)
    signatures = np.zeros(int(signed.sum()), dtype=signature_row(num_perm))
    keys = np.zeros((signatures.size, bands), dtype=np.uint64)
    if signatures.size:
        chosen = np.flatnonzero(signed)
        signatures["handle"] = handles[chosen]
        signatures["sig"] = np.frombuffer(b"".join(signature_values[i] for i in chosen), dtype=np.uint8).reshape(-1, num_perm)
        band_values = table["bands"].to_pylist()
        keys = np.frombuffer(b"".join(band_values[i] for i in chosen), dtype="<u8").reshape(-1, bands)
    yield from pack_blobs(sha_rows, member_rows, signatures, keys)
