"""The Beam graph: stages in registry order (`pipeline/stages.py`), contents never shuffled.

    bundles ─Curate────► staged chunks (.tmp/staging/)  +  staged dedup summaries (hashes, bands, signatures)
                          [ingest, licenses, optout, filters]          │
                                                          Dedup ◄──────┘  (only small things move)
    chunk refs + decisions ─Finish─► pieces (data, provenance)          │
                          [apply decisions; policy, pii, decontam] ◄────┘
    pieces ─Write─► shards under .tmp/ ─Finalize─► manifest.json last

A worker reads a bundle of repositories, stages their records and their dedup summaries and
passes on references; each dedup step reads its partition's summaries, stages its results and
passes on references too (`dedup/blobs.py`); the worker that finishes a chunk reads it back by
reference.  So what the local runner's launcher holds (every shuffle) is a few references per
chunk and partition: it grows with the number of chunks, not with files or bytes.
"""

from __future__ import annotations

from collections.abc import Iterable

import apache_beam as beam

from dedup.stage import Deduplicate
from pipeline.curate import SUMMARIES, CurateBundles
from pipeline.dataset.stats import DatasetStats
from pipeline.finalize import Finalize
from pipeline.finish import FinishChunks, Piece
from pipeline.ingest.bundles import SourceBundle, bundle_sources, spread_order
from pipeline.spec import RunSpec
from pipeline.stages import RunContext, dedup_enabled, per_file_steps
from pipeline.staging import ChunkRef, dedup_directory
from pipeline.write import WriteShards

__all__ = ["RunSpec", "build"]


class MergeStats(DatasetStats):
    """Combines the per-chunk `DatasetStats` accumulators the pieces carry."""

    def add_input(self, accumulator: dict, other: dict) -> dict:
        return self.merge_accumulators([accumulator, other])


def _bundles_of_key(_: int, bundles: Iterable[SourceBundle]) -> Iterable[SourceBundle]:
    return bundles


def _by_handle(ref: ChunkRef) -> tuple[int, ChunkRef]:
    return ref.handle, ref


def _piece_stats(piece: Piece) -> dict:
    return piece.stats


def _piece_repositories(piece: Piece) -> tuple[str, ...]:
    return piece.repositories


def _label(name: str, run: RunContext, after_grouping: bool) -> str:
    """A fused stage's label names the per-file steps it runs, so the graph shows every stage."""
    steps = [step.name for step in per_file_steps(run, after_grouping)]
    return f"{name}[{'+'.join(steps)}]" if steps else name


def build(pipeline: beam.Pipeline, spec: RunSpec) -> None:
    run, config = spec.context, spec.config
    bundles = spread_order(bundle_sources(spec.sources, config.ingest.bundle_bytes))
    curated = (
        pipeline
        | "Bundles" >> beam.Create(bundles, reshuffle=False)
        | "SpreadBundles" >> beam.GroupByKey()
        | "BundlesOfKey" >> beam.FlatMapTuple(_bundles_of_key)
        | _label("Curate", run, after_grouping=False) >> beam.ParDo(CurateBundles(run, spec.output, spec.progress))
        .with_outputs(SUMMARIES, main="chunks")
    )
    chunks = curated.chunks | "ChunksByHandle" >> beam.Map(_by_handle)
    if dedup_enabled(run):
        copies = bool(spec.optout) and config.optout.copies != "none"
        decisions = curated[SUMMARIES] | "Dedup" >> Deduplicate(config.dedup, copies, dedup_directory(spec.output))
    else:
        decisions = pipeline | "NoDecisions" >> beam.Create([])
    pieces = (
        {"chunk": chunks, "decision": decisions}
        | "DecisionsToChunks" >> beam.CoGroupByKey()
        | _label("Finish", run, after_grouping=True) >> beam.ParDo(FinishChunks(run, spec.output))
    )
    shards = pieces | "Write" >> WriteShards(spec.output, config.write)
    stats = pieces | "PieceStats" >> beam.Map(_piece_stats) | "Stats" >> beam.CombineGlobally(MergeStats())
    repositories = (
        pieces
        | "Repositories" >> beam.FlatMap(_piece_repositories)
        | "DistinctRepositories" >> beam.Distinct()
        | "CountRepositories" >> beam.combiners.Count.Globally()
    )
    _ = (shards, stats, repositories) | "Finalize" >> Finalize(spec)
