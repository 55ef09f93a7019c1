"""Every drop reason the pipeline emits, `<stage>:<rule>`, in one place.

`verify` rejects a provenance row whose reason is not one of these: a reason is a claim about why a
file is absent, and a claim nobody's code can make is a sign of tampering.  The stages build their
reasons from the same names (the quality rules, licence types, opt-out kinds are imported from
where they are decided); the ingest and go-enry rule names are plain strings in their modules and
are listed here, and `tests/pipeline/test_reasons.py` greps the source for any this list misses.

Decontamination reasons name a benchmark, so the known set depends on the dataset's config:
`decontam:humaneval` when HumanEval is on, plus one per configured benchmark file.
"""

from __future__ import annotations

from typing import get_args

INGEST_RULES = (
    # one entry of a dump (pipeline/ingest/repository.py, tables.py)
    "symlink", "hardlink", "special_file", "encrypted", "submodule", "unreadable", "too_large",
    "duplicate_entry", "unsafe_path", "binary", "undecodable",
    # a whole dump or table that cannot be read (further): one row for the rest of it (a table row
    # that is not a file costs that row: corrupt_row)
    "too_many_files", "dump_budget", "corrupt_archive", "corrupt_entry", "corrupt_git",
    "unsupported_remote_git", "corrupt_table", "corrupt_row",
    # a file read before its dump turned out truncated or corrupt (ingest.keep_damaged_dumps off)
    "truncated_dump",
)
LANGUAGE_RULES = ("unknown_language", "language_not_selected", "vendor", "generated", "documentation")
"""filters/language.py: go-enry classification."""
DEDUP_RULES = ("exact", "near")
PII_RULES = ("too_many",)


def static_reasons() -> frozenset[str]:
    """Every reason whose rule name does not depend on the config."""
    from filters.quality import RULES
    from licenses.config import LicenseType
    from pipeline.ingest.licence_fields import LICENSE_SCAN_ERROR
    from pipeline.optout.rules import COPY_REASON, DIRECT_REASONS

    reasons = {f"ingest:{rule}" for rule in INGEST_RULES}
    reasons |= {f"filters:{rule}" for rule in (*LANGUAGE_RULES, *RULES)}
    reasons |= {f"dedup:{rule}" for rule in DEDUP_RULES}
    reasons |= {f"license:{kind}" for kind in get_args(LicenseType)}
    reasons |= {f"pii:{rule}" for rule in PII_RULES}
    reasons |= {*DIRECT_REASONS, COPY_REASON}
    reasons.add(LICENSE_SCAN_ERROR)
    return frozenset(reasons)


def known_reasons(config: dict) -> frozenset[str]:
    """The reasons a run with this resolved config (a manifest's `config`) can emit."""
    decontam = config.get("decontam", {})
    benchmarks = [benchmark["name"] for benchmark in decontam.get("benchmarks", [])]
    if decontam.get("humaneval", True):
        benchmarks.append("humaneval")
    from pipeline.stages import STAGES
    from pipeline.steps import ERROR_RULE

    registered = {f"{stage.reason_prefix}:{rule}" for stage in STAGES for rule in stage.rules}
    registered |= {f"{stage.reason_prefix}:{ERROR_RULE}" for stage in STAGES if stage.kind == "per_file"}
    return static_reasons() | registered | {f"decontam:{name}" for name in benchmarks}
