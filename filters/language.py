"""Language and path classification with go-enry (the engine GitHub Linguist's Go port uses)."""

from __future__ import annotations

import re

import enry

from filters.config import FiltersConfig
from pipeline.records import FileRecord

_SLUG = re.compile(r"[^a-z0-9]+")


def _head(text: str) -> bytes:
    """What go-enry reads of a file: shebang, modelines and generated markers sit at the top."""
    return text[:4096].encode("utf-8", "surrogatepass")


def detect_language(path: str, text: str, head: bytes | None = None) -> str | None:
    """go-enry's language from name, extension, shebang or modeline; None when it cannot say."""
    language = enry.get_language(path.rsplit("/", 1)[-1], _head(text) if head is None else head)
    return language or None


def language_slug(language: str | None) -> str:
    """Folder name under data/: `C++` → `c++` would not be portable, so `c-plus-plus`-style slugs."""
    if not language:
        return "unknown"
    name = language.lower().replace("++", "-plus-plus").replace("#", "-sharp")
    return _SLUG.sub("-", name).strip("-") or "unknown"


def language_reason(record: FileRecord, config: FiltersConfig) -> str | None:
    """Sets `record.language`; returns a drop reason (without the `filters:` prefix) or None."""
    head = _head(record.content)
    record.language = detect_language(record.path, record.content, head)
    if record.language is None:
        return "unknown_language" if config.drop_unknown_language else None
    if config.languages and record.language not in config.languages:
        return "language_not_selected"
    if config.drop_vendor and enry.is_vendor(record.path):
        return "vendor"
    if config.drop_generated and enry.is_generated(record.path, head):
        return "generated"
    if config.drop_documentation and enry.is_documentation(record.path):
        return "documentation"
    return None
