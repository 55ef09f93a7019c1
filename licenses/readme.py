"""Licence statements in README files (the weakest file evidence, used only as a fallback).

Only a section whose heading names the licence is read: a README mentions licences for many
reasons (badges of dependencies, comparisons), but the text under "## License" is the author's
statement. Markdown (`#` and setext) and reStructuredText headings are recognised.
"""

from __future__ import annotations

import re

from licenses.classify import classify_text
from licenses.names import names_in_text
from licenses.prose import states_choice
from licenses.spdx import UNKNOWN, LicenseExpr, combine, leaf

MAX_SECTION_CHARS = 8_000
MAX_README_CHARS = 200_000
_HEADING_WORDS = re.compile(r"licen[cs]e|licensing|copying|copyright", re.I)
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s*(.*?)\s*#*\s*$")
_UNDERLINE = re.compile(r"^\s*([=\-~^\"'`#*+]{3,})\s*$")
_HTML_HEADING = re.compile(r"^\s*<h([1-6])\b[^>]*>(.*?)</h\1>", re.I)


def _headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """(line index, level, title) of every heading; setext/rst levels ranked by first appearance."""
    found: list[tuple[int, int, str]] = []
    underline_levels: dict[str, int] = {}
    for index, line in enumerate(lines):
        atx = _ATX.match(line) if line.lstrip().startswith("#") else None
        html = _HTML_HEADING.match(line)
        if atx:
            found.append((index, len(atx.group(1)), atx.group(2)))
        elif html:
            found.append((index, int(html.group(1)), re.sub(r"<[^>]+>", "", html.group(2))))
        elif index > 0 and lines[index - 1].strip() and _UNDERLINE.match(line) and not _UNDERLINE.match(lines[index - 1]):
            level = underline_levels.setdefault(line.strip()[0], len(underline_levels) + 1)
            found.append((index - 1, level, lines[index - 1].strip()))
    return found


def licence_section(text: str) -> str:
    """Text of the first README section headed "License"/"Licence"/"Licensing"/…, or ""."""
    lines = text[:MAX_README_CHARS].splitlines()
    headings = _headings(lines)
    for position, (start, level, title) in enumerate(headings):
        if not _HEADING_WORDS.search(title):
            continue
        end = next((line for line, other_level, _ in headings[position + 1 :] if other_level <= level), len(lines))
        body_start = start + 2 if start + 1 < len(lines) and _UNDERLINE.match(lines[start + 1]) else start + 1
        return "\n".join(lines[body_start:end])[:MAX_SECTION_CHARS].strip()
    return ""


def readme_licenses(text: str) -> list[LicenseExpr]:
    """Licences stated in the README's licence section: full texts, URLs, then licence names.

    A licence section that names nothing we know is UNKNOWN; a section that only points to the
    licence file ("see LICENSE") adds nothing, since licence files are read on their own.
    """
    section = licence_section(text)
    if not section:
        return []
    keys = list(classify_text(section, threshold=0.0, max_chars=MAX_SECTION_CHARS).ids)
    keys += [key for key in names_in_text(section) if key not in keys]
    if not keys:
        if re.search(r"\b(?:see|in|refer to)\b[^.\n]{0,40}\b(?:licen[cs]e|copying)(?:\.\w+)?\b", section, re.I):
            return []
        keys = [UNKNOWN]
    # "dual-licensed under MIT or Apache-2.0, at your option": a choice, as in a manifest.
    combined = combine("OR" if len(keys) > 1 and states_choice(section) else "AND", [leaf(key) for key in keys])
    return [combined] if combined else []
