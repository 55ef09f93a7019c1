"""What must travel with copies of a repository's files: licence texts, NOTICE contents, copyright lines.

Most licences that let code be redistributed attach one condition to every copy: keep the
copyright notice and the licence text with it (MIT "The above copyright notice and this permission
notice shall be included…", BSD "must retain the above copyright notice…", Apache-2.0 §4 also the
NOTICE file).  Which licences carry that condition is read from the ScanCode LicenseDB category of
each id (the index `license-expression` ships, `licenses/spdx.py`): the licensedcode data has no
per-licence "notice required" field (its keys were checked), and its category definitions give
"Public Domain" as the only category with no condition at all, so every other category (Permissive,
Copyleft, Copyleft Limited, …, and unknown text: fail-safe) requires the notice.  A few permissive
licences without the condition (MIT-0, 0BSD) are over-included: one more notice published is
harmless, one missing is not.

Pure functions: ingest collects the repository's licence-like files (`RepoNotices`), the finishing
worker turns each kept file into a contribution to its repository's (or, when its own header
licence differs from the repository's, its file's) attribution row, and rows of one key from
several chunks merge into one.  Addresses are redacted by a function the caller passes in
(the pipeline's e-mail redaction), so this module depends on nothing outside `licenses/`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from licenses.filenames import EvidenceKind, evidence_kind, folder_chain, folder_of
from licenses.headers import leading_lines
from licenses.prose import COPYRIGHT_LINE
from licenses.scancode_texts import licence_ref_texts, reference_texts
from licenses.spdx import LicenseExpr, category, combine, normalise_expression, render

NO_NOTICE_CATEGORIES = frozenset({"Public Domain"})
"""ScanCode categories whose licences attach no condition to copies (see the module docstring)."""
REPOSITORY = "repository"
FILE = "file"
_KINDS = {EvidenceKind.LICENSE: "license", EvidenceKind.NOTICE: "notice", EvidenceKind.DECLARATIONS: "declarations"}
_NOTICE_NAME = re.compile(r"notices?(?:\.[a-z]{1,8})?", re.IGNORECASE)
_FILE_LEVEL_SOURCES = ("header", "dep5:")
_NON_TEXT_SOURCES = ("header", "manifest:", "readme:", "metadata")
_MAX_LINE_CHARS = 300
_COMMENT_START = re.compile(r"^\s*(?:/\*+|\*+|//+|#+|--+|;+|%+|!|'|rem\b|dnl\b|<!--|\(\*|\{-|\"\"\"|''')?\s*", re.IGNORECASE)
_COMMENT_END = re.compile(r"\s*(?:\*+/|-->|\*\)|-\}|\"\"\"|''')\s*$")
"""Comment marks around a header line; the copyright line itself is left as written (`<address>` too)."""


def _has_mark(text: str) -> bool:
    """A cheap test before the copyright-line pattern runs (substring search, no regex): most files
    and most header lines have none."""
    return "opyright" in text or "OPYRIGHT" in text or "(c)" in text or "(C)" in text or "©" in text

Redact = Callable[[str], str]


def requires_notice(license_ids: Iterable[str]) -> bool:
    """True when any licence of the file requires its notice to accompany copies."""
    return any(category(key.split(" WITH ", 1)[0]) not in NO_NOTICE_CATEGORIES for key in license_ids)


def notice_file_kind(path: str) -> str | None:
    """`license`, `notice` or `declarations` for files whose text may have to travel; else None."""
    kind = evidence_kind(path)
    return _KINDS.get(kind) if kind is not None else None


def is_apache_notice(path: str) -> bool:
    """A NOTICE file in Apache-2.0 §4(d)'s sense (`NOTICE`, `NOTICE.txt`, `NOTICES.md`)."""
    return bool(_NOTICE_NAME.fullmatch(posixpath.basename(path)))


@dataclass
class RepoNotices:
    """The licence-like files of one repository, as ingest read them (texts not yet redacted)."""

    repo_name: str
    commit: str
    root_expression: str = ""
    """The licence expression of the repository's root folder: a file whose own header licence
    differs from it gets an attribution row of its own."""
    files: dict[str, tuple[str, str]] = field(default_factory=dict)
    """path → (kind, text)."""
    _above: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)

    def notices_above(self, folder: str) -> list[str]:
        """NOTICE files in `folder` and the folders above it (cached per folder: files share a few)."""
        found = self._above.get(folder)
        if found is None:
            folders = set(folder_chain(folder))
            found = self._above[folder] = [name for name, (kind, _) in self.files.items()
                                     if kind == "notice" and is_apache_notice(name) and folder_of(name) in folders]
        return found

    def observe(self, path: str, text: str | None, max_chars: int) -> None:
        kind = notice_file_kind(path)
        if kind is not None and text:
            self.files[path.strip("/")] = (kind, text[:max_chars])
            self._above.clear()


def evidence_sources(evidence: str) -> list[str]:
    """The `license_evidence` column split into its sources (";" inside a `[note]` is not a separator)."""
    sources, depth, current = [], 0, []
    for char in evidence or "":
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(0, depth - 1)
        if char == ";" and depth == 0:
            sources.append("".join(current))
            current = []
        else:
            current.append(char)
    sources.append("".join(current))
    return [source.strip() for source in sources if source.strip()]


def text_paths(evidence: str) -> list[str]:
    """Paths of the repository files whose texts the evidence rests on (licence files, NOTICE-like
    files, `debian/copyright`); manifests, READMEs, headers and host metadata carry no licence text."""
    return list(_evidence_facts(evidence)[0])


def file_level(evidence: str) -> bool:
    """The licence was read from the file itself (its header) or declared for its path (DEP-5)."""
    return _evidence_facts(evidence)[1]


@lru_cache(maxsize=4096)
def _evidence_facts(evidence: str) -> tuple[tuple[str, ...], bool]:
    """(text paths, file level) of one evidence string: a repository's files share a few."""
    sources = evidence_sources(evidence)
    paths = tuple(source.split("[", 1)[0].removeprefix("dep5:") for source in sources
                  if not source.startswith(_NON_TEXT_SOURCES))
    return paths, any(source.startswith(_FILE_LEVEL_SOURCES) for source in sources)


def copyright_lines(text: str, redact: Redact) -> list[str]:
    """Copyright lines of a licence or NOTICE text, addresses redacted."""
    return [_clean(match.group(0), redact) for match in COPYRIGHT_LINE.finditer(text)]


def header_copyright_lines(text: str, max_lines: int, max_chars: int, redact: Redact) -> list[str]:
    """Copyright lines in a source file's leading comments, comment markers removed, addresses redacted."""
    head = text[:max_chars]
    if not _has_mark(head):
        return []
    lines = [_COMMENT_END.sub("", _COMMENT_START.sub("", line)) for line in leading_lines(head, max_lines, max_chars)
             if _has_mark(line)]
    return [_clean(match.group(0), redact) for match in COPYRIGHT_LINE.finditer("\n".join(lines))]


def _clean(line: str, redact: Redact) -> str:
    return redact(" ".join(line.split()))[:_MAX_LINE_CHARS]


@dataclass
class Contribution:
    """One key's share of an attribution row, from the kept files of one chunk."""

    repo_name: str
    commit: str
    scope: str
    path: str | None
    expressions: set[str] = field(default_factory=set)
    license_ids: set[str] = field(default_factory=set)
    text_paths: set[str] = field(default_factory=set)
    notice_paths: set[str] = field(default_factory=set)
    header_lines: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.repo_name, self.commit, self.scope, self.path or "")


def row_scope(path: str, expression: str, evidence: str, root_expression: str) -> tuple[str, str | None]:
    """(scope, path) of the row a kept file's attribution belongs to: its own when its licence was
    read from the file itself and differs from the repository root's, else the repository's."""
    if file_level(evidence) and expression != root_expression:
        return FILE, path
    return REPOSITORY, None


class ChunkAttribution:
    """The attribution rows of one finished chunk, built from its kept files one at a time."""

    def __init__(self, notices: dict[tuple[str, str], RepoNotices], redact: Redact, header_lines: int,
                 header_chars: int) -> None:
        self._notices = notices
        self._redact = redact
        self._header_lines = header_lines
        self._header_chars = header_chars
        self._parts: dict[tuple[str, str, str, str], Contribution] = {}

    def add(self, repo_name: str, commit: str, path: str, content: str, license_ids: list[str],
            expression: str, evidence: str) -> bool:
        """Count one kept file; False when its licence requires no notice (no row needed)."""
        if not requires_notice(license_ids):
            return False
        notices = self._notices.get((repo_name, commit))
        scope, row_path = row_scope(path, expression, evidence, notices.root_expression if notices else "")
        part = Contribution(repo_name, commit, scope, row_path)
        part = self._parts.setdefault(part.key, part)
        part.expressions.add(expression)
        part.license_ids.update(license_ids)
        part.text_paths.update(text_paths(evidence))
        part.notice_paths.update(notice_paths_for(path, notices))
        part.header_lines.update(header_copyright_lines(content, self._header_lines, self._header_chars,
                                                        self._redact_header_line))
        return True

    def _redact_header_line(self, line: str) -> str:
        """A kept file's content has been through the PII stage already; only the e-mail redaction,
        which attribution applies whatever that stage's settings, can still have work to do."""
        return self._redact(line) if "@" in line else line

    def rows(self) -> list[dict]:
        return [attribution_row(self._parts[key], self._notices.get(key[:2]), self._redact)
                for key in sorted(self._parts)]


def notice_paths_for(path: str, notices: RepoNotices | None) -> list[str]:
    """Apache NOTICE files in the folders from the file's own up to the repository root."""
    if notices is None:
        return []
    return notices.notices_above(folder_of(path))


def combined_expression(expressions: Iterable[str]) -> str:
    """One expression for a row covering files under several: all of them apply to the copies, so
    they are ANDed (each part once, in the order of the sorted expressions), as SPDX prints them."""
    parts: list[LicenseExpr] = []
    for text in sorted(set(expressions)):
        expr = normalise_expression(text)
        if expr is not None:
            parts += list(expr.args) if expr.op == "AND" else [expr]
    return render(combine("AND", parts))


def attribution_row(part: Contribution, notices: RepoNotices | None, redact: Redact) -> dict:
    """One chunk's row for a contribution (texts redacted, copyright lines gathered); `expressions`
    stays a list until the chunks' rows of one key are merged (`merge_rows`)."""
    files = notices.files if notices is not None else {}
    texts = [{"path": name, "text": redact(files[name][1])} for name in sorted(part.text_paths) if name in files]
    notice_texts = [{"path": name, "text": redact(files[name][1])}
                    for name in sorted(part.notice_paths - part.text_paths) if name in files]
    lines = set(part.header_lines)
    for item in texts + notice_texts:
        lines.update(copyright_lines(item["text"], _unchanged))
    return {
        "repo_name": part.repo_name, "commit": part.commit, "scope": part.scope, "path": part.path,
        "expressions": sorted(part.expressions), "license": sorted(part.license_ids),
        "license_texts": texts, "notices": notice_texts, "copyright_lines": sorted(lines),
    }


def _unchanged(text: str) -> str:
    return text


REFERENCE_PREFIX = "licensedcode:"
"""`path` of a licence text taken from ScanCode's LicenseDB (`licensedcode-data`), not from the repository."""


@lru_cache(maxsize=1)
def _references() -> dict[str, tuple[str, str]]:
    """SPDX id → (ScanCode key, reference text), first key in ScanCode's order."""
    found: dict[str, tuple[str, str]] = {}
    # ScanCode's texts without an SPDX id too: the near-verbatim reader's second tier decides them.
    for reference in (*reference_texts(), *licence_ref_texts()):
        found.setdefault(reference.spdx_id, (reference.key, reference.text))
    return found


def load_references() -> None:
    """Read the reference texts now (cached for the process): `merge_rows` and `reference_texts_of`
    otherwise read them on first use, and with them the newer SPDX ids `spdx.render` checks."""
    _references()


def reference_texts_of(license_ids: Iterable[str]) -> dict[str, str]:
    """For a row whose licence was read from a header, an SPDX tag or host metadata (no licence
    file to copy): the reference text of each licence, as the LicenseDB gives it (ids it has no
    usable text for, exceptions and unknown text, have none)."""
    texts = {}
    for label in sorted(set(license_ids)):
        for key in label.split(" WITH "):
            found = _references().get(key.strip())
            if found is not None:
                texts[f"{REFERENCE_PREFIX}{found[0]}.LICENSE"] = found[1]
    return texts


def merge_rows(rows: Iterable[dict]) -> list[dict]:
    """Chunk rows → published rows: one per key (texts and lines united, expressions combined), sorted by key."""
    merged: dict[tuple[str, str, str, str], dict] = {}
    for row in rows:
        key = (row["repo_name"], row["commit"], row["scope"], row["path"] or "")
        found = merged.setdefault(key, {**row, "expressions": set(), "license": set(), "license_texts": {},
                                        "notices": {}, "copyright_lines": set()})
        found["expressions"].update(row["expressions"])
        found["license"].update(row["license"])
        found["copyright_lines"].update(row["copyright_lines"])
        for column in ("license_texts", "notices"):
            for item in row[column]:
                found[column].setdefault(item["path"], item["text"])
    published = []
    for key in sorted(merged):
        row = merged[key]
        if not row["license_texts"]:
            row["license_texts"] = reference_texts_of(row["license"])
        published.append({
            "repo_name": row["repo_name"], "commit": row["commit"], "scope": row["scope"], "path": row["path"],
            "license_expression": combined_expression(row["expressions"]), "license": sorted(row["license"]),
            "license_texts": [{"path": path, "text": text} for path, text in sorted(row["license_texts"].items())],
            "notices": [{"path": path, "text": text} for path, text in sorted(row["notices"].items())],
            "copyright_lines": sorted(row["copyright_lines"]),
        })
    return published
