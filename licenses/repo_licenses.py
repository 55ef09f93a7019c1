"""One repository's licence evidence, collected while ingest streams the dump, decided per file.

Evidence strength, strongest first:
1. the file's own SPDX tag or licence notice (`headers.py`): replaces everything below;
2. licence files (LICENSE, COPYING, MIT, LICENSE-APACHE …) in the nearest folder above the file
   that has any: a vendored folder with its own LICENSE is judged by it, and several licence files
   in one folder all apply;
3. package manifests and NOTICE-like files (only the licences they recognisably contain) in every
   folder from the file up to that licence-file folder: they never escape an enclosing licence
   file (a GPL repository whose sub-package.json says "ISC", npm's default, stays
   non-permissive), but they do add their licences;
4. README licence sections, only where no licence file applies;
5. the host's licence metadata, only where nothing above says anything.

Unreadable declarations ("SEE LICENSE IN …", a README section naming nothing we know) yield to
real evidence beside them; an unrecognised *licence file* never does, because it may hold the
very terms that forbid reuse. An empty licence file holds no terms and is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from licenses.classify import classify_text, text_evidence_ids
from licenses.config import LicensesConfig
from licenses.filenames import EvidenceKind, evidence_kind, folder_chain, folder_of
from licenses.headers import HeaderEvidence, scan_header
from licenses.manifests import manifest_licenses
from licenses.names import names_in_text
from licenses.policy import NO_LICENSE, LicensePolicy
from licenses.readme import readme_licenses
from licenses.spdx import (
    PERMISSIVE_CATEGORIES,
    UNKNOWN,
    UNKNOWN_REFERENCE,
    LicenseExpr,
    category,
    combine,
    leaf,
    normalise_expression,
)

_SOFT_KEYS = frozenset({UNKNOWN, UNKNOWN_REFERENCE})
_SOURCE_ORDER = {EvidenceKind.LICENSE: 0, EvidenceKind.NOTICE: 0, EvidenceKind.MANIFEST: 1, EvidenceKind.README: 2}


@dataclass(frozen=True)
class LicenseDecision:
    license: list[str]
    """SPDX ids (sorted, unique); `LicenseRef-scancode-unknown` for unrecognised licence text."""
    license_type: str
    """"permissive" | "no_license" | "non_permissive"."""
    evidence: str
    """Where it was read ("LICENSE", "header", "manifest:package.json", "readme:README.md",
    "metadata"), several joined with ";": header, licence files, manifests, README, metadata."""


@dataclass(frozen=True)
class _Evidence:
    kind: EvidenceKind
    source: str
    exprs: tuple[LicenseExpr, ...]

    @property
    def soft(self) -> bool:
        """A declaration we could not read, from a manifest or README: it yields to real evidence."""
        return self.kind in (EvidenceKind.MANIFEST, EvidenceKind.README) and all(
            item.key in _SOFT_KEYS for expr in self.exprs for item in expr.leaves()
        )


def host_evidence(host_license: str | list[str] | None) -> LicenseExpr | None:
    """The host's licence field: an SPDX expression, or NOASSERTION/other (= unknown, not absent).

    A list (the `license` column of a dataset being re-curated) means all of its licences apply.
    """
    if isinstance(host_license, (list, tuple)):
        return combine("AND", [expr for item in host_license if (expr := normalise_expression(str(item)))])
    return normalise_expression(host_license or "")


def _licence_file(text: str, config: LicensesConfig) -> list[LicenseExpr]:
    """A LICENSE-like file: its licences, plus UNKNOWN for any part that is not a known text."""
    if not text.strip():
        return []
    result = classify_text(text, threshold=config.coverage_threshold, max_chars=config.max_license_chars)
    keys = text_evidence_ids(result)
    if not result.complete:
        keys[-1:-1] = [key for key in names_in_text(text[: config.max_license_chars], with_fallback=False) if key not in keys]
    expr = combine("AND", [leaf(key) for key in keys])
    return [expr] if expr else []


def _notice_file(text: str, config: LicensesConfig) -> list[LicenseExpr]:
    """NOTICE/COPYRIGHT-like files: recognised licences and named non-permissive ones only.

    Such files mostly hold attributions ("This product includes software developed by …"), which
    are not licences; reading their prose as an unknown licence would turn most Apache projects
    non-permissive.
    """
    result = classify_text(text, threshold=config.coverage_threshold, max_chars=config.max_license_chars)
    keys = list(result.ids)
    keys += [
        key
        for key in names_in_text(text[: config.max_license_chars], with_fallback=False)
        if key not in keys and category(key) not in PERMISSIVE_CATEGORIES
    ]
    expr = combine("AND", [leaf(key) for key in keys])
    return [expr] if expr else []


class RepoLicenseScanner:
    """Collects one repository's licence evidence while ingest streams its files (one pass)."""

    def __init__(self, config: LicensesConfig, host_license: str | list[str] | None = "") -> None:
        self._config = config
        self._policy = LicensePolicy(config)
        self._host = host_evidence(host_license)
        self._levels: dict[str, list[_Evidence]] = {}
        self._folder_decisions: dict[str, tuple[tuple[LicenseExpr, ...], tuple[str, ...]]] = {}

    def wants(self, path: str) -> bool:
        """True for licence files, READMEs and package manifests: ingest then calls observe()."""
        return evidence_kind(path) is not None

    def observe(self, path: str, text: str) -> None:
        kind = evidence_kind(path)
        if kind is None or text is None:
            return
        path = path.strip("/")
        text = text[: self._config.max_license_chars]
        if kind is EvidenceKind.LICENSE:
            exprs, source = _licence_file(text, self._config), path
        elif kind is EvidenceKind.NOTICE:
            exprs, source = _notice_file(text, self._config), path
        elif kind is EvidenceKind.MANIFEST:
            exprs, source = manifest_licenses(path, text), f"manifest:{path}"
        else:
            exprs, source = readme_licenses(text), f"readme:{path}"
        if exprs:
            self._levels.setdefault(folder_of(path), []).append(_Evidence(kind, source, tuple(exprs)))
            self._folder_decisions.clear()

    def decide(self, path: str, text: str) -> LicenseDecision:
        """The licence of one file: its own header if it has one, else its folder's evidence."""
        header = scan_header(text or "", max_lines=self._config.header_lines, max_chars=self._config.header_chars)
        if header.override:
            return _decision(self._policy, header.override + header.extra, ["header"])
        exprs, sources = self._folder_decision(folder_of(path))
        return _with_header_extras(self._policy, header, list(exprs), list(sources))

    def _folder_decision(self, folder: str) -> tuple[tuple[LicenseExpr, ...], tuple[str, ...]]:
        cached = self._folder_decisions.get(folder)
        if cached is None:
            chosen = self._folder_evidence(folder)
            exprs = tuple(expr for item in chosen for expr in item.exprs)
            sources = tuple(item.source for item in chosen)
            if not exprs and self._host is not None:
                exprs, sources = (self._host,), ("metadata",)
            cached = self._folder_decisions[folder] = (exprs, sources)
        return cached

    def _folder_evidence(self, folder: str) -> list[_Evidence]:
        # Manifests and NOTICE-like files add to the nearest licence file but never stand in for it:
        # a sub-folder's THIRD_PARTY_NOTICES listing an MIT dependency says nothing about the GPL
        # code around it.
        accumulated: list[_Evidence] = []
        licence_files: list[_Evidence] = []
        readme: list[_Evidence] = []
        for level in folder_chain(folder):
            entries = self._levels.get(level, [])
            accumulated += [item for item in entries if item.kind in (EvidenceKind.MANIFEST, EvidenceKind.NOTICE)]
            if not readme:
                readme = [item for item in entries if item.kind is EvidenceKind.README]
            licence_files = [item for item in entries if item.kind is EvidenceKind.LICENSE]
            if licence_files:
                break
        has_licence_text = licence_files or any(item.kind is EvidenceKind.NOTICE for item in accumulated)
        chosen = licence_files + accumulated if has_licence_text else accumulated + readme
        firm = [item for item in chosen if not item.soft]
        chosen = firm or chosen
        return sorted(chosen, key=lambda item: (_SOURCE_ORDER[item.kind], item.source))


def _with_header_extras(
    policy: LicensePolicy, header: HeaderEvidence, exprs: list[LicenseExpr], sources: list[str]
) -> LicenseDecision:
    if header.extra:
        return _decision(policy, header.extra + exprs, ["header", *sources])
    return _decision(policy, exprs, sources)


def _decision(policy: LicensePolicy, exprs: list[LicenseExpr], sources: list[str]) -> LicenseDecision:
    license_type = policy.license_type(exprs)
    ids = policy.license_ids(exprs) if license_type != NO_LICENSE else []
    return LicenseDecision(ids, license_type, ";".join(dict.fromkeys(sources)))


def decide_without_tree(config: LicensesConfig, host_license: str | list[str] | None, path: str, text: str) -> LicenseDecision:
    """Table inputs (JSONL/Parquet rows): only the host's licence column and the file's header."""
    policy = LicensePolicy(config)
    header = scan_header(text or "", max_lines=config.header_lines, max_chars=config.header_chars)
    if header.override:
        return _decision(policy, header.override + header.extra, ["header"])
    host = host_evidence(host_license)
    return _with_header_extras(policy, header, [host] if host else [], ["metadata"] if host else [])
