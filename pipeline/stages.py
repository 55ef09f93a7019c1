"""The stage registry: the one ordered list of stages everything else derives from.

The graph (which steps each fused DoFn runs), `--dry-run`, the manifest's stage list (and so the
card and the report's funnel), the opt-out planner (which reasons come before the opt-out stage,
which took part in dedup) and opt-out promotion (which steps follow dedup) all read `STAGES`.
Adding a per-file stage is one module with a `FileStep` plus one line here (docs/ARCHITECTURE.md).

Kinds:
- `source`: reads the inputs (ingest; licence detection reads the same tree in the same pass);
- `per_file`: a `FileStep`, run inside the fused DoFn before or after the `grouping` stage;
- `grouping`: needs every file's summary at once (dedup, which also applies opt-out copies);
- `sink`: writes the dataset.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from pipeline.config import Config
from pipeline.optout.entries import OptoutList
from pipeline.steps import FileStep

Kind = Literal["source", "per_file", "grouping", "sink"]


@dataclass(frozen=True)
class RunContext:
    """What decides whether a stage runs and how its step is built."""

    config: Config
    optout: OptoutList


@dataclass(frozen=True)
class Stage:
    name: str
    """Shown in the graph, the dry run, the card and the report."""
    reason_prefix: str
    """Its drops are `<reason_prefix>:<rule>`."""
    config_section: str | None
    """The config section that configures (and usually switches) it."""
    kind: Kind
    enabled: Callable[[RunContext], bool]
    description: str
    """One sentence for the dataset card."""
    step: Callable[[RunContext], FileStep] | None = None
    """For `per_file` stages: builds the step (cheap; `setup()` builds the heavy state)."""
    rules: tuple[str, ...] = ()
    """Rule names a stage added beside the built-in ones may drop with (`pipeline/reasons.py`
    lists the built-in stages' rules where they are decided)."""


def _optout_step(run: RunContext) -> FileStep:
    from pipeline.optout.entries import OptoutStep

    return OptoutStep(run.optout)


def _filter_step(run: RunContext) -> FileStep:
    from filters.stage import FilterStep

    return FilterStep(run.config.filters)


def _policy_step(run: RunContext) -> FileStep:
    from licenses.policy import PolicyStep

    return PolicyStep(run.config.policy)


def _pii_step(run: RunContext) -> FileStep:
    from pii.stage import PiiStep

    return PiiStep(run.config.pii)


def _decontam_step(run: RunContext) -> FileStep:
    from filters.stage import DecontamStep

    return DecontamStep(run.config.decontam)


def dedup_enabled(run: RunContext) -> bool:
    """Grouping runs for dedup and also for opt-out copies (exact and near copies are found there)."""
    copies = bool(run.optout) and run.config.optout.copies != "none"
    return run.config.dedup.exact or run.config.dedup.near.enabled or copies


STAGES: list[Stage] = [
    Stage("ingest", "ingest", "ingest", "source", lambda run: True,
          "Reads every dump once; binary, oversized, unsafe or unreadable entries are recorded, not read."),
    Stage("licenses", "licenses", "licenses", "source", lambda run: run.config.licenses.enabled,
          "Licence files, package manifests, per-file SPDX tags/headers and host metadata decide each "
          "file's SPDX ids and licence type."),
    Stage("optout", "optout", "optout", "per_file", lambda run: bool(run.optout),
          "Files of users, repositories, paths and contents on the opt-out list, and copies of them, are removed.",
          _optout_step),
    Stage("filters", "filters", "filters", "per_file", lambda run: run.config.filters.enabled,
          "go-enry language, vendor and generated flags, then The Stack v2 quality heuristics.", _filter_step),
    Stage("dedup", "dedup", "dedup", "grouping", dedup_enabled,
          "Exact (content sha256) and near duplicates (MinHash LSH, connected components); one ranked keeper each."),
    Stage("policy", "license", "policy", "per_file", lambda run: run.config.policy.enabled,
          "Only the licence types listed in `policy.keep` stay.", _policy_step),
    Stage("pii", "pii", "pii", "per_file", lambda run: run.config.pii.enabled,
          "Keys, tokens, passwords and private keys become placeholders; e-mail addresses become "
          "`redactedN@example.com` stand-ins (`pii.email_replacement`) and public IP addresses used as addresses "
          "same-length private stand-ins (`pii.ip_replacement`).", _pii_step),
    Stage("decontam", "decontam", "decontam", "per_file", lambda run: run.config.decontam.enabled,
          "Files containing benchmark prompts or solutions are removed.", _decontam_step),
    Stage("write", "write", "write", "sink", lambda run: True,
          "Deterministic Parquet shards and provenance, the manifest written last."),
]
"""Pipeline order. The policy stage drops by licence type, so its reasons read `license:<type>`."""


def active_stages(run: RunContext) -> list[Stage]:
    return [stage for stage in STAGES if stage.enabled(run)]


def stage_names(run: RunContext) -> list[str]:
    return [stage.name for stage in active_stages(run)]


def manifest_stages(run: RunContext) -> list[dict]:
    """The stage list a manifest records, so the card and report need nothing but the manifest."""
    return [{"name": stage.name, "reason_prefix": stage.reason_prefix, "enabled": stage.enabled(run),
             "description": stage.description} for stage in STAGES]


def _grouping_index() -> int:
    return next(index for index, stage in enumerate(STAGES) if stage.kind == "grouping")


def per_file_steps(run: RunContext, after_grouping: bool) -> list[FileStep]:
    """The enabled per-file steps before (or after) the grouping stage, in order, not yet set up."""
    split = _grouping_index()
    chosen = STAGES[split + 1:] if after_grouping else STAGES[:split]
    return [stage.step(run) for stage in chosen if stage.kind == "per_file" and stage.enabled(run)]


def stage_of_reason(reason: str) -> str:
    """The stage that emitted a drop reason (`license:no_license` → `policy`)."""
    prefix = reason.split(":", 1)[0]
    return next((stage.name for stage in STAGES if stage.reason_prefix == prefix), prefix)


def reason_prefixes(before: str | None = None, from_stage: str | None = None) -> tuple[str, ...]:
    """Reason prefixes (with the colon) of the stages before `before` or from `from_stage` on."""
    names = [stage.name for stage in STAGES]
    if before is not None:
        chosen = STAGES[:names.index(before)]
    else:
        chosen = STAGES[names.index(from_stage or names[0]):]
    return tuple(f"{stage.reason_prefix}:" for stage in chosen)
