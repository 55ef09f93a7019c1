"""Issue 24's named licence cases on the real releases, through the real pipeline.

Data (downloaded at run time into the benchmark cache, never committed): the Debian 12 source
packages of zlib, jq, curl and htop (`apt-get source --download-only NAME=VERSION`, upstream tarball
sha256 pinned below) and the PyPI sdists of Flask and Black (URL from PyPI's JSON API, sha256
pinned). Each upstream tarball is one repository dump; `python -m pipeline.cli run … --config
default` and `--config stack-v2` are run on all of them (`--workers 1`), and the provenance tables
are read back.

What is checked, with truth that does not come from `licenses/` (this script imports nothing from it):
- **copyleft or non-commercial kept**: a kept file whose Debian maintainers' `debian/copyright`
  (the last matching `Files:` paragraph, read by the small DEP-5 reader below) names a copyleft or
  non-commercial licence (GPL, LGPL, AGPL, MPL, EPL, CDDL, CC-BY-NC …), unless the file's own
  header is the FSF all-permissive notice (FSFAP/FSFUL/FSFULLR, which `Files: *` paragraphs lump
  with the GPL); plus, for every package, a kept file whose comments state a copyleft or
  non-commercial licence anywhere (the phrases below, written for this check), listed for reading.
- **permissive folder lost to an include stub**: a folder holding a licence page that only includes
  another file (`.. include::`, `{include}`) must not lose its files to `license:*`.

    nice -n 10 .venv/bin/python benchmarks/license_cases.py [--keep-output DIR]
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))

from archives import archive_files  # noqa: E402
from bench_paths import REGISTRY  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CACHE = REGISTRY / "license-cases"
SOURCES = Path("/etc/apt/sources.list.d/debian-src.sources")


@dataclass(frozen=True)
class Pin:
    source: str
    name: str
    version: str
    sha256: str
    """Of the upstream tarball (Debian's `.orig.tar.*`) or of the sdist."""


PINS = [
    Pin("debian", "zlib", "1:1.2.13.dfsg-1", "71feb7947e3c00ef125f83b79a4e529bde31171e5babe48b391f06758d1ab0a1"),
    Pin("debian", "jq", "1.6-2.1+deb12u2", "3ba940b97571c866923f0409678033d33b5a98758dfc174fad8397ed908bc4d9"),
    Pin("debian", "curl", "7.88.1-10+deb12u15", "cdb38b72e36bc5d33d5b8810f8018ece1baa29a8f215b4495e495ded82bbf3c7"),
    Pin("debian", "htop", "3.2.2-2", "3829c742a835a0426db41bb039d1b976420c21ec65e93b35cd9bfd2d57f44ac8"),
    Pin("pypi", "flask", "3.0.3", "ceb27b0af3823ea2737928a4d99d125a06175b8512c445cbd9a9ce200ef76842"),
    Pin("pypi", "black", "24.10.0", "846ea64c97afe3bc677b761787993be4991810ecc7a4a937816dd6bddedc4875"),
]
CONFIGS = ("default", "stack-v2")

# Debian short names (or SPDX ids) of copyleft and non-commercial licences, as debian/copyright writes them.
_RESTRICTIVE_NAME = re.compile(r"^(?:A?GPL|LGPL|MPL|EPL|CDDL|EUPL|CC-BY(?:-SA)?-NC|CC-BY-NC|CC-BY-SA|GFDL|OSL|CPL|SSPL|Sleepycat|Artistic-1)", re.I)
# The FSF all-permissive notices, as the autotools files carry them.
_FSF_ALL_PERMISSIVE = re.compile(
    r"copying\s+and\s+distribution\s+of\s+this\s+file,\s+with\s+or\s+without\s+modification,\s+are\s+permitted\s+in\s+any\s+medium"
    r"|free\s+software\s+foundation\s+gives\s+unlimited\s+permission\s+to\s+copy",
    re.I,
)
# A comment that states a copyleft or non-commercial licence (this check's own phrases).
_STATED_RESTRICTIVE = re.compile(
    r"(?:terms|under|covered\s+by|licen[cs]ed\s+under|released\s+under|distributed\s+under)\s+(?:the\s+)?(?:terms\s+of\s+(?:the\s+)?)?"
    r"(?:GNU\s+(?:Lesser\s+|Library\s+|Affero\s+)?General\s+Public\s+Licen[cs]e|[AL]?GPL|Mozilla\s+Public|Eclipse\s+Public)"
    r"|\bnon[- ]?commercial\s+(?:use|purposes?)",
    re.I,
)
_INCLUDE_STUB = re.compile(r"^\s*\.\.\s+(?:literal)?include::|\{(?:literal)?include\}", re.M)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _debian(pin: Pin) -> tuple[Path, str]:
    """(upstream tarball, debian/copyright text)."""
    folder = CACHE / f"{pin.name}_{pin.version.replace(':', '%3a')}"
    if not any(folder.glob("*.dsc")):
        folder.mkdir(parents=True, exist_ok=True)
        if not SOURCES.exists():
            binary = Path("/etc/apt/sources.list.d/debian.sources").read_text(encoding="utf-8")
            SOURCES.write_text(binary.replace("Types: deb", "Types: deb-src", 1), encoding="utf-8")
            subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "source", "--download-only", "-qq", f"{pin.name}={pin.version}"], cwd=folder, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    orig = next(path for path in sorted(folder.iterdir()) if ".orig." in path.name and not path.name.endswith(".asc"))
    if _sha256(orig) != pin.sha256:
        raise SystemExit(f"{orig.name}: sha256 differs from the pin")
    debian = next(path for path in sorted(folder.iterdir()) if ".debian.tar" in path.name)
    with tarfile.open(debian) as archive:
        handle = archive.extractfile("debian/copyright")
        copyright_text = handle.read().decode("utf-8", "replace") if handle else ""
    return orig, copyright_text


def _pypi(pin: Pin) -> Path:
    target = CACHE / f"{pin.name}-{pin.version}.tar.gz"
    if not target.exists() or _sha256(target) != pin.sha256:
        CACHE.mkdir(parents=True, exist_ok=True)
        index = f"https://pypi.org/pypi/{pin.name}/json"
        with urllib.request.urlopen(index, timeout=60) as response:
            releases = json.load(response)["releases"][pin.version]
        url = next(item["url"] for item in releases if item["packagetype"] == "sdist" and item["digests"]["sha256"] == pin.sha256)
        # A registry mirror may answer with addresses relative to the index page.
        with urllib.request.urlopen(urllib.parse.urljoin(index, url), timeout=120) as response:
            target.write_bytes(response.read())
    if _sha256(target) != pin.sha256:
        raise SystemExit(f"{target.name}: sha256 differs from the pin")
    return target


def dep5_rules(text: str) -> list[tuple[list[str], str]]:
    """(patterns, first licence line) of each `Files:` paragraph of a DEP-5 file, in order."""
    rules = []
    for paragraph in re.split(r"\n\s*\n", text):
        files = re.search(r"^Files:\s*((?:.+\n?)(?:[ \t]+.+\n?)*)", paragraph, re.M)
        licence = re.search(r"^License:\s*(.+)$", paragraph, re.M)
        if files and licence:
            rules.append((files.group(1).split(), licence.group(1).strip()))
    return rules


def dep5_licence(rules: list[tuple[list[str], str]], path: str) -> str:
    found = ""
    for patterns, licence in rules:
        if any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns):
            found = licence
    return found


def restrictive_debian_name(licence: str) -> bool:
    """True when every alternative of a DEP-5 licence line is copyleft or non-commercial."""
    alternatives = [part.strip() for part in re.split(r"\s+or\s+|\s*\|\s*", licence, flags=re.I) if part.strip()]
    return bool(alternatives) and all(
        any(_RESTRICTIVE_NAME.match(term.strip()) for term in re.split(r"\s+and\s+", alternative, flags=re.I))
        for alternative in alternatives
    )


def _run(dumps: Path, output: Path, config: str) -> list[dict]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
           "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": ""}
    subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(dumps), "--output", str(output), "--config", config,
                    "--workers", "1", "--overwrite", "--quiet"], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    rows: list[dict] = []
    for part in sorted((output / "provenance").glob("*.parquet")):
        rows += pq.read_table(part, columns=["repo_name", "path", "status", "reason", "license_expression"]).to_pylist()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-output", type=Path, help="keep the datasets here (default: a temporary folder)")
    args = parser.parse_args()
    work = args.keep_output or Path(tempfile.mkdtemp(prefix="license-cases-"))
    dumps = work / "dumps"
    shutil.rmtree(dumps, ignore_errors=True)
    dumps.mkdir(parents=True)
    contents: dict[str, dict[str, str]] = {}
    rules: dict[str, list[tuple[list[str], str]]] = {}
    for pin in PINS:
        if pin.source == "debian":
            tarball, copyright_text = _debian(pin)
            rules[f"{pin.source}/{pin.name}"] = dep5_rules(copyright_text)
        else:
            tarball = _pypi(pin)
        suffix = "".join(tarball.suffixes[-2:])
        shutil.copy(tarball, dumps / f"{pin.source}__{pin.name}{suffix}")
        contents[f"{pin.source}/{pin.name}"] = archive_files(tarball.read_bytes(), tarball.name)

    print("| package | config | files | kept | DEP-5 copyleft/NC kept | comment-stated copyleft/NC kept | include-stub folders: files kept / total |")
    print("|---|---|---|---|---|---|---|")
    failures: list[str] = []
    for config in CONFIGS:
        rows = _run(dumps, work / f"out-{config}", config)
        for pin in PINS:
            repo = f"{pin.source}/{pin.name}"
            mine = [row for row in rows if row["repo_name"] == repo and row["path"]]
            kept = [row for row in mine if row["status"] == "kept"]
            texts = contents[repo]
            dep5_bad = [row["path"] for row in kept if repo in rules and restrictive_debian_name(dep5_licence(rules[repo], row["path"]))
                        and not _FSF_ALL_PERMISSIVE.search(texts.get(row["path"], "")[:20_000])]
            stated = [row["path"] for row in kept if _STATED_RESTRICTIVE.search(texts.get(row["path"], ""))]
            stub_folders = {path.rsplit("/", 1)[0] for path, text in texts.items()
                            if "/" in path and re.search(r"(?:^|/)licen[cs]e[^/]*$", path, re.I) and len(text) < 600 and _INCLUDE_STUB.search(text)}
            in_stub = [row for row in mine if any(row["path"].startswith(folder + "/") for folder in stub_folders)]
            lost = [row["path"] for row in in_stub if (row["reason"] or "").startswith("license:")]
            print(f"| {pin.name} {pin.version} | {config} | {len(mine)} | {len(kept)} | {len(dep5_bad)} | {len(stated)} | "
                  f"{', '.join(sorted(stub_folders)) or '-'}: {len(in_stub) - len(lost)} / {len(in_stub)} |")
            for path in dep5_bad:
                failures.append(f"{config} {repo}: {path} kept, debian/copyright says {dep5_licence(rules[repo], path)}")
            for path in stated:
                print(f"    read: {config} {repo}: {path} kept, its comments state a copyleft/non-commercial licence")
            for path in lost:
                failures.append(f"{config} {repo}: {path} lost to the include stub of its folder")
    for line in failures:
        print("FAIL", line)
    print("all checks passed" if not failures else f"{len(failures)} failures")
    if not args.keep_output:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
