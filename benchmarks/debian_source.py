"""Debian source packages for the PII label sets: pin and fetch the upstream tarball, nothing else.

`apt-get source --download-only NAME=VERSION` (from this machine's `deb-src` entries) fetches a source
package into a cache folder; only its upstream tarball (`NAME_UPVER.orig.tar.*`, or the `.tar.*` of a
native package) is used, checked against the pinned sha256 on every read. The Debian packaging
(`.debian.tar.*`, and any `debian/` path inside the tarball) is left out by the reader (`upstream`).
Nothing is extracted, built or run. This module imports nothing of the code under test.

A pin takes the sha256 the signed Sources index lists for the tarball (`apt-cache showsrc`) and checks
the downloaded file against it.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

_TARBALL = re.compile(r"\.(?:orig\.)?tar\.(?:gz|xz|bz2|lzma|zst)$")


def folder_for(cache: Path, name: str, version: str) -> Path:
    return cache / f"{name}_{version.replace(':', '%3a')}"


def is_upstream_tarball(filename: str) -> bool:
    """The upstream tarball of a source package: `.orig.tar.*` (not an `.orig-COMPONENT` one), or the
    single `.tar.*` of a native package; never the `.debian.tar.*` packaging."""
    return bool(_TARBALL.search(filename)) and ".debian.tar." not in filename and ".orig-" not in filename


def listed_tarball(name: str, version: str) -> tuple[str, str]:
    """(filename, sha256) of the upstream tarball as the Sources index lists it for NAME=VERSION."""
    out = subprocess.run(["apt-cache", "showsrc", name], check=True, capture_output=True, text=True).stdout
    for stanza in out.split("\n\n"):
        if not re.search(rf"(?m)^Package: {re.escape(name)}$", stanza) or \
                not re.search(rf"(?m)^Version: {re.escape(version)}$", stanza):
            continue
        block = stanza.split("Checksums-Sha256:", 1)[1] if "Checksums-Sha256:" in stanza else ""
        for line in block.splitlines()[1:]:
            if not line.startswith(" "):
                break
            digest, _, filename = line.split()
            if is_upstream_tarball(filename):
                return filename, digest
    raise ValueError(f"{name}={version}: no upstream tarball in the Sources index")


def download(cache: Path, name: str, version: str, filename: str, sha256: str) -> bytes:
    """The upstream tarball's bytes, fetched into the cache once, checked against the pin."""
    folder = folder_for(cache, name, version)
    path = folder / filename
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        try:
            subprocess.run(["apt-get", "source", "--download-only", "-qq", f"{name}={version}"], cwd=folder,
                           check=True, stdout=subprocess.DEVNULL)
        except subprocess.CalledProcessError:
            if not path.exists():  # a mirror may lack the debian.tar; the upstream tarball is what counts
                raise
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ValueError(f"sha256 mismatch for {name}={version} ({filename})")
    return data


def upstream(path: str) -> bool:
    """A tarball member that is upstream code: not under `debian/` (below the archive's top folder)."""
    inner = path.split("/", 1)[1] if "/" in path else path
    return not (inner == "debian" or inner.startswith("debian/"))
