"""Licence evidence → `license` ids and `license_type`, as in The Stack v2.

- an id is permissive when its ScanCode category is Permissive or Public Domain, unless the config
  denies it (deny wins) or allows it; unknown ids are non-permissive;
- CLA, patent-grant, warranty-disclaimer and trademark notices are not licences: ignored;
- `A OR B` is permissive when any branch is (`choose: any_allowed`, the user may pick that branch)
  or only when every branch is (`choose: all_allowed`); `A AND B` when every non-ignored part is;
- `L WITH E` is permissive only when L is and E's own category is permissive too: an exception
  never makes a copyleft licence permissive, and a restricting one (Commons Clause) spoils a
  permissive licence;
- a few ids whose ScanCode category is permissive carry a use restriction (JSON's "Good, not Evil"):
  non-permissive here;
- several expressions (a second licence file at the same level, a header next to a repository
  licence) must all be permissive; no expression at all is `no_license`;
- `declared_only` is not decided here but by the repository's evidence (`repo_licenses.py`): a
  permissive licence that only a package manifest declares, with no text of it in the repository
  (licenses/DECISIONS.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from licenses.config import LicensesConfig, PolicyConfig
from licenses.spdx import PERMISSIVE_CATEGORIES, LicenseExpr, canonical_id, category, combine, render
from core.steps import Step

if TYPE_CHECKING:
    from core.records import FileRecord

PERMISSIVE = "permissive"
NO_LICENSE = "no_license"
DECLARED_ONLY = "declared_only"
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


_RESTRICTED_KEYS = frozenset({"JSON"})
"""Permissive in ScanCode's index but with a field-of-use restriction: not permissive for a dataset."""


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
        self._any = config.choose == "any_allowed"

    def is_permissive(self, key: str) -> bool:
        if key in self._deny:
            return False
        if key in self._allow:
            return True
        return key not in _RESTRICTED_KEYS and category(key) in PERMISSIVE_CATEGORIES

    def verdict(self, expr: LicenseExpr) -> bool | None:
        """True permissive, False not, None when the expression holds only ignored notices."""
        if expr.op == "ID":
            if expr.key not in self._deny and is_ignored(expr.key):
                return None
            if expr.exception and not self.is_permissive(expr.exception):
                return False
            return self.is_permissive(expr.key)
        verdicts = [v for v in (self.verdict(arg) for arg in expr.args) if v is not None]
        if not verdicts:
            return None
        return any(verdicts) if expr.op == "OR" and self._any else all(verdicts)

    def _kept(self, key: str) -> bool:
        return key in self._deny or not is_ignored(key)

    def prune(self, expr: LicenseExpr) -> LicenseExpr | None:
        """`expr` without the ignored notices (CLA, patent, disclaimer tags); None if nothing is left."""
        if expr.op == "ID":
            return expr if self._kept(expr.key) else None
        return combine(expr.op, [kept for arg in expr.args if (kept := self.prune(arg)) is not None])

    def expression(self, exprs: Iterable[LicenseExpr]) -> str:
        """The `license_expression` column: every expression that applies, ANDed (each part once),
        notices left out."""
        parts: list[LicenseExpr] = []
        for expr in exprs:
            kept = self.prune(expr)
            if kept is not None:
                parts += list(kept.args) if kept.op == "AND" else [kept]
        return render(combine("AND", parts))

    def license_type(self, exprs: Iterable[LicenseExpr]) -> str:
        verdicts = [v for v in (self.verdict(expr) for expr in exprs) if v is not None]
        if not verdicts:
            return NO_LICENSE
        return PERMISSIVE if all(verdicts) else NON_PERMISSIVE

    def license_ids(self, exprs: Iterable[LicenseExpr]) -> list[str]:
        """Sorted unique ids for the `license` column, ignored notices left out."""
        labels = {item.label for expr in exprs for item in expr.leaves() if self._kept(item.key)}
        return sorted(labels)


class PolicyStep(Step):
    """The policy stage (a `pipeline.steps.FileStep`): keep only the licence types the config lists.

    The licence type was decided at ingest, where the repository's evidence is at hand; this step
    only applies the preset's choice, so the drop reason names the type (`license:no_license`).
    """

    name = "policy"
    reason_prefix = "license"
    fields_alone = True
    """Decides on `license_type` alone (`core.steps.on_fields_alone`)."""

    def __init__(self, config: PolicyConfig) -> None:
        super().__init__(config)
        self._keep = frozenset(config.keep)

    def process(self, record: FileRecord) -> str | None:
        return None if record.license_type in self._keep else f"license:{record.license_type}"
