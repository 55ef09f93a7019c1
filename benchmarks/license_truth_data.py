"""Download and read the packages of the file-read licence benchmark (no code under test here).

Why a module of its own: the labelling reader (`license_truth_read.py`) and the scorer
(`license_truth.py`) must see exactly the same files, and the reader must not import `licenses/`
(truth is never produced by the code under test). Archives come from the registries only: npm
tarballs from the registry's `dist.tarball`, PyPI sdists from the JSON API's URL, Debian upstream
tarballs through `apt-get source --download-only NAME=VERSION` (apt checks the signed Sources index);
every archive is checked against the sha256 pinned in `license_truth_labels.tsv`. Nothing is built
or run: archives are read with tarfile/zipfile in memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from archives import archive_files, tar_members
from bench_paths import REGISTRY
from corpus_fetch import ensure_deb_src

HERE = Path(__file__).resolve().parent
LABELS = HERE / "license_truth_labels.tsv"
COLUMNS = ("ecosystem", "name", "version", "file", "sha256", "label_expression", "label_type", "files", "reason", "code_folder")
"""`code_folder`: where the package's own code sits when it is not the archive's root (lmdb keeps
everything under libraries/liblmdb/); the scorer decides a header-less file there."""
LABEL_TYPES = ("permissive", "non_permissive", "no_license")


@dataclass(frozen=True)
class Entry:
    """One pinned package: where it comes from and which archive (sha256) was read."""

    ecosystem: str  # npm | pypi | debian
    name: str
    version: str
    file: str
    sha256: str


@dataclass(frozen=True)
class Label:
    """What a reader of the package's files concluded, and on which files and why."""

    entry: Entry
    expression: str  # SPDX expression of the package's own code, or NONE
    label_type: str  # permissive | non_permissive | no_license
    files: str
    reason: str
    code_folder: str = ""


def load_labels(path: Path = LABELS) -> list[Label]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    if tuple(header[: len(COLUMNS)]) != COLUMNS:
        raise ValueError(f"{path}: unexpected columns {header}")
    labels = []
    for line in lines[1:]:
        if not line.strip():
            continue
        cells = line.split("\t")
        entry = Entry(*cells[:5])
        label = Label(entry, cells[5], cells[6], cells[7], cells[8], cells[9] if len(cells) > 9 else "")
        if label.label_type not in LABEL_TYPES:
            raise ValueError(f"{entry.name}: label_type {label.label_type!r}")
        labels.append(label)
    return labels


def _get(url: str, timeout: float = 120.0) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "codecurate-benchmark"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


def debian_folder(name: str, version: str) -> Path:
    """The same folder `license_debian.py` uses, so the two benchmarks share downloads."""
    return REGISTRY / "debian-src" / f"{name}_{version.replace(':', '%3a')}"


def archive_path(entry: Entry) -> Path:
    if entry.ecosystem == "debian":
        return debian_folder(entry.name, entry.version) / entry.file
    return REGISTRY / entry.ecosystem / entry.file


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + f".{os.getpid()}.part")
    part.write_bytes(data)
    part.replace(path)


def _download_debian(entry: Entry) -> None:
    """apt-get fetches all files of the .dsc; a missing debian.tar on the mirror is tolerated as
    long as the pinned upstream tarball arrived (its digest decides)."""
    ensure_deb_src()
    folder = debian_folder(entry.name, entry.version)
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["apt-get", "source", "--download-only", "-qq", f"{entry.name}={entry.version}"], cwd=folder,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def fetch(entry: Entry) -> Path:
    """The pinned archive in the cache (downloaded when missing), checked against its sha256."""
    path = archive_path(entry)
    if not path.exists():
        if entry.ecosystem == "npm":
            quoted = urllib.parse.quote(entry.name, safe="@")
            doc = json.loads(_get(f"https://registry.npmjs.org/{quoted}/{entry.version}"))
            _write_atomic(path, _get(doc["dist"]["tarball"]))
        elif entry.ecosystem == "pypi":
            base = f"https://pypi.org/pypi/{entry.name}/json"
            releases = json.loads(_get(base))["releases"].get(entry.version, [])
            url = next(item["url"] for item in releases if item["filename"] == entry.file)
            _write_atomic(path, _get(urllib.parse.urljoin(base, url)))
        elif entry.ecosystem == "debian":
            _download_debian(entry)
        else:
            raise ValueError(f"unknown ecosystem {entry.ecosystem}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != entry.sha256:
        raise ValueError(f"sha256 mismatch for {entry.ecosystem}:{entry.name}@{entry.version}: {digest}")
    return path


def package_files(path: Path) -> dict[str, str]:
    """Text of every file (≤ 1 MB) of an archive, keyed by its path inside the package."""
    return archive_files(path.read_bytes(), path.name)


def debian_copyright(entry: Entry) -> str:
    """`debian/copyright` from the package's debian.tar ("" when the mirror did not serve one)."""
    folder = debian_folder(entry.name, entry.version)
    for path in sorted(folder.glob("*.debian.tar.*")):
        return tar_members(path.read_bytes()).get("debian/copyright", "")
    return ""
