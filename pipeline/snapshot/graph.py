"""The Beam graph of `codecurate update`: `run`'s graph over the sources to read, with the
parent's stored state of the unchanged repositories' files a change can reach joining dedup.

    sources to read ─Curate─► staged chunks + summaries ──────────────┐
       sha + band summaries ─Reached─► stored ids (`closure.py`) ─┐    │
    parent state shards ─LoadState(those ids)─► summaries ─────────┴───┴─Dedup─► decisions
    chunk refs + decisions ─Finish─► pieces ─► .tmp/staging/update/pieces.json
    decisions about stored files ─► .tmp/staging/update/state-decisions.json
    the stored ids dedup saw ─► .tmp/staging/update/reached.json (the merge keeps every other verdict)

Curate, Dedup and Finish are `run`'s own DoFns and composites with the same `RunContext`, so a
new file is decided exactly as a fresh run decides it, and dedup groups new and stored files
together by the same rules.  What the graph leaves in staging (the pieces of the new files and
the decisions about stored files) is merged into the parent's shards by `merge.py`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

import apache_beam as beam
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from apache_beam.io.filesystems import FileSystems

from dedup.blobs import BlobRef, read_rows, stage_summaries
from dedup.stage import Deduplicate
from dedup.summaries import SHA_ROW
from pipeline.config import IngestConfig
from pipeline.curate import SUMMARIES, CurateBundles
from pipeline.dataset.files import read_bytes, read_parquet, write_file
from pipeline.dataset.layout import TMP
from pipeline.finish import FinishChunks, Piece
from pipeline.graph import _bundles_of_key, _by_handle, _label
from pipeline.ingest.bundles import SourceBundle, balanced_order, bundle_sources, dump_size, spread_order, work_size
from pipeline.records import RepoSource
from pipeline.spec import RunSpec
from pipeline.staging import ChunkRef, chunk_handle, dedup_directory
from pipeline.stages import RunContext, dedup_enabled
from pipeline.snapshot.closure import stored_closure
from pipeline.snapshot.plan import SourceId
from pipeline.snapshot.state import stored_blobs


@dataclass(frozen=True)
class UpdateSpec:
    run: RunSpec
    """`run`'s spec over the sources to read (the parent's config and every stored opt-out)."""
    parent: str
    """The parent dataset's location."""
    state_shards: list[str]
    unchanged: frozenset[SourceId]
    workers: int | None = None
    """The local runner's worker processes (None: another runner), to deal the new dumps to."""


def state_chunk_handle(index: int) -> int:
    """The dedup chunk handle of the stored files of the parent's state shard `index`."""
    return chunk_handle(f"state#{index:05d}")


STORED_DECISIONS = "state-decisions.json"
"""Dedup's decisions about stored files, staged by the graph before it finishes the new files."""


def update_file(output: str, name: str) -> str:
    return FileSystems.join(output, TMP, "staging", "update", name)


def reached_ids(seeds: list[tuple[str, int, BlobRef]], spec: UpdateSpec) -> list[str]:
    """The stored files of unchanged repositories that dedup sees again (`closure.py`): those the
    new files' hashes and band keys (`seeds`: their staged `sha` and `band` summaries) or a
    departed file's reach; also staged for the merge, which keeps every other stored verdict."""
    shas = read_rows([ref for family, _, ref in seeds if family == "sha"], SHA_ROW)["sha"]
    keys = read_rows([ref for family, _, ref in seeds if family == "band"], np.dtype("<u8")).reshape(-1, 2)[:, 0]
    columns = ["id", "repo_name", "source_key", "content_sha256", "bands"]
    tables = [read_parquet(read_bytes(FileSystems.join(spec.parent, path)), columns) for path in spec.state_shards]
    ids = stored_closure(tables, spec.unchanged, shas, keys)
    write_file(update_file(spec.run.output, "reached.json"), json.dumps(ids).encode())
    return ids


def read_reached(output: str) -> frozenset[str] | None:
    """The stored ids dedup saw again, or None when dedup did not run (nothing to restrict)."""
    path = update_file(output, "reached.json")
    return frozenset(json.loads(read_bytes(path))) if FileSystems.exists(path) else None


class LoadState(beam.DoFn):
    """(index, state shard) → its stored files that dedup sees again (`reached_ids`) as dedup
    summaries, staged like a curated chunk's (`state.stored_blobs` packs them by the curate
    stage's rule)."""

    def __init__(self, spec: UpdateSpec) -> None:
        self._spec = spec

    def process(self, element: tuple[int, str], reached: list[str]) -> Iterator[tuple[str, int, BlobRef]]:
        index, path = element
        run = self._spec.run.context
        config = run.config
        bands, rows = config.dedup.near.bands_rows
        table = read_parquet(read_bytes(FileSystems.join(self._spec.parent, path)))
        table = table.filter(pc.is_in(table["id"], value_set=pa.array(reached, type=pa.string())))
        copies = config.optout.copies if run.optout else "none"
        exact_hashes = config.dedup.exact or copies != "none"
        blobs = stored_blobs(table, state_chunk_handle(index), bands, config.dedup.near.num_perm, exact_hashes, copies)
        staged = FileSystems.join(self._spec.run.output, TMP, "staging", f"state-{index:05d}.summaries.bin")
        yield from stage_summaries(staged, blobs)


def _write_pieces(pieces: list[Piece], output: str) -> int:
    rows = sorted((asdict(piece) for piece in pieces), key=lambda piece: piece["key"])
    write_file(update_file(output, "pieces.json"), json.dumps(rows, sort_keys=True).encode())
    return len(rows)


def _write_decisions(decisions: list[tuple[int, BlobRef]], output: str) -> int:
    """Staged whole or not at all (written aside, then renamed): the launcher starts deciding the
    stored rows the moment it appears (`stored.decide_when_staged`), while the graph finishes."""
    rows = sorted([handle, ref.path, ref.offset, ref.length] for handle, ref in decisions)
    path = update_file(output, STORED_DECISIONS)
    write_file(path + ".part", json.dumps(rows).encode())
    FileSystems.rename([path + ".part"], [path])
    return len(rows)


def read_pieces(output: str) -> list[dict]:
    return json.loads(read_bytes(update_file(output, "pieces.json")))


def read_state_decisions(output: str) -> list[tuple[int, BlobRef]]:
    return [(handle, BlobRef(path, offset, length))
            for handle, path, offset, length in json.loads(read_bytes(update_file(output, STORED_DECISIONS)))]


SPREAD_PARTS = 16
"""An update's new input is cut into at least about this many bundles (when its dumps allow),
however small it is: a run's cut (`ingest.bundle_bytes`, `ingest.chunk_bytes`) is made for whole
snapshots, and would give ~100 MB of new dumps to one or two workers."""
CHUNK_PARTS = 8
"""… and into about this many chunks to finish."""


def update_cuts(sources: list[RepoSource], ingest: IngestConfig) -> tuple[int, int]:
    """(bundle bytes on disk, chunk bytes of content) for the sources an update reads: the run's
    cut, or finer when the sources are few.  Which files are read or staged together decides no
    output (a file is decided alone, dedup by its own id, the merge places it by id), so this
    only spreads the work."""
    if any(source.kind == "table" for source in sources):
        return ingest.bundle_bytes, ingest.chunk_bytes  # a table's parts each read its prefix again
    on_disk = sum(dump_size(source) for source in sources)
    bundle_bytes = max(1, min(ingest.bundle_bytes, on_disk // SPREAD_PARTS))
    # Contents are about four times their compressed size on disk (code in .tar.gz); a chunk costs
    # its own staged files and finishing task, so they are cut coarser than bundles.
    chunk_bytes = max(1, min(ingest.chunk_bytes, 4 * on_disk // CHUNK_PARTS))
    return bundle_bytes, chunk_bytes


def bundle_work(bundle: SourceBundle) -> int:
    """How much curating a bundle costs (`ingest.bundles.work_size` of its sources): what the
    update deals its bundles to the local runner's workers by.  Bytes on disk are not work: at
    1 GB, `debian/git` (10.2 MB on disk) and `debian/protobuf` (4.8 MB) cost about the same."""
    return sum(work_size(source, source.size if source.kind == "table" else dump_size(source))
               for source in bundle.sources)


def deal_chunks(refs: list[ChunkRef], workers: int) -> dict[int, int]:
    """Chunk handle → the local runner's worker that finishes it: largest `work` (what its PII scan
    reads: files alive before dedup that the policy keeps) first, each to the least loaded.
    Beam's local runner deals a grouped stage's keys to its workers in turn (the k-th key to
    arrive to worker k mod n), so with chunks keyed by handle which worker
    finished which chunk followed the order they arrived in: at 1 GB one worker finished for
    5.8 s while the other was done after 2.4 s.  Keyed by these slots (n keys for n workers),
    each worker gets one slot.  Which worker finishes a chunk changes nothing in the output."""
    loads = [0] * max(1, workers)
    slots: dict[int, int] = {}
    for ref in sorted(refs, key=lambda ref: (-ref.work, ref.key)):
        slot = min(range(len(loads)), key=lambda index: (loads[index], index))
        loads[slot] += ref.work
        slots[ref.handle] = slot
    return slots


def _chunk_to_slot(ref: ChunkRef, slots: dict[int, int]) -> tuple[int, tuple[str, int, object]]:
    return slots[ref.handle], ("chunk", ref.handle, ref)


def _decision_to_slot(element: tuple[int, BlobRef], slots: dict[int, int]) -> Iterator[tuple[int, tuple[str, int, object]]]:
    handle, ref = element
    if handle in slots:  # a stored file's (not a chunk's) decisions go to the merge alone
        yield slots[handle], ("decision", handle, ref)


def _chunks_of_slot(_: int, items: Iterable[tuple[str, int, object]]) -> Iterator[tuple[int, dict[str, list]]]:
    """A worker's slot → each of its chunks as `FinishChunks` takes it (as `CoGroupByKey` by handle gives it)."""
    parts: dict[int, dict[str, list]] = {}
    for tag, handle, value in items:
        parts.setdefault(handle, {"chunk": [], "decision": []})[tag].append(value)
    for handle in sorted(parts, key=lambda handle: -sum(ref.work for ref in parts[handle]["chunk"])):
        yield handle, parts[handle]


def build_update(pipeline: beam.Pipeline, spec: UpdateSpec) -> None:
    run: RunContext = spec.run.context
    config, output = run.config, spec.run.output
    bundle_bytes, chunk_bytes = update_cuts(spec.run.sources, config.ingest)
    cut = bundle_sources(spec.run.sources, bundle_bytes)
    bundles = balanced_order(cut, spec.workers, bundle_work) if spec.workers else spread_order(cut)
    curated = (
        pipeline
        | "Bundles" >> beam.Create(bundles, reshuffle=False)
        | "SpreadBundles" >> beam.GroupByKey()
        | "BundlesOfKey" >> beam.FlatMapTuple(_bundles_of_key)
        | _label("Curate", run, after_grouping=False) >> beam.ParDo(CurateBundles(run, output, spec.run.progress, chunk_bytes))
        .with_outputs(SUMMARIES, main="chunks")
    )
    chunks = curated.chunks | "ChunksByHandle" >> beam.Map(_by_handle)
    state_handles = frozenset(state_chunk_handle(index) for index in range(len(spec.state_shards)))
    if dedup_enabled(run):
        reached = (curated[SUMMARIES]
                   | "SeedSummaries" >> beam.Filter(lambda element: element[0] in ("sha", "band"))
                   | "AllSeeds" >> beam.combiners.ToList()
                   | "Reached" >> beam.Map(reached_ids, spec))
        stored = (
            pipeline
            | "StateShards" >> beam.Create(list(enumerate(spec.state_shards)), reshuffle=False)
            | "LoadState" >> beam.ParDo(LoadState(spec), beam.pvalue.AsSingleton(reached))
        )
        copies = bool(run.optout) and config.optout.copies != "none"
        decisions = ((curated[SUMMARIES], stored) | "AllSummaries" >> beam.Flatten()
                     | "Dedup" >> Deduplicate(config.dedup, copies, dedup_directory(output)))
    else:
        decisions = pipeline | "NoDecisions" >> beam.Create([])
    if spec.workers:
        slots = beam.pvalue.AsSingleton(curated.chunks | "AllChunks" >> beam.combiners.ToList()
                                        | "DealChunks" >> beam.Map(deal_chunks, spec.workers))
        to_finish = (
            (curated.chunks | "ChunksToSlots" >> beam.Map(_chunk_to_slot, slots),
             decisions | "DecisionsToSlots" >> beam.FlatMap(_decision_to_slot, slots))
            | "ChunksAndDecisions" >> beam.Flatten()
            | "DecisionsToChunks" >> beam.GroupByKey()
            | "ChunksOfSlot" >> beam.FlatMapTuple(_chunks_of_slot)
        )
    else:
        to_finish = {"chunk": chunks, "decision": decisions} | "DecisionsToChunks" >> beam.CoGroupByKey()
    pieces = to_finish | _label("Finish", run, after_grouping=True) >> beam.ParDo(FinishChunks(run, output))
    _ = (pieces | "AllPieces" >> beam.combiners.ToList()
         | "StagePieces" >> beam.Map(_write_pieces, output))
    _ = (decisions
         | "OfStoredFiles" >> beam.Filter(lambda element, handles: element[0] in handles, state_handles)
         | "AllStoredDecisions" >> beam.combiners.ToList()
         | "StageStoredDecisions" >> beam.Map(_write_decisions, output))
