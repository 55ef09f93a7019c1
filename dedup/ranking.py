"""Which copy of a duplicate group is kept (docs/ARCHITECTURE.md).

permissive > declared_only > no_license > non_permissive, then more stars, more forks, more recent, then the
smallest id, so that the choice is total and the same on every runner.  Dedup runs before the
licence policy, so a permissive copy wins over a non-permissive one of the same code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

COPY_REASON = "optout:copy"
"""A copy of an opted-out file (exact, or near through a ghost member)."""
_LICENSE_ORDER = {"permissive": 0, "declared_only": 1, "no_license": 2, "non_permissive": 3}


@dataclass(frozen=True, slots=True)
class Member:
    """What ranking needs of a file: small enough to group by the million."""

    id: str
    content_sha256: str
    license_type: str
    stars: int
    forks: int
    timestamp: str
    ghost: bool = False
    """An opted-out file that takes part in grouping only, so that with `optout.copies: near`
    every member of its group is removed as a copy; a ghost is never kept."""


@dataclass(frozen=True, slots=True)
class Decision:
    id: str
    cluster_id: str
    duplicate_of: str | None
    reason: str | None


def _epoch(timestamp: str) -> float:
    if not timestamp:
        return 0.0
    try:
        return datetime.fromisoformat(timestamp.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def rank_key(member: Member) -> tuple:
    """Smaller is better."""
    return (_LICENSE_ORDER.get(member.license_type, 4), -member.stars, -member.forks,
            -_epoch(member.timestamp), member.id)


def decide_group(cluster_id: str, members: Iterable[Member]) -> list[Decision]:
    """One keeper per group; the others are `dedup:exact` (same bytes as the keeper) or `dedup:near`.

    `members` is iterated twice (Beam's grouped values allow it) so that a hot group of many
    identical files is never held as one sorted list.  A group holding a ghost (a near copy of an
    opted-out file) loses every real member as `optout:copy`.
    """
    keeper: Member | None = None
    ghost: Member | None = None
    count = 0
    for member in members:
        count += 1
        if member.ghost:
            if ghost is None or member.id < ghost.id:
                ghost = member
        elif keeper is None or rank_key(member) < rank_key(keeper):
            keeper = member
    if ghost is not None:
        return [Decision(m.id, cluster_id, ghost.id, COPY_REASON) for m in members if not m.ghost]
    if keeper is None or count < 2:
        return []
    decisions = []
    for member in members:
        if member.id == keeper.id:
            decisions.append(Decision(member.id, cluster_id, None, None))
        else:
            kind = "exact" if member.content_sha256 == keeper.content_sha256 else "near"
            decisions.append(Decision(member.id, cluster_id, keeper.id, f"dedup:{kind}"))
    return decisions
