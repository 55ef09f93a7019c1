"""Language and path classification with go-enry (the engine GitHub Linguist's Go port uses)."""

from __future__ import annotations

import functools
import re

import enry

from licenses.filenames import EvidenceKind, evidence_kind
from filters.config import FiltersConfig
from core.records import FileRecord

_SLUG = re.compile(r"[^a-z0-9]+")


def _head(text: str) -> bytes:
    """What go-enry reads of a file: shebang, modelines and generated markers sit at the top."""
    return text[:4096].encode("utf-8", "surrogatepass")


LICENCE_FILE_LANGUAGE = "Text"
"""What go-enry calls `LICENSE` and `COPYING`; every licence-like file it cannot name is read alike."""
_LICENCE_KINDS = frozenset({EvidenceKind.LICENSE, EvidenceKind.NOTICE, EvidenceKind.THIRD_PARTY})


def detect_language(path: str, text: str, head: bytes | None = None) -> str | None:
    """go-enry's language from name, extension, shebang or modeline; None when it cannot say.

    go-enry knows `LICENSE`, `COPYING` and `LICENSE.txt` as Text but not `LICENSE-MIT`,
    `LICENSE.APACHE`, `COPYING.LIB` or `NOTICE`: a licence file is Text whatever its suffix, so it
    is kept or dropped like `LICENSE` (a suffix go-enry does name, `LICENSE.md`, keeps its name)."""
    name = path.rsplit("/", 1)[-1]
    language = enry.get_language(name, _head(text) if head is None else head)
    if not language and evidence_kind(name) in _LICENCE_KINDS:
        return LICENCE_FILE_LANGUAGE
    return language or None


def language_slug(language: str | None) -> str:
    """Folder name under data/: `C++` → `c++` would not be portable, so `c-plus-plus`-style slugs."""
    if not language:
        return "unknown"
    name = language.lower().replace("++", "-plus-plus").replace("#", "-sharp")
    return _SLUG.sub("-", name).strip("-") or "unknown"


OWN_FOLDERS = (".github",)
"""Folders go-enry calls vendored that hold a repository's own settings and CI workflows."""


def is_vendored(path: str) -> bool:
    """Vendored by where the file sits: inside a folder go-enry names as vendored (node_modules/,
    vendor/, third_party/, bower_components/ …).  go-enry also matches bare file names (jquery.js,
    effects.js, bootstrap.js …), which drops those projects' own sources, and `.github/`, which
    drops every repository's own workflows: a name is not evidence that a file was copied in
    (exact dedup removes copies of a library that are), so only folders count here."""
    folders = path.split("/")[:-1]
    if folders and folders[0] in OWN_FOLDERS:
        folders = folders[1:]
    prefix = ""
    for folder in folders:
        prefix += folder + "/"
        if _vendored_folder(prefix):
            return True
    return False


@functools.lru_cache(maxsize=65536)
def _vendored_folder(prefix: str) -> bool:
    """go-enry's verdict on one folder path; a repository's files share a few hundred folders."""
    return enry.is_vendor(prefix)


def language_reason(record: FileRecord, config: FiltersConfig) -> str | None:
    """Sets `record.language`; returns a drop reason (without the `filters:` prefix) or None."""
    head = _head(record.content)
    record.language = detect_language(record.path, record.content, head)
    if record.language is None:
        return "unknown_language" if config.drop_unknown_language else None
    if config.languages and record.language not in config.languages:
        return "language_not_selected"
    if config.drop_vendor and is_vendored(record.path):
        return "vendor"
    if config.drop_generated and enry.is_generated(record.path, head):
        return "generated"
    if config.drop_documentation and enry.is_documentation(record.path):
        return "documentation"
    return None
