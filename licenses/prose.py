"""What licence files say in words: choices, pointers, restrictions and third-party sections.

A licence file is not always a licence text. Real ones say "dual-licensed under the Unlicense and
MIT … either license", "each file carries its own licence", "licensed under the terms in
LICENSE-MIT", or append the licences of bundled libraries after the project's own. Reading such
prose as an unknown licence ANDed with everything else drops whole permissive projects, and
reading bundled licences as the project's own does too. These helpers find those statements with
plain patterns; callers decide what they mean for the repository.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from licenses.names import names_in_text

# A copyright *statement* (holder and year), not licence prose that happens to start a line with
# "copyright notice …".
COPYRIGHT_LINE = re.compile(
    r"^[ \t]*(?:copyright\b(?![ \t]*(?:notices?|holders?|owners?|laws?|and|or|to|is|in|of|statement|licen[cs]e|protection"
    r"|interest|[,.;:]?[ \t]*$))|\(c\)[ \t]*\d{4}|©[ \t]*\d{4}).*$",
    re.IGNORECASE | re.MULTILINE,
)
# "at your option" also ends the GPL's own "or (at your option) any later version": not a choice.
_CHOICE = re.compile(
    r"\bdual[- ]?licen[cs]|\bmulti[- ]?licen[cs]|\btriple[- ]?licen[cs]"
    r"|\beither\s+(?:of\s+)?(?:the\s+)?(?:following\s+|two\s+|above\s+)?licen[cs]es?\b"
    r"|\b(?:under|licen[cs]ed\s+under|use\s+it\s+under|terms\s+of)\s+(?:the\s+terms\s+of\s+)?either\b"
    r"|\bat\s+your\s+(?:option|choice|discretion)\b(?!\s*\)?\s*,?\s*any\s+later)"
    r"|\byou\s+(?:may|can)\s+(?:choose|pick|select)\b|\bchoose\s+(?:either|between|one\s+of|which)\b"
    r"|\balternatively\b[^.]{0,200}\blicen[cs]|\bor,?\s+at\s+your\s+option\b(?!\s*\)?\s*,?\s*any\s+later)"
    r"|\beither\s+the\s+[\w .-]{2,60}?\s+or\s+the\s+[\w .-]{2,60}?licen[cs]e"
    r"|\bunder\s+(?:a|an|the)\s+[\w .-]{2,50}?\s+licen[cs]e,?\s+or\s+under\s+(?:a|an|the)\s",  # "under a BSD license or under the GNU GPL"
    re.IGNORECASE,
)
# Words that add a condition a permissive licence does not have. Any of them in prose we could not
# otherwise read keeps the text unknown: the safe side.
_RESTRICTION = re.compile(
    r"\bnon(?:-\s*|\s)?commercial|\bnot\s+(?:be\s+)?(?:used\s+)?for\s+(?:any\s+)?commercial|\bcommercial\s+(?:use|purposes?|usage)\s+"
    r"(?:is\s+|are\s+)?(?:not|prohibited|forbidden|requires?)|\bmay\s+not\s+(?:be\s+)?(?:use(?!d\s+to\s+(?:endorse|promote))|sell|sold|distribut|modif|redistribut|sublicen)"
    r"|\bmust\s+not\b|\bshall\s+not\s+(?:be\s+)?(?:use|sell|sold|distribut|modif)|\bprohibited\b|\bforbidden\b"
    r"|\bnot\s+(?:permitted|allowed)\b|\bwritten\s+permission\b|\bpaid\s+licen[cs]e|\bcommercial\s+licen[cs]e"
    r"|\bfor\s+(?:personal|private|educational|evaluation|internal)\s+(?:use|purposes?)\s+only\b|\bgood,?\s+not\s+evil\b",
    re.IGNORECASE,
)
_PER_FILE = re.compile(
    r"\b(?:each|every|individual)\s+(?:source\s+)?files?\s+(?:in\s+this\s+\w+\s+)?(?:carries|carry|has|have|contains?|states?|"
    r"bears?|includes?|specifies|specify|is\s+licen[cs]ed|are\s+licen[cs]ed|lists?|declares?|indicates?)\b[^.]{0,60}licen[cs]"
    r"|\b(?:see|refer\s+to|consult|check)\s+the\s+(?:licen[cs]e\s+|copyright\s+)?(?:headers?|notices?|comments?)\s+(?:of|in|at\s+the\s+top\s+of)\s+"
    r"(?:each|every|the\s+individual|individual|the)\s+(?:source\s+)?files?"
    r"|\blicen[cs]e[ds]?\s+(?:is\s+|are\s+)?(?:stated|specified|given|indicated|declared|noted)\s+in\s+(?:each|every|the\s+header\s+of\s+each)"
    r"|\b(?:on\s+a\s+)?per[- ]file\s+basis\b|\bin\s+the\s+headers?\s+of\s+(?:each|every|the\s+individual)\s+(?:source\s+)?files?"
    # "code is under the licence at the top of its file"
    r"|\b(?:is|are)\s+under\s+the\s+licen[cs]e\s+(?:at\s+the\s+(?:top|start|head)|in\s+the\s+header)\s+of\s+(?:its|each|every|their)\s+(?:own\s+)?files?\b",
    re.IGNORECASE,
)
_FILE_POINTER = re.compile(
    r"\b(?:see|under\s+the\s+terms\s+(?:of|in|found\s+in|contained\s+in|set\s+out\s+in)|as\s+(?:described|set\s+out|stated|found)\s+in"
    r"|refer\s+to|found\s+in|contained\s+in|in\s+the\s+file|terms\s+in|details\s+in)"
    r"\s+(?:the\s+)?(?:accompanying\s+|included\s+|enclosed\s+)?(?:file\s+)?[`'\"“(\[]?"
    r"(?P<name>[\w./-]*(?:licen[cs]e|copying|unlicense)[\w.-]*)",
    re.IGNORECASE,
)
# A block that opens by describing someone else's code: everything from it on is about bundled
# components, not the project's own files.
_THIRD_PARTY_OPENING = re.compile(
    r"\bbundled\b|\bthird(?:-\s*|\s)?party\b|\b3rd(?:-\s*|\s)?party\b|\bvendored\b|\bembedded\s+(?:copy|librar|code)|\bincluded\s+(?:librar|software|code|dependenc)"
    r"|\bexternal(?:ly\s+maintained)?\s+(?:librar|dependenc|code|components?)|\bdependencies\b|\bincorporates?\b|\bcontains\s+(?:code|software)\s+(?:from|derived)"
    r"|\bincludes?\s+(?:material|code|software|files)\s+(?:copied|derived|taken|adapted)"
    r"|\bportions\s+of\s+this\s+(?:software|product|project)\s+(?:are|were)\s+(?:derived|taken|copied|based)",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"^[ \t]*(?:[-=*_#~+]{5,}|(?:-[ \t]){4,}-?)[ \t]*$", re.MULTILINE)
# A heading line (after a blank line, no sentence punctuation at its end) that names the licences
# of bundled or third-party components.
_THIRD_PARTY_HEADING = re.compile(
    r"(?:\A|\n[ \t]*\n)[ \t]*(?:#{1,6}[ \t]*)?(?:licen[cs]es?\s+(?:for|of)\s+(?:the\s+)?(?:bundled|included|third(?:-\s*|\s)?party|vendored|embedded|external)"
    r"|third(?:-\s*|\s)?party\s+(?:licen[cs]es?|notices?|software|components?|librar\w+|code)|bundled\s+(?:software|librar\w+|dependencies|code|components?)"
    r")(?:[^\n]{0,60}[^\n.,;])?[ \t]*\n",  # the heading may end at its keyword ("Third-party code")
    re.IGNORECASE,
)
# "The bundled zlib code is licensed under …" opening a paragraph; "X incorporates Y's dtoa.c and
# g_fmt.c, which bear the following notices:".
_PARAGRAPH_OPENING = re.compile(
    r"\n[ \t]*\n(?=[ \t]*(?:the|this|portions\s+of|parts\s+of|some)\b[^\n.]{0,60}\b(?:bundled|vendored|third(?:-\s*|\s)?party|embedded)\b"
    r"[^\n.]{0,60}\b(?:is|are)\s+(?:licen[cs]ed|distributed|released|covered|available)"
    r"|[^\n]{0,80}\b(?:incorporates|bundles|includes\s+(?:a\s+copy\s+of|code\s+from))\b(?:[^\n]|\n(?![ \t]*\n)){0,200}?\b(?:which|that)\s+"
    r"(?:bears?|carr(?:y|ies)|(?:is|are)\s+(?:licen[cs]ed|covered|distributed)|(?:has|have)\s+(?:its|their)\s+own)"
    # "The distributed binary wheels include bundled versions of the libraries zlib, iconv, …"
    r"|[^\n]{0,80}\b(?:includes?|contains?|ships?)\s+bundled\s+(?:versions?|copies|copy)\s+of\b)",
    re.IGNORECASE,
)
# A paragraph that says which files it is about: "jq's documentation (everything found under the
# docs/ subdirectory) is licensed under CC BY 3.0", "Files in vendor/ and node_modules/ are under
# their own licenses", "The documentation is licensed under CC-BY-SA".
_SCOPE_SUBJECT = re.compile(
    r"(?<![\w/.])(?P<folder>(?:[\w.-]+/)+)(?![\w])"
    r"|\b(?P<named>[\w.-]+(?:(?:[ \t]*,[ \t]*|[ \t]+(?:and|or)[ \t]+)(?:the[ \t]+)?[\w.-]+){0,3})[ \t]+(?:directories|directory|folders?|sub-?directories)\b"
    r"|\b(?P<docs>documentation|docs|sample\s+code|code\s+samples|examples?\s+in\s+the\s+documentation)\b"
    r"|(?<![\w/.:-])(?P<path>[\w-]+(?:/[\w.-]+)+|[\w-]+\.(?:sh|pl|py|c|h|cc|cpp|js|ts|m4|in|ac|am|mk|bat|ps1|rb|go|rs|java))(?![\w/-])",
    re.IGNORECASE,
)
_SCOPE_VERB = re.compile(
    r"\b(?:is|are)\s+(?:(?:also|each|all|both)\s+)?(?:licen[cs]ed|distributed|released|available|covered|provided|supplied|offered|made\s+available)\s+under"
    r"|\b(?:is|are)\s+(?:under|covered\s+by)\b|\bunder\s+(?:its|their)\s+own\s+(?:respective\s+)?licen[cs]"
    r"|\bcarr(?:y|ies)\s+(?:its|their)\s+own\s+licen[cs]|\b(?:has|have)\s+(?:its|their)\s+own\s+licen[cs]"
    r"|\b(?:are|is)\s+waived\b|\bdedicated\s+to\s+the\s+public\s+domain"
    r"|\b(?:is|are)\s+(?:(?:also|all)\s+)?(?:GNU\s+)?(?:A|L)?GPL(?:v?\d[\d.]*\+?)?\b",  # "test.py, the test-runner script, is GPL"
    re.IGNORECASE,
)
OWN_LICENCES = re.compile(r"\b(?:its|their)\s+own\s+(?:respective\s+)?licen[cs]", re.IGNORECASE)
_DOC_FOLDERS = ("doc/*", "docs/*", "documentation/*")
FONT_FILES = ("*.ttf", "*.otf", "*.woff", "*.woff2", "*.eot", "*.pfb", "*.pfa", "*.afm", "*.pfm", "*.ttc", "*.bdf", "*.pcf")
"""Font files by extension: what a statement about "the font" (OFL) decides."""
_NOT_FOLDER_NAMES = frozenset({"the", "these", "those", "all", "other", "some", "its", "their", "this", "in", "located", "and", "or"})
_FOLLOWS = re.compile(r"(?:as\s+(?:follows|below)|(?:reproduced|included|given|printed)\s+below|(?:the\s+)?following\s*(?:text|terms|licen[cs]e)?)\s*[.:]\s*\Z", re.IGNORECASE)
_SEPARATOR_ONLY = re.compile(r"\A[\s=*_#~+-]*\Z")
_LINK_ONLY = re.compile(r"\A\s*[\w .()-]{0,60}:?\s*(?:<?(?:https?|ftp)://\S+>?\s*)+\Z", re.IGNORECASE)


def _scope_patterns(flat: str, end: int) -> list[str]:
    patterns: list[str] = []
    for subject in _SCOPE_SUBJECT.finditer(flat[:end]):
        if subject.group("folder"):
            folder = subject.group("folder").strip("/").removeprefix("./")
            if folder and "://" not in flat[max(0, subject.start() - 10) : subject.start()]:
                patterns.append(f"{folder}/*")
        elif subject.group("path"):
            path = subject.group("path").rstrip(".")
            patterns += [path, f"{path}/*"] if "/" in path else [path, f"*/{path}"]
        elif subject.group("named"):
            names = re.split(r"\s*(?:,|\band\b|\bor\b)\s*", subject.group("named"))
            patterns += [f"{name}/*" for name in (re.sub(r"^the\s+", "", item.strip(), flags=re.I) for item in names)
                         if name and name.lower() not in _NOT_FOLDER_NAMES]
        else:
            patterns += _DOC_FOLDERS
    return list(dict.fromkeys(patterns))


def scope_statements(text: str) -> tuple[str, list[tuple[tuple[str, ...], str]]]:
    """Paragraphs after the first that say which folders (or the documentation, or sample code)
    they are about: taken out of the text and returned as (patterns, paragraph). Their terms apply
    to those paths only; a paragraph saying those paths carry their own licences is returned too,
    for the caller to drop. A link alone ("CC0: https://…") right after such a paragraph is its."""
    paragraphs = re.split(r"(\n[ \t]*\n)", text)
    kept: list[str] = []
    scoped: list[tuple[tuple[str, ...], str]] = []
    last_scoped = following = False
    for index, paragraph in enumerate(paragraphs):
        if index % 2 == 1 or _SEPARATOR_ONLY.match(paragraph):
            if following:
                scoped[-1] = (scoped[-1][0], scoped[-1][1] + paragraph)
            else:
                kept.append(paragraph)
            continue
        flat = re.sub(r"\s+", " ", paragraph)
        verb = _SCOPE_VERB.search(flat) if index > 0 and len(flat) < 1_200 else None
        patterns = _scope_patterns(flat, verb.start() if verb.group(0).lower().startswith(("is", "are", "under", "carr", "has", "have")) else len(flat)) if verb else []
        if patterns:
            scoped.append((tuple(patterns), paragraph))
            last_scoped = True
            # "… are distributed under the terms of the GNU GPL version 2, as below." and the text.
            following = bool(_FOLLOWS.search(paragraph.rstrip()[-40:]))
        elif following:
            scoped[-1] = (scoped[-1][0], scoped[-1][1] + paragraph)
        elif last_scoped and (_LINK_ONLY.match(paragraph) or scoped[-1][1].rstrip().endswith(":")) and len(flat) < 200:
            scoped[-1] = (scoped[-1][0], scoped[-1][1] + "\n\n" + paragraph)
        else:
            kept.append(paragraph)
            last_scoped = False
    return "".join(kept), scoped


# "distributed under both the GNU GPL v.2 or (at your option) any later version or the Apache License
# v.2": "both A or B" offers A or B (the GPL's own "or any later version" is no alternative licence).
_LATER_VERSION = re.compile(r"\bor\s*\(?\s*at\s+your\s+option\s*\)?\s*,?\s*any\s+later\s+version\b", re.IGNORECASE)
_BOTH_OR = re.compile(r"\bunder\s+both\s+(?:the\s+)?[\w .,-]{2,80}?\s+or\s+(?:the\s+)?[\w .-]{2,60}?licen[cs]e", re.IGNORECASE)


def states_choice(prose: str) -> bool:
    """True when the words offer a choice between licences ("dual-licensed", "at your option");
    Markdown emphasis ("under *either* …") is not a word."""
    flat = re.sub(r"\s+", " ", re.sub(r"[*_`]+", "", prose))
    return bool(_CHOICE.search(flat)) or ("both" in flat and bool(_BOTH_OR.search(_LATER_VERSION.sub(" ", flat))))


# Sentences of a licence file's preamble that neither grant nor restrict: what the following text
# applies to (its exceptions are the file's other parts, read on their own), who contributed.
_PREAMBLE = re.compile(
    r"\b(?:the\s+)?following\s+licen[cs]e\s+(?:text\s+)?(?:applies|apply)\s+to\b[^:.]*[:.]"
    r"|\b(?:this|the)\s+(?:software|project|library|package)\s+consists\s+of\s+voluntary\s+contributions\b[^.]*\."
    r"|\bfor\s+(?:the\s+)?(?:exact|full|complete)\s+contribution\s+history\b[^.]*\.?"
    r"|\b(?:is|are)\s+(?:licen[cs]ed|released|distributed)\s+under\s+the\s+(?:following|below)\s+(?:terms|licen[cs]e)\b[^.:]*[.:]"
    # Requests that say they are not conditions, and a grant's own "without restriction".
    r"|\bit\s+would\s+be\s+(?:courteous|nice|appreciated|polite)\b[^.]*\bbut\s+(?:it\s+is\s+)?not\s+(?:compulsory|required|mandatory|a\s+requirement)\b[^.]*\.?"
    r"|\bwithout\s+restriction\b",
    re.IGNORECASE,
)


def without_preamble(prose: str) -> str:
    """`prose` without the preamble sentences of `_PREAMBLE` (whitespace made single spaces)."""
    return _PREAMBLE.sub(" ", re.sub(r"\s+", " ", prose))


# A non-endorsement clause (X11's "Except as contained in this notice, the name of X shall not be used
# in advertising or otherwise to promote the sale, use or other dealings in this Software without prior
# written authorization", BSD's third clause): it limits the use of a *name*, never of the code.
_NON_ENDORSEMENT = re.compile(
    # Up to its own "without (prior) written authorization/permission (of …)" and no further: a second
    # clause in the same sentence ("…, and the code must not be sold") is still read.
    r"\bnames?\s+of\b[^.;]{0,160}?\b(?:shall|may|must|will)\s+not\s+be\s+used\s+(?:in\s+advertising|to\s+(?:endorse|promote))"
    r"(?:(?!\b(?:and|but|nor)\s+(?:this|the|it|you|licensee)\b)[^.;]){0,200}?"
    r"(?:\bwithout\s+[\w\s]{0,40}?(?:permission|authori[sz]ation|consent)(?:\s+(?:of|from)\s+[^.;,]{0,80}?)?(?=[.;,]|$)|(?=[.;]|$))",
    re.IGNORECASE,
)


# "for any purpose, commercial or non-commercial": both uses allowed, a permission, not a restriction.
_BOTH_USES = re.compile(r"\bcommercial\s+(?:or|and|as\s+well\s+as)\s+non(?:-\s*|\s)?commercial|\bnon(?:-\s*|\s)?commercial\s+(?:or|and|as\s+well\s+as)\s+commercial\b", re.IGNORECASE)


def _without_endorsement(flat: str) -> str:
    lowered = flat.lower()
    if "commercial" in lowered:
        flat = _BOTH_USES.sub(" ", flat)
    return _NON_ENDORSEMENT.sub(" ", flat) if "not be used" in lowered else flat


_DISCLAIMER_WORD = re.compile(
    r"\bwarrant(?:y|ies)\b|\bliab(?:le|ility)\b|\bmerchantability\b|\bdamages\b|\bas[\s\"'`]+is\b|\bdisclaim", re.IGNORECASE
)


# Words that could set a condition and that warranty disclaimers do not use (theirs are "provided",
# "shall", "not", "limited"): a paragraph holding one is not only a disclaimer.
_CONDITION_IN_DISCLAIMER = re.compile(
    r"\b(?:only|must|requir\w*|unless|fees?|pay|paid|commercial\w*|noncommercial|prohibit\w*|forbid\w*|restrict\w*|terminat\w*"
    r"|revoke[sd]?|written|consent|royalt\w*|sell|sold|sale|military|evil|personal|private|internal|educational|evaluation"
    r"|agree\w*|regist\w*|donat\w*|credit|notify|conditions?)\b",
    re.IGNORECASE,
)


def without_disclaimers(prose: str) -> str:
    """`prose` without its warranty-disclaimer paragraphs: paragraphs with two disclaimer words at
    least and no word that could set a condition (a disclaimer limits the author's liability, never the user)."""
    paragraphs = re.split(r"\n[ \t]*\n", prose)
    kept = [paragraph for paragraph in paragraphs
            if len({match.group(0).lower()[:5] for match in _DISCLAIMER_WORD.finditer(paragraph)}) < 2
            or states_restriction(paragraph) or _CONDITION_IN_DISCLAIMER.search(paragraph)]
    return "\n\n".join(kept) if len(kept) < len(paragraphs) else prose


def restriction_phrases(text: str) -> list[str]:
    """The restriction phrases in `text`, lower-cased with single spaces (a non-endorsement clause
    restricts the use of a name, not of the code: it is not one)."""
    return [match.group(0).lower() for match in _RESTRICTION.finditer(_without_endorsement(re.sub(r"\s+", " ", text)))]


def states_restriction(prose: str) -> bool:
    """True when the words add a condition no permissive licence has (non-commercial, must not …)."""
    return bool(_RESTRICTION.search(_without_endorsement(re.sub(r"\s+", " ", prose))))


def points_to_headers(prose: str) -> bool:
    """True when the file says each file's own header states its licence."""
    return bool(_PER_FILE.search(re.sub(r"\s+", " ", prose)))


def pointed_file(prose: str, own_name: str) -> str | None:
    """The licence file name this text points to ("see LICENSE-MIT"), not the file itself."""
    for match in _FILE_POINTER.finditer(re.sub(r"\s+", " ", prose)):
        name = match.group("name").rstrip(".").split("/")[-1]
        if name and name.lower() != own_name.lower():
            return name
    return None


@dataclass(frozen=True)
class OwnPart:
    text: str
    """The part of a licence file about the project's own code."""
    bundled: str
    """The rest: sections about bundled or third-party components ("" if none)."""


# "Following applies to:" and a list of paths: a section whose licence is for those files only.
_PATH_SCOPE = re.compile(
    r"\A\s*(?:the\s+)?following\s+(?:licen[cs]e\s+|terms\s+|notice\s+)?appl(?:y|ies)\s+to(?:\s+the\s+following\s+files)?\s*:?[ \t]*\n"
    r"((?:[ \t]*(?:\./)?[\w.!*@+-]+(?:/[\w.!*@+-]*)*[ \t]*\n)+)",
    re.IGNORECASE,
)


def _separators(text: str) -> list[re.Match[str]]:
    """Separator lines between sections, not the underlines of headings ("1. Definitions\n------")."""
    found = []
    for match in _SEPARATOR.finditer(text):
        previous = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1].strip()
        if previous and abs(len(previous) - len(match.group(0).strip())) <= 2:
            continue
        found.append(match)
    return found


def path_scoped_sections(text: str) -> tuple[str, list[tuple[tuple[str, ...], str]]]:
    """Sections (between separator lines) that say which files they apply to: taken out of the
    text and returned as (paths, section text), so that they decide those paths only."""
    edges = _separators(text)
    if not edges:
        return text, []
    sections: list[tuple[tuple[str, ...], str]] = []
    kept: list[str] = [text[: edges[0].start()]]
    for index, separator in enumerate(edges):
        end = edges[index + 1].start() if index + 1 < len(edges) else len(text)
        block = text[separator.end() : end]
        scope = _PATH_SCOPE.match(block)
        if scope:
            paths = tuple(line.strip().removeprefix("./") for line in scope.group(1).splitlines() if line.strip())
            sections.append((paths, block[scope.end() :]))
        elif sections:
            # Once sections name their files, a later block without a list continues the last one
            # (a licence text can hold separator lines of its own).
            sections[-1] = (sections[-1][0], sections[-1][1] + text[separator.start() : end])
        else:
            kept.append(text[separator.start() : end])
    return "".join(kept), sections


def split_third_party(text: str) -> OwnPart:
    """Cut a licence file where it starts to describe bundled or third-party components.

    The first block always stays (it is the project's own licence, even when it mentions
    dependencies); a later block, after a separator line or under a "Licenses for bundled software"
    heading or in a paragraph that opens "The bundled X code is …", starts the third-party part.
    """
    cuts: list[int] = []
    heading = _THIRD_PARTY_HEADING.search(text)
    if heading and text[: heading.start()].strip():
        cuts.append(heading.start())
    for separator in _separators(text):
        if not text[: separator.start()].strip():
            continue
        opening = text[separator.end() : separator.end() + 300].strip()
        if _THIRD_PARTY_OPENING.search(opening[:200]):
            cuts.append(separator.start())
            break
    paragraph = _PARAGRAPH_OPENING.search(text)
    if paragraph and len(text[: paragraph.start()].strip()) > 200:
        cuts.append(paragraph.start())
    if not cuts:
        return OwnPart(text, "")
    cut = min(cuts)
    return OwnPart(text[:cut], text[cut:])


# reStructuredText hyperlink targets (".. _BSD 2-Clause License: https://…", "__ licenses/gpl.rst"):
# where a link points, never a term; the words that use the link are read where they stand.
_LINK_TARGET = re.compile(r"^[ \t]*(?:\.\.[ \t]+_[^:\n]+:|__)[ \t]+\S*[ \t]*$", re.MULTILINE)


def without_link_targets(text: str) -> str:
    return _LINK_TARGET.sub("", text) if ".. _" in text or "__ " in text else text


# A line that is only a file's name and a colon, after a blank line ("mksignames.c:"): what follows,
# up to the next such line, is that file's notice.
_FILE_LABEL = re.compile(
    r"(?:\A|\n[ \t]*\n)[ \t]*(?P<path>(?:\./)?(?:[\w.-]+/)*[\w-]+\.[A-Za-z]{1,4}|(?:[\w.-]+/)+)[ \t]*:[ \t]*\n(?=[ \t]*\n)"
)


def file_labelled_sections(text: str) -> tuple[str, list[tuple[tuple[str, ...], str]]]:
    """Sections a licence file opens with a file's name alone on a line ("mksignames.c:" and then
    its own notice, after the project's licence): taken out and returned as (paths, section), so
    that they decide those files only. The first block is never one (it is the project's own)."""
    labels = [match for match in _FILE_LABEL.finditer(text) if text[: match.start()].strip()]
    if not labels:
        return text, []
    sections = []
    for index, label in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        path = label.group("path").removeprefix("./")
        patterns = (f"{path.rstrip('/')}/*",) if path.endswith("/") else (path, f"*/{path}")
        sections.append((patterns, text[label.end() : end]))
    return text[: labels[0].start()], sections


# "X is distributed under the BSD license, with the following exceptions:", "There are exceptions,
# listed below", "The exceptions to the … above are:", or a heading "Exceptions": what follows lists
# parts of the package, each with its own terms.
_EXCEPTIONS_OPENING = re.compile(
    r"\bwith\s+the\s+following\s+exceptions?\s*:|\bexceptions?\b[^.\n]{0,80}?\b(?:are|is)\s*:\s*$"
    r"|\bexcept(?:ions)?\s+(?:for\s+)?(?:the\s+(?:following|files\s+listed\s+below))\s*:",
    re.IGNORECASE | re.MULTILINE,
)
_EXCEPTIONS_HEADING = re.compile(r"^[ \t]*(?:#{1,6}[ \t]*)?Exceptions[ \t]*:?[ \t]*\n(?:[ \t]*[=\-~^\"'`#*+]{3,}[ \t]*\n)?", re.IGNORECASE | re.MULTILINE)
_HEADING_UNDERLINE = re.compile(r"^[ \t]*([=\-~^\"'`#*+])\1{2,}[ \t]*$", re.MULTILINE)
_BULLET = re.compile(r"^([ \t]*)[*+-][ \t]+\S", re.MULTILINE)
_PATH_TOKEN = re.compile(r"(?<![\w/:.\\*-])(?:[\w.*-]|\\\*)+(?:/(?:[\w.*-]|\\\*)*)*")
_CODE_SUFFIX = re.compile(
    r"\.(?:py|pyx|pxd|pxi|pyi|c|h|cc|cpp|cxx|hh|hpp|js|mjs|cjs|ts|css|scss|sty|tex|el|rng|xsd|xsl|xslt|sh|pl|pm|m4|rb|go|rs"
    r"|java|in|am|ac|mk|bat|ps1|lua|php|swift|kt|cs)$", re.IGNORECASE,
)
_LICENCE_PATH = re.compile(r"(?:^|/)(?:licen[cs]es?|copying)(?:[/._-]|$)", re.IGNORECASE)


def _item_paths(head: str) -> list[str]:
    """Path patterns an exception item names in its opening lines ("docutils/utils/x.py",
    "| tools/\\*.css,", "src/pkg/resources/" , "test.py"): files with a code suffix, or paths with a
    slash; never an address, never a licence text's own file ("see doc/licenses/BSD.txt")."""
    patterns: list[str] = []
    for match in _PATH_TOKEN.finditer(head):
        token = match.group(0).replace("\\*", "*").rstrip(".,;:").removeprefix("./")
        if not token or token.startswith("/") or head[match.end() : match.end() + 3] == "://" or _LICENCE_PATH.search(token):
            continue
        if "/" in token:
            stem = token.rstrip("/")
            last = stem.rsplit("/", 1)[-1]
            patterns += [f"{stem}/*"] if token.endswith("/") or ("." not in last and "*" not in last) else [stem]
        elif _CODE_SUFFIX.search(token) and not token.startswith("."):
            patterns += [token, f"*/{token}"]
    return list(dict.fromkeys(patterns))


def _bullet_items(block: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level bullet item of a list (an item runs to the next bullet at the
    same indent, or to the first unindented line that is not a bullet)."""
    bullets = list(_BULLET.finditer(block))
    if not bullets:
        return []
    indent = min(len(match.group(1)) for match in bullets)
    starts = [match.start() for match in bullets if len(match.group(1)) == indent]
    items = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(block)
        # An unindented, non-bullet line after a blank line ends the list.
        stop = re.search(r"\n[ \t]*\n(?=[^\s*+-])", block[start:end])
        items.append((start, start + stop.start() if stop else end))
    return items


def exception_items(text: str) -> tuple[str, list[tuple[tuple[str, ...], str]]]:
    """Items of an exceptions list ("distributed under X, with the following exceptions:" and then
    paragraphs, or an "Exceptions" section of bullets) that name the files they are about: taken out
    of the text and returned as (patterns, item), so that their terms decide those files only. An
    item that names no file (a module, a component) stays in the text: its terms still apply to all."""
    opening = _EXCEPTIONS_HEADING.search(text) or _EXCEPTIONS_OPENING.search(text)
    if opening is None or not text[: opening.start()].strip():
        return text, []
    start = opening.end()
    # The list ends at the next heading (an underlined line) or separator line.
    end = len(text)
    for underline in _HEADING_UNDERLINE.finditer(text, start):
        title_start = text.rfind("\n", start, max(start, underline.start() - 1))
        end = title_start if title_start >= start else underline.start()
        break
    block = text[start:end]
    bullets = _bullet_items(block)
    # Paragraph items: each paragraph outside the bullet items (the bullets are items of their own).
    items, position = [], 0
    for gap_start, gap_end in [*[(position_, start_) for position_, start_ in zip([0, *[e for _, e in bullets]], [s for s, _ in bullets])], ((bullets[-1][1] if bullets else 0), len(block))]:
        items += [(gap_start + match.start(), gap_start + match.end())
                  for match in re.finditer(r"(?:[^\n]*\S[^\n]*\n?)+", block[gap_start:gap_end])]
    items = sorted(items + bullets)
    scoped: list[tuple[tuple[str, ...], str]] = []
    cut: list[tuple[int, int]] = []
    for item_start, item_end in items:
        item = block[item_start:item_end]
        head = re.split(r"\n[ \t]*\n", item.strip("\n"), maxsplit=1)[0]
        patterns = _item_paths(head)
        if patterns:
            scoped.append((tuple(patterns), item))
            cut.append((start + item_start, start + item_end))
    if not scoped:
        return text, []
    kept, position = [], 0
    for cut_start, cut_end in cut:
        kept.append(text[position:cut_start])
        position = cut_end
    kept.append(text[position:])
    return "\n".join(kept), scoped


# Markdown/reST headings: "## Title", or a title line underlined with = or - (setext/reST).
_SECTION_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+\S[^\n]*$|^[^\n]*\S[^\n]*\n[ \t]*(?:={3,}|-{3,})[ \t]*$", re.MULTILINE)
_ORIGIN_MARKER = re.compile(r"^[ \t]*(?:\*\*|__)?Origins?(?:\*\*|__)?[ \t]*:?[ \t]*(?:\*\*|__)?[ \t]*$", re.MULTILINE)
_OBLIGATION = re.compile(r"\b(?:must|cannot|can\s*not|shall|required?|may\s+not|need\s+to|have\s+to)\b", re.IGNORECASE)
_LIST_LINE = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+(?P<body>\S[^\n]*)$")


def _sections(text: str) -> list[tuple[str, str]]:
    """(heading, body) pairs; the text before the first heading has heading ""."""
    marks = list(_SECTION_HEADING.finditer(text))
    sections = [("", text[: marks[0].start()] if marks else text)]
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        sections.append((mark.group(0), text[mark.end() : end]))
    return sections


def names_of(text: str) -> list[str]:
    """Licence names in `text` (exact names only, no fallback)."""
    return names_in_text(text, with_fallback=False)


def _cites_only(body: str, granted: set[str]) -> bool:
    """Every obligation in `body` is followed by an "Origin" list whose lines each name a licence
    in `granted` ("- Clause 2 of the Modified BSD License"): a roll-up of those licences' terms."""
    if not _ORIGIN_MARKER.search(body):
        return False
    pending = False
    lines = body.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if _ORIGIN_MARKER.match(line):
            cited = []
            index += 1
            while index < len(lines) and (not lines[index].strip() or _LIST_LINE.match(lines[index])):
                if lines[index].strip():
                    cited.append(lines[index])
                    named = set(names_of(lines[index]))
                    if not named:  # (a licence outside `granted` is refused for the whole section)
                        return False
                elif cited:
                    break
                index += 1
            if not cited:
                return False
            pending = False
            continue
        if _OBLIGATION.search(line):
            if pending and not line.startswith((" ", "\t")):
                return False  # an obligation whose origin is never given
            pending = True
        index += 1
    return not pending


def without_explanations(text: str, explained: Callable[[str, list[str]], bool] | None = None) -> str:
    """A licence file without the sections that only explain the licences it grants: a roll-up whose
    every obligation cites its origin in those licences ("**Origin** - Clause 1 of the IJG License"),
    and a rationale under a heading that asks a question ("Why Three Licenses?"), when either names
    no other licence and states no restriction. Their words are the authors' reading of the
    licences, not terms of their own; anything else stays. A restriction phrase is allowed only where
    `explained(section, licences)` finds it in those licences' own texts ("must not" of a clause)."""
    if "Origin" not in text and "?" not in text:
        return text
    sections = _sections(text)

    def question(heading: str) -> bool:
        return heading.split("\n", 1)[0].rstrip().endswith("?")

    candidates = [index for index, (heading, body) in enumerate(sections) if heading and (_ORIGIN_MARKER.search(body) or question(heading))]
    if not candidates:
        return text
    granted = set(names_of("".join(heading + body for index, (heading, body) in enumerate(sections) if index not in candidates)))
    dropped = set()
    for index in candidates:
        heading, body = sections[index]
        if not set(names_of(body)) <= granted or (states_restriction(body) and (explained is None or not explained(body, sorted(granted)))):
            continue
        if question(heading) if not _ORIGIN_MARKER.search(body) else _cites_only(body, granted):
            dropped.add(index)
    if not dropped:
        return text
    return "".join(heading + body for index, (heading, body) in enumerate(sections) if index not in dropped)


_DEDICATION = re.compile(
    r"\bdedicat\w*\b[^.]{0,300}?\bpublic\s+domain\b|\b(?:placed|put|released?)\s+(?:in|into|to)\s+the\s+public\s+domain\b", re.IGNORECASE
)
# Phrases of a dedication that grant, though they hold a word that could set a condition elsewhere.
_DEDICATION_GRANTS = re.compile(
    r"\bno\s+(?:licen[cs]e\s+requirements\s+and\s+no\s+)?restrictions?\b|\bwithout\s+(?:any\s+)?restrictions?\b"
    r"|\b(?:are|is)\s+provided\s+in\s+the\b|\bcommercial\s+(?:or|and)\s+non(?:-\s*|\s)?commercial",
    re.IGNORECASE,
)


# A dedication is unconditional: a word that attaches a condition ("if the authors are credited")
# makes the text something else, read as unknown.
_DEDICATION_CONDITION = re.compile(
    r"\b(?:if|unless|provided|on\s+condition|conditions?|credit\w*|attribut\w*|acknowledg\w*|retain\w*|must|shall|only)\b", re.IGNORECASE
)


def dedicates_to_public_domain(prose: str, named: list[str], public_domain: Callable[[str], bool], condition_words: frozenset[str]) -> bool:
    """Words in which the authors dedicate the work to the public domain ("… hereby dedicate the entire
    copyright … to the public domain"), however long: a dedication phrase, every licence named a
    public-domain one (`public_domain(id)`), no restriction, and none of `condition_words` left once
    the dedication's own grants ("no restrictions", "commercial or non-commercial") are set aside."""
    if not named or not all(public_domain(key) for key in named) or not _DEDICATION.search(prose) or states_restriction(prose):
        return False
    flat = _DEDICATION_GRANTS.sub(" ", re.sub(r"\s+", " ", prose))
    if _DEDICATION_CONDITION.search(flat):
        return False
    return not any(word in condition_words for word in re.findall(r"[a-z]+", flat.lower()))


# A licence file of sections, each opened by a heading or after a ruler line ("----…"): a section
# headed by a kind of file ("# Fonts: SIL OFL 1.1 License", "Documentation") is about those files.
_RULER = re.compile(r"^[ \t]*([-=*_~#])\1{9,}[ \t]*$", re.MULTILINE)
_MD_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+\S", re.MULTILINE)
_KIND_HEADING = re.compile(
    r"\A[ \t]*(?:#{1,6}[ \t]*)?(?:the[ \t]+)?(?:(?P<font>fonts?|font[ \t]+files|typefaces?|web[ \t]?fonts?|icon[ \t]+fonts?)"
    r"|(?P<doc>documentation|docs))[ \t]*(?::[^\n]{0,80})?[ \t]*$",
    re.IGNORECASE,
)


def headed_sections(text: str) -> list[str]:
    """`text` cut where a Markdown heading starts or after a ruler line (the pieces join to `text`)."""
    starts = sorted({0, *(m.end() + 1 for m in _RULER.finditer(text)), *(m.start() for m in _MD_HEADING.finditer(text))})
    starts = [start for start in starts if start <= len(text)]
    return [text[start : starts[index + 1] if index + 1 < len(starts) else len(text)] for index, start in enumerate(starts)]


_CODE_HEADING = re.compile(
    r"\A[ \t]*(?:#{1,6}[ \t]*)?(?:the[ \t]+)?(?:(?:source[ \t]+)?code|software|sources?|scripts?|programs?"
    r"|(?:all[ \t]+)?other[ \t]+files)[ \t]*(?::[^\n]{0,80})?[ \t]*$",
    re.IGNORECASE,
)


def code_sections(text: str) -> list[str]:
    """Sections (`headed_sections`) headed by the code ("# Code: MIT License", "Software", "Other
    files"), their bodies without the heading line."""
    found = []
    for section in headed_sections(text):
        first, _, body = section.lstrip("\n").partition("\n")
        if _CODE_HEADING.match(first):
            found.append(body)
    return found


def kind_sections(text: str) -> tuple[str, list[tuple[tuple[str, ...], str]]]:
    """Sections of a licence file headed by the kind of file they are about — the fonts (font files
    by extension) or the documentation (`doc/`, `docs/`, `documentation/`) — taken out and returned
    as (patterns, section); the rest is returned with them cut. A section starts at a Markdown
    heading or after a ruler line, and its heading is its first line; the first section is never
    one (it is the project's own)."""
    kept: list[str] = []
    scoped: list[tuple[tuple[str, ...], str]] = []
    for index, section in enumerate(headed_sections(text)):
        body = section.lstrip("\n")
        heading = _KIND_HEADING.match(body.split("\n", 1)[0]) if index and body.strip() else None
        if heading is None:
            kept.append(section)
            continue
        scoped.append((FONT_FILES if heading.group("font") else _DOC_FOLDERS, body))
    if not scoped:
        return text, []
    return "".join(kept), scoped
