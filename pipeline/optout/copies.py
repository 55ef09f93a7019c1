"""What dedup must know about a file once the steps before it ran: the opt-out copy rule at the
place where files are read (`pipeline/curate.py` asks, per file, and stages the answer).

- A file no step dropped is `ALIVE`: a dedup member.
- A file the opt-out step dropped is a `COPY_SOURCE` when its copies elsewhere go too (the rules
  in `rules.copy_source`); with `optout.copies: near` it also joins dedup as a `GHOST`: its intact
  content, run through the remaining pre-dedup steps (whose drops are not the run's), becomes a
  member that takes its near-duplicates with it and is never kept.
- A file a later step (a filter) dropped is `FILTERED`: still hashed when copies are removed, so a
  filtered copy of an opted-out file records `optout:copy` (copies are decided before the filters).
"""

from __future__ import annotations

from dataclasses import replace

from core.records import FileRecord
from core.steps import Counters, StepRunner
from dedup.summaries import ALIVE, COPY_SOURCE, FILTERED, GHOST
from pipeline.optout.config import OptoutConfig
from pipeline.optout.rules import copy_source


class _Silent(Counters):
    """For the ghost copies of opted-out files: their drops are not the run's drops."""

    def inc(self, name: str, by: int = 1) -> None:
        pass


class DedupFlags:
    """Per file: (dedup flags, its ghost or None), from where the pre-dedup steps dropped it."""

    def __init__(self, steps: StepRunner, config: OptoutConfig, optout_applied: bool) -> None:
        names = [step.name for step in steps.steps]
        self._optout_index = names.index("optout") if "optout" in names else None
        self._copies = config.copies if optout_applied else "none"
        self._config = config
        self._ghost_steps = StepRunner(steps.steps, _Silent())

    def of(self, record: FileRecord, content: str, dropped_at: int | None) -> tuple[int, FileRecord | None]:
        """`content` is the record's content before the steps ran (a drop clears it)."""
        if dropped_at is None:
            return ALIVE, None
        if dropped_at == self._optout_index:
            if self._copies == "none" or not copy_source(record.path, record.size, self._config):
                return 0, None
            if self._copies == "near":
                candidate = replace(record, content=content, reason=None)
                if self._ghost_steps.run(candidate, start=dropped_at + 1) is None:
                    return COPY_SOURCE | GHOST, candidate
            return COPY_SOURCE, None
        if self._optout_index is None or dropped_at > self._optout_index:
            return FILTERED, None
        return 0, None
