"""The per-file step contract, and the one primitive that runs steps and routes drops.

A step is a plain object with `setup()` (expensive state, built once per worker: the DoFn
lifecycle) and `process(record) -> reason | None`.  `StepRunner` runs an ordered list of steps
over records: the first step that names a reason drops the record (its content cleared) and the
reason is counted in a Beam counter of one namespace, so the local progress line and the
Dataflow job page show the same counters.  The fused DoFns of the graph and opt-out promotion
both run their steps through it, so a drop means the same thing everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from apache_beam.metrics import Metrics

from pipeline.records import FileRecord

NAMESPACE = "codecurate"


class FileStep(Protocol):
    name: str

    def setup(self) -> None: ...

    def process(self, record: FileRecord) -> str | None:
        """Return a drop reason (`<stage>:<rule>`) or None; may fill fields of `record`."""
        ...


class Step:
    """A base for steps: keeps the stage's settings; `setup` builds nothing unless overridden."""

    name = ""

    def __init__(self, settings: object) -> None:
        self.settings = settings

    def setup(self) -> None:
        """Nothing heavy to build."""


class Counters:
    """Beam counters of the one namespace, looked up once per name (a lookup per file costs)."""

    def __init__(self) -> None:
        self._counters: dict[str, object] = {}

    def inc(self, name: str, by: int = 1) -> None:
        counter = self._counters.get(name)
        if counter is None:
            counter = self._counters[name] = Metrics.counter(NAMESPACE, name)
        counter.inc(by)


class StepRunner:
    """An ordered list of steps applied record by record; outside Beam the counters are no-ops."""

    def __init__(self, steps: Sequence[FileStep], counters: Counters | None = None) -> None:
        self.steps = list(steps)
        self._counters = counters or Counters()

    def setup(self) -> None:
        for step in self.steps:
            step.setup()

    def run(self, record: FileRecord, start: int = 0) -> int | None:
        """Apply the steps from `start` on; return the index of the step that dropped the record
        (now marked dropped, its reason counted), or None when every step kept it."""
        for index in range(start, len(self.steps)):
            reason = self.steps[index].process(record)
            if reason is not None:
                self._counters.inc(reason)
                record.drop(reason)
                return index
        return None

    def run_all(self, records: Iterable[FileRecord]) -> None:
        for record in records:
            if not record.dropped:
                self.run(record)
