"""The second fused stage: a staged chunk + its dedup decisions → finished pieces.

The worker reads the chunk's records back from staging, applies the decisions dedup made about
them (opt-out copies, exact and near duplicates), runs the per-file steps that follow dedup
(policy, PII, decontamination), and stages the result as two pieces: the kept files' data rows
(redacted) and every file's provenance row.  It emits a `Piece`: paths, per-language byte counts,
the statistics of its provenance rows and the repositories seen, all small.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import apache_beam as beam
import pyarrow as pa

from dedup.blobs import read_blobs
from dedup.rules import FileDecision, unpack_decisions
from dedup.summaries import handle_of
from filters.language import language_slug
from pipeline.attribution import email_redactor, stage_chunk_attribution
from pipeline.dataset.layout import content_bytes
from pipeline.dataset.schema import DATA_SCHEMA, PROVENANCE_SCHEMA, data_row, provenance_row
from pipeline.dataset.stats import DatasetStats
from pipeline.memory import release_freed_memory
from pipeline.records import FileRecord
from pipeline.stages import RunContext, per_file_steps
from pipeline.staging import ChunkRef, chunk_file, read_records, write_table
from pipeline.steps import Counters, StepRunner
from pipeline.warm import REDACTION, settle


@dataclass(frozen=True)
class Piece:
    key: str
    data_path: str
    provenance_path: str
    language_bytes: tuple[tuple[str, int], ...]
    """(language slug, content bytes of its kept rows)."""
    provenance_rows: int
    stats: dict
    """A `DatasetStats` accumulator over the chunk's provenance rows."""
    repositories: tuple[str, ...]
    attribution_path: str = ""
    """The chunk's staged attribution rows (`pipeline/attribution.py`); "" when none is needed."""
    attribution_bytes: int = 0


def apply_decision(record: FileRecord, decision: FileDecision, counters: Counters) -> None:
    """Dedup's verdict on a staged record; an opt-out copy outranks a filter's earlier drop."""
    record.cluster_id = decision.cluster_id
    record.duplicate_of = decision.duplicate_of
    if decision.reason is None:
        return
    if record.reason is not None:
        counters.inc(record.reason, -1)
        record.reason = None
    counters.inc(decision.reason)
    record.drop(decision.reason)


class FinishChunks(beam.DoFn):
    """(chunk handle, {"chunk": [ChunkRef], "decision": [BlobRef to packed FileDecisions …]}) → Piece."""

    def __init__(self, run: RunContext, output: str) -> None:
        self._run = run
        self._output = output

    def setup(self) -> None:
        settle(REDACTION)  # started once this worker curated its share (`pipeline/warm.py`)
        self._counters = Counters()
        self._steps = StepRunner(per_file_steps(self._run, after_grouping=True), self._counters)
        self._steps.setup()
        self._stats = DatasetStats()
        self._redact = email_redactor(self._run.config)

    def process(self, element: tuple[int, dict[str, Iterable]]) -> Iterator[Piece]:
        _, parts = element
        refs: list[ChunkRef] = list(parts["chunk"])
        if not refs:
            return
        ref = refs[0]
        decisions = {decision.handle: decision for decision in unpack_decisions(read_blobs(parts["decision"]))}
        records = read_records(ref.path)
        for record in records:
            decision = decisions.get(handle_of(record.id))
            if decision is not None:
                apply_decision(record, decision, self._counters)
        self._steps.run_all(records)
        piece = self._stage_pieces(ref.key, records)
        del records, decisions
        release_freed_memory()
        yield piece

    def _stage_pieces(self, key: str, records: list[FileRecord]) -> Piece:
        kept = sorted((record for record in records if not record.dropped), key=lambda record: record.id)
        language_bytes: dict[str, int] = {}
        for record in kept:
            slug = language_slug(record.language)
            language_bytes[slug] = language_bytes.get(slug, 0) + content_bytes(record)
        provenance = [provenance_row(record, None) for record in sorted(records, key=lambda record: record.id)]
        stats = self._stats.create_accumulator()
        for row in provenance:
            stats = self._stats.add_input(stats, row)
        data_path = chunk_file(self._output, key, "data")
        provenance_path = chunk_file(self._output, key, "provenance")
        write_table(data_path, pa.Table.from_pylist([data_row(record) for record in kept], schema=DATA_SCHEMA))
        write_table(provenance_path, pa.Table.from_pylist(provenance, schema=PROVENANCE_SCHEMA))
        attribution_path = chunk_file(self._output, key, "attribution")
        attribution_bytes = stage_chunk_attribution(attribution_path, chunk_file(self._output, key, "notices"), kept,
                                                    self._run.config, self._redact)
        return Piece(key, data_path, provenance_path, tuple(sorted(language_bytes.items())), len(provenance),
                     stats, tuple(sorted({record.repo_name for record in records})),
                     attribution_path if attribution_bytes else "", attribution_bytes)
