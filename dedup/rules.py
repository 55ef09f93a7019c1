"""The dedup rules as pure functions: the Beam composite (`dedup/stage.py`) and opt-out promotion
(`pipeline/optout/promote.py`) both call these, so a new version decides exactly as a fresh run.

- a near group is a connected component of verified LSH candidate edges; an exact group is a
  content hash shared by two or more files that reached dedup; a file in both is near;
- a candidate edge links a bucket member to the bucket's smallest member (a star) and is kept
  when the Jaccard estimated from the two b-bit signatures reaches the threshold;
- every group is named by its smallest member id and keeps one ranked keeper (`ranking.py`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from dedup.components import union_find_components
from dedup.minhash import shingle_batch, signatures
from dedup.ranking import COPY_REASON, Member, decide_group
from dedup.config import NearDedupConfig
from dedup.summaries import ALIVE, ChunkSummary, band_keys, estimated_jaccard, handle_of, low_bytes, runs_of_equal
from pipeline.records import content_sha256

__all__ = ["COPY_REASON", "FileDecision", "decide", "near_components", "sketches", "star_edges", "text_blobs"]


@dataclass(frozen=True, slots=True)
class FileDecision:
    """What dedup decided for one file, addressed by its handle inside its chunk."""

    handle: int
    cluster_id: str | None
    duplicate_of: str | None
    reason: str | None


def decide(members: Sequence[tuple[int, Member]]) -> Iterator[tuple[int, FileDecision]]:
    """(chunk, decision) for each real member of one group."""
    chunks = {member.id: chunk for chunk, member in members}
    cluster_id = min(chunks)
    for decision in decide_group(cluster_id, [member for _, member in members]):
        yield chunks[decision.id], FileDecision(handle_of(decision.id), decision.cluster_id, decision.duplicate_of,
                                                decision.reason)


def star_edges(handles: np.ndarray) -> Iterator[tuple[int, int]]:
    """(member, smallest member) for every other distinct member of one bucket."""
    members = np.unique(handles)
    root = int(members[0])
    for member in members[1:]:
        yield int(member), root


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
            for run in runs_of_equal(keys[:, band]):
                edges.update(star_edges(handles[run]))
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
