"""Licences declared in package manifests.

Each parser reads only the licence fields of one format and returns normalised expressions; a
malformed manifest yields nothing rather than an error (a broken package.json in a test fixture
folder must not stop the repository). Several licences listed without an explicit operator are
ANDed (the safe reading), except where the format documents a choice (composer, R's `|`, Cargo's
legacy `/`). A declared but unreadable licence becomes UNKNOWN, never "no licence".
"""

from __future__ import annotations

import configparser
import json
import posixpath
import re
import tomllib
from collections.abc import Callable, Iterable
from typing import Any

from licenses.classify import classify_text
from licenses.names import names_in_text
from licenses.spdx import UNKNOWN_REFERENCE, LicenseExpr, combine, leaf, normalise_expression

MAX_MANIFEST_CHARS = 256_000
_TROVE = re.compile(r"License\s*::\s*(?:OSI Approved\s*::\s*)?([^\"'\n,\]]+)")
# Classifiers that name no licence: "OSI Approved" and "DFSG approved" alone, and "Freely
# Distributable" — a description of the terms, neither a licence nor a condition (with a licence
# file it added an unknown licence that made the package non-permissive; alone it now declares
# nothing, so the package has no licence rather than an unknown one: dropped either way).
_TROVE_IGNORED = {"osi approved", "dfsg approved", "freely distributable"}


def _expressions(values: Iterable[str]) -> list[LicenseExpr]:
    found: list[LicenseExpr] = []
    for value in values:
        if re.match(r"\s*see licen[cs]e in\b", value, re.IGNORECASE):
            found.append(leaf(UNKNOWN_REFERENCE))
            continue
        parsed = normalise_expression(value)
        if parsed is not None:
            found.append(parsed)
    return found


def _all(values: Iterable[str]) -> list[LicenseExpr]:
    combined = combine("AND", _expressions(values))
    return [combined] if combined else []


def trove_classifiers(classifiers: Iterable[str]) -> list[LicenseExpr]:
    """PyPI `License ::` classifiers → expressions (the bare "OSI Approved" adds nothing)."""
    names = []
    for classifier in classifiers:
        match = _TROVE.search(classifier)
        if match and match.group(1).strip().lower() not in _TROVE_IGNORED:
            names.append(match.group(1).strip())
    return _all(names)


def _strings(value: Any) -> list[str]:
    """A licence field that may be a string, a {"type"|"name": …} object, or a list of those."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        inner = value.get("type") or value.get("name") or value.get("text") or ""
        return [inner] if isinstance(inner, str) else []
    if isinstance(value, list):
        return [item for element in value for item in _strings(element)]
    return []


def parse_package_json(text: str) -> list[LicenseExpr]:
    data = json.loads(text)
    if not isinstance(data, dict):
        return []
    return _all(_strings(data.get("license")) + _strings(data.get("licenses")))


def parse_composer_json(text: str) -> list[LicenseExpr]:
    data = json.loads(text)
    if not isinstance(data, dict):
        return []
    # Composer documents a list of licences as a choice for the user.
    choice = combine("OR", _expressions(_strings(data.get("license"))))
    return [choice] if choice else []


def parse_cargo_toml(text: str) -> list[LicenseExpr]:
    package = tomllib.loads(text).get("package", {})
    return _all(_strings(package.get("license"))) if isinstance(package, dict) else []


def parse_pyproject_toml(text: str) -> list[LicenseExpr]:
    data = tomllib.loads(text)
    found: list[LicenseExpr] = []
    for table in (data.get("project", {}), data.get("tool", {}).get("poetry", {})):
        if not isinstance(table, dict):
            continue
        # PEP 639: `license = "MIT OR Apache-2.0"`; PEP 621: `license = {text = "…"}` or {file = …}.
        found += _all(_strings(table.get("license")))
        classifiers = table.get("classifiers", [])
        if isinstance(classifiers, list):
            found += trove_classifiers(str(item) for item in classifiers)
    return found


def parse_setup_cfg(text: str) -> list[LicenseExpr]:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.read_string(text)
    if not parser.has_section("metadata"):
        return []
    metadata = parser["metadata"]
    found = _all([metadata.get("license", "")])
    return found + trove_classifiers(metadata.get("classifiers", "").splitlines())


_SETUP_PY_LICENSE = re.compile(r"""\blicense(?:_expression)?\s*=\s*(?:[rRuU]?)(["'])(.*?)\1""", re.S)


def parse_setup_py(text: str) -> list[LicenseExpr]:
    """Only literal `license="…"` arguments: setup.py is code and is never executed."""
    found = _all(match.group(2) for match in _SETUP_PY_LICENSE.finditer(text))
    return found + trove_classifiers(text.splitlines())


_GEMSPEC_LICENSE = re.compile(r"""\.licen[cs]es?\s*=\s*(\[[^\]]*\]|(["'])[^"'\n]*\2)""")


def parse_gemspec(text: str) -> list[LicenseExpr]:
    values = [value for match in _GEMSPEC_LICENSE.finditer(text) for value in re.findall(r"""["']([^"'\n]*)["']""", match.group(1))]
    return _all(values)


_XML_TAG = r"<{tag}\b[^>]*>\s*(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?\s*</{tag}>"


def _xml_values(tag: str, text: str) -> list[str]:
    # Regex rather than an XML parser: manifests are untrusted, and only a few fields matter.
    return [re.sub(r"\s+", " ", value).strip() for value in re.findall(_XML_TAG.format(tag=tag), text, re.S | re.I)]


def _url_expressions(urls: list[str]) -> list[str]:
    """Licence URLs → ids: licenseclassifier knows some URLs exactly; otherwise the URL's words
    ("gnu.org/licenses/gpl-3.0.html") name the licence; an opaque URL is an unseen reference."""
    ids: list[str] = []
    for url in urls:
        found = list(classify_text(url, threshold=0.0, max_chars=500).ids)
        found = found or names_in_text(re.sub(r"^\w+://|[/_?=#]", " ", url), with_fallback=False)
        ids += found or [UNKNOWN_REFERENCE]
    return ids


def parse_pom_xml(text: str) -> list[LicenseExpr]:
    block = "\n".join(re.findall(r"<licenses\b[^>]*>(.*?)</licenses>", text, re.S | re.I))
    values = []
    for licence in re.findall(r"<license\b[^>]*>(.*?)</license>", block, re.S | re.I):
        names = _xml_values("name", licence)
        values += names if any(names) else _url_expressions(_xml_values("url", licence))
    return _all(values)


def parse_nuspec(text: str) -> list[LicenseExpr]:
    values = _xml_values("license", text)
    if not values:
        values = _url_expressions(_xml_values("licenseUrl", text))
    return _all(values)


def _r_alternative(value: str) -> str:
    """R `License:` syntax → SPDX-ish text: "GPL (>= 2)" → "GPL-2.0-or-later", drop "+ file LICENSE"."""
    value = re.sub(r"\+?\s*file\s+LICEN[CS]E\b", "", value, flags=re.I).strip()
    value = re.sub(r"\(\s*>=\s*([\d.]+)\s*\)", r"\1 or later", value)
    value = re.sub(r"\(\s*==\s*([\d.]+)\s*\)", r"\1", value)
    return value.replace("_", " ").strip()


def parse_r_description(text: str) -> list[LicenseExpr]:
    match = re.search(r"^License:\s*(.+(?:\n[ \t]+.+)*)", text, re.M)
    if not match:
        return []
    field = re.sub(r"\s+", " ", match.group(1))
    alternatives = []
    for part in field.split("|"):
        cleaned = _r_alternative(part)
        parsed = normalise_expression(cleaned) if cleaned else leaf(UNKNOWN_REFERENCE)
        if parsed is not None:
            alternatives.append(parsed)
    choice = combine("OR", alternatives)
    return [choice] if choice else []


def parse_cabal(text: str) -> list[LicenseExpr]:
    values = re.findall(r"^license\s*:\s*(.+?)\s*$", text, re.M | re.I)
    mapped = []
    for value in values:
        lowered = value.lower().replace(" ", "")
        mapped.append({"allrightsreserved": "UNLICENSED", "otherlicense": "NOASSERTION", "publicdomain": "Public Domain"}.get(lowered, value))
    return _all(mapped)


_PARSERS: dict[str, Callable[[str], list[LicenseExpr]]] = {
    "package.json": parse_package_json,
    "composer.json": parse_composer_json,
    "cargo.toml": parse_cargo_toml,
    "pyproject.toml": parse_pyproject_toml,
    "setup.cfg": parse_setup_cfg,
    "setup.py": parse_setup_py,
    "pom.xml": parse_pom_xml,
    "description": parse_r_description,
    ".gemspec": parse_gemspec,
    ".nuspec": parse_nuspec,
    ".cabal": parse_cabal,
}


def manifest_licenses(path: str, text: str) -> list[LicenseExpr]:
    """Licences a manifest at `path` declares; [] when it declares none or cannot be parsed."""
    name = posixpath.basename(path).lower()
    parser = _PARSERS.get(name) or _PARSERS.get(posixpath.splitext(name)[1])
    if parser is None:
        return []
    try:
        return parser(text[:MAX_MANIFEST_CHARS])
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError, configparser.Error, tomllib.TOMLDecodeError):
        return []
