"""What a chunk tells dedup about its files, packed into a few byte blobs per chunk.

Dedup needs every file's hash, LSH band keys, MinHash signature and ranking facts at once, but
never its content.  A chunk's files become fixed-width numpy rows, split by partition (content
hash, band, or file handle) and packed into one `bytes` blob per partition: the shuffle then
moves a few dozen blobs per chunk instead of dozens of elements per file, and the local runner's
launcher, which holds every shuffle in memory, holds compact bytes.

A file is named inside dedup by its *handle*, the first 64 bits of its id: ids are sha256 hex, so
handles order like ids and a collision among a run's files is a one-in-10^10 event, detected
where members are read back (`MemberTable.add`), never silently merged.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from dedup.ranking import Member

ALIVE, FILTERED, COPY_SOURCE, GHOST = 1, 2, 4, 8
"""Flags: reached dedup; dropped by a per-file step after the opt-out stage (still an exact copy
candidate); an opted-out file whose copies go too; an opted-out file that joins near grouping."""

PARTITIONS = 32

SHA_ROW = np.dtype([("sha", "S64"), ("handle", "<u8"), ("flags", "u1"), ("chunk", "<u8")])
MEMBER_ROW = np.dtype([("handle", "<u8"), ("id", "S32"), ("sha", "S64"), ("license", "S16"), ("stars", "<i8"),
                       ("forks", "<i8"), ("timestamp", "S40"), ("chunk", "<u8"), ("ghost", "?")])


class HandleCollision(RuntimeError):
    """Two different file ids share their first 64 bits (never seen; reported, never merged)."""


def handle_of(file_id: str) -> int:
    return int(file_id[:16], 16)


def sha_partition(sha: str) -> int:
    return int(sha[:8], 16) % PARTITIONS


def handle_partition(handle: int) -> int:
    return handle % PARTITIONS


def signature_row(num_perm: int) -> np.dtype:
    return np.dtype([("handle", "<u8"), ("sig", "u1", (num_perm,))])


def low_bytes(signature: np.ndarray) -> np.ndarray:
    """b-bit MinHash (Li & König) with b = 8: the low byte of each value is enough to estimate
    Jaccard (`estimated_jaccard`) at a quarter of the bytes."""
    return (np.asarray(signature, dtype=np.uint32) & 0xFF).astype(np.uint8)


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard estimated from two b-bit signatures: equal low bytes, corrected for the 1/256
    chance that two different minimums share one."""
    matches = float(np.mean(a == b))
    return max(0.0, (matches - 1 / 256) / (1 - 1 / 256))


def band_keys(signature: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """uint64 bucket keys, one per band: a hash of the band's values (bands live in separate
    partitions, so equal values in different bands never meet)."""
    import xxhash

    data = np.ascontiguousarray(signature[: bands * rows], dtype="<u4").tobytes()
    width = 4 * rows
    return np.array([xxhash.xxh3_64_intdigest(data[band * width:(band + 1) * width]) for band in range(bands)],
                    dtype=np.uint64)


@dataclass
class ChunkSummary:
    """Accumulates one chunk's rows; `blobs()` packs them by partition."""

    chunk: int
    bands: int
    num_perm: int
    sha_rows: list[tuple] = field(default_factory=list)
    member_rows: list[tuple] = field(default_factory=list)
    signatures: list[tuple[int, np.ndarray]] = field(default_factory=list)
    band_rows: list[tuple[int, np.ndarray]] = field(default_factory=list)

    def add_hash(self, file_id: str, sha: str, flags: int) -> None:
        self.sha_rows.append((sha.encode(), handle_of(file_id), flags, self.chunk))

    def add_member(self, member: Member) -> None:
        self.member_rows.append((handle_of(member.id), member.id.encode(), member.content_sha256.encode(),
                                 member.license_type.encode(), member.stars, member.forks,
                                 member.timestamp.encode()[:40], self.chunk, member.ghost))

    def add_signature(self, file_id: str, signature: np.ndarray, keys: np.ndarray) -> None:
        """A full MinHash signature (uint32) and its band keys."""
        self.add_sketch(file_id, low_bytes(signature), keys)

    def add_sketch(self, file_id: str, low: np.ndarray, keys: np.ndarray) -> None:
        """A b-bit signature (`low_bytes`) and its band keys."""
        handle = handle_of(file_id)
        self.signatures.append((handle, low))
        self.band_rows.append((handle, keys))

    def blobs(self) -> Iterator[tuple[str, int, bytes]]:
        """(family, partition, blob) for every non-empty partition: families `sha`, `member`,
        `signature` (partitioned by handle) and `band` (partition = band index)."""
        sha_rows = np.array(self.sha_rows, dtype=SHA_ROW)
        member_rows = np.array(self.member_rows, dtype=MEMBER_ROW)
        signatures = np.zeros(len(self.signatures), dtype=signature_row(self.num_perm))
        keys = np.zeros((0, self.bands), dtype=np.uint64)
        if self.signatures:
            signatures["handle"] = [handle for handle, _ in self.signatures]
            signatures["sig"] = np.stack([sig for _, sig in self.signatures])
            keys = np.stack([keys for _, keys in self.band_rows])
        yield from pack_blobs(sha_rows, member_rows, signatures, keys)


def pack_blobs(sha_rows: np.ndarray, member_rows: np.ndarray, signatures: np.ndarray,
               keys: np.ndarray) -> Iterator[tuple[str, int, bytes]]:
    """A chunk's packed rows split by partition (`ChunkSummary.blobs`); `keys` holds the band keys
    of `signatures`' rows, in their order.  Also how an update packs a dataset's stored state."""
    if sha_rows.size:
        parts = np.array([sha_partition(sha.decode()) for sha in sha_rows["sha"]])
        yield from _split("sha", sha_rows, parts)
    if member_rows.size:
        yield from _split("member", member_rows, member_rows["handle"] % PARTITIONS)
    if signatures.size:
        yield from _split("signature", signatures, signatures["handle"] % PARTITIONS)
        handles = signatures["handle"].astype(np.uint64)
        for band in range(keys.shape[1]):
            pairs = np.stack([keys[:, band], handles], axis=1).astype("<u8")
            yield "band", band, pairs.tobytes()


def _split(family: str, rows: np.ndarray, parts: np.ndarray) -> Iterator[tuple[str, int, bytes]]:
    for part in np.unique(parts):
        yield family, int(part), rows[parts == part].tobytes()


def unpack(blobs: Iterable[bytes], dtype: np.dtype) -> np.ndarray:
    arrays = [np.frombuffer(blob, dtype=dtype) for blob in blobs]
    return np.concatenate(arrays) if arrays else np.zeros(0, dtype=dtype)


def unpack_bands(blobs: Iterable[bytes]) -> np.ndarray:
    """(n, 2) array of (key, handle)."""
    arrays = [np.frombuffer(blob, dtype="<u8").reshape(-1, 2) for blob in blobs]
    return np.concatenate(arrays) if arrays else np.zeros((0, 2), dtype="<u8")


def member_of_row(row: np.void) -> tuple[int, Member]:
    """(chunk, Member) of a packed member row."""
    return int(row["chunk"]), Member(row["id"].decode(), row["sha"].decode(), row["license"].decode(),
                                     int(row["stars"]), int(row["forks"]), row["timestamp"].decode(),
                                     bool(row["ghost"]))


def runs_of_equal(keys: np.ndarray) -> Iterator[np.ndarray]:
    """Index arrays of the runs of equal keys with two or more members (keys need not be sorted)."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    if sorted_keys.size < 2:
        return
    boundaries = np.flatnonzero(sorted_keys[1:] != sorted_keys[:-1]) + 1
    starts = np.concatenate([[0], boundaries])
    ends = np.concatenate([boundaries, [sorted_keys.size]])
    for start, end in zip(starts, ends):
        if end - start >= 2:
            yield order[start:end]


def estimated_jaccard_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """`estimated_jaccard` of each row pair of two (n, num_perm) b-bit signature arrays."""
    if not len(a):
        return np.zeros(0)
    matches = np.mean(a == b, axis=1)
    return np.maximum(0.0, (matches - 1 / 256) / (1 - 1 / 256))
