"""SPDX expressions: parsing, normalisation and ScanCode categories.

Every source of licence evidence (manifests, SPDX tags, host metadata, README prose) ends up as a
`LicenseExpr`, a small immutable tree we own. We do not pass `license_expression` objects around
because the policy needs to walk AND/OR with our own rules (ignored notice tags, unknown keys as
non-permissive), and because plain frozen dataclasses pickle cheaply across Beam workers.

Keys are canonicalised through the ScanCode LicenseDB index shipped with `license-expression`, so
that deprecated SPDX ids (`GPL-2.0`), `+` forms and ScanCode keys (`bsd-new`) all land on one id,
and so that each id has a ScanCode category for the policy.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from license_expression import ExpressionError, LicenseSymbol, LicenseWithExceptionSymbol, get_spdx_licensing

from licenses.names import names_in_text

UNKNOWN = "LicenseRef-scancode-unknown"
"""Licence-like evidence we could not identify: non-permissive, never 'no licence'."""
UNKNOWN_REFERENCE = "LicenseRef-scancode-unknown-license-reference"
"""A pointer to terms we cannot see (npm `SEE LICENSE IN …`, R `file LICENSE`)."""
PROPRIETARY = "LicenseRef-scancode-proprietary-license"
OTHER_COPYLEFT = "LicenseRef-scancode-other-copyleft"

PERMISSIVE_CATEGORIES = frozenset({"Permissive", "Public Domain"})
"""ScanCode categories read as permissive (docs/ARCHITECTURE.md §7); every other category is non-permissive."""

MAX_EXPRESSION_CHARS = 500


@dataclass(frozen=True)
class LicenseExpr:
    """An SPDX expression tree: op is "ID" (a leaf), "AND" or "OR"."""

    op: str
    args: tuple[LicenseExpr, ...] = ()
    key: str = ""
    exception: str = ""

    def leaves(self) -> list[LicenseExpr]:
        if self.op == "ID":
            return [self]
        return [leaf for arg in self.args for leaf in arg.leaves()]

    @property
    def label(self) -> str:
        """The id as written in the `license` column (exceptions kept: they change the terms), in
        valid SPDX: an id SPDX does not know becomes a `LicenseRef-`, an exception that is not one
        an ANDed `LicenseRef-` (it may restrict, like an unknown licence)."""
        key = spdx_symbol(self.key)
        if not self.exception:
            return key
        if is_exception(self.exception) and _known_symbol(self.exception, True):
            return f"{key} WITH {self.exception}"
        return f"{key} AND {spdx_symbol(self.exception)}"


def leaf(key: str, exception: str = "") -> LicenseExpr:
    return LicenseExpr("ID", key=key, exception=exception)


def combine(op: str, exprs: list[LicenseExpr]) -> LicenseExpr | None:
    """AND/OR of several expressions, flattening singletons and duplicates deterministically."""
    unique = list(dict.fromkeys(exprs))
    if not unique:
        return None
    if len(unique) == 1:
        return unique[0]
    return LicenseExpr(op, tuple(unique))


@dataclass(frozen=True)
class LicenseInfo:
    key: str
    category: str
    exception: bool = False


@lru_cache(maxsize=1)
def _index() -> dict[str, LicenseInfo]:
    """Lower-cased SPDX id, SPDX alias or ScanCode key → canonical SPDX id and category."""
    path = resources.files("license_expression") / "data" / "scancode-licensedb-index.json"
    entries = json.loads(path.read_text(encoding="utf-8"))
    table: dict[str, LicenseInfo] = {}
    # Three passes so that a primary SPDX id always wins over an alias or a ScanCode key.
    for entry in entries:
        info = LicenseInfo(
            entry.get("spdx_license_key") or f"LicenseRef-scancode-{entry['license_key']}",
            entry["category"],
            bool(entry.get("is_exception")),
        )
        table.setdefault(info.key.lower(), info)
    for entry in entries:
        info = table[(entry.get("spdx_license_key") or f"LicenseRef-scancode-{entry['license_key']}").lower()]
        for alias in entry.get("other_spdx_license_keys") or []:
            table.setdefault(alias.lower(), info)
    for entry in entries:
        info = table[(entry.get("spdx_license_key") or f"LicenseRef-scancode-{entry['license_key']}").lower()]
        table.setdefault(entry["license_key"].lower(), info)
        table.setdefault(f"licenseref-scancode-{entry['license_key']}".lower(), info)
    return table


def lookup(key: str) -> LicenseInfo | None:
    """Canonical id and ScanCode category of an SPDX id, alias or ScanCode key (None if unknown)."""
    key = key.strip()
    info = _index().get(key.lower())
    if info is None and key.endswith("+"):
        info = _index().get(f"{key[:-1]}-or-later".lower())
    return info


def canonical_id(key: str) -> str | None:
    info = lookup(key)
    return info.key if info else None


def category(key: str) -> str | None:
    info = lookup(key)
    return info.category if info else None


def is_exception(key: str) -> bool:
    """True for licence exceptions (`Classpath-exception-2.0`): they modify a licence, never stand alone."""
    info = lookup(key)
    return bool(info and info.exception)


@lru_cache(maxsize=1)
def _licensing():  # type: ignore[no-untyped-def]
    return get_spdx_licensing()


def _from_names(text: str) -> LicenseExpr:
    """Free text such as "Apache License, Version 2.0": every licence it names, ANDed (safe side)."""
    found = [leaf(key) for key in names_in_text(text)]
    return combine("AND", found) or leaf(UNKNOWN)


def exception_id(text: str) -> str | None:
    """The SPDX exception id written `text` ("LLVM-exception", "LLVM exception", "llvm exceptions"),
    None when `text` names no exception."""
    for candidate in (text, re.sub(r"[\s_]+", "-", text.strip()), re.sub(r"[\s_]+", "-", text.strip()).rstrip("sS")):
        if is_exception(candidate):
            return canonical_id(candidate)
    return None


def _convert(node: object) -> LicenseExpr:
    licensing = _licensing()
    if isinstance(node, LicenseWithExceptionSymbol):
        base = _convert(node.license_symbol)
        exception = exception_id(node.exception_symbol.key)
        if exception is None:
            # `X WITH <not an exception>`: terms we cannot read beside X, the safe side.
            return combine("AND", [base, leaf(UNKNOWN)]) or base
        return leaf(base.key, exception) if base.op == "ID" else base
    if isinstance(node, LicenseSymbol):
        known = canonical_id(node.key)
        return leaf(known) if known else _from_names(node.key)
    op = "AND" if isinstance(node, licensing.AND) else "OR"
    args = [_convert(arg) for arg in node.args]  # type: ignore[attr-defined]
    return combine(op, args) or leaf(UNKNOWN)


_CARGO_SLASH = re.compile(r"\s*/\s*")


def normalise_expression(text: str) -> LicenseExpr | None:
    """SPDX expression (or licence name) → canonical tree; None for empty text.

    Whatever cannot be parsed as SPDX is read as licence names in prose; whatever names nothing
    becomes `UNKNOWN` — a stated but unrecognised licence must never read as "no licence".
    """
    # Cut before the cache so that a huge manifest field cannot pin megabytes in it.
    return _normalise_expression(text.strip().strip("\"'`").strip()[:MAX_EXPRESSION_CHARS])


_PARSE_ERRORS = (ExpressionError, TypeError, ValueError, AttributeError, RecursionError, IndexError,
                 AssertionError)
"""What license-expression's parser raises on text it cannot read: besides its own error, IndexError
for an empty group beside an operator (`MIT AND ()`) and AssertionError for an operator with nothing
before it (`( AND MIT`); `tests/licenses/test_license_spdx.py` feeds it random tags."""


@lru_cache(maxsize=4096)
def _normalise_expression(text: str) -> LicenseExpr | None:
    if not text:
        return None
    if text.upper() in {"NOASSERTION", "OTHER", "UNKNOWN"}:
        return leaf(UNKNOWN)
    if text.upper() == "NONE":
        return None
    # Cargo's legacy "MIT/Apache-2.0" means a choice; SPDX spells it OR.
    candidate = _CARGO_SLASH.sub(" OR ", text) if re.fullmatch(r"[\w.+-]+(\s*/\s*[\w.+-]+)+", text) else text
    try:
        parsed = _licensing().parse(candidate, validate=False)
    except _PARSE_ERRORS:
        named = _from_names(text)
        # A broken expression joined by AND/WITH has a part we cannot read: it may be restrictive.
        if re.search(r"\b(?:AND|WITH)\b", text) and named != leaf(UNKNOWN):
            return LicenseExpr("AND", (named, leaf(UNKNOWN)))
        return named
    if parsed is None:
        return None
    return _convert(parsed)


_LICENSE_REF = re.compile(r"LicenseRef-[A-Za-z0-9.-]+")


def spdx_symbol(key: str) -> str:
    """`key` as a valid SPDX symbol: itself when SPDX (or ScanCode's LicenseRef set) knows it, else
    a `LicenseRef-` made of its characters (licensecheck's `CommonsClause` → `LicenseRef-CommonsClause`)."""
    if _LICENSE_REF.fullmatch(key) or _known_symbol(key, False):
        return key
    return "LicenseRef-" + (re.sub(r"[^A-Za-z0-9.-]+", "-", key.removeprefix("LicenseRef-")).strip("-") or "unknown")


@lru_cache(maxsize=4096)
def _known_symbol(key: str, as_exception: bool) -> bool:
    if not as_exception and key in _newer_spdx_ids():
        return True
    return not spdx_errors(f"MIT WITH {key}" if as_exception else key)


@lru_cache(maxsize=1)
def _newer_spdx_ids() -> frozenset[str]:
    """SPDX ids newer than license-expression's list that ScanCode's LicenseDB (`licensedcode-data`)
    gives as the `spdx_license_key` of a current licence: valid SPDX, kept as they are. (Not the
    classifier's template names: some are licensecheck's own, such as `CommonsClause`.)"""
    from licenses.scancode_data import reference_texts  # late: only needed for ids newer than the SPDX list

    return frozenset(text.spdx_id for text in reference_texts() if re.fullmatch(r"[A-Za-z0-9.+-]+", text.spdx_id))


def spdx_errors(text: str) -> list[str]:
    """Why `text` is not a valid SPDX expression ([] when it is). `LicenseRef-*` ids are allowed."""
    try:
        info = _licensing().validate(text, strict=True)
    except _PARSE_ERRORS as error:  # pragma: no cover - validate reports, it should not raise
        return [str(error)]
    invalid = [symbol for symbol in info.invalid_symbols if not _LICENSE_REF.fullmatch(str(symbol)) and str(symbol) not in _newer_spdx_ids()]
    if invalid:
        return [f"unknown symbol(s): {', '.join(map(str, invalid))}"]
    return [error for error in info.errors if not error.startswith("Unknown license key")
            and not any(f'"{key}"' in error for key in map(str, info.invalid_symbols) if key in _newer_spdx_ids())]


def _render(expr: LicenseExpr, parent: str = "") -> str:
    if expr.op == "ID":
        text = expr.label
        return f"({text})" if " AND " in text and parent and parent != "AND" else text
    text = f" {expr.op} ".join(_render(arg, expr.op) for arg in expr.args)
    return f"({text})" if parent and parent != expr.op else text


def render(expr: LicenseExpr | None) -> str:
    """The SPDX expression text of `expr`, normalised by license-expression ("" for None).

    Order is the evidence order (deterministic); license-expression fixes spacing, parentheses
    and keyword case, so that equal trees always print the same way.
    """
    return "" if expr is None else _normalised_text(_render(expr))


@lru_cache(maxsize=4096)
def _normalised_text(text: str) -> str:
    try:
        parsed = _licensing().parse(text, validate=False)
    except _PARSE_ERRORS:
        parsed = None
    normalised = str(parsed) if parsed is not None else text
    if spdx_errors(normalised):
        # Never emitted: every leaf went through `spdx_symbol`. Should a form slip through, the
        # column says "unknown" (valid, and as restrictive as the policy's reading) rather than
        # publish an expression no SPDX tool can read.
        return UNKNOWN
    return normalised
