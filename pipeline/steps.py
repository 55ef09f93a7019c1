"""The per-file step contract and its Beam wrapper.

A step is a plain object with `setup()` (expensive state, built once per worker: the DoFn
lifecycle) and `process(record) -> reason | None`.  `ApplyStep` turns it into a ParDo with two
outputs, kept and dropped, and counts every drop reason in a Beam metric named after the reason,
so the local progress line and the Dataflow job page show the same counters.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipeline.records import FileRecord

KEPT, DROPPED = "kept", "dropped"
NAMESPACE = "codecurate"


class FileStep(Protocol):
    name: str

    def setup(self) -> None: ...

    def process(self, record: FileRecord) -> str | None:
        """Return a drop reason (`<stage>:<rule>`) or None; may fill fields of `record`."""
        ...


class _StepDoFn(beam.DoFn):
    def __init__(self, step: FileStep) -> None:
        self._step = step
        self._counters: dict[str, object] = {}

    def setup(self) -> None:
        self._step.setup()

    def _count(self, name: str):
        counter = self._counters.get(name)
        if counter is None:
            counter = self._counters[name] = Metrics.counter(NAMESPACE, name)
        return counter

    def process(self, record: FileRecord):
        reason = self._step.process(record)
        if reason is None:
            yield record
        else:
            self._count(reason).inc()
            # A copy: the input element may also feed another consumer (opt-out ghosts read the
            # same records), and dropping clears the content.
            yield beam.pvalue.TaggedOutput(DROPPED, replace(record).drop(reason))


class ApplyStep(beam.PTransform):
    """records → (kept, dropped)."""

    def __init__(self, step: FileStep) -> None:
        super().__init__(label=step.name)
        self._step = step

    def expand(self, records):
        outputs = records | beam.ParDo(_StepDoFn(self._step)).with_outputs(DROPPED, main=KEPT)
        return outputs[KEPT], outputs[DROPPED]
