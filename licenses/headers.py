"""File-level licence evidence: `SPDX-License-Identifier:` tags and licence headers.

Only the first lines of a file are read (licence headers live there, and the cost must not grow
with file size). Two strengths of evidence come out:

- `override`: an SPDX tag or a full licence notice matched by licenseclassifier in the leading
  comments. It replaces the repository's licence for this file (a GPL header in an MIT repository
  makes the file GPL; an MIT header in a GPL repository makes it MIT, as in The Stack v2).
- `extra`: non-permissive licences merely *named* in comments next to the word licence
  ("released under the GPL", "proprietary and confidential"). A name is too weak to override the
  repository's licence, but strong enough to add a non-permissive licence to it: the worst error
  is a copyleft or proprietary file classified permissive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from licenses.classify import classify_text, looks_binary
from licenses.licence_files import fold_exceptions, text_outside, unexplained_restriction
from licenses.names import may_name_non_permissive, names_in_text
from licenses.near import describe, near_match
from licenses.prose import COPYRIGHT_LINE as _COPYRIGHT_LINE
from licenses.prose import states_choice
from licenses.spdx import PERMISSIVE_CATEGORIES, PROPRIETARY, UNKNOWN, UNKNOWN_REFERENCE, LicenseExpr, category, combine, leaf, normalise_expression

# Starts at the caseless `-`, which the regex engine skips to, then looks back for `SPDX`: a
# case-insensitive pattern starting with a letter tries every position of every line.
_SPDX_TAG = re.compile(r"-(?<=SPDX-)License-Identifier\s*:\s*(.+)", re.IGNORECASE)
_TAG_END = re.compile(r"\s*(\*/|-->|\*\)|-\}|#\}|%>|\?>|\"\"\"|'''|\\n).*$")
_LICENSE_WORDS = re.compile(
    r"licen[cs]|copyright|\(c\)|©|permi|distribut|rights|public domain|warrant|proprietary|confidential", re.IGNORECASE
)
# Words of a full licence notice (not of a passing mention): two of them before a near match is tried.
_GRANT_CUES = re.compile(r"\bpermission\b|\bredistribut|\bgranted\b|\bfree of charge\b", re.IGNORECASE)
_DISCLAIMER_CUES = re.compile(r"\bwarrant|\bliab|\bas[\s\"']+is\b|\bmerchantab", re.IGNORECASE)
_CHOICE_HINT = re.compile(r"option|either|dual|alternativ|choose|choice|select", re.IGNORECASE)
_MAX_NEAR_CHARS = 6_000
_NAMING_CONTEXT = re.compile(r"licen[cs]|copyright|all rights reserved", re.IGNORECASE)
_CONFIDENTIAL = re.compile(
    r"proprietary and confidential|strictly confidential|confidential and proprietary"
    r"|unauthori[sz]ed (?:copying|use|distribution|reproduction)[^.]{0,80}(?:prohibited|forbidden)",
    re.IGNORECASE,
)
_LINE_COMMENT = re.compile(r"^\s*(?://+|#+(?!include|define|if|import|pragma|!)|--(?!\[\[)|;+|%+|!|'|rem\b|::|dnl\b|\*(?!/))", re.IGNORECASE)
# Comment markers that are words (m4/autoconf `dnl`, batch `REM` and `::`): unlike `#` or `//`
# they are letters, which the framing strip below cannot take off, and left in they break every
# notice into "dnl This file is free software; … dnl gives unlimited permission …".
_WORD_MARKER = re.compile(r"^\s*(?:dnl|rem|::)(?!\w)", re.IGNORECASE)
_BLOCKS = (("/*", "*/"), ("<!--", "-->"), ('"""', '"""'), ("'''", "'''"), ("{-", "-}"), ("(*", "*)"), ("--[[", "]]"), ("=begin", "=end"), ("#|", "|#"))
_BLOCK_OPENERS = tuple(start for start, _ in _BLOCKS)
_LINE_COMMENT_STARTS = frozenset("/#-;%!'rR:dD*")
"""First characters of `_LINE_COMMENT`'s markers (after the leading whitespace its `\\s*` takes, which
`str.strip()` removes too): a line starting otherwise is code, and the regex is not tried on it."""
WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
"""Every character of `str.isspace()`, which is also what a regex `\\s` matches."""
_DECORATION = WHITESPACE + "*#/;!%'=+|<>{}()[]-"
"""Characters stripped from both ends of a comment line: whitespace and the marks that frame comments."""


@dataclass(frozen=True)
class HeaderEvidence:
    override: list[LicenseExpr] = field(default_factory=list)
    extra: list[LicenseExpr] = field(default_factory=list)
    note: str = ""
    """A near-verbatim notice's differences ("near ISC: +mind"), for the evidence column."""
    points_to: tuple[str, ...] = ()
    """File names the header sends the reader to for the licence ("licence information is in
    zlib.ads", "see COPYING"), most likely first; only set when the header states no licence."""

    def __bool__(self) -> bool:
        return bool(self.override or self.extra)


# "… license information is in the zlib.ads file", "See the file COPYING for copying permission",
# "For conditions of distribution and use, see copyright notice in zlib.h": a sentence that sends
# the reader to another file for the terms.
_POINTER_CONTEXT = re.compile(
    r"licen[cs]|copying\s+permission|conditions\s+of\s+(?:distribution|use)|copyright\s+notice|terms\s+of\s+use", re.IGNORECASE
)
_POINTER_VERB = re.compile(r"\bsee\b|\bis\s+in\b|\bare\s+in\b|\bfound\s+in\b|\brefer\s+to\b|\bcontained\s+in\b|\bdescribed\s+in\b|\bsee\s+also\b", re.IGNORECASE)
_FILE_NAME = re.compile(r"(?<![\w@/.-])(?:\.{1,2}/)?((?:[\w-]+/)*(?:[\w-]+\.[A-Za-z][\w]{0,7}|[A-Z][A-Z0-9_-]{3,}(?:\.[A-Za-z]{1,4})?))(?![\w@-])")
_NOT_FILES = frozenset({"GNU", "GPL", "LGPL", "AGPL", "BSD", "MIT", "THE", "THIS", "SOFTWARE", "WITHOUT", "WARRANTY", "AS-IS"})


def header_pointers(comments: str) -> tuple[str, ...]:
    """File names a header's sentences point to for the licence terms (see `_POINTER_CONTEXT`)."""
    lowered = comments.lower()
    if "see" not in lowered and " in " not in lowered and "refer" not in lowered:
        return ()
    if not _POINTER_VERB.search(comments):
        return ()
    names: list[str] = []
    for sentence in re.split(r"(?<=[.;:!?])\s+|\n\s*\n", re.sub(r"[ \t]*\n[ \t]*", "\n", comments)):
        flat = re.sub(r"\s+", " ", sentence)
        if not (_POINTER_CONTEXT.search(flat) and _POINTER_VERB.search(flat)):
            continue
        for match in _FILE_NAME.finditer(flat):
            name = match.group(1).rstrip(".")
            if name.upper() not in _NOT_FILES and "://" not in flat[max(0, match.start() - 8) : match.start()] and name not in names:
                names.append(name)
    return tuple(names[:4])


def leading_lines(text: str, max_lines: int, max_chars: int) -> list[str]:
    return text[:max_chars].splitlines()[:max_lines]


def spdx_tags(lines: list[str]) -> list[LicenseExpr]:
    """Expressions from `SPDX-License-Identifier:` lines, comment closers and quotes stripped."""
    found: list[LicenseExpr] = []
    if not _SPDX_TAG.search("\n".join(lines)):
        return found  # one search over the window instead of one per line (most files have no tag)
    for line in lines:
        match = _SPDX_TAG.search(line)
        if not match:
            continue
        expression = _TAG_END.sub("", match.group(1)).strip().strip("\"'`,;").strip()
        parsed = normalise_expression(expression)
        if parsed is not None:
            found.append(parsed)
    return found


def _without_word_marker(line: str) -> str:
    """A line comment's text without a word marker (`dnl`, `REM`, `::`); other lines as they are."""
    return _WORD_MARKER.sub("", line, count=1) if line.lstrip()[:1] in "dDrR:" else line


def comment_text(lines: list[str]) -> str:
    """The text of comments (line and block) among `lines`, with comment markers removed."""
    kept: list[str] = []
    closer = ""
    for line in lines:
        if closer:
            end = line.find(closer)
            kept.append(line if end < 0 else line[:end])
            if end >= 0:
                closer = ""
            continue
        stripped = line.strip()
        opened = None
        if stripped.startswith(_BLOCK_OPENERS):
            opened = next((start, end) for start, end in _BLOCKS if stripped.startswith(start))
        if opened is not None:
            rest = stripped[len(opened[0]) :]
            end = rest.find(opened[1])
            kept.append(rest if end < 0 else rest[:end])
            closer = "" if end >= 0 else opened[1]
        elif _LINE_COMMENT.match(line):
            kept.append(_without_word_marker(line))
    return "\n".join([line.strip(_DECORATION) for line in kept])


# "This file can be used in projects which are not available under the GNU General Public License
# or the GNU Lesser General Public License …" (gnulib's m4 files): the licences named after a negated
# "under" are the ones this file does *not* require. Cut up to "but"/"except" or the end of the
# clause, so that "not licensed under the MIT licence but under the GPL" still names the GPL.
_NEGATED_UNDER = re.compile(
    r"\b(?:not|never)\s+(?:available|licen[cs]ed|released|distributed|published|covered)\s+(?:by|under)\b"
    r"(?:(?!\b(?:but|except|unless|instead|rather)\b)[^.;:()])*",
    re.IGNORECASE,
)


_USE_WORDS = re.compile(
    r"commercial|\bsell|\bsold\b|\bsale\b|\buse\s+only\b|\bpersonal\b|\bevil\b|\bmilitary\b|\bpay\b|\bfee\b"
    r"|\b(?:must|may|shall|can)\s*not\s+(?:be\s+)?(?:use|copie|copy|distribut|redistribut|modif|sold|sell|sublicen|publish|run|execut|install|share)",
    re.IGNORECASE,
)
# A licence name inside an identifier or a source file's name ("gl_FILE_NAME_CONCAT_LGPL",
# "lib/filenamecat-lgpl.c"): code, not a statement that the file is under that licence.
_NAME_IN_IDENTIFIER = re.compile(
    r"[\w/.-]*[-_](?:a|l)?gpl(?:[-_][\w-]*)?\.(?:c|h|cc|cpp|m4|py|js|sh|in|am|ac|o|a|so)\b|\b\w*_(?:a|l)?gpl\w*|\b(?:a|l)?gpl_\w+",
    re.IGNORECASE,
)
_FIRST_LINE_NOT_CODE = ("#!", "<?php", "<?xml", "%!")


def _header_comments(lines: list[str], comments: str) -> str:
    """The comments before the first line of code, when they hold licence words: the header a
    notice's conditions are stated in. "This macro invocation must not occur in …" in a comment
    between the macros of an m4 file is about the code, not a condition added to the notice (a
    copyleft or non-commercial statement anywhere is still found by `far_restrictions`)."""
    end = len(lines)
    closer = ""
    for index, line in enumerate(lines):
        stripped = line.strip()
        if closer:
            if closer in line:
                closer = ""
            continue
        if not stripped or (index == 0 and stripped.startswith(_FIRST_LINE_NOT_CODE)):
            continue
        opened = next(((start, stop) for start, stop in _BLOCKS if stripped.startswith(start)), None) if stripped.startswith(_BLOCK_OPENERS) else None
        if opened is not None:
            closer = "" if opened[1] in stripped[len(opened[0]) :] else opened[1]
            continue
        if stripped[0] in _LINE_COMMENT_STARTS and _LINE_COMMENT.match(line):
            continue
        end = index
        break
    leading = comment_text(lines[:end]) if end < len(lines) else comments
    if not _LICENSE_WORDS.search(leading):
        leading = comments
    # Within it, the paragraphs about rights: "Known limitations: … must not be longer than 256
    # bytes" is about the code. A paragraph saying "commercial", "sell", "use only" or "must not be used"
    # is kept whatever its other words.
    paragraphs = re.split(r"\n\s*\n", leading)
    return "\n\n".join(paragraph for paragraph in paragraphs if _LICENSE_WORDS.search(paragraph) or _USE_WORDS.search(paragraph))


def _named_not_permissive(comments: str) -> list[LicenseExpr]:
    if not _NAMING_CONTEXT.search(comments) or not (may_name_non_permissive(comments) or _CONFIDENTIAL.search(comments)):
        return []
    if "not " in comments or "never " in comments or "NOT " in comments:
        comments = _NEGATED_UNDER.sub(" ", comments)
    if "_" in comments or "gpl." in comments.lower():
        comments = _NAME_IN_IDENTIFIER.sub(" ", comments)
    keys = names_in_text(comments, with_fallback=False)
    named = [leaf(key) for key in keys if category(key) not in PERMISSIVE_CATEGORIES]
    if _CONFIDENTIAL.search(comments):
        named.append(leaf(PROPRIETARY))
    return list(dict.fromkeys(named))


def _notice_keys(
    notice_text: str, comments: str, max_chars: int, lines: list[str] | None = None
) -> tuple[str, list[str], tuple[tuple[int, int], ...], str]:
    """(text classified, ids, matched spans, note) of the licence notice in a file's comments."""
    classified, result = notice_text, classify_text(notice_text, threshold=0.0, max_chars=max_chars)
    if not result.ids and notice_text != comments:  # some licence texts quote their own copyright line
        classified, result = comments, classify_text(comments, threshold=0.0, max_chars=max_chars)
    # Only a full notice (a grant and a disclaimer) is compared with the known texts: most comments
    # that mention a licence are not one, and the comparison is the costly part of the header scan.
    if result.ids or len(notice_text) > _MAX_NEAR_CHARS or not (_GRANT_CUES.search(notice_text) and _DISCLAIMER_CUES.search(notice_text)):
        return classified, list(result.ids), result.spans, ""
    # A full notice the classifier could not place: a known permissive text with small changes?
    near = near_match(notice_text)
    if near is not None and not near.accepted and lines:
        # The header window also holds the comments that follow the notice ("This file contains
        # code to handle panes …"): the comment block that is a full notice is compared alone.
        # The other comments are still read for restrictions and names by the caller.
        alone = _notice_block(lines)
        if alone and alone != notice_text:
            block_near = near_match(alone)
            # Words outside the block that add a condition ("may not be used for commercial
            # purposes" in a later comment) keep the whole unread, as before.
            if block_near is not None and block_near.accepted and not unexplained_restriction(notice_text, [block_near.spdx_id]):
                return notice_text, [block_near.spdx_id], (), describe(block_near)
    if near is None:
        return classified, [], (), ""
    if near.accepted:
        return notice_text, [near.spdx_id], ((0, len(notice_text)),), describe(near)
    return notice_text, [UNKNOWN], ((0, len(notice_text)),), describe(near)


def _notice_block(lines: list[str]) -> str:
    """The one comment block of `lines` that states a full notice (a grant and a disclaimer), its
    copyright lines cut; "" when none or several do."""
    found = [block for block in comment_blocks(lines) if _GRANT_CUES.search(block) and _DISCLAIMER_CUES.search(block)]
    return _COPYRIGHT_LINE.sub("", found[0]) if len(found) == 1 else ""


def scan_header(text: str, *, max_lines: int, max_chars: int) -> HeaderEvidence:
    """File-level evidence from the first `max_lines` lines / `max_chars` characters of `text`."""
    if not text or looks_binary(text[:max_chars]):
        return HeaderEvidence()
    lines = leading_lines(text, max_lines, max_chars)
    override = spdx_tags(lines)
    comments = comment_text(lines)
    # Copyright lines differ in every file but never decide the licence: without them, files
    # sharing a notice share one cached classification.
    notice_text = _COPYRIGHT_LINE.sub("", comments)
    residual = comments
    note = ""
    if not override and _LICENSE_WORDS.search(notice_text):
        classified, keys, spans, note = _notice_keys(notice_text, comments, max_chars, lines)
        # Names inside the matched licence text belong to it ("… compatible with the GPL"); the
        # copyright lines set aside above still count ("Copyright X, released under the GPL").
        residual = text_outside(classified, spans)
        if classified is notice_text:
            residual += "\n" + "\n".join(match.group(0) for match in _COPYRIGHT_LINE.finditer(comments))
        if keys and unexplained_restriction(_header_comments(lines, comments), keys):
            keys = [*keys, UNKNOWN]  # a condition the recognised notice does not have
        notice = combine("AND", fold_exceptions(keys, classified))
        if notice is not None and _CHOICE_HINT.search(residual) and states_choice(residual):
            # "Alternatively, this file may be used under the GPL …": a choice, not a second licence.
            # A name of the notice's own family ("… under the BSD license") refers back to it.
            read = {_family(item.key) for item in notice.leaves()}
            named = names_in_text(residual, with_fallback=False)
            others = [leaf(key) for key in named if _family(key) not in read]
            if others:
                notice = combine("OR", [notice, *others]) or notice
            elif _plain_and(notice) and len(read) >= 2 and read <= {_family(key) for key in named}:
                # "This program is dual-licensed; you may select either the GPL or the BSD license"
                # beside both notices: the choice is between the notices already read.
                notice = LicenseExpr("OR", notice.args)
            residual = ""
        if notice is not None:
            override.append(notice)
        elif _CHOICE_HINT.search(notice_text) and states_choice(notice_text):
            # "licensed under both the BSD-style license … and the GPLv2 …; you may select, at your
            # option, one of the above": a choice between the licences it names.
            named = [leaf(key) for key in names_in_text(notice_text, with_fallback=False)]
            if len(named) >= 2:
                override.append(LicenseExpr("OR", tuple(named)))
                residual = ""
    families = {_family(item.key) for expr in override for item in expr.leaves()}
    # A name already covered by the notice or tag adds nothing; compare licence families.
    extra = [expr for expr in _named_not_permissive(residual) if _family(expr.key) not in families]
    points_to = header_pointers(comments) if not override and _LICENSE_WORDS.search(comments) else ()
    return HeaderEvidence(override, extra, note, points_to)


def window_end(text: str, max_lines: int, max_chars: int) -> int:
    """Where the header window ends (a character offset): its last, maybe cut, line is read again."""
    end, position = 0, -1
    for _ in range(max_lines - 1):
        position = text.find("\n", position + 1, max_chars)
        if position < 0:
            break
        end = position + 1
    return end


# Without one of these (plain substring tests at C speed) no comment past the header window states
# a licence: a licence statement says "licen[cs]e", "copyright" or "commercial" (a notice in capitals
# alone is not looked for: the cost of lower-casing every file is not paid).
_FAR_CUES = ("icens", "icenc", "opyright", "ommercial")
# Words of a copyleft or non-commercial statement, searched in the lower-cased rest of such files.
_FAR_WORDS = ("gpl", "general public", "commercial", "mozilla public", "eclipse public", "creative commons", "cc-by", "cc by",
              "proprietary", "confidential", "polyform", "business source", "server side public", "cddl",
              "common development", "european union public", "affero", "open font")
_FAR_MAX_CHARS = 1_000_000
# Past the window a licence is *granted* in the words around its name ("you can redistribute it …
# under the terms of the GNU GPL"); a name alone there is more often code about licences.
_FAR_GRANT = re.compile(
    r"\b(?:licen[cs]ed|released|distributed|available|published|provided|covered)\s+(?:only\s+)?under\b|\bunder\s+the\s+terms\s+of\b"
    r"|\bredistribute\s+it\b|\bis\s+free\s+software\b|\bsubject\s+to\s+the\b|\bcovered\s+by\s+the\b",
    re.IGNORECASE,
)
_FAR_SPAN = 800
"""Characters read on each side of a cue: a licence paragraph and its comment block."""
_FAR_MAX_SPOTS = 12
_NON_COMMERCIAL = re.compile(
    r"\bnon[- ]?commercial\s+(?:use|purposes?|usage|distribution|users?)\b|\bfor\s+non[- ]?commercial\b"
    r"|\bcommercial\s+(?:use|usage|distribution)\s+(?:is\s+|are\s+)?(?:not\s+(?:permitted|allowed)|prohibited|forbidden)",
    re.IGNORECASE,
)


def far_restrictions(text: str, start: int) -> list[LicenseExpr]:
    """Copyleft or non-commercial licences stated in comments after character `start` (the end of
    the header window).

    The window keeps the costly notice matching cheap; a restriction must not hide behind it (an
    autoconf macro's GPL notice at line 65). A licence statement says "licen[cs]e", "copyright" or
    "commercial" (`_FAR_CUES`, found with plain substring search): only the text around those words
    is read, its comment blocks must hold a `_FAR_WORDS` word and name the licence in a licence
    context, as a header must."""
    rest = text[start:_FAR_MAX_CHARS]
    spots: list[int] = []
    for cue in _FAR_CUES:
        position = rest.find(cue)
        while position >= 0 and len(spots) < _FAR_MAX_SPOTS:
            spots.append(position)
            position = rest.find(cue, position + _FAR_SPAN)
    if not spots:
        return []
    spans: list[tuple[int, int]] = []
    for spot in sorted(spots):
        low, high = max(0, spot - _FAR_SPAN), spot + _FAR_SPAN
        if spans and low <= spans[-1][1]:
            spans[-1] = (spans[-1][0], high)
        else:
            spans.append((low, high))
    found: list[LicenseExpr] = []
    for low, high in spans:
        window = rest[low:high]
        if not _has_far_word(window):
            continue
        lines = window.splitlines()
        # The first and last lines of a window may be cut mid-line.
        lines = lines[1 if low else 0 : -1 if high < len(rest) else None]
        for block in comment_blocks(lines):
            if not _has_far_word(block):
                continue
            if _FAR_GRANT.search(block):
                found += [expr for expr in _named_not_permissive(block) if expr not in found]
            if _NON_COMMERCIAL.search(re.sub(r"\s+", " ", block)) and leaf(PROPRIETARY) not in found:
                found.append(leaf(PROPRIETARY))
    return found


def _has_far_word(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in _FAR_WORDS)


def comment_blocks(lines: list[str]) -> list[str]:
    """The comments among `lines` as blocks of consecutive comment lines (markers removed)."""
    blocks: list[list[str]] = []
    closer = ""
    previous_comment = False
    for line in lines:
        stripped = line.strip()
        if closer:
            end = line.find(closer)
            blocks[-1].append(line if end < 0 else line[:end])
            closer = "" if end >= 0 else closer
            previous_comment = True
            continue
        opened = next(((start, end) for start, end in _BLOCKS if stripped.startswith(start)), None) if stripped.startswith(_BLOCK_OPENERS) else None
        if opened is not None:
            rest = stripped[len(opened[0]) :]
            end = rest.find(opened[1])
            blocks.append([rest if end < 0 else rest[:end]])
            closer = "" if end >= 0 else opened[1]
            previous_comment = end >= 0
        elif stripped and stripped[0] in _LINE_COMMENT_STARTS and _LINE_COMMENT.match(line):
            if not previous_comment:
                blocks.append([])
            blocks[-1].append(_without_word_marker(line))
            previous_comment = True
        else:
            previous_comment = False
    return ["\n".join(part.strip(_DECORATION) for part in block) for block in blocks]


def _plain_and(expr: LicenseExpr) -> bool:
    """An AND of recognised licences only: nothing unknown, which a choice must never drop."""
    return expr.op == "AND" and all(arg.op == "ID" and arg.key not in (UNKNOWN, UNKNOWN_REFERENCE) for arg in expr.args)


def _family(key: str) -> str:
    # LicenseRef ids share no family: `LicenseRef-scancode-unknown` is not the Commons Clause.
    return key.lower() if key.startswith("LicenseRef-") else key.split("-", 1)[0].lower()
