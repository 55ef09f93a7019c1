"""One repository's licence evidence, collected while ingest streams the dump, decided per file.

Evidence strength, strongest first:
1. the file's own SPDX tag or licence notice (`headers.py`): replaces everything below;
   then per-path declarations (`debian/copyright`, `.reuse/dep5`, `REUSE.toml`: `dep5.py`);
2. licence files (LICENSE, COPYING, MIT, LICENSE-APACHE …) in the nearest folder above the file
   that has any: a vendored folder with its own LICENSE is judged by it, and several licence files
   in one folder all apply;
3. package manifests in every folder from the file up to that licence-file folder: they never
   escape an enclosing licence file (a GPL repository whose sub-package.json says "ISC", npm's
   default, stays non-permissive), but they do add their licences;
4. NOTICE-like files, then README licence sections, only where no licence file applies;
5. the package's own headers (`header_consensus.py`), only where none of the above but manifests
   speaks: every headed code file of the package states the same licence (and at least half of
   its code files are headed) → that licence; headers that together are non-permissive → that
   restriction; a manifest naming another licence family → nothing is lifted;
6. the host's licence metadata, only where nothing above says anything.

A permissive licence that manifests alone declare for a file (no licence file, NOTICE or README
statement in its folder or above, no per-path declaration, no licence in its own header) is
`declared_only`, not `permissive`: the grant may well be real, but the text and copyright notice
that permissive licences require to travel with copies are not there to be carried
(licenses/DECISIONS.md). `licenses.manifests: alone` trusts the declaration as before.

Files about other people's code (THIRD_PARTY_LICENSES, CREDITS, `licenses/` folders, bundled
sections of a licence file) decide nothing. Evidence that declares alternatives (a manifest's
`MIT OR Apache-2.0`, a prose "at your option") covers the licence files that are the texts of
those alternatives at its level or below: the result is the OR, not an AND of everything.

Unreadable declarations ("SEE LICENSE IN …", a README section naming nothing we know) yield to
real evidence beside them; an unrecognised *licence file* never does, because it may hold the
very terms that forbid reuse. An empty licence file holds no terms and is ignored.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from licenses.classify import classify_text
from licenses.config import LicensesConfig
from licenses.dep5 import PathRule, matching, parse_dep5, parse_reuse_toml, rule_base
from licenses.filenames import EvidenceKind, evidence_kind, folder_chain, folder_of, superseded
from licenses.header_consensus import HeaderConsensus
from licenses.headers import HeaderEvidence, far_restrictions, scan_header, window_end
from licenses.licence_files import GENERIC_LINKING_EXCEPTION, read_licence_file
from licenses.manifests import manifest_licenses
from licenses.names import names_in_text
from licenses.pod import is_perl, pod_licence
from licenses.policy import DECLARED_ONLY, NO_LICENSE, PERMISSIVE, LicensePolicy
from licenses.readme import badge_choices, offered_files, perl_terms, readme_reading
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
    """"permissive" | "declared_only" | "no_license" | "non_permissive"."""
    evidence: str
    """Where it was read ("LICENSE", "header", "manifest:package.json", "readme:README.md",
    "metadata", "dep5:debian/copyright"), several joined with ";"; a licence file's note follows
    its path in brackets ("COPYING[near ISC: +mind]")."""
    expression: str = field(default="", compare=False)
    """The SPDX expression that applies (`MIT OR Apache-2.0`), normalised; "" for no licence."""


@dataclass(frozen=True)
class _Evidence:
    kind: EvidenceKind
    source: str
    exprs: tuple[LicenseExpr, ...]
    folder: str = ""
    per_file: bool = False
    points_to: str = ""
    includes: str = ""
    """Repository path of the licence file this one only includes: its evidence stands in."""
    copyright_only: bool = False
    """A licence file of copyright statements only: it yields to a licence text beside it."""
    declares_only: bool = False
    """A choice a README declares in a badge: it covers licence files, it never decides alone."""
    superseded: bool = False
    """A licence file named as an old copy (`COPYING.OLD`): it yields to a current one beside it."""

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


def _family(key: str) -> str:
    return re.sub(r"-(?:only|or-later)$", "", key)


def _version_family(key: str) -> str:
    """A licence without its version ("GPL-1.0-or-later", "GPL-3.0-only" → "GPL"): a manifest's
    classifier names a family ("GNU General Public License (GPL)") where a licence file names the
    version. Variants that are not versions ("BSD-2-Clause", "BSD-3-Clause") stay apart."""
    return re.sub(r"-\d+(?:\.\d+)*(?:-only|-or-later|\+)?$", "", key)


def _within(folder: str, declared_at: str) -> bool:
    return not declared_at or folder == declared_at or folder.startswith(declared_at + "/")


def resolve_choices(items: list[_Evidence], declared: Sequence[_Evidence] = ()) -> list[LicenseExpr]:
    """All expressions of `items`, where an OR declared at a folder absorbs the licence texts of
    its alternatives found at that folder or below (LICENSE-MIT + LICENSE-APACHE beside a
    manifest's `MIT OR Apache-2.0` are that choice, not an AND of both). `declared` holds choices
    that are not evidence themselves (a README's): they count once they absorb something."""
    choices = [(item.folder, expr) for item in [*items, *declared] for expr in item.exprs if expr.op == "OR"]
    kept: list[LicenseExpr] = []
    seen_choices: set[frozenset[str]] = set()

    def keep_choice(expr: LicenseExpr) -> None:
        # One choice per set of licence families: `MIT OR GPL-3.0-only` from the licence file and
        # `MIT OR GPL-3.0-or-later` from the manifest are one declaration.
        key = frozenset(_family(leaf_.key) for leaf_ in expr.leaves())
        if key not in seen_choices:
            seen_choices.add(key)
            kept.append(expr)

    for item in items:
        for expr in item.exprs:
            if expr.op == "OR":
                keep_choice(expr)
                continue
            families = {_family(leaf_.key) for leaf_ in expr.leaves()}
            covering = [
                choice for folder, choice in choices
                if _within(item.folder, folder) and families <= {_family(leaf_.key) for leaf_ in choice.leaves()}
            ]
            if covering:
                keep_choice(covering[0])
            else:
                kept.append(expr)
    return kept


class RepoLicenseScanner:
    """Collects one repository's licence evidence while ingest streams its files (one pass)."""

    def __init__(
        self, config: LicensesConfig, host_license: str | list[str] | None = "",
        read_text: Callable[[str], str | None] | None = None,
    ) -> None:
        """`read_text(path)` returns the text of any file of the repository (None if absent): a
        header that points to another file for its licence ("licence information is in zlib.ads")
        is read through it."""
        self._config = config
        self._read_text = read_text
        self._licence_readings: dict[str, tuple[LicenseExpr, ...]] = {}
        self._pointed: dict[str, tuple[tuple[LicenseExpr, ...], str] | None] = {}
        self._policy = LicensePolicy(config)
        self._host = host_evidence(host_license)
        self._levels: dict[str, list[_Evidence]] = {}
        self._names: dict[str, set[str]] = {}
        self._rules: list[tuple[int, int, PathRule, str]] = []
        self._folder_decisions: dict[str, tuple[tuple[LicenseExpr, ...], tuple[str, ...]]] = {}
        self._decisions: dict[tuple[tuple[LicenseExpr, ...], tuple[str, ...]], LicenseDecision] = {}
        self._consensus = HeaderConsensus(self._policy.license_type)
        self._seen_headers: dict[str, tuple[int, HeaderEvidence]] = {}
        self._offered: dict[str, tuple[str, ...]] = {}
        """Per folder, the licence files its README offers as alternatives (`_offered_choice`)."""
        self._explained: dict[str, set[str]] = {}
        """Per folder, the licences its README gives the fonts, the documentation or a vendored
        component only: a manifest beside it that ANDs them with the code's licence lists the
        package's parts, not the code's terms (`_without_explained`)."""
        """Decisions by (expressions, sources): a repository's files share a few, and the policy's
        reading of them is the same every time."""
        self._scoped_families: dict[str, set[str]] = {}
        """Per folder, the licence families (version left out) its licence files give named paths
        only: a manifest beside them that ANDs those with the rest lists the package's parts
        (`_without_explained`); the per-path rules keep those licences on their own paths."""

    def wants(self, path: str) -> bool:
        """True for licence files, READMEs, manifests and per-path declarations: ingest then calls observe()."""
        kind = evidence_kind(path)
        return kind is not None and kind is not EvidenceKind.THIRD_PARTY

    def observe(self, path: str, text: str) -> None:
        kind = evidence_kind(path)
        if kind is None or kind is EvidenceKind.THIRD_PARTY or text is None:
            return
        path = path.strip("/")
        # A README keeps its whole text: its reader looks for the licence heading anywhere (bounded
        # in licenses/readme.py), since generated READMEs put it after hundreds of kilobytes.
        text = text if kind is EvidenceKind.README else text[: self._config.max_license_chars]
        folder = folder_of(path)
        if kind is EvidenceKind.DECLARATIONS:
            self._observe_declarations(path, text)
            return
        per_file, points_to, includes, copyright_only = False, "", "", False
        if kind is EvidenceKind.LICENSE:
            reading = read_licence_file(text, posixpath.basename(path), self._config)
            exprs, source = _perls_choice(text, list(reading.exprs)), f"{path}[{reading.note}]" if reading.note else path
            per_file, points_to, copyright_only = reading.per_file, reading.points_to, reading.copyright_only
            if reading.includes:
                includes = posixpath.normpath(posixpath.join(folder, reading.includes))
            if reading.scoped:
                self._add_rules([PathRule(folder, paths, expr) for paths, expr in reading.scoped], f"{path}[per path]")
                # The licences the file gives named paths only (exception items, path-scoped
                # sections): a manifest beside it that ANDs them lists the package's parts.
                self._scoped_families.setdefault(folder, set()).update(
                    _version_family(leaf_.key) for paths, expr in reading.scoped for leaf_ in expr.leaves()
                    if leaf_.key not in _SOFT_KEYS and not {"*", "**", "./*"} & set(paths))
            self._licence_readings[path] = tuple(exprs)
            self._names.setdefault(folder, set()).add(posixpath.basename(path).lower())
        elif kind is EvidenceKind.NOTICE:
            exprs, source = _notice_file(text, self._config), path
        elif kind is EvidenceKind.MANIFEST:
            exprs, source = manifest_licenses(path, text), f"manifest:{path}"
        else:
            readme, scoped = readme_reading(text)
            offered = offered_files(text)
            if offered:
                self._offered[folder] = offered
            exprs, source = readme, f"readme:{path}"
            # What the README says of the fonts or the documentation only (readme.kind_statements):
            # a README is the weakest evidence, so such a statement becomes a per-path rule only
            # when it can close (a non-permissive licence), never to open those paths.
            closing = [(patterns, expr) for patterns, expr in scoped if patterns and self._policy.license_type([expr]) != PERMISSIVE]
            if scoped:
                self._explained.setdefault(folder, set()).update(
                    leaf_.key for _, expr in scoped for leaf_ in expr.leaves() if leaf_.key not in _SOFT_KEYS)
            if closing:
                self._add_rules([PathRule(folder, patterns, expr) for patterns, expr in closing], f"{path}[per path]")
            badges = badge_choices(text)
            if badges:
                self._levels.setdefault(folder, []).append(
                    _Evidence(kind, f"readme-badge:{path}", tuple(badges), folder, declares_only=True))
                self._folder_decisions.clear()
        if exprs or per_file or points_to or includes:
            self._levels.setdefault(folder, []).append(
                _Evidence(kind, source, tuple(exprs), folder, per_file, points_to, includes, copyright_only,
                          superseded=kind is EvidenceKind.LICENSE and superseded(path)))
            self._folder_decisions.clear()

    def observe_source(self, path: str, text: str | None) -> None:
        """Count one ordinary file's header for the package's header consensus (call for every file
        that `wants()` refuses, before deciding any; only its first `header_chars` matter)."""
        if text is None or evidence_kind(path) is not None:
            return
        header = self._scan_header(path, text)
        self._consensus.observe(path, header)
        # decide() reads the same header again: keep it, keyed by a hash of the window it read.
        self._seen_headers[path.strip("/")] = (hash(text[: self._config.header_chars]), header)
        self._folder_decisions.clear()

    def _scan_header(self, path: str, text: str) -> HeaderEvidence:
        return file_header(self._config, path, text)

    def _header(self, path: str, text: str) -> HeaderEvidence:
        seen = self._seen_headers.pop(path.strip("/"), None)
        if seen is not None and seen[0] == hash(text[: self._config.header_chars]):
            return seen[1]
        return self._scan_header(path, text)

    def _observe_declarations(self, path: str, text: str) -> None:
        base = rule_base(path)
        if posixpath.basename(path).lower() == "reuse.toml":
            rules = parse_reuse_toml(text, base)
        else:
            threshold, limit = self._config.coverage_threshold, self._config.max_license_chars
            rules = parse_dep5(text, base, lambda body: list(classify_text(body, threshold=threshold, max_chars=limit).ids))
        self._add_rules(rules, f"dep5:{path}")

    def _add_rules(self, rules: list[PathRule], source: str) -> None:
        for rule in rules:
            depth = len(folder_chain(rule.base)) if rule.base else 0
            self._rules.append((depth, len(self._rules), rule, source))
        self._rules.sort(key=lambda item: (item[0], item[1]))

    def decide(self, path: str, text: str) -> LicenseDecision:
        """The licence of one file: its own header if it has one, else its folder's evidence; a
        permissive reading must also survive the comments past the header window."""
        exprs, sources = self._evidence(path, text or "")
        decision = self._decision(exprs, sources)
        if decision.license_type == PERMISSIVE and text and len(text) > 200:
            far = far_restrictions(text, window_end(text, self._config.header_lines, self._config.header_chars))
            if far:
                return self._decision([*exprs, *far], [*sources, "comments"])
        if decision.license_type == PERMISSIVE and self._config.manifests == "with_text" and self._declared_only(sources):
            return replace(decision, license_type=DECLARED_ONLY)
        return decision

    @staticmethod
    def _declared_only(sources: list[str]) -> bool:
        """Only manifests speak for this file: no licence file, NOTICE or README statement in its
        folder or above, no per-path declaration, no licence named in its own header."""
        return bool(sources) and all(source.startswith("manifest:") for source in sources)

    def _evidence(self, path: str, text: str) -> tuple[list[LicenseExpr], list[str]]:
        header = self._header(path, text)
        if header.override:
            override = header.override
            if any(item.exception == GENERIC_LINKING_EXCEPTION for expr in override for item in expr.leaves()):
                override = _precise_exceptions(override, self._folder_decision(folder_of(path))[0])
            return override + header.extra, [_header_source(header)]
        if header.points_to:
            pointed = self._pointed_licence(path.strip("/"), header.points_to)
            if pointed is not None:
                return _with_header_extras(header, list(pointed[0]), [f"header->{pointed[1]}"])
        if self._rules:
            declared = self._declared(path.strip("/"))
            if declared is not None:
                return _with_header_extras(header, [declared[0]], [declared[1]])
        exprs, sources = self._folder_decision(folder_of(path))
        return _with_header_extras(header, list(exprs), list(sources))

    def _pointed_licence(self, path: str, names: tuple[str, ...]) -> tuple[tuple[LicenseExpr, ...], str] | None:
        """The licence of the first file a header points to that exists in this folder or above:
        a licence file's reading, else that file's own header (one hop: its pointers are not followed)."""
        for name in names:
            for level in folder_chain(folder_of(path)):
                target = posixpath.normpath(posixpath.join(level, name)) if level else posixpath.normpath(name)
                if target == path or target.startswith("../"):
                    continue
                if target not in self._pointed:
                    self._pointed[target] = self._licence_of(target)
                if self._pointed[target] is not None:
                    return self._pointed[target]
        return None

    def _licence_of(self, target: str) -> tuple[tuple[LicenseExpr, ...], str] | None:
        if self._licence_readings.get(target):
            return self._licence_readings[target], target
        text = self._read_text(target) if self._read_text is not None else None
        if not text:
            return None
        header = scan_header(text, max_lines=self._config.header_lines, max_chars=self._config.header_chars)
        if not header.override:
            return None
        return tuple(header.override + header.extra), target

    def _decision(self, exprs: list[LicenseExpr], sources: list[str]) -> LicenseDecision:
        key = (tuple(exprs), tuple(sources))
        decision = self._decisions.get(key)
        if decision is None:
            decision = self._decisions[key] = _decision(self._policy, exprs, sources)
        return decision

    def _declared(self, path: str) -> tuple[LicenseExpr, str] | None:
        found = None
        for _, _, rule, source in self._rules:
            expr = matching([rule], path)
            if expr is not None:
                found = (expr, source)
        return found

    def _folder_decision(self, folder: str) -> tuple[tuple[LicenseExpr, ...], tuple[str, ...]]:
        cached = self._folder_decisions.get(folder)
        if cached is None:
            chosen, levels = self._folder_evidence(folder)
            chosen = [self._included(item) if item.includes else item for item in chosen]
            chosen = self._offered_choice(chosen)
            # A README that offers a choice ("dual-licensed … at your option") declares it like a
            # manifest does, though its own words never decide beside a licence file.
            readmes = [item for level in levels for item in self._levels.get(level, []) if item.kind is EvidenceKind.README]
            exprs = tuple(resolve_choices(chosen, readmes))
            sources = tuple(item.source for item in chosen)
            per_file = [item for item in chosen if item.per_file]
            if not exprs and per_file:
                # The licence file says each file states its own licence, and this one does not: the
                # licence the package's headers state together, if they do (header_consensus.py),
                # else a reference we cannot see.
                found = self._consensus.licence_for(folder)
                exprs, sources = (found[0], (*sources, found[1])) if found is not None else ((leaf(UNKNOWN_REFERENCE),), sources)
            unresolved = [item for item in chosen if item.points_to and not item.exprs and not self._known_name(item.points_to, levels)]
            if unresolved:
                exprs += (leaf(UNKNOWN_REFERENCE),)
            if not per_file and not unresolved:
                exprs, sources = self._with_consensus(folder, chosen, exprs, sources)
            if not exprs and self._host is not None:
                exprs, sources = (self._host,), ("metadata",)
            cached = self._folder_decisions[folder] = (exprs, sources)
        return cached

    def _with_consensus(
        self, folder: str, chosen: list[_Evidence], exprs: tuple[LicenseExpr, ...], sources: tuple[str, ...]
    ) -> tuple[tuple[LicenseExpr, ...], tuple[str, ...]]:
        """Where only manifests (or nothing) speak for `folder`, the package's headers may
        (licenses/header_consensus.py): agreeing with the manifests, or alone."""
        if any(item.kind is not EvidenceKind.MANIFEST and not item.soft for item in chosen):
            return exprs, sources
        found = self._consensus.licence_for(folder)
        if found is None:
            return exprs, sources
        stated, where = found
        manifests = [item for item in chosen if item.kind is EvidenceKind.MANIFEST and not item.soft]
        if not manifests:
            return stated, (where,)
        declared = {_family(leaf_.key) for item in manifests for expr in item.exprs for leaf_ in expr.leaves()}
        headed = {_family(leaf_.key) for expr in stated for leaf_ in expr.leaves()}
        if declared == headed:
            return stated, (where, *sources)
        if self._policy.license_type(list(stated)) != PERMISSIVE:
            return (*exprs, *stated), (*sources, where)  # a restriction in the headers still binds
        return exprs, sources

    def _included(self, item: _Evidence) -> _Evidence:
        """A licence page that only includes another file is that file: its reading, else (a file
        that is not a licence file by name) that file read as one; never found, an unseen reference."""
        exprs = self._licence_readings.get(item.includes)
        if exprs is None:
            text = self._read_text(item.includes) if self._read_text is not None and not item.includes.startswith("../") else None
            if text:
                exprs = read_licence_file(text[: self._config.max_license_chars], posixpath.basename(item.includes), self._config).exprs
        if not exprs:
            exprs = (leaf(UNKNOWN_REFERENCE),)
        return _Evidence(item.kind, f"{item.source}->{item.includes}", tuple(exprs), item.folder)

    def _known_name(self, name: str, levels: list[str]) -> bool:
        return any(name.lower() in self._names.get(level, set()) for level in levels)

    def _folder_evidence(self, folder: str) -> tuple[list[_Evidence], list[str]]:
        # Manifests add to the nearest licence file but never stand in for it: a sub-folder's
        # package.json saying "ISC" says nothing about the GPL code around it. NOTICE-like files
        # and READMEs speak only where no licence file does.
        accumulated: list[_Evidence] = []
        licence_files: list[_Evidence] = []
        notices: list[_Evidence] = []
        readme: list[_Evidence] = []
        levels: list[str] = []
        for level in folder_chain(folder):
            levels.append(level)
            entries = self._levels.get(level, [])
            accumulated += [item for item in entries if item.kind is EvidenceKind.MANIFEST]
            if not readme:
                readme = [item for item in entries if item.kind is EvidenceKind.README and not item.declares_only]
            if not notices:
                notices = [item for item in entries if item.kind is EvidenceKind.NOTICE]
            licence_files = [item for item in entries if item.kind is EvidenceKind.LICENSE]
            # A file of copyright lines beside a licence text is that licence's notice, not a second licence.
            licence_files = [item for item in licence_files if not item.copyright_only] or licence_files
            # An old copy beside the current licence file (`COPYING.OLD` beside `LICENSE`) is its history.
            licence_files = [item for item in licence_files if not item.superseded] or licence_files
            if licence_files:
                break
        if licence_files:
            chosen = licence_files + accumulated
        elif notices:
            chosen = notices + accumulated
        else:
            chosen = accumulated + readme
        firm = [item for item in chosen if not item.soft]
        chosen = [self._without_explained(item) for item in firm or chosen]
        return sorted(chosen, key=lambda item: (_SOURCE_ORDER[item.kind], item.source)), levels


    def _offered_choice(self, chosen: list[_Evidence]) -> list[_Evidence]:
        """Licence files that their folder's README offers as alternatives ("either: 1. the GNU GPL …
        in the file COPYING, or 2. The Less License, in the file LICENSE") are one choice between
        their readings, not an AND — when each is read with nothing unknown (an alternative we cannot
        read is not offered to be picked)."""
        if not self._offered:
            return chosen
        offered = [item for item in chosen if item.kind is EvidenceKind.LICENSE and item.exprs
                   and posixpath.basename(item.source.split("[", 1)[0]).lower() in self._offered.get(item.folder, ())]
        if len(offered) < 2 or any(leaf_.key in _SOFT_KEYS for item in offered for expr in item.exprs for leaf_ in expr.leaves()):
            return chosen
        alternatives = [combine("AND", list(item.exprs)) for item in offered]
        choice = combine("OR", [expr for expr in alternatives if expr is not None])
        if choice is None:
            return chosen
        # The choice stands in the first file's place; the others stay as sources (their texts are
        # the alternatives) with nothing of their own to add.
        return [replace(item, exprs=(choice,) if item is offered[0] else ()) if item in offered else item for item in chosen]

    def _without_explained(self, item: _Evidence) -> _Evidence:
        """A manifest's AND without the licences its folder's README gives other parts only
        ("(OFL-1.1 AND MIT)" beside "the font is licensed under the SIL OFL 1.1, the CSS … under
        MIT"), or that its folder's licence files give named paths only (an exceptions list whose
        items are GPL and BSD beside classifiers "Public Domain, BSD, GPL"; family by family, the
        version left out): what is left must still name a licence, and a choice (OR) is left as it
        is. The per-path rules keep those licences on their own paths."""
        explained = self._explained.get(item.folder, set())
        scoped = self._scoped_families.get(item.folder, set())
        if not (explained or scoped) or item.kind is not EvidenceKind.MANIFEST:
            return item
        exprs = []
        for expr in item.exprs:
            if expr.op == "AND" and all(arg.op == "ID" for arg in expr.args):
                kept = [arg for arg in expr.args if arg.key not in explained and _version_family(arg.key) not in scoped]
                expr = combine("AND", kept) or expr
            exprs.append(expr)
        return replace(item, exprs=tuple(exprs)) if tuple(exprs) != item.exprs else item


_PERL_FAMILIES = frozenset({"GPL-1.0", "GPL-1.0+", "Artistic-1.0", "Artistic-1.0-Perl", "Artistic-1.0-cl8"})


def _perls_choice(text: str, exprs: list[LicenseExpr]) -> list[LicenseExpr]:
    """A licence file that grants "the same terms as the Perl 5 programming language system itself"
    and then carries the GPL-1 and Artistic texts (CPAN's generated LICENSE) offers Perl's choice,
    `Artistic-1.0-Perl OR GPL-1.0-or-later`, not both at once; anything else it holds still applies."""
    perl = perl_terms(text[:4_000])
    if perl is None:
        return exprs
    leaves = [item for expr in exprs for item in expr.leaves()]
    if not any(_family(item.key) in _PERL_FAMILIES for item in leaves):
        return exprs
    others = [leaf(item.key, item.exception) for item in leaves if _family(item.key) not in _PERL_FAMILIES]
    combined = combine("AND", [perl, *others])
    return [combined] if combined else exprs


def _precise_exceptions(override: list[LicenseExpr], folder_exprs: Sequence[LicenseExpr]) -> list[LicenseExpr]:
    """A header that names its exception only in words ("the GNU GPL v2 with a Linking Exception.
    For full terms see the included COPYING file") takes the exception whose text the repository's
    licence file carries for that same licence (`GPL-2.0-only WITH GCC-exception-2.0`): one project,
    one expression. Only the exception's id changes, never the licence, so the type cannot."""
    precise: dict[str, set[str]] = {}
    for expr in folder_exprs:
        for item in expr.leaves():
            if item.exception and item.exception != GENERIC_LINKING_EXCEPTION:
                precise.setdefault(item.key, set()).add(item.exception)

    def swap(expr: LicenseExpr) -> LicenseExpr:
        if expr.op != "ID":
            return LicenseExpr(expr.op, tuple(swap(arg) for arg in expr.args))
        found = precise.get(expr.key, set())
        if expr.exception == GENERIC_LINKING_EXCEPTION and len(found) == 1:
            return leaf(expr.key, next(iter(found)))
        return expr

    return [swap(expr) for expr in override]


def _header_source(header: HeaderEvidence) -> str:
    return f"header[{header.note}]" if header.note else "header"


def _with_header_extras(
    header: HeaderEvidence, exprs: list[LicenseExpr], sources: list[str]
) -> tuple[list[LicenseExpr], list[str]]:
    """The expressions and sources of a decision: the header's named licences join the evidence."""
    if header.extra:
        return header.extra + exprs, ["header", *sources]
    return exprs, sources


def _decision(policy: LicensePolicy, exprs: list[LicenseExpr], sources: list[str]) -> LicenseDecision:
    license_type = policy.license_type(exprs)
    if license_type == NO_LICENSE:
        return LicenseDecision([], license_type, ";".join(dict.fromkeys(sources)))
    return LicenseDecision(policy.license_ids(exprs), license_type, ";".join(dict.fromkeys(sources)), policy.expression(exprs))


def file_header(config: LicensesConfig, path: str, text: str) -> HeaderEvidence:
    """A file's own licence evidence: its header window; for a Perl file whose header states no
    licence, the POD licence section wherever it sits (usually at the end: `licenses/pod.py`)."""
    header = scan_header(text, max_lines=config.header_lines, max_chars=config.header_chars)
    if not header.override and text and is_perl(path):
        stated = pod_licence(text)
        if stated:
            return replace(header, override=stated, note=header.note or "pod", points_to=())
    return header


def decide_without_tree(config: LicensesConfig, host_license: str | list[str] | None, path: str, text: str) -> LicenseDecision:
    """Table inputs (JSONL/Parquet rows): only the host's licence column and the file's header."""
    policy = LicensePolicy(config)
    header = file_header(config, path, text or "")
    if header.override:
        exprs, sources = header.override + header.extra, [_header_source(header)]
    else:
        host = host_evidence(host_license)
        exprs, sources = _with_header_extras(header, [host] if host else [], ["metadata"] if host else [])
    decision = _decision(policy, exprs, sources)
    if decision.license_type == PERMISSIVE and text and len(text) > 200:
        far = far_restrictions(text, window_end(text, config.header_lines, config.header_chars))
        if far:
            return _decision(policy, [*exprs, *far], [*sources, "comments"])
    return decision
