"""Copies of opted-out files elsewhere in the input are removed too (`optout:copy`): exact
copies here, near copies through dedup ghosts (`near_copy_sources`).

The hashes of the files the list removed become a side input: opt-outs are few, so the set is
small even when the dataset is not.  Not every opted-out file is a source of copies: boilerplate
that everybody shares (the MIT licence text, an empty `__init__.py`) would otherwise take
thousands of unrelated repositories' identical files with it (`copy_source`).
"""

from __future__ import annotations

from dataclasses import replace

import apache_beam as beam
from apache_beam.metrics import Metrics

from licenses.filenames import EvidenceKind, evidence_kind
from pipeline.optout.config import OptoutConfig
from pipeline.steps import DROPPED, KEPT, NAMESPACE

COPY_REASON = "optout:copy"
_LICENCE_KINDS = (EvidenceKind.LICENSE, EvidenceKind.NOTICE, EvidenceKind.THIRD_PARTY, EvidenceKind.DECLARATIONS)


def copy_source(path: str, size: int, config: OptoutConfig) -> bool:
    """Whether an opted-out file's copies elsewhere are removed as well."""
    if size < config.copy_min_bytes:
        return False
    return not (config.copy_skip_license_files and evidence_kind(path) in _LICENCE_KINDS)


class _DropCopies(beam.DoFn):
    def setup(self) -> None:
        self._source: object = None
        self._hashes: frozenset[str] = frozenset()

    def process(self, record, hashes):
        if self._source is not hashes:  # the side input is the same object for a whole bundle
            self._source, self._hashes = hashes, frozenset(hashes)
        if record.content_sha256 in self._hashes:
            Metrics.counter(NAMESPACE, COPY_REASON).inc()
            yield beam.pvalue.TaggedOutput(DROPPED, record.drop(COPY_REASON))
        else:
            yield record


class DropCopies(beam.PTransform):
    """(alive, opted-out) → (kept, dropped copies)."""

    def __init__(self, config: OptoutConfig | None = None) -> None:
        super().__init__()
        self._config = config or OptoutConfig()

    def expand(self, pcolls):
        alive, opted_out = pcolls
        config = self._config
        hashes = (
            opted_out
            | "CopySources" >> beam.Filter(lambda r: copy_source(r.path, r.size, config))
            | "OptedOutHashes" >> beam.Map(lambda r: r.content_sha256)
            | "DistinctHashes" >> beam.Distinct()
        )
        outputs = alive | "DropCopies" >> beam.ParDo(
            _DropCopies(), hashes=beam.pvalue.AsList(hashes)
        ).with_outputs(DROPPED, main=KEPT)
        return outputs[KEPT], outputs[DROPPED]


class _NearCopySources(beam.DoFn):
    """Opted-out files that would have reached dedup: copy sources that pass the filters.

    They become dedup ghosts (`optout.copies: near`).  The record is copied first: Beam forbids
    mutating an input element, and the filters fill in the language and line statistics.
    """

    def __init__(self, optout, config: OptoutConfig, filters) -> None:
        self._optout = optout
        self._config = config
        self._filters = filters

    def process(self, record):
        if self._optout.reason(record) is None or not copy_source(record.path, record.size, self._config):
            return
        ghost = replace(record)
        if self._filters is None or self._filters.process(ghost) is None:
            yield ghost


def near_copy_sources(records, optout, config: OptoutConfig, filters):
    """PCollection of ghosts for `Deduplicate` (empty unless `copies: near`)."""
    if config.copies != "near" or not optout:
        return records.pipeline | "NoGhosts" >> beam.Create([])
    return records | "NearCopySources" >> beam.ParDo(_NearCopySources(optout, config, filters))
