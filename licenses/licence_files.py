"""Reading one LICENSE/COPYING-like file for what it says.

In order: sections about bundled components are cut off (`prose.split_third_party`); the rest is
classified (licenseclassifier); a text the classifier cannot place is compared with the known
permissive texts (`near.near_match`: harmless differences read as that licence, operative ones
stay unknown and are named in the note); words outside the matched texts are read for a choice
("dual-licensed … at your option" → OR), a pointer ("each file carries its own licence", "see
LICENSE-MIT") or a restriction; an exception text next to a GNU licence becomes `WITH`. Whatever
is left unread is `UNKNOWN`, the non-permissive reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from licenses.classify import LruCache, classify_text, text_key
from licenses.dep5 import parse_dep5
from licenses.config import LicensesConfig
from licenses.names import names_in_text
from licenses.near import MIN_WORDS, OPERATIVE_WORDS, describe, near_match, words
from licenses.prose import COPYRIGHT_LINE as _COPYRIGHT_LINE
from licenses.prose import OWN_LICENCES, OwnPart, dedicates_to_public_domain, code_sections, exception_items, kind_sections, without_explanations, without_link_targets, file_labelled_sections, without_disclaimers, without_preamble, path_scoped_sections, pointed_file, scope_statements, restriction_phrases, points_to_headers, split_third_party, states_choice, states_restriction
from licenses.spdx import PERMISSIVE_CATEGORIES, UNKNOWN, UNKNOWN_REFERENCE, LicenseExpr, canonical_id, category, combine, is_exception, leaf, normalise_expression, spdx_errors
from licenses.scancode_texts import licence_ref_sources, reference_sources

_POINTER_MAX_CHARS = 3_000
_URL = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+", re.IGNORECASE)
_TITLE_CHARS = 400
_KIND_WORD = re.compile(r"\bfonts?\b|\bdocumentation\b|\bdocs\b|\btypefaces?\b", re.IGNORECASE)
GENERIC_LINKING_EXCEPTION = "LicenseRef-scancode-linking-exception-2.0-plus"
"""What "a linking exception" named in words (not quoted) is read as: ScanCode's generic one."""
_EXCEPTION_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"permission\s+to\s+link\b[^.]{0,160}\bcombinations?\s+with\s+other\s+programs", re.I), "GCC-exception-2.0"),
    (re.compile(r"\bclasspath\s+exception\b", re.I), "Classpath-exception-2.0"),
    (re.compile(r"\blinking\s+exception\b|\bspecial\s+exception\b[^.]{0,120}\blink", re.I), GENERIC_LINKING_EXCEPTION),
)
# Every phrase above holds one of these words: one search decides whether the three are tried.
_EXCEPTION_CUE = re.compile(r"link|exception", re.I)


@dataclass(frozen=True)
class FileReading:
    exprs: tuple[LicenseExpr, ...] = ()
    per_file: bool = False
    """The file says each file's own header states its licence."""
    points_to: str = ""
    """Name of the licence file this one points to ("see LICENSE-MIT")."""
    note: str = ""
    """What was noticed on the way, for the evidence column (near-verbatim differences, cuts)."""
    scoped: tuple[tuple[tuple[str, ...], LicenseExpr], ...] = ()
    """Sections that name the files they apply to ("Following applies to: ./src/x.c"): per-path."""
    includes: str = ""
    """Relative path of the file this one only includes (`.. include:: ../LICENSE`): it *is* that file."""
    copyright_only: bool = False
    """The file holds copyright statements and nothing else ("Copyright (c) 2012 X. All rights
    reserved."): beside a licence text in its folder it is that licence's notice; alone it is unknown."""


# A documentation page that only pulls another file in: reStructuredText `include`/`literalinclude`
# (with its option lines), MyST's fenced `{include}`; besides it only a title, front matter, blank lines.
_INCLUDE = re.compile(
    r"^\s*\.\.\s+(?:literal)?include::\s*(?P<rst>\S+)[^\n]*$|^\s*(?:```|:::)\s*\{(?:literal)?include\}\s*(?P<myst>\S+)[^\n]*$",
    re.MULTILINE,
)
_INCLUDE_REST = re.compile(
    r"^\s*:[\w-]+:.*$|^\s*(?:```|:::)\s*$|^\s*[=\-~^\"'`#*+]{3,}\s*$|^---\s*$|^\s*orphan:.*$|^\s*#{1,6}\s.*$",
    re.MULTILINE,
)
_INCLUDE_STUB_MAX_CHARS = 600


def included_file(text: str) -> str:
    """The path a licence page only includes ("" when the page says anything else): its other lines
    may be a title, front matter and the directive's options, nothing that could hold terms."""
    if len(text) > _INCLUDE_STUB_MAX_CHARS:
        return ""
    matches = list(_INCLUDE.finditer(text))
    if len(matches) != 1:
        return ""
    rest = _INCLUDE_REST.sub("", _INCLUDE.sub("", text))
    # One short title line may stay ("BSD-3-Clause License"): a title is not a term.
    lines = [line for line in rest.splitlines() if line.strip()]
    if len(lines) > 1 or (lines and len(lines[0]) > 80):
        return ""
    return matches[0].group("rst") or matches[0].group("myst") or ""


_COPYRIGHT_ONLY = re.compile(r"[\s.,;:*#=-]*(?:all\s+rights\s+reserved\.?[\s.,;:*#=-]*)?", re.IGNORECASE)
_EXPRESSION_CHARS = re.compile(r"[A-Za-z0-9.+\-() ]{2,200}")


def spdx_expression_file(text: str) -> LicenseExpr | None:
    """The expression a licence file states when its whole text is one valid SPDX expression
    ("GPL-2.0-or-later OR Apache-2.0"): ids SPDX knows, `AND`/`OR`/`WITH`, parentheses, nothing else."""
    flat = text.strip()
    if "\n" in flat or not _EXPRESSION_CHARS.fullmatch(flat):
        return None
    if spdx_errors(flat):
        return None
    return normalise_expression(flat)


def text_outside(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """The text with the given (start, end) spans cut out, pieces joined by newlines."""
    kept, position = [], 0
    for start, end in sorted(spans):
        kept.append(text[position:start])
        position = max(position, end)
    kept.append(text[position:])
    return "\n".join(kept)


def _is_gnu(key: str) -> bool:
    return bool(re.match(r"(?:A|L)?GPL-", key))


def _one_version_reading(keys: list[str]) -> list[str]:
    """A GNU text and its own "how to apply" notice ("… or any later version") name one licence:
    keep the first reading of each family; the LGPL-3.0 text that carries the GPL-3.0 it extends is
    the LGPL."""
    kept: list[str] = []
    families: set[str] = set()
    for key in keys:
        family = re.sub(r"-(?:only|or-later)$", "", key)
        if family not in families:
            families.add(family)
            kept.append(key)
    if any(key.startswith("LGPL-3.0") for key in kept):
        kept = [key for key in kept if not key.startswith("GPL-3.0")]
    return kept


_ATTRIBUTION_MAX_WORDS = 150
_CONDITION_WORDS = OPERATIVE_WORDS | frozenset(
    "agree agrees agreement pay fee donate donation register registration credit terms may can cannot".split()
)


@lru_cache(maxsize=1)
def _template_sources() -> dict[str, tuple[str, ...]]:
    """Each licence id → the LRE sources of its reference texts (templates, else ScanCode's text)."""
    sources: dict[str, list[str]] = {}
    for source in (*reference_sources(), *licence_ref_sources()):
        sources.setdefault(source.spdx_id, []).append(source.lre)
    return {key: tuple(value) for key, value in sources.items()}


@lru_cache(maxsize=1024)
def _template_text(key: str) -> str:
    """The templates of one licence id as plain lower-case text, spaces collapsed (all readings)."""
    sources = _template_sources()
    found = [text for spdx_id, texts in sources.items() if spdx_id == key or canonical_id(spdx_id) == key for text in texts]
    plain = (re.sub(r"//\*\*.*?\*\*//|\(\(|\)\)|\|\||\?\?|__\d+__", " ", text, flags=re.S) for text in found)
    return " | ".join(re.sub(r"\s+", " ", text.lower()) for text in plain)


def unexplained_restriction(text: str, keys: list[str]) -> bool:
    """A restriction phrase in `text` that the recognised licences' own texts do not contain.

    licenseclassifier's match can absorb words around a licence (a blank for the copyright line
    takes "…, for non-commercial use only"): what it calls MIT must still not add a condition."""
    phrases = restriction_phrases(text)
    if not phrases:
        return False
    # Compared without spaces and hyphens: "non-\ncommercial" in a text is the template's "non-commercial".
    return any(not any(_SPACING.sub("", phrase) in _squeezed_template(key) for key in keys) for phrase in phrases)


_SPACING = re.compile(r"[\s-]+")


@lru_cache(maxsize=1024)
def _squeezed_template(key: str) -> str:
    """`_template_text(key)` without spaces and hyphens (cached: BSD headers ask for it file after file)."""
    return _SPACING.sub("", _template_text(key))


def _attribution_only(prose: str, keys: list[str]) -> bool:
    """True when the words around the recognised licence texts are attributions and pointers
    ("jsdom: Copyright …", "derived from …: <url>", "The following MIT license applies to the
    above"): short, no word that could add a condition, and no licence named that is not already
    read or permissive."""
    text = without_preamble(_URL.sub(" ", _COPYRIGHT_LINE.sub(" ", prose)))
    tokens = words(text)
    if len(tokens) > _ATTRIBUTION_MAX_WORDS or any(token in _CONDITION_WORDS for token in tokens):
        return False
    named = names_in_text(text, with_fallback=True)
    return all(key in keys or category(key) in PERMISSIVE_CATEGORIES for key in named)


_ADDED_CONDITION_WORDS = frozenset(
    "only must shall require requires required unless except provided fee fees pay paid commercial commercially "
    "noncommercial prohibit prohibited forbid forbidden restrict restricted restriction restrictions terminate "
    "terminates revoke revoked written consent royalty royalties sell sold sale military evil personal private internal "
    "educational evaluation agree agrees agreement register registration donate donation credit notify".split()
)
"""Words that could add a condition to a licence named in a sentence (narrower than the words that could
change a licence text: "may", "not", "no", "without" are everywhere in prose that only explains)."""


def _stated_permissive(prose: str, named: list[str]) -> bool:
    """Short words that only state permissive licences (by name) and could add no condition to them."""
    if not named or not all(category(key) in PERMISSIVE_CATEGORIES for key in named) or states_restriction(prose):
        return False
    # A warranty disclaimer protects the author and asks nothing of the user ("THE SOFTWARE IS
    # PROVIDED AS IS … SHALL NOT BE LIABLE"): its "provided" and "shall" add no condition.
    text = without_preamble(_URL.sub(" ", _COPYRIGHT_LINE.sub(" ", without_disclaimers(prose))))
    tokens = words(text)
    if len(tokens) > _ATTRIBUTION_MAX_WORDS or any(token in _ADDED_CONDITION_WORDS for token in tokens):
        return False
    return all(key in named or category(key) in PERMISSIVE_CATEGORIES for key in names_in_text(text, with_fallback=True))


def fold_exceptions(keys: list[str], prose: str = "") -> list[LicenseExpr]:
    """Ids → leaves, with an exception (found as an id or in words) attached to the GNU licence(s)."""
    exceptions = [key for key in keys if is_exception(key)]
    if _EXCEPTION_CUE.search(prose):
        exceptions += [key for pattern, key in _EXCEPTION_PHRASES if pattern.search(prose) and key not in exceptions][:1]
    licences = [key for key in keys if not is_exception(key)]
    gnu = [key for key in licences if _is_gnu(key)]
    if exceptions and not gnu and prose:
        # An exception modifies a licence, it is never one by itself: "distributed under the GNU GPL
        # v2 with a Linking Exception" names the licence it modifies in the same words.
        named = [key for key in names_in_text(prose, with_fallback=False) if _is_gnu(key) and key not in licences]
        if len(named) == 1:
            licences, gnu = [*licences, *named], named
    if len(exceptions) == 1 and gnu:
        return [leaf(key, exceptions[0]) if _is_gnu(key) else leaf(key) for key in licences]
    return [leaf(key) for key in licences + exceptions]


_readings: LruCache[FileReading] = LruCache(2048)


def read_licence_file(text: str, name: str, config: LicensesConfig) -> FileReading:
    """What a licence file at any level says about the files under its folder.

    Cached by text: the same LICENSE recurs across thousands of repositories."""
    key = text_key(name.lower(), config.coverage_threshold, config.max_license_chars, text)
    cached = _readings.get(key)
    if cached is None:
        cached = _read(text, name, config)
        _readings.put(key, cached)
    return cached


# "A. HISTORY OF THE SOFTWARE" (the Python licence file's first part) up to the heading of the terms
# ("B. TERMS AND CONDITIONS FOR ACCESSING OR OTHERWISE USING PYTHON"): which releases came from whom,
# and whether each was GPL-compatible. It describes; the terms follow.
_HISTORY = re.compile(
    r"^[ \t]*(?:[A-Z0-9][.)][ \t]+)?HISTORY(?:[ \t]+OF[ \t]+THE[ \t]+(?:SOFTWARE|PROJECT|CODE))?[ \t]*\n"
    r"(?P<body>.*?)"
    r"(?=^[ \t]*(?:[A-Z0-9][.)][ \t]+)?[A-Z][A-Z ,.&/-]*\b(?:TERMS|LICEN[CS]E|CONDITIONS)\b[A-Z ,.&/-]*$)",
    re.MULTILINE | re.DOTALL,
)


def without_history(text: str) -> str:
    """`text` without a "HISTORY OF THE SOFTWARE" section that ends where an upper-case heading of
    terms begins, when the section states no restriction."""
    if "HISTORY" not in text:
        return text
    match = _HISTORY.search(text)
    if match is None or states_restriction(match.group("body")):
        return text
    return text[: match.start()] + text[match.end() :]


def _read(text: str, name: str, config: LicensesConfig) -> FileReading:
    text = text.replace("\r\n", "\n")  # line-based reading (separators, paragraphs) must not depend on line ends
    text = without_history(text)
    included = included_file(text)
    if included:
        return FileReading(includes=included, note=f"includes {included}")
    stated = spdx_expression_file(text)
    if stated is not None:
        return FileReading((stated,), note="SPDX expression")
    if _COPYRIGHT_LINE.search(text) and _COPYRIGHT_ONLY.fullmatch(_COPYRIGHT_LINE.sub("", text)):
        return FileReading((leaf(UNKNOWN),), note="copyright lines only", copyright_only=True)
    declared = _machine_readable_part(text[: config.max_license_chars], config)
    if declared is not None:
        return declared
    remaining, sections = path_scoped_sections(text[: config.max_license_chars])
    if ":" in remaining:
        remaining, labelled = file_labelled_sections(remaining)
        sections += labelled
    whole, whole_sections = remaining, list(sections)
    kinds: list[tuple[tuple[str, ...], str]] = []
    if _KIND_WORD.search(remaining):
        # "# Fonts: SIL OFL 1.1 License" (a section about the font files): those files only.
        cut, kinds = kind_sections(remaining)
        if kinds:
            remaining, sections = cut, sections + kinds
    parts = split_third_party(remaining)
    if "xception" in parts.text:
        # "… with the following exceptions:" and items naming their files: those files only.
        own_text, excepted = exception_items(parts.text)
        if excepted:
            parts, sections = OwnPart(without_link_targets(own_text), parts.bundled), sections + excepted
            remaining = parts.text + parts.bundled
    kept, statements = scope_statements(parts.text) if "/" in parts.text or "ocumentation" in parts.text else ("", [])
    if statements:
        # A paragraph of a licence text the classifier recognises is that licence's own words
        # ("… the documentation and/or other materials …"), never a statement about paths.
        matched = classify_text(parts.text, threshold=config.coverage_threshold, max_chars=config.max_license_chars)
        # (a span much longer than the paragraph: a licence text around it, not a URL or name in it)
        inside = [parts.text[start:end] for start, end in matched.spans if end - start > 1_500]
        if any(body.strip() and any(body.strip()[:200] in span for span in inside) for _, body in statements):
            statements = [(paths, body) for paths, body in statements if not any(body.strip()[:200] in span for span in inside)]
            kept, statements = _rejoin(parts.text, statements), statements
    if statements:
        remaining = kept + parts.bundled
        # A statement about other folders adds nothing to the rest ("vendor/ is under its own
        # licences"); one that names their terms decides those folders only.
        sections = sections + [(paths, body) for paths, body in statements if not OWN_LICENCES.search(body)]
    if statements and _describes_only(remaining):
        # Once the statements about named paths are read, what is left says who or what the
        # code is, not under which terms: this file then decides those paths only.
        reading = FileReading(note="scope statements only")
    else:
        reading = _read_own(remaining, name, config)
    if kinds and (not reading.exprs or _has_unknown(reading)):
        # Read alone, the rest is mostly prose (a preamble, attribution, trademarks): it is read as
        # part of the whole file it is, else the file is read as before.
        apart = _without_kind_licences(whole, remaining, kinds, name, config)
        if apart is not None:
            reading = apart
        else:
            reading, sections = _read_own(whole, name, config), whole_sections
    elif statements and _has_unknown(reading):
        # Cutting the statements left words we cannot read: if the file read whole is a licence
        # we can read (a licence text whose own paragraphs looked like statements), it is that.
        whole_reading = _read_own(whole, name, config)
        if not _has_unknown(whole_reading):
            reading, sections = whole_reading, whole_sections
    if not sections:
        return reading
    scoped = []
    for paths, body in sections:
        result = classify_text(body, threshold=config.coverage_threshold, max_chars=config.max_license_chars)
        keys = _one_version_reading(list(result.ids))
        if not result.complete:
            # A statement in words ("… is licensed under the Creative Commons CC BY 3.0 license")
            # names its licence; words that name none, or restrict, stay unknown.
            named = [key for key in names_in_text(body, with_fallback=False) if key not in keys]
            keys += named
            if not keys or states_restriction(body):
                keys.append(UNKNOWN)
        expr = combine("AND", fold_exceptions(keys, body))
        if expr is not None:
            scoped.append((paths, expr))
    return FileReading(reading.exprs, reading.per_file, reading.points_to, reading.note, tuple(scoped))


# The opening line of a Debian machine-readable copyright document (DEP-5) inside a licence file.
_DEP5_FORMAT = re.compile(r"^Format:[ \t]*\S*(?:copyright-format|dep5|DEP-5)", re.MULTILINE | re.IGNORECASE)


def _machine_readable_part(text: str, config: LicensesConfig) -> FileReading | None:
    """A licence file that is (or ends in) a DEP-5 document ("Format: …copyright-format/1.0/", then
    `Files:` / `License:` paragraphs): each `Files:` paragraph decides the paths it names, in the
    document's order (the last match wins), `Files: *` included, exactly as `debian/copyright` does;
    the file's own reading for its folder is its `Files: *` licence. The prose above the document is
    the human summary of it, unless it states a restriction (then the file is read as usual). A
    document without a `Files: *` paragraph, or with none that parses, is read as usual too."""
    match = _DEP5_FORMAT.search(text)
    if match is None or states_restriction(text[: match.start()]):
        return None
    threshold, limit = config.coverage_threshold, config.max_license_chars
    rules = parse_dep5(text[match.start() :], "", lambda body: list(classify_text(body, threshold=threshold, max_chars=limit).ids))
    whole = [rule.expr for rule in rules if "*" in rule.patterns]
    if not whole:
        return None
    return FileReading((whole[-1],), note="DEP-5 document", scoped=tuple((rule.patterns, rule.expr) for rule in rules))


_LLVM_EXCEPTION = re.compile(
    r"[-=\s]*LLVM\s+Exceptions?\s+to\s+the\s+Apache\s+2\.0\s+License[-=\s]*"
    r"|As\s+an\s+exception,\s+if,\s+as\s+a\s+result\s+of\s+your\s+compiling\s+your\s+source\s+code.{0,1200}?"
    r"with\s+respect\s+to\s+the\s+Combined\s+Software\.",
    re.IGNORECASE | re.DOTALL,
)


def _with_llvm_exception(reading: FileReading) -> FileReading:
    """Apache-2.0 leaves of a file that carries the LLVM exception text → `Apache-2.0 WITH LLVM-exception`."""

    def swap(expr: LicenseExpr) -> LicenseExpr:
        if expr.op != "ID":
            return LicenseExpr(expr.op, tuple(swap(arg) for arg in expr.args))
        return leaf("Apache-2.0", "LLVM-exception") if expr.key == "Apache-2.0" and not expr.exception else expr

    return FileReading(tuple(swap(expr) for expr in reading.exprs), reading.per_file, reading.points_to, reading.note, reading.scoped)


def _read_own(text: str, name: str, config: LicensesConfig) -> FileReading:
    """The project's own part of a licence file, the LLVM exception to Apache-2.0 read as one."""
    without = _LLVM_EXCEPTION.sub("\n", text) if "LLVM" in text or "Combined Software" in text else text
    if without == text:
        return _read_project_part(text, name, config)
    reading = _read_project_part(without, name, config)
    if any(item.key == "Apache-2.0" for expr in reading.exprs for item in expr.leaves()):
        return _with_llvm_exception(reading)
    return _read_project_part(text, name, config)


_GRANT_WORDS = re.compile(
    r"permi(?:ssion|tted)|\bhereby\b|\bgrant|licen[cs]ed\s+under|\bunder\s+the\s+terms|\byou\s+(?:may|can)\b|\bfree\s+to\b"
    r"|\bterms\b|\bcondition|\bwarrant|\bpublic\s+domain|\bcopyleft",
    re.IGNORECASE,
)


def _without_kind_licences(
    whole_text: str, rest: str, kinds: list[tuple[tuple[str, ...], str]], name: str, config: LicensesConfig
) -> FileReading | None:
    """The rest of a licence file once its sections about the fonts or the documentation are cut
    (`prose.kind_sections`), read as the part of the whole file it is: the whole file read with
    nothing unknown as an AND of licences, less those whose texts only the cut sections carry.
    Cutting a section adds no words to the prose outside the licence texts — the whole reading
    already judged those words — it only removes a text; so the rest is the whole's licences less
    the cut ones, when a section headed by the code ("# Code: MIT License") carries a licence text,
    the cut sections each carry one, and the rest states no restriction those remaining licences' own texts lack. None otherwise."""
    whole = _read_own(whole_text, name, config)
    if len(whole.exprs) != 1 or _has_unknown(whole) or whole.per_file or whole.points_to:
        return None
    expr = whole.exprs[0]
    leaves = [expr] if expr.op == "ID" else list(expr.args) if expr.op == "AND" else []
    if not leaves or any(item.op != "ID" or item.exception for item in leaves):
        return None
    threshold, limit = config.coverage_threshold, config.max_license_chars
    rest_ids = set(classify_text(rest, threshold=threshold, max_chars=limit).ids)
    moved: set[str] = set()
    for _, body in kinds:
        found = classify_text(body, threshold=threshold, max_chars=limit).ids
        if not found:
            return None
        moved.update(found)
    # The code's own section must carry a licence text: prose alone ("ask us about the other
    # files") was judged only beside the cut text.
    if not any(classify_text(body, threshold=threshold, max_chars=limit).ids for body in code_sections(rest)):
        return None
    keys = [item.key for item in leaves]
    kept = [key for key in keys if key not in moved or key in rest_ids]
    if not rest_ids or not kept or kept == keys or unexplained_restriction(rest, kept):
        return None
    stated = combine("AND", [leaf(key) for key in kept])
    return FileReading((stated,) if stated else (), note="sections about the fonts or the documentation read apart")


def _has_unknown(reading: FileReading) -> bool:
    return any(item.key in (UNKNOWN, UNKNOWN_REFERENCE) for expr in reading.exprs for item in expr.leaves())


def _rejoin(text: str, statements: list[tuple[tuple[str, ...], str]]) -> str:
    """`text` without the bodies of `statements` (each taken out once)."""
    for _, body in statements:
        text = text.replace(body, "\n", 1)
    return text


def _describes_only(text: str) -> bool:
    """Words that grant nothing, restrict nothing and name no licence (a description of the tree)."""
    flat = _COPYRIGHT_LINE.sub(" ", text)
    if _GRANT_WORDS.search(flat) or states_restriction(flat) or names_in_text(flat, with_fallback=True):
        return False
    return not classify_text(flat, threshold=0.0, max_chars=_POINTER_MAX_CHARS).ids


_PART_SEPARATOR = re.compile(r"^[ \t]*(?:[-=*_#~+]{5,})[ \t]*$", re.MULTILINE)


def _offered_texts(text: str, name: str, config: LicensesConfig) -> LicenseExpr | None:
    """"X is available under either A or B … The texts are reproduced below" and then each text
    between separator lines: the choice between what those texts are, when every one of them is
    read as a licence with nothing unknown, and the opening words add no restriction."""
    pieces = [piece for piece in _PART_SEPARATOR.split(text) if piece.strip() and not set(piece.strip()) <= set("-=*_#~+ \n")]
    if len(pieces) < 3 or not states_choice(pieces[0]) or states_restriction(pieces[0]) or len(pieces[0]) > _POINTER_MAX_CHARS:
        return None
    alternatives: list[LicenseExpr] = []
    for piece in pieces[1:]:
        reading = _read_project_part(piece, name, config)
        if len(reading.exprs) != 1 or reading.per_file or reading.points_to:
            return None
        expr = reading.exprs[0]
        if any(item.key in (UNKNOWN, UNKNOWN_REFERENCE) for item in expr.leaves()):
            return None
        alternatives.append(expr)
    return combine("OR", alternatives)


def _read_project_part(text: str, name: str, config: LicensesConfig) -> FileReading:
    """The project's own part of a licence file: bundled sections cut, the rest read."""
    parts = split_third_party(text)
    # Sections that only explain the licences granted (a roll-up citing their clauses, a "Why …?").
    own = without_explanations(parts.text, lambda body, keys: not unexplained_restriction(body, keys))
    cut_note = "bundled sections skipped" if parts.bundled.strip() else ""
    if not own.strip():
        return FileReading(note=cut_note)
    offered = _offered_texts(own, name, config)
    if offered is not None:
        return FileReading((offered,), note="; ".join(filter(None, [cut_note, "choice between the texts below"])))
    result = classify_text(own, threshold=config.coverage_threshold, max_chars=config.max_license_chars)
    keys = _one_version_reading(list(result.ids))
    prose = text_outside(own, result.spans) if result.spans else own
    # A text mostly made of a known licence can still add a condition in its other words.
    restricted = unexplained_restriction(own, keys)
    complete = result.complete and not restricted
    notes = [cut_note] if cut_note else []
    altered = False
    """A known licence text with an operative difference: its words are never read as a statement."""
    if not complete:
        # An address is where a text can be found, never a term: "the definitive version of this
        # document should be available at ftp://…" is a sentence, not nine words of the licence.
        candidate = _URL.sub(" ", _COPYRIGHT_LINE.sub("", prose))
        near = near_match(candidate) if len(words(candidate)) >= MIN_WORDS else None
        if near is not None:
            notes.append(describe(near))
            altered = not near.accepted
            # A restriction phrase the matched licence's own text has ("without specific prior
            # written permission" of an endorsement clause) is that licence's, not an addition.
            if near.accepted and not unexplained_restriction(own, [*keys, near.spdx_id]):
                keys.append(near.spdx_id)
                complete, prose, restricted = True, "", False
    if not complete and not restricted and keys and _attribution_only(prose, keys):
        complete, prose = True, ""
    note = "; ".join(notes)
    named = [key for key in names_in_text(prose, with_fallback=False) if key not in keys] if prose.strip() else []
    if not complete and not restricted and not altered and (keys or named) and not states_choice(prose) and _stated_permissive(prose, keys + named):
        # "This module is in the public domain; parts come from Python and are under the PSF
        # licence", "Celery is licensed under the BSD License … GPL-compatible": short words that
        # name permissive licences only and add no condition.
        keys, complete, prose = keys + named, True, ""
    if not complete and not restricted and not altered and not keys and dedicates_to_public_domain(
        prose, named, lambda key: category(key) == "Public Domain", _ADDED_CONDITION_WORDS
    ):
        # "Most of the files … have been placed in the public domain" and a dedication in the
        # authors' own words (no known text): the public-domain names it gives, nothing unknown.
        keys, complete, prose = list(named), True, ""
    if prose.strip() and states_choice(prose):
        alternatives = fold_exceptions(keys + named, prose)
        if len(alternatives) >= 2:
            choice = LicenseExpr("OR", tuple(dict.fromkeys(alternatives)))
            if restricted or states_restriction(prose):
                choice = LicenseExpr("AND", (choice, leaf(UNKNOWN)))
            return FileReading((choice,), note=note)
    if not complete and len(own) <= _POINTER_MAX_CHARS:
        if points_to_headers(prose):
            return FileReading(per_file=True, note="; ".join([*notes, "licence in each file's header"]))
        target = pointed_file(prose, name)
        if target and not restricted and not states_restriction(prose):
            stated = combine("AND", fold_exceptions(keys + named, prose))
            return FileReading((stated,) if stated else (), points_to=target, note=note)
    if not complete and not keys:
        # A source-available or non-commercial licence written in its own words names itself in
        # its title: named, never unknown (only non-permissive names are trusted this way).
        titled = names_in_text(own[:_TITLE_CHARS], with_fallback=False)
        if titled and all(category(key) not in PERMISSIVE_CATEGORIES for key in titled):
            return FileReading((combine("AND", [leaf(key) for key in titled]) or leaf(UNKNOWN),), note=note)
    if not complete:
        keys += named + [UNKNOWN]
    expr = combine("AND", fold_exceptions(keys, prose if not complete else own))
    return FileReading((expr,) if expr else (), note=note)
