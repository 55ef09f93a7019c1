"""Near-duplicate components: MinHash LSH candidates -> connected components (DESIGN §4 dedup).

Input: (file id, decoded content).  Output: (file id, component id) for every file in a
component of two or more near-duplicates; the component id is its smallest file id, so it is
the same whatever the runner, worker count or bundle split.  Choosing the keeper of each
component is the caller's job (it needs licence, stars and other metadata).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import apache_beam as beam
import numpy as np
import xxhash
from apache_beam.pvalue import PCollection, TaggedOutput
from apache_beam.transforms.window import GlobalWindow
from apache_beam.utils.timestamp import MIN_TIMESTAMP
from apache_beam.utils.windowed_value import WindowedValue

from dedup.components import ConnectedComponents
from dedup.config import NearDedupConfig
from dedup.lsh import band_keys_of, bucket_star_edges, optimal_bands_rows
from dedup.minhash import jaccard, shingle_batch, signatures

__all__ = ["NearDuplicateComponents", "band_keys", "optimal_bands_rows"]

# Bytes of content hashed per numpy pass: big enough to amortise numpy's per-call overhead over
# many small files, small enough for the per-byte uint64 arrays to stay in cache (measured).
_BATCH_BYTES = 256 * 1024
_SHINGLES = "shingles"
_IDENTICAL = "identical"
_SET, _EDGE = 0, 1


def band_keys(content: str, config: NearDedupConfig) -> list[str]:
    """LSH band keys of one text (empty if it has too few tokens), e.g. for ``audit --content``."""
    bands, rows = config.bands_rows
    batch = shingle_batch([content], config.ngram, config.min_tokens)
    signature = signatures(batch, config.num_perm, config.seed)
    return band_keys_of(signature[0], bands, rows) if len(signature) else []


class _BandKeys(beam.DoFn):
    """(id, content) -> (band key, id) for each band; buffers files to hash them in batches.

    With ``emit_shingles`` (verification on) it also emits (id, sorted distinct shingle hashes as
    bytes) on the ``shingles`` output, and the bucket value is (id, xxh3-128 of those bytes), so
    that a candidate pair with identical shingle sets (Jaccard 1: exact copies, or copies that
    differ only in whitespace and punctuation) needs no Jaccard check.
    """

    def __init__(self, config: NearDedupConfig, emit_shingles: bool) -> None:
        self._config = config
        self._emit_shingles = emit_shingles
        self._bands, self._rows = config.bands_rows
        self._signed = beam.metrics.Metrics.counter("near_dedup", "files_signed")
        self._too_short = beam.metrics.Metrics.counter("near_dedup", "files_too_short")
        self._buffer: list[tuple[str, str]] = []
        self._buffered_bytes = 0

    def start_bundle(self) -> None:
        self._buffer, self._buffered_bytes = [], 0

    def process(self, element: tuple[str, str]) -> Iterator[tuple[str, object] | TaggedOutput]:
        self._buffer.append(element)
        self._buffered_bytes += len(element[1])
        if self._buffered_bytes >= _BATCH_BYTES:
            yield from self._flush()

    def finish_bundle(self) -> Iterator[WindowedValue]:
        # The dedup stage runs in the global window (a batch pipeline), the only window a
        # bundle-level flush can assign.
        for output in self._flush():
            if isinstance(output, TaggedOutput):
                yield TaggedOutput(output.tag, WindowedValue(output.value, MIN_TIMESTAMP, [GlobalWindow()]))
            else:
                yield WindowedValue(output, MIN_TIMESTAMP, [GlobalWindow()])

    def _flush(self) -> Iterator[tuple[str, object] | TaggedOutput]:
        files, self._buffer, self._buffered_bytes = self._buffer, [], 0
        if not files:
            return
        config = self._config
        batch = shingle_batch([content for _, content in files], config.ngram, config.min_tokens)
        sigs = signatures(batch, config.num_perm, config.seed)
        self._signed.inc(len(sigs))
        self._too_short.inc(len(files) - len(sigs))
        for k, index in enumerate(batch.indices):
            file_id = files[index][0]
            member: object = file_id
            if self._emit_shingles:
                shingles = np.unique(batch.of(k)).tobytes()
                member = (file_id, xxhash.xxh3_128_digest(shingles))
                yield TaggedOutput(_SHINGLES, (file_id, shingles))
            for key in band_keys_of(sigs[k], self._bands, self._rows):
                yield key, member


def _attach_parent_set(element: tuple[str, Iterable[tuple[int, object]]]) -> Iterator[tuple[str, tuple]]:
    """At a bucket root: send its shingle set along each of its star edges (two streaming passes)."""
    root, values = element
    shingles = next((value for tag, value in values if tag == _SET), None)
    if shingles is None:
        return
    for tag, member in values:
        if tag == _EDGE:
            yield member, (_EDGE, (root, shingles))


class _KeepSimilar(beam.DoFn):
    """At an edge's member: keep the edge if the exact Jaccard of the two shingle sets passes."""

    def __init__(self, threshold: float) -> None:
        self._threshold = threshold
        self._rejected = beam.metrics.Metrics.counter("near_dedup", "candidate_edges_rejected")
        self._verified = beam.metrics.Metrics.counter("near_dedup", "candidate_edges_verified")

    def process(self, element: tuple[str, Iterable[tuple[int, object]]]) -> Iterator[tuple[str, str]]:
        member, values = element
        own = next((value for tag, value in values if tag == _SET), None)
        if own is None:
            return
        own_set = np.frombuffer(own, dtype=np.uint64)
        for tag, value in values:
            if tag != _EDGE:
                continue
            root, root_shingles = value
            if jaccard(own_set, np.frombuffer(root_shingles, dtype=np.uint64)) >= self._threshold:
                self._verified.inc()
                yield member, root
            else:
                self._rejected.inc()


class _SplitIdentical(beam.DoFn):
    """Star edges between (id, shingle-set digest) members: pairs with identical shingle sets
    (Jaccard 1) go straight to the output, the others to verification as (member id, root id)."""

    def __init__(self) -> None:
        self._identical = beam.metrics.Metrics.counter("near_dedup", "candidate_edges_identical")

    def process(self, edge: tuple[tuple[str, bytes], tuple[str, bytes]]) -> Iterator[tuple[str, str] | TaggedOutput]:
        (member, member_digest), (root, root_digest) = edge
        if member_digest == root_digest:
            self._identical.inc()
            yield TaggedOutput(_IDENTICAL, (member, root))
        else:
            yield member, root


class _VerifiedByJaccard(beam.PTransform):
    """Keep only candidate edges (member, bucket root) whose exact shingle Jaccard passes.

    Two tagged GroupByKeys instead of CoGroupByKey, which would materialise a hot root's
    thousands of members as one list.  An edge is checked against the bucket's root only, as
    in StarCoder's false-positive check: a member similar to another member but not to the
    root loses that candidate (``pipeline/optout_promote.py`` repeats exactly this rule).
    """

    def __init__(self, shingles: PCollection, threshold: float) -> None:
        super().__init__()
        self._shingles = shingles
        self._threshold = threshold

    def expand(self, edges: PCollection) -> PCollection:
        sets = self._shingles | "TagSets" >> beam.MapTuple(lambda file_id, s: (file_id, (_SET, s)))
        to_root = edges | "DistinctCandidates" >> beam.Distinct() | "KeyByRoot" >> beam.MapTuple(lambda member, root: (root, (_EDGE, member)))
        with_root_set = (
            (sets, to_root)
            | "MergeAtRoot" >> beam.Flatten()
            | "GroupAtRoot" >> beam.GroupByKey()
            | "AttachRootSet" >> beam.FlatMap(_attach_parent_set)
        )
        return (
            (sets, with_root_set)
            | "MergeAtMember" >> beam.Flatten()
            | "GroupAtMember" >> beam.GroupByKey()
            | "KeepSimilar" >> beam.ParDo(_KeepSimilar(self._threshold))
        )


class NearDuplicateComponents(beam.PTransform):
    """PCollection[tuple[str, str]] of (file id, decoded content) -> PCollection[tuple[str, str]]
    of (file id, component id) for every file that belongs to a near-duplicate component of
    size >= 2; component id = the smallest file id in it.  Files that are near-duplicates of
    nothing produce no output.

    Each LSH bucket contributes a star of edges to its smallest member, so a bucket of n copies
    costs n - 1 edges; components come from ``ConnectedComponents`` (distributed rounds).  With
    ``verify_jaccard`` each star edge is kept only if the exact Jaccard of the two files' shingle
    sets reaches the threshold; edges between files with identical shingle sets (e.g. copies of a
    popular vendored file) are kept without shipping any shingle set.
    """

    def __init__(self, config: NearDedupConfig) -> None:
        super().__init__()
        self._config = config

    def expand(self, files: PCollection) -> PCollection:
        config = self._config
        keyed = files | "BandKeys" >> beam.ParDo(_BandKeys(config, config.verify_jaccard)).with_outputs(
            _SHINGLES, main="keys"
        )
        edges = (
            keyed.keys
            | "GroupByBandKey" >> beam.GroupByKey()
            | "BucketStarEdges" >> beam.FlatMap(lambda bucket: bucket_star_edges(bucket[1]))
        )
        if config.verify_jaccard:
            split = edges | "SplitIdentical" >> beam.ParDo(_SplitIdentical()).with_outputs(_IDENTICAL, main="other")
            verified = split.other | "VerifyJaccard" >> _VerifiedByJaccard(keyed[_SHINGLES], config.threshold)
            edges = (split[_IDENTICAL], verified) | "MergeEdges" >> beam.Flatten()
        return edges | "Components" >> ConnectedComponents(config.max_rounds, config.local_components_max_edges)
