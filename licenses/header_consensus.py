"""A package's licence read from its files' own headers, for the files that carry none.

A careful reader of a package that ships no licence file, no NOTICE and no README statement, but
whose modules each open with the same licence notice (an Apache-2.0 header in every module, an
SPDX `GPL-2.0-only` tag on every C file), concludes that the package is under that licence and that
a header-less file beside them (an empty `__init__.py`, a generated stub) is too. This module is that
reading, and it is deliberately narrow:

- only *code* files count (by extension), and only headers that state a licence in full (an SPDX
  tag or a recognised notice: `HeaderEvidence.override`); a licence merely named in a header
  (`extra`) counts as a restriction;
- the files counted are those under the nearest folder above the file (its own folder first) that
  holds any headed code file, leaving out vendored folders (`vendor/`, `third_party/`,
  `node_modules/` …) unless the file itself is in one;
- **grant** (a licence is lifted to the header-less file) only when every headed code file there
  states the same licence and at least half of the code files there are headed — one vendored file
  with an MIT header in an unlicensed project grants nothing;
- **restriction**: headers that disagree grant nothing, but if what they state together is
  non-permissive (an MPL-2.0 package whose test pages carry CC0) that restriction is kept — a
  disagreement can only close, never open.

Where it ranks (`licenses/repo_licenses.py`): below the file's own header, per-path declarations,
licence files, NOTICE files and README statements; above the host's metadata. A manifest that
declares another licence family contradicts it: nothing is lifted (a manifest-only permissive
declaration stays `declared_only`). The evidence reads `headers:<folder>` (`headers:.` for the root).
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from licenses.filenames import folder_chain, folder_of
from licenses.headers import HeaderEvidence
from licenses.spdx import LicenseExpr, combine

CODE_EXTENSIONS = frozenset(
    "py pyi pyx js mjs cjs ts tsx jsx go java kt kts scala rb php rs c h cc cpp cxx hh hpp hxx cs fs swift "
    "m mm pl pm t lua r dart ex exs erl hrl hs ml mli sh bash zsh ps1 el clj cljs groovy vue svelte jl nim "
    "zig v sv vhd vhdl f f90 pas ada adb ads asm s".split()
)
_VENDORED = re.compile(r"^(?:vendor|vendored|third[-_]?party|3rd[-_]?party|thirdparty|external|extern|node_modules|bundled|deps)$", re.I)
GRANT_SHARE = 0.5
"""A licence is lifted only when at least this share of the code files counted carry it."""


_TESTS = re.compile(r"^(?:tests?|testing|testsuite|spec|specs|__tests__)$", re.I)


@dataclass
class _Tally:
    code_files: int = 0
    own_files: int = 0
    """Code files outside test folders below the level counted (the share is judged on them)."""
    own_headed: int = 0
    headed: Counter = field(default_factory=Counter)
    """Normalised expression text → number of code files whose header states it in full."""
    exprs: dict[str, LicenseExpr] = field(default_factory=dict)


def is_code(path: str) -> bool:
    name = posixpath.basename(path)
    return "." in name and name.rsplit(".", 1)[1].lower() in CODE_EXTENSIONS


def _tests(folder: str) -> bool:
    return any(_TESTS.match(part) for part in folder.split("/") if part)


def _vendored(folder: str) -> bool:
    return any(_VENDORED.match(part) for part in folder.split("/") if part)


class HeaderConsensus:
    """Per-folder tallies of code files' header licences; `licence_for(folder)` reads them."""

    def __init__(self, license_type: Callable[[list[LicenseExpr]], str]) -> None:
        self._license_type = license_type
        self._folders: dict[str, _Tally] = {}
        self._subtrees: dict[tuple[str, bool], _Tally] = {}
        self._answers: dict[str, tuple[tuple[LicenseExpr, ...], str] | None] = {}

    def observe(self, path: str, header: HeaderEvidence) -> None:
        """Count one code file (call for every file that is not itself licence evidence)."""
        path = path.strip("/")
        if not is_code(path):
            return
        tally = self._folders.setdefault(folder_of(path), _Tally())
        tally.code_files += 1
        stated = [*header.override, *header.extra]
        if stated:
            expr = combine("AND", stated)
            if expr is not None:
                key = str(expr)
                tally.headed[key] += 1
                tally.exprs.setdefault(key, expr)
        self._subtrees.clear()
        self._answers.clear()

    def licence_for(self, folder: str) -> tuple[tuple[LicenseExpr, ...], str] | None:
        """(expressions, evidence) the headers of the package state for a header-less file in
        `folder`, or None when they grant nothing and restrict nothing."""
        if folder not in self._answers:
            self._answers[folder] = self._licence_for(folder)
        return self._answers[folder]

    def _licence_for(self, folder: str) -> tuple[tuple[LicenseExpr, ...], str] | None:
        inside_vendored = _vendored(folder)
        for level in folder_chain(folder):
            tally = self._subtree(level, inside_vendored)
            if not tally.headed:
                continue
            where = f"headers:{level or '.'}"
            if len(tally.headed) == 1:
                ((key, count),) = tally.headed.items()
                expr = tally.exprs[key]
                license_type = self._license_type([expr])
                # The share is judged on the package's own modules: test folders below this level
                # (tests are often header-less) count for agreement, not for the share.
                headed, counted = (tally.own_headed, tally.own_files) if tally.own_files else (count, tally.code_files)
                if license_type == "non_permissive" or (license_type == "permissive" and headed >= GRANT_SHARE * counted):
                    return (expr,), where
                return None
            together = combine("AND", list(tally.exprs.values()))
            if together is not None and self._license_type([together]) == "non_permissive":
                return (together,), where
            return None
        return None

    def _subtree(self, level: str, inside_vendored: bool) -> _Tally:
        if not self._subtrees:
            self._aggregate()
        return self._subtrees.get((level, inside_vendored)) or _Tally()

    def _aggregate(self) -> None:
        """Every folder's tally added to each folder above it, once (O(folders × depth)): with and
        without the files under vendored folders below that level."""
        for folder, tally in self._folders.items():
            for level in folder_chain(folder):
                below = folder[len(level) + 1 :] if level else folder
                for inside_vendored in (False, True):
                    if not inside_vendored and _vendored(below):
                        continue
                    total = self._subtrees.setdefault((level, inside_vendored), _Tally())
                    total.code_files += tally.code_files
                    if not _tests(below):
                        total.own_files += tally.code_files
                        total.own_headed += sum(tally.headed.values())
                    total.headed.update(tally.headed)
                    for name, expr in tally.exprs.items():
                        total.exprs.setdefault(name, expr)
