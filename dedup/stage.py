"""The dedup stage as a Beam composite over chunk summaries: decisions out, contents never in.

Input: `(family, partition, blob)` elements from the chunks (`dedup/summaries.py`).  Output:
`(chunk handle, FileDecision)` for every file whose fate dedup (or an opt-out copy) changes; the
chunk that staged the file applies them when it is finished.

1. exact: the `sha` partitions group files by content hash.  A hash shared with an opted-out
   file (a copy source) drops every other file with it as `optout:copy` (a copy is removed
   before the filters would judge it, so filtered files are included); otherwise two or more
   files that reached dedup form an exact group.
2. near: each LSH band's partition sorts (key, handle) pairs and links every bucket's members
   to its smallest one (a star); exact copies of opted-out files are left out first.  Each
   candidate edge is verified by the Jaccard estimated from the two files' b-bit signatures,
   fetched from their handle partitions in two grouping steps.  Connected components of the
   verified edges are near groups; a near group wins over an exact one.
3. rank: group members (read from their handle partitions) are ranked (`dedup/rules.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import apache_beam as beam
import numpy as np
from apache_beam.pvalue import AsList, TaggedOutput

from dedup.components import ConnectedComponents
from dedup.config import DedupConfig
from dedup.rules import COPY_REASON, FileDecision, decide, star_edges
from dedup.summaries import (
    ALIVE,
    COPY_SOURCE,
    FILTERED,
    MEMBER_ROW,
    SHA_ROW,
    HandleCollision,
    estimated_jaccard,
    handle_partition,
    member_of_row,
    runs_of_equal,
    signature_row,
    unpack,
    unpack_bands,
)
from pipeline.steps import Counters

_LABEL, _DECISION, _COPIED = "label", "decision", "copied"


def _family(element: tuple[str, int, bytes]) -> Iterator[TaggedOutput]:
    family, partition, blob = element
    yield TaggedOutput(family, (partition, blob))


class _ExactGroups(beam.DoFn):
    """One `sha` partition → exact-group labels, opt-out copy decisions, copied handles."""

    def __init__(self, exact: bool, copies: bool) -> None:
        self._exact = exact
        self._copies = copies

    def process(self, element: tuple[int, Iterable[bytes]]):
        rows = unpack(element[1], SHA_ROW)
        for run in runs_of_equal(rows["sha"]):
            group = rows[run]
            if self._copies and np.any(group["flags"] & COPY_SOURCE):
                for row in group[(group["flags"] & (ALIVE | FILTERED)) != 0]:
                    yield TaggedOutput(_DECISION, (int(row["chunk"]), FileDecision(int(row["handle"]), None, None, COPY_REASON)))
                    if row["flags"] & ALIVE:
                        yield TaggedOutput(_COPIED, int(row["handle"]))
            elif self._exact:
                alive = group[(group["flags"] & ALIVE) != 0]
                if len(alive) >= 2:
                    key = "sha256:" + alive["sha"][0].decode()
                    for handle in alive["handle"]:
                        yield int(handle), ("sha", key)


class _BucketEdges(beam.DoFn):
    """One band's (key, handle) pairs → star edges (member, smallest member) of every bucket."""

    def process(self, element: tuple[int, Iterable[bytes]], copied: list[int]):
        pairs = unpack_bands(element[1])
        if copied:
            pairs = pairs[~np.isin(pairs[:, 1], np.array(copied, dtype=np.uint64))]
        for run in runs_of_equal(pairs[:, 0]):
            yield from star_edges(pairs[run, 1])


class _SignatureTable:
    """Signatures of one handle partition, looked up by handle."""

    def __init__(self, blobs: Iterable[bytes], num_perm: int) -> None:
        rows = unpack(blobs, signature_row(num_perm))
        order = np.argsort(rows["handle"])
        self._handles = rows["handle"][order]
        self._sigs = rows["sig"][order]

    def get(self, handle: int) -> np.ndarray | None:
        index = int(np.searchsorted(self._handles, np.uint64(handle)))
        if index < self._handles.size and int(self._handles[index]) == handle:
            return self._sigs[index]
        return None


def _split_tagged(values: Iterable[tuple[str, object]]) -> tuple[list, list]:
    blobs, others = [], []
    for tag, value in values:
        (blobs if tag == "blob" else others).append(value)
    return blobs, others


class _AttachRootSignature(beam.DoFn):
    def __init__(self, num_perm: int) -> None:
        self._num_perm = num_perm

    def process(self, element: tuple[int, Iterable[tuple[str, object]]]):
        blobs, edges = _split_tagged(element[1])
        if not edges:
            return
        table = _SignatureTable(blobs, self._num_perm)
        for member, root in edges:
            signature = table.get(root)
            if signature is not None:
                yield handle_partition(member), ("edge", (member, root, signature.tobytes()))


class _KeepSimilar(beam.DoFn):
    def __init__(self, num_perm: int, threshold: float) -> None:
        self._num_perm = num_perm
        self._threshold = threshold
        self._counters = Counters()

    def process(self, element: tuple[int, Iterable[tuple[str, object]]]):
        blobs, edges = _split_tagged(element[1])
        if not edges:
            return
        table = _SignatureTable(blobs, self._num_perm)
        for member, root, root_signature in edges:
            signature = table.get(member)
            if signature is None:
                continue
            if estimated_jaccard(signature, np.frombuffer(root_signature, dtype=np.uint8)) >= self._threshold:
                self._counters.inc("dedup_candidates_verified")
                yield member, root
            else:
                self._counters.inc("dedup_candidates_rejected")


class _GroupMembers(beam.DoFn):
    """One handle partition: labelled handles → (group key, (chunk, Member)); near beats exact."""

    def process(self, element: tuple[int, Iterable[tuple[str, object]]]):
        blobs, labels = _split_tagged(element[1])
        if not labels:
            return
        chosen: dict[int, str] = {}
        for handle, (kind, key) in labels:
            if kind == "near" or handle not in chosen:
                chosen[handle] = key
        rows = unpack(blobs, MEMBER_ROW)
        seen: dict[int, str] = {}
        for row in rows:
            handle = int(row["handle"])
            if handle in chosen:
                chunk, member = member_of_row(row)
                if seen.setdefault(handle, member.id) != member.id:
                    raise HandleCollision(f"files {seen[handle]} and {member.id} share a dedup handle")
                yield chosen[handle], (chunk, member)


def _decisions(element: tuple[str, Iterable[tuple[int, object]]]) -> Iterator[tuple[int, FileDecision]]:
    _, members = element
    yield from decide(list(members))


class Deduplicate(beam.PTransform):
    """PCollection[(family, partition, blob)] → PCollection[(chunk handle, FileDecision)]."""

    def __init__(self, config: DedupConfig, copies: bool) -> None:
        super().__init__()
        self._config = config
        self._copies = copies

    def expand(self, blobs):
        config, near = self._config, self._config.near
        families = blobs | "ByFamily" >> beam.FlatMap(_family).with_outputs("sha", "member", "signature", "band")
        exact = (
            families.sha
            | "GroupHashes" >> beam.GroupByKey()
            | "ExactGroups" >> beam.ParDo(_ExactGroups(config.exact, self._copies)).with_outputs(
                _DECISION, _COPIED, main=_LABEL)
        )
        labels = [exact[_LABEL]]
        if near.enabled:
            edges = (
                families.band
                | "GroupBands" >> beam.GroupByKey()
                | "BucketEdges" >> beam.ParDo(_BucketEdges(), copied=AsList(exact[_COPIED]))
                | "DistinctEdges" >> beam.Distinct()
            )
            if near.verify_jaccard:
                edges = self._verified(edges, families.signature)
            components = edges | "Components" >> ConnectedComponents(near.max_rounds, near.local_components_max_edges)
            labels.append(components | "NearLabels" >> beam.MapTuple(lambda handle, root: (handle, ("near", f"near:{root:016x}"))))
        members = families.member | "TagMembers" >> beam.MapTuple(lambda part, blob: (part, ("blob", blob)))
        keyed_labels = (
            labels
            | "AllLabels" >> beam.Flatten()
            | "KeyLabels" >> beam.MapTuple(lambda handle, label: (handle_partition(handle), ("label", (handle, label))))
        )
        decided = (
            (members, keyed_labels)
            | "MergeMembers" >> beam.Flatten()
            | "GroupMembers" >> beam.GroupByKey()
            | "MembersOfGroups" >> beam.ParDo(_GroupMembers())
            | "Groups" >> beam.GroupByKey()
            | "Rank" >> beam.FlatMap(_decisions)
        )
        return (exact[_DECISION], decided) | "AllDecisions" >> beam.Flatten()

    def _verified(self, edges, signature_blobs):
        """Keep the candidate edges whose estimated Jaccard reaches the threshold: each edge meets
        its root's signature in the root's partition, then its member's in the member's."""
        near = self._config.near
        signatures = signature_blobs | "TagSignatures" >> beam.MapTuple(lambda part, blob: (part, ("blob", blob)))
        at_root = (
            (signatures, edges | "KeyByRoot" >> beam.MapTuple(lambda member, root: (handle_partition(root), ("edge", (member, root)))))
            | "MergeAtRoot" >> beam.Flatten()
            | "GroupAtRoot" >> beam.GroupByKey()
            | "AttachRootSignature" >> beam.ParDo(_AttachRootSignature(near.num_perm))
        )
        return (
            (signatures, at_root)
            | "MergeAtMember" >> beam.Flatten()
            | "GroupAtMember" >> beam.GroupByKey()
            | "KeepSimilar" >> beam.ParDo(_KeepSimilar(near.num_perm, near.threshold))
        )
