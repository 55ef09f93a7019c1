"""What an opt-out removes, as data: every module that applies, plans or verifies opt-outs reads
its semantics here.

- Precedence: a file covered several ways records the strongest reason, in `PRECEDENCE` order
  (user > repo > path > content > copy), the order in which `OptoutList.reason_for` tests them.
- Copies: the files with the same content as an opted-out file go too (`optout:copy`), and with
  `optout.copies: near` so do their near-duplicates, because the opted-out file joins dedup as a
  *ghost* member that takes its whole group with it and is never kept.  Not every opted-out file
  is a source of copies (`copy_source`): boilerplate everybody shares (the MIT text, an empty
  `__init__.py`) would otherwise take thousands of unrelated repositories' files with it.
- Copies are decided before the filters, so a filtered copy still records `optout:copy`.
- Stage order (which drops happen before the opt-out stage, which after dedup) comes from the
  stage registry (`pipeline/stages.py`).
"""

from __future__ import annotations

from dedup.ranking import COPY_REASON
from licenses.filenames import EvidenceKind, evidence_kind
from pipeline.optout.config import OptoutConfig
from pipeline.stages import reason_prefixes

DIRECT_REASONS = ("optout:user", "optout:repo", "optout:path", "optout:content")
PRECEDENCE = (*DIRECT_REASONS, COPY_REASON)
_RANK = {reason: rank for rank, reason in enumerate(PRECEDENCE)}
_LICENCE_KINDS = (EvidenceKind.LICENSE, EvidenceKind.NOTICE, EvidenceKind.THIRD_PARTY, EvidenceKind.DECLARATIONS)

__all__ = ["COPY_REASON", "DIRECT_REASONS", "PRECEDENCE", "before_optout", "copy_source", "opted_out",
           "reached_dedup", "stronger"]


def stronger(current: str | None, new: str) -> str:
    """The reason a run with both lists records (`current` may be any parent reason)."""
    if current in _RANK and _RANK[current] <= _RANK[new]:
        return current
    return new


def copy_source(path: str, size: int, config: OptoutConfig) -> bool:
    """Whether an opted-out file's copies elsewhere are removed as well."""
    if size < config.copy_min_bytes:
        return False
    return not (config.copy_skip_license_files and evidence_kind(path) in _LICENCE_KINDS)


def reached_dedup(row: dict) -> bool:
    """Kept, or dropped at or after dedup: such rows took part in dedup, so their cluster may change."""
    return row["reason"] is None or row["reason"].startswith(reason_prefixes(from_stage="dedup"))


def before_optout(row: dict) -> bool:
    """Dropped by a stage before the opt-out stage (ingest, with licence detection)."""
    return bool(row["reason"]) and row["reason"].startswith(reason_prefixes(before="optout"))


def opted_out(row: dict) -> dict:
    """The provenance row a fresh run writes for a file the opt-out stage drops: nothing after
    ingest ran on it (no language, dedup cluster, PII counts or shard)."""
    return {**row, "status": "dropped", "language": None, "duplicate_of": None, "cluster_id": None,
            "pii": [], "shard": None}
