"""The dedup stage as a Beam composite over staged summaries: decisions out, contents never in.

Input: `(family, partition, BlobRef)` for every chunk's summaries (`dedup/summaries.py`), staged by
the curate stage.  Output: `(chunk handle, BlobRef)` to packed `FileDecision` rows for every file
whose fate dedup (or an opt-out copy) changes; the chunk that staged the file applies them when it
is finished.  Every step reads its partition's blobs, writes its results into one staging file
(`dedup/blobs.py`) and passes on references, so what is grouped is a few references per chunk
and partition, never a row per file.

1. exact: the `sha` partitions group files by content hash.  A hash shared with an opted-out
   file (a copy source) drops every other file with it as `optout:copy` (a copy is removed
   before the filters would judge it, so filtered files are included); otherwise two or more
   files that reached dedup form an exact group.
2. near: each LSH band's partition sorts (key, handle) pairs and links every bucket's members
   to its smallest one (a star); exact copies of opted-out files are left out first.  Each
   candidate edge is verified by the Jaccard estimated from the two files' b-bit signatures,
   read in the root's handle partition, then in the member's.  Connected components of the
   verified edges are near groups (in one worker's memory; with a `local_components_max_edges`
   limit, by distributed star rounds beyond it); a near group wins over an exact one.
3. rank: group members (read from their handle partitions) are ranked (`dedup/rules.py`).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

import apache_beam as beam
import numpy as np
from apache_beam.pvalue import AsList, AsSingleton, TaggedOutput

from dedup.blobs import BlobRef, read_rows, split_rows, step_file, write_blobs
from dedup.components import ConnectedComponents, array_components
from dedup.config import DedupConfig
from dedup.rules import COPY_REASON, EDGE, decide, decision_rows, star_edge_rows
from dedup.summaries import (
    ALIVE,
    COPY_SOURCE,
    FILTERED,
    MEMBER_ROW,
    PARTITIONS,
    SHA_ROW,
    HandleCollision,
    estimated_jaccard_rows,
    member_of_row,
    runs_of_equal,
    signature_row,
)
from core.steps import Counters

LABEL_ROW = np.dtype([("handle", "<u8"), ("near", "?"), ("key", "S64")])
GROUPED_ROW = np.dtype(MEMBER_ROW.descr + [("group", "S72")])

_LABELS, _GROUPED, _DECISIONS, _COPIED = "labels", "grouped", "decisions", "copied"


def _family(element: tuple[str, int, BlobRef]) -> Iterator[TaggedOutput]:
    family, partition, ref = element
    yield TaggedOutput(family, (partition, ref))


def _tagged(refs: list[tuple[tuple[str, object], BlobRef]]) -> Iterator[TaggedOutput | tuple[object, BlobRef]]:
    """Route a step's written blobs: key (tag, next key) → the tag's output, keyed by next key."""
    for (tag, key), ref in refs:
        yield TaggedOutput(tag, (key, ref))


def _split_refs(values: Iterable[tuple[str, BlobRef]]) -> dict[str, list[BlobRef]]:
    found: dict[str, list[BlobRef]] = {}
    for tag, ref in values:
        found.setdefault(tag, []).append(ref)
    return found


def _handle_parts(handles: np.ndarray) -> np.ndarray:
    return handles % np.uint64(PARTITIONS)


class _Step(beam.DoFn):
    """A dedup step: one partition's blobs in, its results written to `<step>-<partition>.bin`.
    Every step is built alike, from the staging directory and the settings; each reads what it needs."""

    step = ""

    def __init__(self, directory: str, config: DedupConfig, copies: bool = False) -> None:
        self._directory = directory
        self._config = config
        self._near = config.near
        self._copies = copies

    def setup(self) -> None:
        self._counters = Counters()

    def write(self, partition: object, blobs: Iterable[tuple[tuple[str, object], bytes]]) -> Iterator:
        yield from _tagged(write_blobs(step_file(self._directory, self.step, partition), blobs))


class _ExactGroups(_Step):
    """One `sha` partition → exact-group labels, opt-out copy decisions, copied handles."""

    step = "exact"

    def process(self, element: tuple[int, Iterable[BlobRef]]):
        partition, refs = element
        rows = read_rows(refs, SHA_ROW)
        labels, copied_rows = [], []
        for run in runs_of_equal(rows["sha"]):
            group = rows[run]
            if self._copies and np.any(group["flags"] & COPY_SOURCE):
                copied_rows.append(group[(group["flags"] & (ALIVE | FILTERED)) != 0])
            elif self._config.exact:
                alive = group[(group["flags"] & ALIVE) != 0]
                if len(alive) >= 2:
                    found = np.zeros(len(alive), dtype=LABEL_ROW)
                    found["handle"], found["key"] = alive["handle"], alive["sha"]
                    labels.append(found)
        yield from self.write(partition, self._blobs(labels, copied_rows))

    @staticmethod
    def _blobs(labels: list[np.ndarray], copied_rows: list[np.ndarray]) -> Iterator[tuple[tuple[str, object], bytes]]:
        if labels:
            found = np.concatenate(labels)
            for part, blob in split_rows(found, _handle_parts(found["handle"])):
                yield (_LABELS, part), blob
        if copied_rows:
            copies = np.concatenate(copied_rows)
            decisions = decision_rows(copies["handle"], reason=COPY_REASON)
            for chunk, blob in split_rows(decisions, copies["chunk"]):
                yield (_DECISIONS, chunk), blob
            alive = copies["handle"][(copies["flags"] & ALIVE) != 0]
            yield (_COPIED, 0), np.unique(alive).astype("<u8").tobytes()


class _BucketEdges(_Step):
    """One band's (key, handle) pairs → star edges (member, smallest member) of every bucket,
    keyed by the root's handle partition."""

    step = "band"

    def process(self, element: tuple[int, Iterable[BlobRef]], copied: list[tuple[int, BlobRef]]):
        band, refs = element
        pairs = read_rows(refs, EDGE)  # (key, handle) rows share the edge's layout
        keys, handles = pairs["member"], pairs["root"]
        if copied:
            keep = ~np.isin(handles, read_rows([ref for _, ref in copied], np.dtype("<u8")))
            keys, handles = keys[keep], handles[keep]
        edges = star_edge_rows(keys, handles)
        yield from self.write(band, ((("edges", part), blob) for part, blob in split_rows(edges, _handle_parts(edges["root"]))))


class _SignatureTable:
    """Signatures of one handle partition, looked up by handle (vectorised)."""

    def __init__(self, refs: list[BlobRef], num_perm: int) -> None:
        rows = read_rows(refs, signature_row(num_perm))
        order = np.argsort(rows["handle"])
        self._handles = rows["handle"][order]
        self._sigs = rows["sig"][order]

    def get(self, handles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(mask of the handles found, their signatures in that order)."""
        if not self._handles.size:
            return np.zeros(handles.size, dtype=bool), self._sigs
        index = np.minimum(np.searchsorted(self._handles, handles), self._handles.size - 1)
        found = self._handles[index] == handles
        return found, self._sigs[index[found]]


def _edge_signature_row(num_perm: int) -> np.dtype:
    return np.dtype([("member", "<u8"), ("root", "<u8"), ("sig", "u1", (num_perm,))])


class _AttachRootSignature(_Step):
    """One root partition: distinct edges meet their root's signature, then go to the member's."""

    step = "root"

    def process(self, element: tuple[int, Iterable[tuple[str, BlobRef]]]):
        partition, values = element
        refs = _split_refs(values)
        edges = np.unique(read_rows(refs.get("edges", []), EDGE))
        if not edges.size:
            return
        found, sigs = _SignatureTable(refs.get("signature", []), self._near.num_perm).get(edges["root"])
        rows = np.zeros(int(found.sum()), dtype=_edge_signature_row(self._near.num_perm))
        rows["member"], rows["root"], rows["sig"] = edges["member"][found], edges["root"][found], sigs
        yield from self.write(partition, ((("edges", part), blob) for part, blob in split_rows(rows, _handle_parts(rows["member"]))))


class _KeepSimilar(_Step):
    """One member partition: edges whose estimated Jaccard reaches the threshold."""

    step = "member"

    def process(self, element: tuple[int, Iterable[tuple[str, BlobRef]]]):
        partition, values = element
        refs = _split_refs(values)
        rows = read_rows(refs.get("edges", []), _edge_signature_row(self._near.num_perm))
        if not rows.size:
            return
        found, sigs = _SignatureTable(refs.get("signature", []), self._near.num_perm).get(rows["member"])
        rows = rows[found]
        similar = estimated_jaccard_rows(sigs, rows["sig"]) >= self._near.threshold
        self._counters.inc("dedup_candidates_verified", int(similar.sum()))
        self._counters.inc("dedup_candidates_rejected", int((~similar).sum()))
        edges = np.zeros(int(similar.sum()), dtype=EDGE)
        edges["member"], edges["root"] = rows["member"][similar], rows["root"][similar]
        yield from self.write(partition, [(("edges", 0), edges.tobytes())])


class _DistinctEdges(_Step):
    """Without verification: one root partition's distinct candidate edges."""

    step = "root"

    def process(self, element: tuple[int, Iterable[tuple[str, BlobRef]]]):
        partition, values = element
        edges = np.unique(read_rows(_split_refs(values).get("edges", []), EDGE))
        yield from self.write(partition, [(("edges", 0), edges.tobytes())])


class _LocalComponents(_Step):
    """All verified edges on one worker → (handle, component root) labels by handle partition."""

    step = "components"

    def process(self, element: tuple[int, Iterable[BlobRef]], edge_count: int | None = None):
        limit = self._near.local_components_max_edges
        if limit is not None and edge_count is not None and edge_count > limit:
            return
        edges = read_rows(element[1], EDGE)
        nodes, roots = array_components(edges["member"], edges["root"])
        yield from self.write(0, _near_label_blobs(nodes, roots))


def _near_label_blobs(nodes: np.ndarray, roots: np.ndarray) -> Iterator[tuple[tuple[str, object], bytes]]:
    labels = np.zeros(nodes.size, dtype=LABEL_ROW)
    labels["handle"], labels["near"] = nodes, True
    labels["key"] = np.char.encode(np.char.mod("%016x", roots), "ascii") if nodes.size else labels["key"]
    for part, blob in split_rows(labels, _handle_parts(nodes)):
        yield (_LABELS, part), blob


class _DistributedEdges(beam.DoFn):
    """Beyond `local_components_max_edges`: the verified edges as elements for the star rounds."""

    def process(self, element: tuple[int, Iterable[BlobRef]], edge_count: int, max_edges: int):
        if edge_count <= max_edges:
            return
        edges = read_rows(element[1], EDGE)
        for member, root in zip(edges["member"].tolist(), edges["root"].tolist()):
            yield member, root


class _PackLabels(_Step):
    """One handle partition's (handle, root) labels from the star rounds → one label blob."""

    step = "labels"

    def process(self, element: tuple[int, Iterable[tuple[int, int]]]):
        partition, pairs = element
        pairs = sorted(pairs)
        nodes = np.array([node for node, _ in pairs], dtype=np.uint64)
        roots = np.array([root for _, root in pairs], dtype=np.uint64)
        yield from self.write(partition, _near_label_blobs(nodes, roots))


def group_partition(keys: np.ndarray) -> np.ndarray:
    return np.array([zlib.crc32(key) % PARTITIONS for key in keys.tolist()], dtype=np.int64)


class _GroupMembers(_Step):
    """One handle partition: labelled members → member rows named by their group, by group partition;
    near beats exact."""

    step = "members"

    def process(self, element: tuple[int, Iterable[tuple[str, BlobRef]]]):
        partition, values = element
        refs = _split_refs(values)
        labels = read_rows(refs.get(_LABELS, []), LABEL_ROW)
        if not labels.size:
            return
        # near first, then by handle: the first label of each handle is the one that counts
        labels = labels[np.lexsort((~labels["near"], labels["handle"]))]
        first = np.concatenate([[True], labels["handle"][1:] != labels["handle"][:-1]])
        labels = labels[first]
        members = read_rows(refs.get("member", []), MEMBER_ROW)
        members = members[np.isin(members["handle"], labels["handle"])]
        _check_collisions(members)
        index = np.searchsorted(labels["handle"], members["handle"])
        chosen = labels[index]
        rows = np.zeros(members.size, dtype=GROUPED_ROW)
        for name in MEMBER_ROW.names:
            rows[name] = members[name]
        prefix = np.where(chosen["near"], b"near:", b"sha256:")
        rows["group"] = np.char.add(prefix.astype("S7"), chosen["key"])
        yield from self.write(partition, (((_GROUPED, part), blob) for part, blob in split_rows(rows, group_partition(rows["group"]))))


def _check_collisions(members: np.ndarray) -> None:
    order = np.argsort(members["handle"], kind="stable")
    handles, ids = members["handle"][order], members["id"][order]
    clash = (handles[1:] == handles[:-1]) & (ids[1:] != ids[:-1])
    if np.any(clash):
        at = int(np.flatnonzero(clash)[0])
        raise HandleCollision(f"files {ids[at].decode()} and {ids[at + 1].decode()} share a dedup handle")


class _Rank(_Step):
    """One group partition: each group's members ranked → decisions, by chunk."""

    step = "rank"

    def process(self, element: tuple[int, Iterable[BlobRef]]):
        partition, refs = element
        rows = read_rows(refs, GROUPED_ROW)
        chunks, decisions = [], []
        for run in runs_of_equal(rows["group"]):
            group = rows[run[np.argsort(rows["id"][run])]]
            for chunk, decision in decide([member_of_row(row) for row in group]):
                chunks.append(chunk)
                decisions.append(decision)
        if decisions:
            packed = decision_rows(np.array([d.handle for d in decisions], dtype=np.uint64),
                                   [d.cluster_id for d in decisions], [d.duplicate_of for d in decisions],
                                   [d.reason for d in decisions])
            yield from self.write(partition, (((_DECISIONS, chunk), blob) for chunk, blob in
                                              split_rows(packed, np.array(chunks, dtype=np.uint64))))


def _by_tag(tag: str):
    def tag_value(key: object, ref: BlobRef) -> tuple[object, tuple[str, BlobRef]]:
        return key, (tag, ref)
    return tag_value


def _edge_count(element: tuple[object, BlobRef]) -> int:
    return element[1].length // EDGE.itemsize


def _to_one_key(element: tuple[object, BlobRef]) -> tuple[int, BlobRef]:
    return 0, element[1]


def _label_partition(handle: int, root: int) -> tuple[int, tuple[int, int]]:
    return handle % PARTITIONS, (handle, root)


class Deduplicate(beam.PTransform):
    """PCollection[(family, partition, BlobRef)] → PCollection[(chunk handle, BlobRef to decisions)].

    `directory` is where the steps stage their results (under the output's `.tmp/`)."""

    def __init__(self, config: DedupConfig, copies: bool, directory: str) -> None:
        super().__init__()
        self._config = config
        self._copies = copies
        self._directory = directory

    def _step(self, step: type[_Step]) -> _Step:
        return step(self._directory, self._config, self._copies)

    def expand(self, summaries):
        config, near = self._config, self._config.near
        families = summaries | "ByFamily" >> beam.FlatMap(_family).with_outputs("sha", "member", "signature", "band")
        exact = (
            families.sha
            | "GroupHashes" >> beam.GroupByKey()
            | "ExactGroups" >> beam.ParDo(self._step(_ExactGroups)).with_outputs(
                _DECISIONS, _COPIED, _LABELS)
        )
        labels = [exact[_LABELS]]
        if near.enabled:
            labels.append(self._near_labels(families, exact[_COPIED]))
        tagged_labels = (labels | "AllLabels" >> beam.Flatten() | "TagLabels" >> beam.MapTuple(_by_tag(_LABELS)))
        members = families.member | "TagMembers" >> beam.MapTuple(_by_tag("member"))
        decided = (
            (members, tagged_labels)
            | "MergeMembers" >> beam.Flatten()
            | "GroupMembers" >> beam.GroupByKey()
            | "MembersOfGroups" >> beam.ParDo(self._step(_GroupMembers)).with_outputs(_GROUPED)
        )[_GROUPED] | "Groups" >> beam.GroupByKey() | "Rank" >> beam.ParDo(self._step(_Rank)).with_outputs(_DECISIONS)
        return (exact[_DECISIONS], decided[_DECISIONS]) | "AllDecisions" >> beam.Flatten()

    def _near_labels(self, families, copied):
        near = self._config.near
        edges = (
            families.band
            | "GroupBands" >> beam.GroupByKey()
            | "BucketEdges" >> beam.ParDo(self._step(_BucketEdges), copied=AsList(copied)).with_outputs("edges")
        )["edges"] | "TagEdges" >> beam.MapTuple(_by_tag("edges"))
        signatures = families.signature | "TagSignatures" >> beam.MapTuple(_by_tag("signature"))
        if near.verify_jaccard:
            at_root = (
                (signatures, edges)
                | "MergeAtRoot" >> beam.Flatten()
                | "GroupAtRoot" >> beam.GroupByKey()
                | "AttachRootSignature" >> beam.ParDo(self._step(_AttachRootSignature)).with_outputs("edges")
            )["edges"] | "TagRootEdges" >> beam.MapTuple(_by_tag("edges"))
            verified = (
                (signatures, at_root)
                | "MergeAtMember" >> beam.Flatten()
                | "GroupAtMember" >> beam.GroupByKey()
                | "KeepSimilar" >> beam.ParDo(self._step(_KeepSimilar)).with_outputs("edges")
            )["edges"]
        else:
            verified = (
                edges
                | "GroupAtRoot" >> beam.GroupByKey()
                | "DistinctEdges" >> beam.ParDo(self._step(_DistinctEdges)).with_outputs("edges")
            )["edges"]
        gathered = verified | "ToOneKey" >> beam.Map(_to_one_key) | "GatherEdges" >> beam.GroupByKey()
        if near.local_components_max_edges is None:
            return (gathered | "LocalComponents" >> beam.ParDo(self._step(_LocalComponents)).with_outputs(_LABELS))[_LABELS]
        count = verified | "EdgeCounts" >> beam.Map(_edge_count) | "CountEdges" >> beam.CombineGlobally(sum)
        local = gathered | "LocalComponents" >> beam.ParDo(
            self._step(_LocalComponents), AsSingleton(count)).with_outputs(_LABELS)
        distributed = (
            gathered
            | "EdgeElements" >> beam.ParDo(_DistributedEdges(), AsSingleton(count), near.local_components_max_edges)
            | "Components" >> ConnectedComponents(near.max_rounds)
            | "LabelPartitions" >> beam.MapTuple(_label_partition)
            | "GroupLabels" >> beam.GroupByKey()
            | "PackLabels" >> beam.ParDo(self._step(_PackLabels)).with_outputs(_LABELS)
        )
        return (local[_LABELS], distributed[_LABELS]) | "NearLabels" >> beam.Flatten()
