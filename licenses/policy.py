"""Licence evidence → `license` ids and `license_type`, as in The Stack v2.

- an id is permissive when its ScanCode category is Permissive or Public Domain, unless the config
  denies it (deny wins) or allows it; unknown ids are non-permissive;
- CLA, patent-grant, warranty-disclaimer and trademark notices are not licences: ignored;
- `A OR B` is permissive when any branch is; `A AND B` when every non-ignored part is;
- a WITH exception never makes a copyleft licence permissive, so the licence alone decides;
- several expressions (a second licence file at the same level, a header next to a repository
  licence) must all be permissive; no expression at all is `no_license`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from licenses.config import LicensesConfig, PolicyConfig
from licenses.spdx import PERMISSIVE_CATEGORIES, LicenseExpr, canonical_id, category

if TYPE_CHECKING:
    from pipeline.records import FileRecord

PERMISSIVE = "permissive"
NO_LICENSE = "no_license"
NON_PERMISSIVE = "non_permissive"

_IGNORED_CATEGORIES = frozenset({"CLA", "Patent License"})
_IGNORED_KEYS = frozenset(
    {
        "LicenseRef-scancode-warranty-disclaimer",
        "LicenseRef-scancode-generic-trademark",
        "LicenseRef-scancode-trademark-notice",
        "LicenseRef-scancode-generic-export-compliance",
        # licensecheck's names for Google's PATENTS grant file, shipped beside BSD in Go repos.
        "GooglePatentClause",
        "GooglePatentsFile",
    }
)


def _configured(ids: Iterable[str]) -> frozenset[str]:
    return frozenset(canonical_id(key) or key for key in ids)


def is_ignored(key: str) -> bool:
    """Notices that accompany a licence without being one (The Stack v2 drops these tags)."""
    return key in _IGNORED_KEYS or category(key) in _IGNORED_CATEGORIES


class LicensePolicy:
    """Permissiveness of ids under one config; allow/deny lists canonicalised once."""

    def __init__(self, config: LicensesConfig) -> None:
        self._allow = _configured(config.allow)
        self._deny = _configured(config.deny)

    def is_permissive(self, key: str) -> bool:
        if key in self._deny:
            return False
        if key in self._allow:
            return True
        return category(key) in PERMISSIVE_CATEGORIES

    def verdict(self, expr: LicenseExpr) -> bool | None:
        """True permissive, False not, None when the expression holds only ignored notices."""
        if expr.op == "ID":
            if expr.key not in self._deny and is_ignored(expr.key):
                return None
            return self.is_permissive(expr.key)
        verdicts = [v for v in (self.verdict(arg) for arg in expr.args) if v is not None]
        if not verdicts:
            return None
        return any(verdicts) if expr.op == "OR" else all(verdicts)

    def license_type(self, exprs: Iterable[LicenseExpr]) -> str:
        verdicts = [v for v in (self.verdict(expr) for expr in exprs) if v is not None]
        if not verdicts:
            return NO_LICENSE
        return PERMISSIVE if all(verdicts) else NON_PERMISSIVE

    def license_ids(self, exprs: Iterable[LicenseExpr]) -> list[str]:
        """Sorted unique ids for the `license` column, ignored notices left out."""
        labels = {leaf.label for expr in exprs for leaf in expr.leaves() if leaf.key in self._deny or not is_ignored(leaf.key)}
        return sorted(labels)


class PolicyStep:
    """The policy stage (a `pipeline.steps.FileStep`): keep only the licence types the config lists.

    The licence type was decided at ingest, where the repository's evidence is at hand; this step
    only applies the preset's choice, so the drop reason names the type (`license:no_license`).
    """

    name = "policy"

    def __init__(self, config: PolicyConfig) -> None:
        self._keep = frozenset(config.keep)

    def setup(self) -> None:
        """Nothing to build: the decision is already on the record."""

    def process(self, record: FileRecord) -> str | None:
        return None if record.license_type in self._keep else f"license:{record.license_type}"
