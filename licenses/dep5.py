"""Per-path licence declarations: Debian DEP-5 (`debian/copyright`, `.reuse/dep5`) and `REUSE.toml`.

These files say, path pattern by path pattern, which licence applies ("Files: src/lzf* / License:
BSD-2-clause or GPL-2+"). They are read as such, not as licence texts: a `debian/copyright`
classified as a whole is an AND of every licence in the package. DEP-5 patterns are relative to
the folder above `debian/` (or `.reuse/`), `*` crosses `/`, and the last matching paragraph wins.
Licence names are Debian's short names (`GPL-2+`, `Expat`, `BSD-3-clause`, `public-domain`); a
name the file defines in a standalone `License:` paragraph with its text is classified from it.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass

from licenses.spdx import UNKNOWN, LicenseExpr, combine, leaf, normalise_expression

_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9-]*):[ \t]*(.*)$")
_DEBIAN_GNU = re.compile(r"^(A|L)?GPL-?(\d(?:\.\d)?)(\+)?$", re.I)
_DEBIAN_NAMES = {
    "expat": "MIT",
    "public-domain": "LicenseRef-scancode-public-domain",
    "publicdomain": "LicenseRef-scancode-public-domain",
    "artistic": "Artistic-1.0-Perl",
    "artistic-1": "Artistic-1.0-Perl",
    "psf-2": "PSF-2.0",
    "python": "PSF-2.0",
    "permissive": "LicenseRef-scancode-other-permissive",
    "zlib": "Zlib",
    "bsd-2-clause": "BSD-2-Clause",
    "bsd-3-clause": "BSD-3-Clause",
    "bsd-4-clause": "BSD-4-Clause",
    "mpl-1.1": "MPL-1.1",
    "mpl-2.0": "MPL-2.0",
}
_GNU_VERSIONS = {"GPL": {"1.0", "2.0", "3.0"}, "LGPL": {"2.0", "2.1", "3.0"}, "AGPL": {"1.0", "3.0"}}
_EXCEPTION = re.compile(r"\s+with\s+(.+?)\s+exception$", re.I)
_DEBIAN_EXCEPTIONS = {"openssl": "LicenseRef-scancode-openssl-exception-gpl-2.0-plus", "font": "Font-exception-2.0",
                      "autoconf": "Autoconf-exception-3.0", "classpath": "Classpath-exception-2.0",
                      "gcc": "GCC-exception-2.0", "bison": "Bison-exception-2.2", "libtool": "Libtool-exception"}


@dataclass(frozen=True)
class PathRule:
    base: str
    """Folder the patterns are relative to ("" for the repository root)."""
    patterns: tuple[str, ...]
    expr: LicenseExpr


def debian_name(name: str, texts: dict[str, LicenseExpr]) -> LicenseExpr:
    """One Debian short name (`GPL-2+ with OpenSSL exception`) → canonical leaf."""
    name = name.strip().strip(",")
    exception = ""
    with_match = _EXCEPTION.search(name)
    if with_match:
        exception = _DEBIAN_EXCEPTIONS.get(with_match.group(1).strip().lower(), f"LicenseRef-{with_match.group(1).strip()}-exception")
        name = name[: with_match.start()]
    if name.lower() in texts:
        found = texts[name.lower()]
        return leaf(found.key, exception) if exception and found.op == "ID" else found
    gnu = _DEBIAN_GNU.match(name)
    if gnu:
        family = f"{(gnu.group(1) or '').upper()}GPL"
        version = gnu.group(2) if "." in gnu.group(2) else f"{gnu.group(2)}.0"
        if version in _GNU_VERSIONS[family]:
            return leaf(f"{family}-{version}-{'or-later' if gnu.group(3) else 'only'}", exception)
    key = _DEBIAN_NAMES.get(name.lower())
    parsed = leaf(key) if key else normalise_expression(name)
    if parsed is None:
        return leaf(UNKNOWN)
    return leaf(parsed.key, exception) if exception and parsed.op == "ID" else parsed


def debian_expression(field: str, texts: dict[str, LicenseExpr]) -> LicenseExpr:
    """A DEP-5 `License:` first line: short names joined by `or` / `and` (`,` also means or)."""
    field = re.sub(r"\s+", " ", field).strip()
    alternatives = []
    for alternative in re.split(r"\s+or\s+|\s*,\s*(?:or\s+)?|\s*\|\s*", field, flags=re.I):
        parts = [debian_name(part, texts) for part in re.split(r"\s+and\s+", alternative, flags=re.I) if part.strip()]
        combined = combine("AND", parts)
        if combined is not None:
            alternatives.append(combined)
    return combine("OR", alternatives) or leaf(UNKNOWN)


def _paragraphs(text: str) -> list[dict[str, str]]:
    paragraphs: list[dict[str, str]] = []
    for block in re.split(r"\n[ \t]*\n", text):
        fields: dict[str, str] = {}
        current = ""
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            if line[:1] in (" ", "\t") and current:
                fields[current] += "\n" + line.strip()
                continue
            match = _FIELD.match(line)
            if match:
                current = match.group(1).lower()
                fields[current] = match.group(2).strip()
        if fields:
            paragraphs.append(fields)
    return paragraphs


def is_machine_readable(text: str) -> bool:
    return bool(re.search(r"^Format:\s*\S*(?:copyright-format|dep5|DEP-5)", text[:2000], re.M | re.I))


def parse_dep5(text: str, base: str, classify: Callable[[str], list[str]]) -> list[PathRule]:
    """`Files:` paragraphs of a machine-readable copyright file, in file order.

    `classify` turns the text of a standalone `License:` paragraph into ids, for names that are
    not SPDX or Debian short names.
    """
    if not is_machine_readable(text):
        return []
    paragraphs = _paragraphs(text)
    texts: dict[str, LicenseExpr] = {}
    for fields in paragraphs:
        licence = fields.get("license", "")
        if "files" in fields or "\n" not in licence:
            continue
        name, body = licence.split("\n", 1)
        if _DEBIAN_GNU.match(name.strip()) or name.strip().lower() in _DEBIAN_NAMES:
            continue
        known = normalise_expression(name)
        if known is not None and known.op == "ID" and not known.key.startswith("LicenseRef-scancode-unknown"):
            continue
        ids = classify(body.replace("\n.\n", "\n\n"))
        found = combine("AND", [leaf(key) for key in ids])
        if found is not None:
            texts[name.strip().lower()] = found
    rules = []
    for fields in paragraphs:
        if "files" not in fields or "license" not in fields:
            continue
        first_line, _, body = fields["license"].partition("\n")
        patterns = tuple(pattern for pattern in fields["files"].split() if pattern)
        if not first_line:
            # No short name, only the terms ("License:" and then the text): those terms decide
            # these paths (unread, unknown), never the `Files: *` paragraph above.
            if not body.strip() or not patterns:
                continue
            found = combine("AND", [leaf(key) for key in classify(body.replace("\n.\n", "\n\n"))])
            rules.append(PathRule(base, patterns, found or leaf(UNKNOWN)))
            continue
        rules.append(PathRule(base, patterns, debian_expression(first_line, texts)))
    return rules


def parse_reuse_toml(text: str, base: str) -> list[PathRule]:
    """`[[annotations]]` of a REUSE.toml: `path` (string or list) and `SPDX-License-Identifier`."""
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError):
        return []
    rules = []
    for annotation in data.get("annotations", []) if isinstance(data.get("annotations"), list) else []:
        if not isinstance(annotation, dict):
            continue
        paths = annotation.get("path")
        paths = [paths] if isinstance(paths, str) else [item for item in paths or [] if isinstance(item, str)]
        expression = annotation.get("SPDX-License-Identifier")
        parsed = normalise_expression(expression) if isinstance(expression, str) else None
        if paths and parsed is not None:
            rules.append(PathRule(base, tuple(path.replace("**", "*") for path in paths), parsed))
    return rules


def rule_base(path: str) -> str:
    """Folder a declaration file's patterns are relative to: above `debian/` or `.reuse/`."""
    folder = posixpath.dirname(path.strip("/"))
    if posixpath.basename(folder) in ("debian", ".reuse"):
        return posixpath.dirname(folder)
    return folder


def matching(rules: list[PathRule], path: str) -> LicenseExpr | None:
    """The licence of `path` under the last rule whose pattern matches it (DEP-5 order)."""
    found = None
    for rule in rules:
        if rule.base and not path.startswith(rule.base + "/"):
            continue
        relative = path[len(rule.base) + 1 :] if rule.base else path
        if any(fnmatch.fnmatchcase(relative, pattern) for pattern in rule.patterns):
            found = rule.expr
    return found
