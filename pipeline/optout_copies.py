"""Exact copies of opted-out files elsewhere in the input are removed too (`optout:copy`).

The hashes of the files the list removed become a side input: opt-outs are few, so the set is
small even when the dataset is not.
"""

from __future__ import annotations

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipeline.steps import DROPPED, KEPT, NAMESPACE


class _DropCopies(beam.DoFn):
    def setup(self) -> None:
        self._source: object = None
        self._hashes: frozenset[str] = frozenset()

    def process(self, record, hashes):
        if self._source is not hashes:  # the side input is the same object for a whole bundle
            self._source, self._hashes = hashes, frozenset(hashes)
        if record.content_sha256 in self._hashes:
            Metrics.counter(NAMESPACE, "optout:copy").inc()
            yield beam.pvalue.TaggedOutput(DROPPED, record.drop("optout:copy"))
        else:
            yield record


class DropCopies(beam.PTransform):
    """(alive, opted-out) → (kept, dropped copies)."""

    def expand(self, pcolls):
        alive, opted_out = pcolls
        hashes = (
            opted_out
            | "OptedOutHashes" >> beam.Map(lambda r: r.content_sha256)
            | "DistinctHashes" >> beam.Distinct()
        )
        outputs = alive | "DropCopies" >> beam.ParDo(
            _DropCopies(), hashes=beam.pvalue.AsList(hashes)
        ).with_outputs(DROPPED, main=KEPT)
        return outputs[KEPT], outputs[DROPPED]
