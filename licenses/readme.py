"""Licence statements in README files (the weakest file evidence, used only as a fallback).

The section whose heading names the licence is read in full: a README mentions licences for many
reasons (badges of dependencies, comparisons), but the text under "## License" is the author's
statement. Markdown (`#` and setext) and reStructuredText headings are recognised. Elsewhere, under
any heading or none ("Copyright Notices:" in a plain-text README), a paragraph that grants or limits
rights is read for what would make the code non-permissive only: a restriction ("for any
non-commercial purposes", "only with the permission of the author") or a copyleft licence it grants.

Which heading is the licence section: one whose title *is* about the licence ("License",
"COPYRIGHT AND LICENCE", "[License](#license)") before one that merely contains the word inside
an identifier ("### require('spdx-license-ids')"); headings are looked for in the whole README
(a generated client's README puts "## License" after 360 kB of sample tables), and the all-capitals
headings of a README made from POD or a man page ("COPYRIGHT AND LICENCE" on a line of its own) count.
"Under the same terms as Perl itself" (or "the same license as Perl") is Perl's own dual licence,
`Artistic-1.0-Perl OR GPL-1.0-or-later`.
"""

from __future__ import annotations

import re

from licenses.classify import classify_text
from licenses.names import names_in_text
from licenses.prose import FONT_FILES, states_choice, states_restriction
from licenses.spdx import PERMISSIVE_CATEGORIES, PROPRIETARY, UNKNOWN, LicenseExpr, category, combine, leaf, normalise_expression, spdx_errors

MAX_SECTION_CHARS = 8_000
MAX_README_CHARS = 200_000
MAX_HEADING_SCAN_CHARS = 2_000_000
_HEADING_WORDS = re.compile(r"licen[cs]e|licensing|copying|copyright", re.I)
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s*(.*?)\s*#*\s*$")
_UNDERLINE = re.compile(r"^\s*([=\-~^\"'`#*+]{3,})\s*$")
_HTML_HEADING = re.compile(r"^\s*<h([1-6])\b[^>]*>(.*?)</h\1>", re.I)
# A title that is about the licence: the word stands alone (not inside `spdx-license-ids` or
# `license_codes.get`), in a short title.
_LICENCE_TITLE = re.compile(r"(?<![\w\-./'`])(?:licen[cs]es?|licensing|copying|copyright)(?![\w\-./'`(])", re.I)
_CAPS_HEADING = re.compile(r"^[A-Z][A-Z0-9 ,&'/-]{2,60}$")
# "under the same terms as Perl itself", "released under the same license as Perl itself".
_PERL_TERMS = re.compile(r"\bunder\s+the\s+same\s+(?:terms|licen[cs]e|licen[cs]ing\s+terms)\s+as\s+(?:the\s+)?perl(?:\s+itself|\s+5)?\b", re.I)
PERL_TERMS = "Artistic-1.0-Perl OR GPL-1.0-or-later"


def _headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """(line index, level, title) of every heading; setext/rst levels ranked by first appearance."""
    found: list[tuple[int, int, str]] = []
    capitals: list[tuple[int, int, str]] = []
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
        elif _caps_heading(lines, index):
            capitals.append((index, 1, line.strip()))
    # All-capitals headings only in a README that has no marked-up ones (a POD or man-page text):
    # in Markdown, "MIT" alone on a line under "## License" is the statement, not a heading.
    return found or capitals


def _caps_heading(lines: list[str], index: int) -> bool:
    """A POD/man-page heading: a short all-capitals line after a blank line, followed by a blank line
    or by its indented body (pod2text and man pages indent the body under "COPYRIGHT AND LICENCE")."""
    line = lines[index]
    if not line or line[0].isspace() or not _CAPS_HEADING.match(line.rstrip()) or len(line.split()) > 6:
        return False
    before = index == 0 or not lines[index - 1].strip()
    following = lines[index + 1] if index + 1 < len(lines) else ""
    if not (before and (not following.strip() or following[0].isspace())):
        return False
    return not names_in_text(line, with_fallback=False)  # "GPL" or "MIT" alone is a statement


def licence_section(text: str) -> str:
    """Text of the first README section headed "License"/"Licence"/"Licensing"/…, or ""."""
    return _licence_section(text)[1]


def _licence_section(text: str) -> tuple[str, str]:
    """(heading title, text) of the first README section headed "License"/"Licence"/…, or ("", "")."""
    lines = text[:MAX_HEADING_SCAN_CHARS].splitlines()
    headings = _headings(lines)
    candidates = [position for position, (_, _, title) in enumerate(headings) if _HEADING_WORDS.search(title)]
    about = [position for position in candidates if _about_licence(headings[position][2])]
    for position in about[:1] or candidates[:1]:
        start, level, _ = headings[position]
        end = next((line for line, other_level, _ in headings[position + 1 :] if other_level <= level), len(lines))
        body_start = start + 2 if start + 1 < len(lines) and _UNDERLINE.match(lines[start + 1]) else start + 1
        return headings[position][2], "\n".join(lines[body_start:end])[:MAX_SECTION_CHARS].strip()
    return "", ""


def _about_licence(title: str) -> bool:
    title = re.sub(r"\]\([^)]*\)|[\[\]*_:]", " ", title)  # "[License](#license)", "**Licence:**"
    return bool(_LICENCE_TITLE.search(title)) and len(title.split()) <= 6


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
            perl = perl_terms(paragraph)
            if perl is not None and perl not in found:
                found.append(perl)
    return found


def perl_terms(text: str) -> LicenseExpr | None:
    """"Under the same terms as Perl itself": Perl's licence, the Artistic licence or the GPL (version 1
    or later) at the user's choice, as Debian writes it (`Artistic or GPL-1+`)."""
    return normalise_expression(PERL_TERMS) if _PERL_TERMS.search(text) else None


# The licences Perl's terms are made of: a statement that explains them ("the same terms as Perl
# itself (either the GNU General Public License or the Artistic License)") names them again.
_PERLS_OWN = re.compile(r"(?:GPL|Artistic)-")


def with_perl_terms(perl: LicenseExpr, keys: list[str]) -> LicenseExpr | None:
    """Perl's terms, a choice, and the other licences a statement names beside them (ANDed): the
    GPL and the Artistic licence it names are the choice's own alternatives, not more terms."""
    return combine("AND", [perl, *(leaf(key) for key in keys if not _PERLS_OWN.match(key) and key != UNKNOWN)])


def readme_licenses(text: str) -> list[LicenseExpr]:
    """Licences stated in the README's licence section (full texts, URLs, then licence names), and
    the non-permissive terms of any other paragraph that grants or limits rights.

    A licence section that names nothing we know is UNKNOWN; a section that only points to the
    licence file ("see LICENSE") adds nothing, since licence files are read on their own.
    """
    return readme_reading(text)[0]


def readme_reading(text: str) -> tuple[list[LicenseExpr], list[tuple[tuple[str, ...], LicenseExpr]]]:
    """`readme_licenses`, and the statements of the licence section about the fonts or the
    documentation only, as (path patterns, licence) for the scanner's per-path rules
    (`kind_statements`)."""
    title, section = _licence_section(text)
    elsewhere = rights_paragraphs(text.replace(section, "\n\n") if section else text)
    if _copyright_note(title, section):
        section = ""  # who holds the rights, nothing about terms: no licence statement
    section, scoped = kind_statements(section)
    if not section and not elsewhere:
        stated = own_grant(text)
        if stated is not None:
            return [stated], scoped
    return _section_licenses(section) + elsewhere, scoped


# "The JSON database is licensed under the Creative Commons Zero v1.0 Universal (CC0-1.0) license", in
# a README with no licence section: a grant whose subject is the package's own content.
_OWN_SUBJECT = re.compile(
    r"(?:^|(?<=[.!?]\s))(?:this|the|our)\s+(?:(?:(?-i:[A-Z]{2,6})|source|entire|whole)\s+)?"
    r"(?:project|package|library|module|code|software|repository|database|data|dataset|files)\s*$",
    re.IGNORECASE,
)
_GRANT_VERB = re.compile(r"\b(?:is|are)\s+(?:(?:also|all)\s+)?(?:licen[cs]ed|released|distributed|made\s+available)\s+under\b", re.IGNORECASE)
_SOMEONE_ELSES = re.compile(
    r"\b(?:uses?|using|used|depends?|dependenc|based\s+on|derived|from|fork|powered|includes?|bundl|vendor|third|3rd|upstream|original)\w*",
    re.IGNORECASE,
)


def own_grant(text: str) -> LicenseExpr | None:
    """In a README without a licence section, one short paragraph that gives the package's own
    content ("this library", "the code", "the JSON database") a licence it names, permissive ones
    only, and speaks of no one else's code: that licence. Non-permissive words anywhere are read by
    `rights_paragraphs` first; a paragraph about a dependency or a fork grants nothing."""
    found: list[LicenseExpr] = []
    for paragraph in _PARAGRAPH_BREAK.split(text[:MAX_README_CHARS]):
        if len(paragraph) > 600:
            continue
        flat = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", re.sub(r"\s+", " ", paragraph)).strip()
        verb = _GRANT_VERB.search(flat)
        if verb is None or not _OWN_SUBJECT.search(flat[: verb.start()].strip()) or _SOMEONE_ELSES.search(flat):
            continue
        keys = names_in_text(flat[verb.start():], with_fallback=False)
        if not keys or any(category(key) not in PERMISSIVE_CATEGORIES for key in keys) or states_restriction(flat):
            return None
        found += [leaf(key) for key in keys if leaf(key) not in found]
    return combine("AND", found)


_OFFERED_FILE = re.compile(
    r"\b(?:in|see)\s+(?:the\s+)?(?:accompanying\s+|enclosed\s+)?(?:file\s+)?[`'\"“]?(?P<name>(?:COPYING|LICEN[CS]E|UNLICENSE)(?:[-_.][\w.-]*\w)?)\b",
    re.IGNORECASE,
)
_OFFER_WINDOW = 400


def offered_files(text: str) -> tuple[str, ...]:
    """Licence files a README offers as alternatives ("You may redistribute it under the terms of
    either: 1. the GNU GPL … A copy of this license is in the file COPYING. or 2. The Less License, in
    the file LICENSE."): their names (lower case) when one choice names two or more; else ()."""
    flat = re.sub(r"\s+", " ", text[:MAX_README_CHARS])
    for paragraph in _PARAGRAPH_BREAK.split(text[:MAX_README_CHARS]):
        if not states_choice(paragraph):
            continue
        start = flat.find(re.sub(r"\s+", " ", paragraph).strip()[:80])
        window = flat[start : start + _OFFER_WINDOW] if start >= 0 else re.sub(r"\s+", " ", paragraph)
        names = tuple(dict.fromkeys(match.group("name").rstrip(".").lower() for match in _OFFERED_FILE.finditer(window)))
        if len(names) >= 2 and not states_restriction(window):
            return names
    return ()


DOC_FOLDERS = ("doc/*", "docs/*", "documentation/*")
# An item of a licence section: its subject, then the verb that gives it a licence.
_ITEM_VERB = re.compile(
    r"\b(?:is|are)\s+(?:(?:also|all)\s+)?(?:licen[cs]ed|released|distributed|available|provided|made\s+available)\s+under\b"
    r"|\b(?:is|are)\s+(?:covered\s+by|under)\b|\b(?:is|are)\s+[\w.+-]+-licen[cs]ed\b",
    re.IGNORECASE,
)
# The subject's head noun: the font (never "Font Awesome CSS files"), the documentation.
_FONT_SUBJECT = re.compile(r"(?<![\w-])(?:fonts?|font\s+files|typefaces?|web\s?fonts?|icon\s+fonts?)\s*(?:\([^)]*\)\s*)?\Z", re.IGNORECASE)
_DOC_SUBJECT = re.compile(r"(?<![\w-])(?:documentation|docs|manual)\s*(?:\([^)]*\)\s*)?\Z", re.IGNORECASE)
_BUNDLED_SUBJECT = re.compile(r"\b(?:vendored|bundled|embedded|third[- ]party|3rd[- ]party)\b", re.IGNORECASE)
# "The code and documentation are …", "this project and its docs …": the code's own statement.
_CODE_SUBJECT = re.compile(r"\b(?:code|software|source|sources|project|library|program|package|module|scripts?)\b", re.IGNORECASE)
_ITEM_SPLIT = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*[-*+][ \t])|(?<=[.;])[ \t]+(?=[A-Z])|(?<=\.)\n")
_MAX_ITEM_CHARS = 300
_LINK_ITEM = re.compile(r"\A[\s*+-]*<?(?:https?|ftp)://\S+>?[\s.]*\Z", re.IGNORECASE)


def kind_statements(section: str) -> tuple[str, list[tuple[tuple[str, ...], LicenseExpr]]]:
    """A licence section that gives the code one licence and the fonts, the documentation or a
    vendored component another ("The font is licensed under the SIL OFL 1.1 / CSS, LESS and Sass
    files are licensed under the MIT License / the documentation is licensed under CC BY 3.0"): the
    items about the fonts and the documentation are taken out and returned as (patterns, licence);
    an item about a vendored or bundled component is taken out with no patterns: it decides no path
    (as a bundled section of a licence file). Only when the rest still states a licence: otherwise everything
    the section says stays on the code, as before."""
    if not section or not _ITEM_VERB.search(section):
        return section, []
    kept: list[str] = []
    scoped: list[tuple[tuple[str, ...], LicenseExpr]] = []
    taken = previous_taken = False
    for item in _ITEM_SPLIT.split(section):
        if previous_taken and _LINK_ITEM.match(item):
            continue  # the address of the licence the item before named ("- http://scripts.sil.org/OFL")
        previous_taken = False
        verb = _ITEM_VERB.search(item) if len(item) <= _MAX_ITEM_CHARS else None
        subject = re.sub(r"^[\s*+-]+", "", item[: verb.start()]) if verb else ""
        patterns = FONT_FILES if _FONT_SUBJECT.search(subject) else DOC_FOLDERS if _DOC_SUBJECT.search(subject) else ()
        if verb and (patterns or _BUNDLED_SUBJECT.search(subject)) and not _CODE_SUBJECT.search(subject):
            taken = previous_taken = True
            keys = [key for key in names_in_text(item[verb.start():], with_fallback=False)]
            expr = combine("AND", [leaf(key) for key in keys] or [leaf(UNKNOWN)])
            if states_restriction(item):
                expr = combine("AND", [expr, leaf(UNKNOWN)])
            scoped.append((patterns, expr))  # type: ignore[arg-type]
            continue
        kept.append(item)
    rest = "\n\n".join(kept)
    if not taken or not names_in_text(rest, with_fallback=False):
        return section, []
    return rest, scoped


def _section_licenses(section: str) -> list[LicenseExpr]:
    if not section:
        return []
    keys = list(classify_text(section, threshold=0.0, max_chars=MAX_SECTION_CHARS).ids)
    perl = perl_terms(section)
    # "Copyright 2008 A. Author, all rights reserved." above a grant of Perl's terms is the
    # copyright line, not a second, proprietary licence: the weak fallback reading is left out.
    keys += [key for key in names_in_text(section, with_fallback=perl is None) if key not in keys]
    if perl is not None:
        # Perl's terms are one choice; other licences the section names join it.
        combined = with_perl_terms(perl, keys)
        return [combined] if combined else []
    if not keys:
        if re.search(r"\b(?:see|in|refer to)\b[^.\n]{0,40}\b(?:licen[cs]e|copying)(?:\.\w+)?\b", section, re.I):
            return []
        keys = [UNKNOWN]
    # "dual-licensed under MIT or Apache-2.0, at your option": a choice, as in a manifest.
    combined = combine("OR" if len(keys) > 1 and states_choice(section) else "AND", [leaf(key) for key in keys])
    return [combined] if combined else []


def _copyright_note(title: str, section: str) -> bool:
    """A section headed "Copyright" (not "License") that says who holds the rights or where the code
    came from and nothing about terms: no licence word or name, no grant, no permission, no
    restriction. It adds nothing; "All rights reserved" or any word of licence keeps it an unknown
    statement, and a section headed "License" always states something."""
    if not section or not re.search(r"copyright", title, re.I) or re.search(r"licen[cs]|copying", title, re.I):
        return False
    if names_in_text(section, with_fallback=False) or classify_text(section, threshold=0.0, max_chars=MAX_SECTION_CHARS).ids:
        return False
    return not re.search(r"licen[cs]|permi(?:ssion|tted)|rights\s+reserved|\bterms\b|\bconditions?\b", section, re.I) \
        and not _GRANT.search(section) and not states_restriction(section)


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
