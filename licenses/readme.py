"""Licence statements in README files (the weakest file evidence, used only as a fallback).

The section whose heading names the licence is read in full: a README mentions licences for many
reasons (badges of dependencies, comparisons), but the text under "## License" is the author's
statement. Markdown (`#` and setext) and reStructuredText headings are recognised. Elsewhere, under
any heading or none ("Copyright Notices:" in a plain-text README), a paragraph that grants or limits
rights is read for what would make the code non-permissive only: a restriction ("for any
non-commercial purposes", "only with the permission of the author") or a copyleft licence it grants.
"""

from __future__ import annotations

import re

from licenses.classify import classify_text
from licenses.names import names_in_text
from licenses.prose import states_choice, states_restriction
from licenses.spdx import PERMISSIVE_CATEGORIES, PROPRIETARY, UNKNOWN, LicenseExpr, category, combine, leaf, normalise_expression, spdx_errors

MAX_SECTION_CHARS = 8_000
MAX_README_CHARS = 200_000
_HEADING_WORDS = re.compile(r"licen[cs]e|licensing|copying|copyright", re.I)
_STANDALONE_WORD = re.compile(r"(?<![\w-])(?:licen[cs](?:e|es|ing|ed)|copying|copyrights?)(?![\w-])", re.I)
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
        # A title that holds the word only inside a name ("# spdx-license-ids", "## license-checker")
        # is not about the licence.
        if not _HEADING_WORDS.search(title) or not _STANDALONE_WORD.search(title):
            continue
        end = next((line for line, other_level, _ in headings[position + 1 :] if other_level <= level), len(lines))
        body_start = start + 2 if start + 1 < len(lines) and _UNDERLINE.match(lines[start + 1]) else start + 1
        return "\n".join(lines[body_start:end])[:MAX_SECTION_CHARS].strip()
    return ""


_RIGHTS_CONTEXT = re.compile(
    r"\bcop(?:y|ied|ies|ying)\b|distribut|licen[cs]|royalt|free\s+of\s+charge|permission", re.I
)
_GRANT = re.compile(
    r"\b(?:licen[cs]ed|released|distributed|available|published|provided)\s+under\b|\bunder\s+the\s+terms\s+of\b"
    r"|\byou\s+(?:can|may)\s+(?:redistribute|copy|use|modify)|\bcan\s+be\s+(?:copied|distributed|used|redistributed)", re.I
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def rights_paragraphs(text: str) -> list[LicenseExpr]:
    """Non-permissive terms stated in any paragraph of `text` that grants or limits rights."""
    found: list[LicenseExpr] = []
    for paragraph in _PARAGRAPH_BREAK.split(text[:MAX_README_CHARS]):
        if len(paragraph) > MAX_SECTION_CHARS or not _RIGHTS_CONTEXT.search(paragraph):
            continue
        if states_restriction(paragraph) and leaf(PROPRIETARY) not in found:
            found.append(leaf(PROPRIETARY))
        if _GRANT.search(paragraph):
            found += [leaf(key) for key in names_in_text(paragraph, with_fallback=False)
                      if category(key) not in PERMISSIVE_CATEGORIES and leaf(key) not in found]
    return found


def readme_licenses(text: str) -> list[LicenseExpr]:
    """Licences stated in the README's licence section (full texts, URLs, then licence names), and
    the non-permissive terms of any other paragraph that grants or limits rights.

    A licence section that names nothing we know is UNKNOWN; a section that only points to the
    licence file ("see LICENSE") adds nothing, since licence files are read on their own.
    """
    section = licence_section(text)
    elsewhere = rights_paragraphs(text.replace(section, "\n\n") if section else text)
    return _section_licenses(section) + elsewhere


def _section_licenses(section: str) -> list[LicenseExpr]:
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


# A shields.io licence badge: `img.shields.io/badge/<label>-<message>-<colour>`, where "--" is a dash
# and "%20" or "_" a space ("license-MPL--2.0%20OR%20Apache--2.0-blue").
_BADGE = re.compile(r"img\.shields\.io/badge/licen[cs]e-((?:[^-/?)\s\]]|--)+)-[\w]+", re.IGNORECASE)


def badge_choices(text: str) -> list[LicenseExpr]:
    """Choices (`A OR B`, valid SPDX) that a README's licence badge declares. Like a README's "at your
    option", a badge only declares: it counts once it covers the licence files it names."""
    found: list[LicenseExpr] = []
    if "shields.io/badge/" not in text:
        return found
    for match in _BADGE.finditer(text[:MAX_README_CHARS]):
        message = match.group(1).replace("--", "\x00").replace("%20", " ").replace("_", " ").replace("\x00", "-").strip()
        if " OR " not in message or spdx_errors(message):
            continue
        expr = normalise_expression(message)
        if expr is not None and expr.op == "OR" and expr not in found:
            found.append(expr)
    return found
