"""Which provenance rows a new opt-out list changes, decided from provenance alone.

The rule is "what a fresh run with the parent's list plus the new one would say": ingest drops
happen before the opt-out stage and stay; every other row the lists cover becomes an opt-out
drop, the stronger reason winning (user > repo > path > content > copy, the order in which
`OptoutList.reason` tests them); then the copies of newly opted-out files (`optout:copy`).
The parent's own opt-outs are never undone: a version cannot give back what its parent removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.optout.config import OptoutConfig
from pipeline.optout.copies import COPY_REASON, copy_source
from pipeline.optout.entries import OptoutList

DIRECT_REASONS = ("optout:user", "optout:repo", "optout:path", "optout:content")
_PRIORITY = {reason: rank for rank, reason in enumerate((*DIRECT_REASONS, COPY_REASON))}
# Drops decided at or after dedup: such rows took part in dedup, so their cluster may change.
_FROM_DEDUP_ON = ("dedup:", "license:", "pii:", "decontam:")


def stronger(current: str | None, new: str) -> str:
    """The reason a run with both lists records (`current` may be any parent reason)."""
    if current in _PRIORITY and _PRIORITY[current] <= _PRIORITY[new]:
        return current
    return new


def reached_dedup(row: dict) -> bool:
    return row["reason"] is None or row["reason"].startswith(_FROM_DEDUP_ON)


def before_optout(row: dict) -> bool:
    """Ingest (with licence detection) is the only stage before the opt-out stage."""
    return bool(row["reason"]) and row["reason"].startswith("ingest:")


def opted_out(row: dict) -> dict:
    """The provenance row a fresh run writes for a file the opt-out stage drops: nothing after
    ingest ran on it (no language, dedup cluster, PII counts or shard)."""
    return {**row, "status": "dropped", "language": None, "duplicate_of": None, "cluster_id": None,
            "pii": [], "shard": None}


@dataclass
class Change:
    old: dict
    shard: str
    """The provenance shard that holds the row."""
    reason: str


@dataclass
class OptoutPlan:
    """Filled by streaming provenance twice: `observe_direct` over every row, then, if any
    file was newly opted out, `observe_copy` over every row."""

    optout: OptoutList
    config: OptoutConfig
    changes: dict[str, Change] = field(default_factory=dict)
    copy_hashes: set[str] = field(default_factory=set)
    copy_clusters: set[str] = field(default_factory=set)

    def observe_direct(self, row: dict, shard: str) -> None:
        if before_optout(row):
            return
        reason = self.optout.reason_for(row["repo_name"], row["path"], row["content_sha256"])
        if reason is None:
            return
        self._change(row, shard, reason)
        if self.config.copies != "none" and copy_source(row["path"], row["size"] or 0, self.config):
            self.copy_hashes.add(row["content_sha256"])
            if self.config.copies == "near" and row["cluster_id"]:
                self.copy_clusters.add(row["cluster_id"])

    @property
    def needs_copy_pass(self) -> bool:
        return bool(self.copy_hashes or self.copy_clusters)

    def observe_copy(self, row: dict, shard: str) -> None:
        if before_optout(row) or row["id"] in self.changes:  # a direct reason always beats a copy
            return
        if row["content_sha256"] in self.copy_hashes or (row["cluster_id"] and row["cluster_id"] in self.copy_clusters):
            self._change(row, shard, COPY_REASON)

    def _change(self, row: dict, shard: str, reason: str) -> None:
        known = self.changes.get(row["id"])
        best = stronger(known.reason if known else row["reason"], reason)
        if best != row["reason"]:
            self.changes[row["id"]] = Change(row, shard, best)

    def affected_clusters(self) -> set[str]:
        """Dedup clusters that lose a member: their decisions must be made again."""
        return {c.old["cluster_id"] for c in self.changes.values() if c.old["cluster_id"] and reached_dedup(c.old)}
