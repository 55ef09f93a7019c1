"""Licence decisions on real packages, against what each package declares (issue 12).

Data: a pinned list (`license_real_packages.tsv`: registry, name, version, file, sha256) of real
npm packages and PyPI sdists, downloaded at run time from the registries and checked against the
pinned sha256 (npm tarballs also against the registry's `dist.integrity` when pinned). Package
contents are never committed and no package code runs: archives are read with tarfile/zipfile in
memory. Who chose the packages: the most downloaded npm packages and PyPI projects from the
download-ranked package lists of this workplace, plus named families picked for licence coverage
(GPL/LGPL/MPL/EPL/BUSL/Elastic/CC projects); nobody looked at their files or at this code's
decisions when choosing, and the list is not edited after a run.

For each package the licence logic the pipeline uses (`RepoLicenseScanner`) reads the package's
files as a repository — licence files, NOTICE/README, manifests, per-path declarations — and
decides the licence of a source file at the package root with no header of its own. That is
compared with the package's declaration (npm: `license` in package.json; PyPI: the sdist's PKG-INFO
`License-Expression`, else `License` when it is a valid SPDX expression, else the licence
classifiers when they name exactly one SPDX licence), only where the declaration is a valid SPDX expression
(strict license-expression validation). Two readings: "files as published" (what the pipeline
sees) and "without the declaring manifest" (package.json / pyproject.toml / setup.* left out,
so the decision comes from the licence texts alone).

Second table: every licence text of the SPDX License List shipped in the npm package
`spdx-license-list` (pinned, sha256-checked), each as a repository's only LICENSE file (`--spdx-only`
runs this table alone). The code under test reads with licenseclassifier's templates and ScanCode's
licence texts (`licensedcode-data`): both are curated by their own projects and neither is read from
the npm package or the SPDX data repository this table takes its texts from.

Run: nice -n 10 .venv/bin/python benchmarks/license_real.py [--pin] [--workers 8] [--show 25] [--spdx-only]
"""

from __future__ import annotations

import argparse
import base64
import collections
import gzip
import hashlib
import json
import os
import re
import sys
import tarfile
import time
import urllib.parse
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from license_expression import get_spdx_licensing  # noqa: E402

from licenses.config import LicensesConfig  # noqa: E402
from licenses.filenames import EvidenceKind, evidence_kind  # noqa: E402
from licenses.headers import comment_text, leading_lines, scan_header  # noqa: E402
from licenses.policy import NON_PERMISSIVE, PERMISSIVE, LicensePolicy  # noqa: E402
from licenses.repo_licenses import LicenseDecision, RepoLicenseScanner  # noqa: E402
from licenses.spdx import category, canonical_id, normalise_expression  # noqa: E402
from archives import archive_files  # noqa: E402
from bench_paths import PACKAGE_LISTS, REGISTRY  # noqa: E402

HERE = Path(__file__).resolve().parent
PINNED = HERE / "license_real_packages.tsv"
CACHE = REGISTRY
MAX_ARCHIVE_BYTES = 8_000_000
SPDX_LIST = ("npm", "spdx-license-list", "6.12.0")
SPDX_IDS = ("npm", "spdx-license-ids", "3.0.24")
"""The current (non-deprecated) SPDX ids: `index.json` of this package."""
PROBE = "__probe__.c"

# Families named for licence coverage; versions come from the package lists.
HAND_NPM = [
    "jszip", "node-forge", "tinymce", "dompurify", "axe-core", "web-ext", "caniuse-lite", "@fortawesome/fontawesome-free",
    "spdx-license-ids", "spdx-exceptions", "argparse", "tslib", "@elastic/eui", "n8n-workflow", "ffmpeg-static",
    "@ffmpeg/core", "highcharts", "handsontable", "ag-grid-enterprise", "gsap", "mapbox-gl", "font-awesome", "mariadb",
    "lightningcss", "@mdn/browser-compat-data", "language-subtag-registry", "addons-linter", "cdktf", "@directus/sdk",
    "@directus/utils", "@directus/types", "@directus/constants", "@directus/schema", "@directus/errors",
    "@budibase/handlebars-helpers", "@budibase/string-templates", "@budibase/bbui", "@theia/core", "@theia/request",
    "@theia/application-package", "@eclipse-glsp/protocol", "@eclipse-glsp/client", "@n8n/config", "@n8n/errors",
    "@n8n/permissions", "@n8n/constants", "@n8n/api-types", "@cdktf/provider-aws", "@cdktf/commons",
    "@cdktf/provider-random", "@ckeditor/ckeditor5-core", "@ckeditor/ckeditor5-engine", "@ckeditor/ckeditor5-utils",
    "@ckeditor/ckeditor5-ui", "@ckeditor/ckeditor5-watchdog", "@ckeditor/ckeditor5-enter", "@ckeditor/ckeditor5-widget",
    "@ckeditor/ckeditor5-clipboard", "@ckeditor/ckeditor5-undo", "@ckeditor/ckeditor5-typing", "@wordpress/element",
    "@wordpress/i18n", "@wordpress/hooks", "@wordpress/compose", "@wordpress/data", "@wordpress/escape-html",
    "@wordpress/keycodes", "@wordpress/warning", "@wordpress/is-shallow-equal", "@wordpress/deprecated", "@grafana/data",
]
HAND_PYPI = [
    "PyQt5", "pylint", "astroid", "paramiko", "chardet", "psycopg2", "mysql-connector-python", "ansible-core", "PyMuPDF",
    "certifi", "pathspec", "tqdm", "frozendict", "mutagen", "pyinstaller", "PyGObject", "pycairo", "Unidecode",
    "text-unidecode", "PyGithub", "python-telegram-bot", "html2text", "mysqlclient", "ldap3", "pyudev", "gmpy2", "pygame",
    "python-vlc", "ultralytics", "borb", "marker-pdf", "yamllint", "scapy", "unicorn", "Levenshtein", "fuzzywuzzy",
    "pikepdf", "mercurial", "ansible-lint", "python-gnupg", "odfpy", "wxPython", "pyenchant", "pyxdg", "cysignals",
    "rpy2", "pycdlib", "logilab-common", "semgrep", "mindsdb", "surya-ocr", "ultralytics-thop", "gnureadline",
]
TOP_NPM = 640
TOP_PYPI = 560

_LICENSING = get_spdx_licensing()


# --- registry access -----------------------------------------------------------------------


def _get(url: str, timeout: float = 60.0) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "codecurate-benchmark"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


def _cached(path: Path, url: str) -> bytes:
    """Bytes of `url`, kept at `path` (written atomically: NAME.part then rename)."""
    if path.exists():
        return path.read_bytes()
    data = _get(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + f".{os.getpid()}.part")
    part.write_bytes(data)
    part.replace(path)
    return data


def _npm_version_doc(name: str, version: str) -> dict:
    quoted = urllib.parse.quote(name, safe="@")
    path = CACHE / "npm-meta" / f"{name.replace('/', '__')}-{version}.json"
    return json.loads(_cached(path, f"https://registry.npmjs.org/{quoted}/{version}"))


def _pypi_files(name: str, version: str) -> list[dict]:
    """The files PyPI lists for one release (the project JSON; release files never change)."""
    path = CACHE / "pypi-json" / f"{name}-{version}.json"
    if not path.exists():
        base = f"https://pypi.org/pypi/{name}/json"
        releases = json.loads(_get(base))["releases"]
        # Some indexes list file URLs relative to the JSON document.
        files = [{**entry, "url": urllib.parse.urljoin(base, entry["url"])} for entry in releases.get(version, [])]
        data = json.dumps(files).encode()
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(path.name + f".{os.getpid()}.part")
        part.write_bytes(data)
        part.replace(path)
    return json.loads(path.read_bytes())


@dataclass(frozen=True)
class Pinned:
    registry: str
    name: str
    version: str
    file: str
    sha256: str


def _archive_path(item: Pinned) -> Path:
    return CACHE / item.registry / item.file


def fetch(item: Pinned) -> bytes:
    """The pinned archive, from the cache or the registry, checked against its sha256."""
    path = _archive_path(item)
    if not path.exists():
        if item.registry == "npm":
            url = _npm_version_doc(item.name, item.version)["dist"]["tarball"]
        else:
            url = next(entry["url"] for entry in _pypi_files(item.name, item.version) if entry["filename"] == item.file)
        _cached(path, url)
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != item.sha256:
        raise ValueError(f"sha256 mismatch for {item.registry}:{item.name}@{item.version}")
    return data


# --- pinning (run once; its output is committed) --------------------------------------------


def _list_versions(file: str, wanted: set[str]) -> dict[str, str]:
    versions = {}
    with open(PACKAGE_LISTS / file, encoding="utf-8", errors="replace") as handle:
        next(handle)
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) > 1 and parts[0] in wanted:
                versions[parts[0]] = parts[1]
    return versions


def _candidates() -> list[tuple[str, str, str]]:
    npm_rows, pypi_rows = [], []
    with open(PACKAGE_LISTS / "npm.tsv", encoding="utf-8", errors="replace") as handle:
        next(handle)
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) > 2 and parts[2].isdigit() and not parts[0].startswith("@types/"):
                npm_rows.append((int(parts[2]), parts[0], parts[1]))
    with open(PACKAGE_LISTS / "pypi.tsv", encoding="utf-8", errors="replace") as handle:
        next(handle)
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) > 3 and parts[3].isdigit():
                pypi_rows.append((int(parts[3]), parts[0], parts[1]))
    npm_rows.sort(reverse=True)
    pypi_rows.sort()
    chosen = [("npm", name, version) for _, name, version in npm_rows[:TOP_NPM]]
    chosen += [("pypi", name, version) for _, name, version in pypi_rows[:TOP_PYPI]]
    hand_npm = _list_versions("npm.tsv", set(HAND_NPM))
    hand_pypi = _list_versions("pypi.tsv", set(HAND_PYPI))
    chosen += [("npm", name, hand_npm[name]) for name in HAND_NPM if name in hand_npm]
    chosen += [("pypi", name, hand_pypi[name]) for name in HAND_PYPI if name in hand_pypi]
    return list(dict.fromkeys(chosen))


def _pin_one(candidate: tuple[str, str, str]) -> Pinned | None:
    registry, name, version = candidate
    try:
        if registry == "npm":
            doc = _npm_version_doc(name, version)
            dist = doc["dist"]
            if dist.get("unpackedSize", 0) > 4 * MAX_ARCHIVE_BYTES:
                return None
            file = f"{name.replace('/', '__')}-{version}.tgz"
            data = _cached(CACHE / "npm" / file, dist["tarball"])
            algorithm, _, digest = dist.get("integrity", "").partition("-")
            if algorithm in ("sha512", "sha384", "sha256"):
                if base64.b64encode(hashlib.new(algorithm, data).digest()).decode() != digest:
                    raise ValueError("integrity mismatch")
            elif dist.get("shasum") and hashlib.sha1(data).hexdigest() != dist["shasum"]:
                raise ValueError("shasum mismatch")
        else:
            sdists = [entry for entry in _pypi_files(name, version) if entry["packagetype"] == "sdist"]
            if not sdists or sdists[0]["size"] > MAX_ARCHIVE_BYTES:
                return None
            file = sdists[0]["filename"]
            data = _cached(CACHE / "pypi" / file, sdists[0]["url"])
            if hashlib.sha256(data).hexdigest() != sdists[0]["digests"]["sha256"]:
                raise ValueError("sha256 mismatch")
        if len(data) > MAX_ARCHIVE_BYTES:
            return None
        return Pinned(registry, name, version, file, hashlib.sha256(data).hexdigest())
    except (OSError, ValueError, KeyError, StopIteration) as error:
        print(f"skip {registry}:{name}@{version}: {error}", file=sys.stderr)
        return None


def pin(workers: int) -> None:
    candidates = list(dict.fromkeys(_candidates() + [SPDX_LIST, SPDX_IDS]))
    with ThreadPoolExecutor(workers) as pool:
        pinned = [item for item in pool.map(_pin_one, candidates) if item is not None]
    lines = ["registry\tname\tversion\tfile\tsha256"] + [
        f"{p.registry}\t{p.name}\t{p.version}\t{p.file}\t{p.sha256}" for p in pinned
    ]
    PINNED.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"pinned {len(pinned)} of {len(candidates)} candidates -> {PINNED}")


def load_pinned() -> list[Pinned]:
    rows = PINNED.read_text(encoding="utf-8").splitlines()[1:]
    return [Pinned(*row.split("\t")) for row in rows if row.strip()]


# --- reading packages ----------------------------------------------------------------------


def _valid_spdx(text: str) -> bool:
    try:
        return not _LICENSING.validate(text, strict=True).errors and bool(text.strip())
    except Exception:  # noqa: BLE001 — any failure to validate means "not a valid expression"
        return False


# Classifiers that name exactly one SPDX licence (written for this benchmark, not the pipeline's table).
_CLASSIFIERS = {
    "MIT License": "MIT", "MIT No Attribution License (MIT-0)": "MIT-0", "Apache Software License": "Apache-2.0",
    "BSD License": None, "ISC License (ISCL)": "ISC", "Python Software Foundation License": "PSF-2.0",
    "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0", "GNU General Public License v2 (GPLv2)": "GPL-2.0-only",
    "GNU General Public License v2 or later (GPLv2+)": "GPL-2.0-or-later", "GNU General Public License v3 (GPLv3)": "GPL-3.0-only",
    "GNU General Public License v3 or later (GPLv3+)": "GPL-3.0-or-later",
    "GNU Lesser General Public License v2 (LGPLv2)": "LGPL-2.0-only",
    "GNU Lesser General Public License v2 or later (LGPLv2+)": "LGPL-2.0-or-later",
    "GNU Lesser General Public License v3 (LGPLv3)": "LGPL-3.0-only",
    "GNU Lesser General Public License v3 or later (LGPLv3+)": "LGPL-3.0-or-later",
    "GNU Affero General Public License v3": "AGPL-3.0-only",
    "GNU Affero General Public License v3 or later (AGPLv3+)": "AGPL-3.0-or-later",
    "The Unlicense (Unlicense)": "Unlicense", "Boost Software License 1.0 (BSL-1.0)": "BSL-1.0",
    "Eclipse Public License 2.0 (EPL-2.0)": "EPL-2.0", "zlib/libpng License": "Zlib",
    "European Union Public Licence 1.2 (EUPL 1.2)": "EUPL-1.2", "Universal Permissive License (UPL)": "UPL-1.0",
    "CC0 1.0 Universal (CC0 1.0) Public Domain Dedication": "CC0-1.0", "Apache License 2.0": "Apache-2.0",
}


def pkg_info(text: str) -> dict[str, list[str]]:
    """Header fields of a PKG-INFO (RFC 822 style, stops at the first blank line)."""
    fields: dict[str, list[str]] = collections.defaultdict(list)
    last = ""
    for line in text.splitlines():
        if not line.strip():
            break
        if line[:1] in (" ", "\t") and last:
            fields[last][-1] += " " + line.strip()
            continue
        key, _, value = line.partition(":")
        last = key.strip().lower()
        fields[last].append(value.strip())
    return fields


def declared(item: Pinned, files: dict[str, str]) -> str | None:
    """The package's own declaration as a valid SPDX expression, or None (undeclared / not SPDX)."""
    if item.registry == "npm":
        try:
            value = json.loads(files.get("package.json", "{}")).get("license")
        except (ValueError, AttributeError):
            return None
        return value if isinstance(value, str) and _valid_spdx(value) else None
    # The sdist's own PKG-INFO: the metadata PyPI shows for this exact version.
    headers = pkg_info(files.get("PKG-INFO", ""))
    for field in ("license-expression", "license"):
        value = " ".join(headers.get(field, [""])[0].split())
        if value and len(value) < 200 and _valid_spdx(value):
            return value
    names = [c.split("::")[-1].strip() for c in headers.get("classifier", []) if c.startswith("License ::")]
    ids = [_CLASSIFIERS.get(name) for name in names if name not in ("OSI Approved",)]
    if len(ids) == 1 and ids[0]:
        return ids[0]
    return None


_CLASS_BY_CATEGORY = {
    "Copyleft": "copyleft", "Copyleft Limited": "weak copyleft", "Source-available": "source-available",
    "Commercial": "source-available", "Proprietary Free": "source-available", "Free Restricted": "source-available",
    "Public Domain": "public domain", "Permissive": "permissive",
}
_CLASS_ORDER = ("copyleft", "source-available", "weak copyleft", "permissive", "public domain")


def licence_class(expression: str) -> str:
    """Bucket of a declared expression: "dual (OR)" for a choice, else its most restrictive category."""
    parsed = normalise_expression(expression)
    if parsed is None:
        return "undeclared"
    if parsed.op == "OR":
        return "dual (OR)"
    classes = {_CLASS_BY_CATEGORY.get(category(leaf.key) or "", "other") for leaf in parsed.leaves()}
    return next((name for name in _CLASS_ORDER if name in classes), "other")


def decide_package(files: dict[str, str], with_manifests: bool, config: LicensesConfig) -> LicenseDecision:
    scanner = RepoLicenseScanner(config)
    for path, text in files.items():
        if not scanner.wants(path):
            continue
        if not with_manifests and evidence_kind(path) is EvidenceKind.MANIFEST:
            continue
        scanner.observe(path, text)
    return scanner.decide(PROBE, "")


# --- tables --------------------------------------------------------------------------------


@dataclass
class Row:
    item: Pinned
    declared: str | None
    klass: str
    declared_type: str
    decisions: dict[str, LicenseDecision]


def _ids(expression: str) -> set[str]:
    """Ids of an expression, `-only` / `-or-later` / `+` folded: the licence text is the same."""
    parsed = normalise_expression(expression)
    keys = {canonical_id(leaf.key) or leaf.key for leaf in parsed.leaves()} if parsed else set()
    return {re.sub(r"(?:-only|-or-later|\+)$", "", key) for key in keys}


def report(rows: list[Row], reading: str, show: int) -> None:
    compared = [row for row in rows if row.declared]
    print(f"\n== {reading}: {len(compared)} packages with a valid SPDX declaration "
          f"(of {len(rows)}; {len(rows) - len(compared)} undeclared or not SPDX, not compared)")
    print("| declared licence type | packages | type agreement | id agreement | false-permissive | permissive lost |")
    print("|---|---|---|---|---|---|")
    groups: dict[str, list[Row]] = collections.defaultdict(list)
    for row in compared:
        groups[row.klass].append(row)
    totals = collections.Counter()
    for klass in [*sorted(groups, key=lambda name: (-len(groups[name]), name)), "all"]:
        members = compared if klass == "all" else groups[klass]
        decided = [row.decisions[reading] for row in members]
        agree = sum(d.license_type == row.declared_type for d, row in zip(decided, members))
        ids = sum(_ids(" AND ".join(d.license)) == _ids(row.declared or "") for d, row in zip(decided, members))
        false_permissive = sum(row.declared_type != PERMISSIVE and d.license_type == PERMISSIVE for d, row in zip(decided, members))
        permissive = [d for d, row in zip(decided, members) if row.declared_type == PERMISSIVE]
        lost = sum(d.license_type != PERMISSIVE for d in permissive)
        lost_text = f"{lost}/{len(permissive)} = {lost / len(permissive):.1%}" if permissive else "-"
        print(f"| {klass} | {len(members)} | {agree}/{len(members)} = {agree / len(members):.3f} | "
              f"{ids / len(members):.3f} | {false_permissive} | {lost_text} |")
        if klass == "all":
            totals.update(agree=agree, n=len(members), fp=false_permissive, lost=lost, permissive=len(permissive))
    confusions = [row for row in compared if row.decisions[reading].license_type != row.declared_type]
    print(f"type confusions ({len(confusions)}), first {show}:")
    for row in confusions[:show]:
        decision = row.decisions[reading]
        print(f"  {row.item.registry}:{row.item.name}@{row.item.version}: declared {row.declared} ({row.declared_type}) -> "
              f"{decision.expression or '-'} ({decision.license_type}) from {decision.evidence or '-'}")


def same_text(decided: list[str], expected: str) -> bool:
    """The decided ids name the expected licence's text: `-only`, `-or-later`, `+` and the GFDL
    invariants variants share one text, which no reader of the text alone can tell apart."""
    def family(key: str) -> str:
        key = re.sub(r"(?:-only|-or-later|\+)$", "", key)
        return re.sub(r"-(?:no-)?invariants", "", key)
    return len(decided) == 1 and family(decided[0]) == family(expected)


def spdx_texts(show: int) -> None:
    pinned = {(p.registry, p.name, p.version): p for p in load_pinned()}
    if SPDX_LIST not in pinned or SPDX_IDS not in pinned:
        print("spdx-license-list / spdx-license-ids are not pinned")
        return
    files = archive_files(fetch(pinned[SPDX_LIST]), pinned[SPDX_LIST].file, max_file_bytes=20_000_000)
    entries = json.loads(files["spdx-full.json"])
    current = set(json.loads(archive_files(fetch(pinned[SPDX_IDS]), pinned[SPDX_IDS].file)["index.json"]))
    config = LicensesConfig()
    policy = LicensePolicy(config)
    started = time.perf_counter()
    total = typed = type_ok = id_ok = text_ok = false_permissive = lost = permissive = 0
    uncategorised: list[str] = []
    confusions: list[str] = []
    for spdx_id, entry in sorted(entries.items()):
        text = entry.get("licenseText") or ""
        if not text.strip() or spdx_id not in current:
            continue
        expected_id = canonical_id(spdx_id) or spdx_id
        parsed = normalise_expression(spdx_id)
        expected_type = policy.license_type([parsed]) if parsed else NON_PERMISSIVE
        scanner = RepoLicenseScanner(config)
        scanner.observe("LICENSE", text)
        decision = scanner.decide("src/main.c", "int main(void) { return 0; }\n")
        total += 1
        id_ok += decision.license == [expected_id]
        text_ok += same_text(decision.license, expected_id)
        if category(expected_id) is None:
            # No ScanCode category in the index license-expression ships: the licence type of the
            # id is undefined (the policy would call it non-permissive), so no type is compared.
            uncategorised.append(f"{spdx_id} -> {decision.expression or '-'} ({decision.license_type})")
            continue
        typed += 1
        type_ok += decision.license_type == expected_type
        false_permissive += expected_type != PERMISSIVE and decision.license_type == PERMISSIVE
        if expected_type == PERMISSIVE:
            permissive += 1
            lost += decision.license_type != PERMISSIVE
        if not same_text(decision.license, expected_id):
            confusions.append(f"{spdx_id} ({expected_type}) -> {decision.expression or '-'} ({decision.license_type})")
    print(f"\n== SPDX License List texts (npm spdx-license-list {SPDX_LIST[2]}) as a repository's LICENSE file: "
          f"{total} ids, {time.perf_counter() - started:.1f}s")
    print(f"type agreement {type_ok}/{typed} = {type_ok / typed:.3f} ({total - typed} ids without a ScanCode category "
          f"not typed: {'; '.join(uncategorised)}); id agreement {text_ok}/{total} = {text_ok / total:.3f} "
          f"(exact id, telling -only from -or-later: {id_ok / total:.3f}); false-permissive {false_permissive}; "
          f"permissive lost {lost}/{permissive}")
    print(f"id confusions ({len(confusions)}), first {show}:")
    for line in confusions[:show]:
        print(f"  {line}")


# Phrases that open the common licence notices, chosen by hand for this measurement (independent of
# the classifier): a file whose first comment lines hold one carries a licence notice.
_NOTICE_PHRASES = {
    "permission is hereby granted": "MIT-style", "licensed under the apache license": "Apache-2.0",
    "redistribution and use in source and binary forms": "BSD-style", "permission to use, copy, modify": "ISC/HPND-style",
    "this program is free software": "GPL-style", "this library is free software": "LGPL-style",
    "this source code form is subject to the terms of the mozilla": "MPL-2.0",
}
_CODE_SUFFIXES = (".c", ".h", ".cc", ".cpp", ".hpp", ".js", ".mjs", ".cjs", ".ts", ".py", ".go", ".rs", ".java", ".rb", ".lua", ".pl")


def header_recall(items: list[Pinned], config: LicensesConfig) -> None:
    """Recall of licence notices in real source files' leading comments (SPDX-tagged files aside)."""
    found: collections.Counter[str] = collections.Counter()
    read: collections.Counter[str] = collections.Counter()
    for item in items:
        try:
            files = archive_files(fetch(item), item.file)
        except (OSError, ValueError, tarfile.TarError, zipfile.BadZipFile, EOFError):
            continue
        for path, text in files.items():
            if not path.endswith(_CODE_SUFFIXES) or "spdx-license-identifier" in text[:4000].lower():
                continue
            head = " ".join(comment_text(leading_lines(text, config.header_lines, config.header_chars)).lower().split())
            family = next((name for phrase, name in _NOTICE_PHRASES.items() if phrase in head), None)
            if family is None:
                continue
            found[family] += 1
            evidence = scan_header(text, max_lines=config.header_lines, max_chars=config.header_chars)
            named = {leaf.key for expr in evidence.override + evidence.extra for leaf in expr.leaves()}
            read[family] += bool(named - {"LicenseRef-scancode-unknown"})
    print("\n== licence notices in real source files' headers (same packages; files with an SPDX tag left out)")
    print("| notice | files | licence named by the header scan (full notice or named licence) |")
    print("|---|---|---|")
    for family in sorted(found, key=lambda name: -found[name]):
        print(f"| {family} | {found[family]} | {read[family]}/{found[family]} = {read[family] / found[family]:.3f} |")
    total, hits = sum(found.values()), sum(read.values())
    if total:
        print(f"| all | {total} | {hits}/{total} = {hits / total:.3f} |")


def evaluate(item: Pinned, config: LicensesConfig) -> Row | None:
    try:
        files = archive_files(fetch(item), item.file)
        value = declared(item, files)
    except (OSError, ValueError, KeyError, tarfile.TarError, zipfile.BadZipFile, EOFError, gzip.BadGzipFile) as error:
        print(f"unreadable {item.name}: {error}", file=sys.stderr)
        return None
    policy = LicensePolicy(config)
    parsed = normalise_expression(value) if value else None
    declared_type = policy.license_type([parsed]) if parsed else ""
    decisions = {
        "files as published": decide_package(files, True, config),
        "without the declaring manifest": decide_package(files, False, config),
    }
    return Row(item, value, licence_class(value) if value else "undeclared", declared_type, decisions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pin", action="store_true", help="choose and pin the package list (writes the TSV)")
    parser.add_argument("--workers", type=int, default=8, help="download threads")
    parser.add_argument("--show", type=int, default=30, help="confusions listed per table")
    parser.add_argument("--limit", type=int, default=0, help="only the first N packages (a quick look)")
    parser.add_argument("--spdx-only", action="store_true", help="only the SPDX License List table")
    args = parser.parse_args()
    if args.pin:
        pin(args.workers)
        return
    if args.spdx_only:
        spdx_texts(args.show)
        return
    items = [p for p in load_pinned() if (p.registry, p.name, p.version) not in (SPDX_LIST, SPDX_IDS)]
    items = items[: args.limit] if args.limit else items
    started = time.perf_counter()
    with ThreadPoolExecutor(args.workers) as pool:  # downloads only; reading is sequential below
        list(pool.map(lambda item: _archive_path(item).exists() or fetch(item), items))
    print(f"{len(items)} packages ready in {time.perf_counter() - started:.1f}s "
          f"({sum(p.registry == 'npm' for p in items)} npm, {sum(p.registry == 'pypi' for p in items)} PyPI sdists)")
    config = LicensesConfig()
    started = time.perf_counter()
    rows = [row for item in items if (row := evaluate(item, config)) is not None]
    print(f"decided {len(rows)} packages in {time.perf_counter() - started:.1f}s")
    for reading in ("files as published", "without the declaring manifest"):
        report(rows, reading, args.show)
    undeclared = [row for row in rows if not row.declared]
    kinds = collections.Counter(row.decisions["files as published"].license_type for row in undeclared)
    print(f"\nundeclared or non-SPDX declarations ({len(undeclared)}): decided {dict(kinds)}")
    spdx_texts(args.show)
    header_recall(items, config)


if __name__ == "__main__":
    main()
