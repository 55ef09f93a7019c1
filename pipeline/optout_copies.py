"""Exact copies of opted-out files elsewhere in the input are removed too (`optout:copy`).

The hashes of the files the list removed become a side input: opt-outs are few, so the set is
small even when the dataset is not.  Not every opted-out file is a source of copies: boilerplate
that everybody shares (the MIT licence text, an empty `__init__.py`) would otherwise take
thousands of unrelated repositories' identical files with it (`copy_source`).
"""

from __future__ import annotations

import apache_beam as beam
from apache_beam.metrics import Metrics

from licenses.filenames import EvidenceKind, evidence_kind
from pipeline.config import OptoutConfig
from pipeline.steps import DROPPED, KEPT, NAMESPACE

COPY_REASON = "optout:copy"
_LICENCE_KINDS = (EvidenceKind.LICENSE, EvidenceKind.NOTICE)


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
