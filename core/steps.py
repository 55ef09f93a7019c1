"""The per-file step contract, and the one primitive that runs steps and routes drops.

A step is a plain object with `setup()` (expensive state, built once per worker: the DoFn
lifecycle) and `process(record) -> reason | None`.  `StepRunner` runs an ordered list of steps
over records: the first step that names a reason drops the record (its content cleared) and the
reason is counted in a Beam counter of one namespace, so the local progress line and the
Dataflow job page show the same counters.  The fused DoFns of the graph and opt-out promotion
both run their steps through it, so a drop means the same thing everywhere.

A step that raises on a file fails closed: the file is dropped as `<reason prefix>:error` (its
content cleared, so a half-redacted file is never published), counted like any drop, where the
first failure of each kind happened is logged, and the run goes on.  One file a detector cannot handle costs that
file, not the run (the dead-letter output of Beam's own transforms, kept as a provenance row).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable, Sequence
from typing import Protocol

from apache_beam.metrics import Metrics

from core.records import FileRecord

NAMESPACE = "codecurate"
ERROR_RULE = "error"
"""The rule of a drop made because the step raised: `filters:error`, `pii:error`, …"""

_log = logging.getLogger(__name__)
_logged: set[tuple[str, type]] = set()


def log_failure(reason: str, record: FileRecord, error: Exception) -> None:
    """Log where the first failure of each kind in this process happened: the frames, never the
    exception's message, which may quote the file (a secret must not reach a log)."""
    if (reason, type(error)) in _logged:
        return
    _logged.add((reason, type(error)))
    frames = "; ".join(f"{frame.filename}:{frame.lineno} {frame.name}"
                       for frame in traceback.extract_tb(error.__traceback__))
    _log.warning("%s: %s raised on %s in %s; the file is dropped, the run goes on (the first of its kind "
                 "in this process; frames: %s)", reason, type(error).__name__, record.path, record.repo_name, frames)


class FileStep(Protocol):
    name: str
    """The stage's name in the registry.  A step whose reasons start otherwise also has a
    `reason_prefix` (the policy step drops as `license:<type>`): see `reason_prefix`."""

    def setup(self) -> None: ...

    def process(self, record: FileRecord) -> str | None:
        """Return a drop reason (`<stage>:<rule>`) or None; may fill fields of `record`."""
        ...


def on_fields_alone(step: FileStep) -> bool:
    """Whether the step decides on fields earlier steps set, without reading the content (the
    policy step reads the licence type ingest decided): asking it ahead costs nothing and
    changes nothing, so a stage can know which files a later one will scan."""
    return getattr(step, "fields_alone", False)


def reason_prefix(step: FileStep) -> str:
    """What the step's drop reasons start with: its `reason_prefix` if it has one, else its name."""
    return getattr(step, "reason_prefix", step.name)


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
        self._errors = [f"{reason_prefix(step)}:{ERROR_RULE}" for step in self.steps]

    def setup(self) -> None:
        for step in self.steps:
            step.setup()

    def run(self, record: FileRecord, start: int = 0) -> int | None:
        """Apply the steps from `start` on; return the index of the step that dropped the record
        (now marked dropped, its reason counted), or None when every step kept it."""
        for index in range(start, len(self.steps)):
            try:
                reason = self.steps[index].process(record)
            except Exception as error:  # noqa: BLE001 - any failure of a step fails closed, on that file only
                reason = self._errors[index]
                log_failure(reason, record, error)
            if reason is not None:
                self._counters.inc(reason)
                record.drop(reason)
                return index
        return None

    def run_all(self, records: Iterable[FileRecord]) -> None:
        for record in records:
            if not record.dropped:
                self.run(record)
