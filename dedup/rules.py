"""The dedup rules as pure functions: the Beam composite (`dedup/stage.py`) and opt-out promotion
(`pipeline/optout/promote.py`) both call these, so a new version decides exactly as a fresh run.

- a near group is a connected component of verified LSH candidate edges; an exact group is a
  content hash shared by two or more files that reached dedup; a file in both is near;
- a candidate edge links a bucket member to the bucket's smallest member (a star) and is kept
  when the Jaccard estimated from the two b-bit signatures reaches the threshold;
- every group is named by its smallest member id and keeps one ranked keeper (`ranking.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from dedup.components import union_find_components
from dedup.minhash import shingle_batch, signatures
from dedup.ranking import COPY_REASON, Member, decide_group
from dedup.config import NearDedupConfig
from dedup.summaries import ALIVE, ChunkSummary, band_keys, estimated_jaccard, handle_of, low_bytes
from core.records import content_sha256

__all__ = ["COPY_REASON", "DECISION_ROW", "FileDecision", "decide", "decision_rows", "near_components",
           "sketches", "star_edge_rows", "text_blobs", "unpack_decisions"]


@dataclass(frozen=True, slots=True)
class FileDecision:
    """What dedup decided for one file, addressed by its handle inside its chunk."""

    handle: int
    cluster_id: str | None
    duplicate_of: str | None
    reason: str | None


DECISION_ROW = np.dtype([("handle", "<u8"), ("cluster_id", "S80"), ("duplicate_of", "S64"), ("reason", "S32")])
"""A `FileDecision` packed (an empty string stands for None); ids are 64 hex digits."""


def decision_rows(handles: np.ndarray, cluster_ids: Sequence[str | None] | None = None,
                  duplicate_ofs: Sequence[str | None] | None = None,
                  reasons: Sequence[str | None] | None = None, reason: str | None = None) -> np.ndarray:
    """Decisions packed as `DECISION_ROW`s; `reason` gives every row the same reason."""
    rows = np.zeros(len(handles), dtype=DECISION_ROW)
    rows["handle"] = handles
    for name, values in (("cluster_id", cluster_ids), ("duplicate_of", duplicate_ofs), ("reason", reasons)):
        if values is not None:
            encoded = [(value or "").encode() for value in values]
            width = DECISION_ROW[name].itemsize
            if any(len(value) > width for value in encoded):
                raise ValueError(f"a decision's {name} is longer than {width} bytes")
            rows[name] = encoded
    if reason is not None:
        rows["reason"] = reason.encode()
    return rows


def unpack_decisions(blobs: Iterable[bytes]) -> Iterator[FileDecision]:
    for blob in blobs:
        for row in np.frombuffer(blob, dtype=DECISION_ROW).tolist():
            handle, cluster_id, duplicate_of, reason = row
            yield FileDecision(int(handle), cluster_id.decode() or None, duplicate_of.decode() or None,
                               reason.decode() or None)


def decide(members: Sequence[tuple[int, Member]]) -> Iterator[tuple[int, FileDecision]]:
    """(chunk, decision) for each real member of one group."""
    chunks = {member.id: chunk for chunk, member in members}
    cluster_id = min(chunks)
    for decision in decide_group(cluster_id, [member for _, member in members]):
        yield chunks[decision.id], FileDecision(handle_of(decision.id), decision.cluster_id, decision.duplicate_of,
                                                decision.reason)


EDGE = np.dtype([("member", "<u8"), ("root", "<u8")])
"""A candidate edge: a bucket member and the bucket's smallest member."""


def star_edge_rows(keys: np.ndarray, handles: np.ndarray) -> np.ndarray:
    """Distinct edges (member, smallest member of its bucket) for every other member of every
    bucket (files sharing a band key): a star, so a hot bucket of n files costs n - 1 edges."""
    if keys.size < 2:
        return np.zeros(0, dtype=EDGE)
    order = np.lexsort((handles, keys))
    keys, handles = keys[order], handles[order]
    starts = np.concatenate([[True], keys[1:] != keys[:-1]])
    roots = handles[np.maximum.accumulate(np.where(starts, np.arange(keys.size), 0))]
    edges = np.zeros(keys.size, dtype=EDGE)
    edges["member"], edges["root"] = handles, roots
    return np.unique(edges[edges["member"] != edges["root"]])


@dataclass(frozen=True)
class NearSketch:
    """One file's band keys and b-bit signature."""

    keys: np.ndarray
    signature: np.ndarray


def sketches(texts: Sequence[str], ngram: int, min_tokens: int, num_perm: int, seed: int, bands: int,
             rows: int) -> list[NearSketch | None]:
    """Band keys and signatures of texts (None for texts too short to compare), in one batch."""
    batch = shingle_batch(list(texts), ngram, min_tokens)
    sigs = signatures(batch, num_perm, seed)
    result: list[NearSketch | None] = [None] * len(texts)
    for k, index in enumerate(batch.indices):
        result[int(index)] = NearSketch(band_keys(sigs[k], bands, rows), low_bytes(sigs[k]))
    return result


def near_components(sketched: dict[int, NearSketch], threshold: float, verify: bool = True) -> dict[int, int]:
    """handle → smallest handle of its near component, in memory (what the Beam graph computes
    distributedly): star edges per bucket, verified, joined by union-find."""
    edges: set[tuple[int, int]] = set()
    if sketched:
        handles = np.array(list(sketched), dtype=np.uint64)
        keys = np.stack([sketch.keys for sketch in sketched.values()])
        for band in range(keys.shape[1]):
            edges.update(star_edge_rows(keys[:, band], handles).tolist())
    verified = [(a, b) for a, b in edges
                if not verify or estimated_jaccard(sketched[a].signature, sketched[b].signature) >= threshold]
    return union_find_components(verified)



def text_blobs(files: Sequence[tuple[str, str]], near: NearDedupConfig, chunks: int = 1) -> list[tuple[str, int, bytes]]:
    """The summaries the curate stage would emit for these (id, text) files, all alive and ranked
    equal, spread round-robin over `chunks` chunks: how tests and benchmarks feed `Deduplicate`."""
    bands, rows = near.bands_rows
    found = sketches([text for _, text in files], near.ngram, near.min_tokens, near.num_perm, near.seed, bands, rows)
    summaries = [ChunkSummary(chunk, bands, near.num_perm) for chunk in range(chunks)]
    for index, ((file_id, text), sketch) in enumerate(zip(files, found)):
        summary = summaries[index % chunks]
        sha = content_sha256(text.encode("utf-8", "surrogatepass"))
        summary.add_hash(file_id, sha, ALIVE)
        summary.add_member(Member(file_id, sha, "permissive", 0, 0, ""))
        if sketch is not None:
            summary.add_sketch(file_id, sketch.signature, sketch.keys)
    return [blob for summary in summaries for blob in summary.blobs()]
