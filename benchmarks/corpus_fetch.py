"""Download the pinned benchmark packages from their registries into a shared cache, checked.

Why a separate module: fetching is the only part of the corpus builder that touches the network,
and it must never run package code.  Hence: Debian sources come through `apt-get source
--download-only` (apt checks the signed Sources index; we check the pinned sha256 again), PyPI
sdists through the JSON API and a plain HTTPS download checked against both the JSON's sha256 and
the pin (never `pip download`, which would run a build backend), npm tarballs from the registry's
`dist.tarball` checked against the pinned `dist.integrity` (sha512).  Every file lands as
NAME.part first and is renamed only once verified, so a killed run never leaves a bad cache entry.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from bench_paths import REGISTRY  # noqa: E402

CACHE = REGISTRY
DEB_SRC = Path("/etc/apt/sources.list.d/debian-src.sources")
DEB_BIN = Path("/etc/apt/sources.list.d/debian.sources")
TIMEOUT = 120


@dataclass(frozen=True)
class Package:
    """One pinned entry of corpus_packages.jsonl (its order is the corpus order)."""

    source: str  # debian | pypi | npm
    name: str
    version: str
    language: str  # the package's main language, for the composition table only
    files: tuple[tuple[str, str], ...]  # (file name, "sha256:HEX" or npm "sha512-BASE64")

    @property
    def dump(self) -> str:
        """Dump (and top folder) name: `debian__curl`, `npm__angular-core` ..."""
        return f"{self.source}__{self.name.lstrip('@').replace('/', '-')}"

    @property
    def commit(self) -> str:
        """A content identifier standing in for a commit: the primary archive's sha256 (40 hex)."""
        digest = self.files[0][1]
        if digest.startswith("sha256:"):
            return digest.removeprefix("sha256:")[:40]
        return base64.b64decode(digest.removeprefix("sha512-")).hex()[:40]

    @staticmethod
    def from_json(line: str) -> Package:
        raw = json.loads(line)
        return Package(raw["source"], raw["name"], raw["version"], raw["language"],
                       tuple((f["name"], f["digest"]) for f in raw["files"]))

    def to_json(self) -> str:
        return json.dumps({"source": self.source, "name": self.name, "version": self.version,
                           "language": self.language,
                           "files": [{"name": n, "digest": d} for n, d in self.files]})


def load_pins(path: Path) -> list[Package]:
    return [Package.from_json(line) for line in path.read_text().splitlines() if line.strip()]


def _digest_ok(path: Path, digest: str) -> bool:
    algorithm, _, expected = digest.partition(":") if digest.startswith("sha256:") else ("sha512", "", digest)
    hasher = hashlib.new(algorithm)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    if algorithm == "sha512":
        return "sha512-" + base64.b64encode(hasher.digest()).decode() == expected
    return hasher.hexdigest() == expected


def package_dir(package: Package) -> Path:
    return CACHE / package.source / f"{package.dump}_{package.version}"


def cached_files(package: Package) -> list[Path] | None:
    """The package's verified files in the cache, or None when any is missing."""
    paths = [package_dir(package) / name for name, _ in package.files]
    return paths if all(p.exists() for p in paths) else None


def _download(url: str, target: Path, digest: str) -> None:
    part = target.with_name(target.name + ".part")
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response, open(part, "wb") as out:
        shutil.copyfileobj(response, out, 1 << 20)
    if not _digest_ok(part, digest):
        part.unlink()
        raise ValueError(f"{target.name}: digest does not match the pin {digest}")
    part.rename(target)


def _json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        return json.load(response)


def ensure_deb_src() -> None:
    """A `deb-src` twin of every binary source stanza (same URIs and suites, the security suite
    included: some pinned versions are served only there), once per machine."""
    if DEB_SRC.exists() or not DEB_BIN.exists():
        return
    DEB_SRC.write_text(re.sub(r"(?m)^Types: deb$", "Types: deb-src", DEB_BIN.read_text(encoding="utf-8")),
                       encoding="utf-8")
    subprocess.run(["apt-get", "update", "-qq"], check=True)


def _fetch_debian(package: Package, folder: Path) -> None:
    """apt-get fetches every file the .dsc lists; a mirror lacking one that is not pinned (an
    upstream signature `.asc`, the Debian packaging) makes it exit non-zero, but the pinned
    upstream tarballs it did fetch are still good: their digests decide."""
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=".apt-") as scratch:
        done = subprocess.run(["apt-get", "source", "--download-only", "-qq", "-o", "APT::Sandbox::User=root",
                               f"{package.name}={package.version}"], cwd=scratch, capture_output=True, text=True)
        for name, digest in package.files:
            if not Path(scratch, name).exists():
                errors = [line for line in done.stderr.splitlines() if line.startswith("E:")]
                raise RuntimeError(f"{name} not fetched: {' '.join(errors)[:300]}")
            if not _digest_ok(Path(scratch, name), digest):
                raise ValueError(f"{name}: digest does not match the pin")
            Path(scratch, name).rename(folder / name)


def _fetch_pypi(package: Package, folder: Path) -> None:
    (name, digest), = package.files
    source = f"https://pypi.org/pypi/{package.name}/{package.version}/json"
    try:
        urls = _json(source)["urls"]
    except urllib.error.HTTPError:  # some mirrors serve only the project document
        source = f"https://pypi.org/pypi/{package.name}/json"
        urls = _json(source)["releases"][package.version]
    url, = (u for u in urls if u["filename"] == name)
    if "sha256:" + url["digests"]["sha256"] != digest:
        raise ValueError(f"{name}: PyPI lists another sha256 than the pin")
    _download(urllib.parse.urljoin(source, url["url"]), folder / name, digest)  # mirrors may list relative URLs


def _fetch_npm(package: Package, folder: Path) -> None:
    (name, digest), = package.files
    meta = _json(f"https://registry.npmjs.org/{package.name.replace('/', '%2F')}/{package.version}")
    if meta["dist"].get("integrity") != digest:
        raise ValueError(f"{package.name}: registry integrity differs from the pin")
    _download(meta["dist"]["tarball"], folder / name, digest)


def fetch(package: Package) -> list[Path]:
    """Cached, verified archive files of one package (downloading them when missing)."""
    found = cached_files(package)
    if found:
        return found
    folder = package_dir(package)
    folder.mkdir(parents=True, exist_ok=True)
    {"debian": _fetch_debian, "pypi": _fetch_pypi, "npm": _fetch_npm}[package.source](package, folder)
    found = cached_files(package)
    assert found, package
    return found


def pin(spec: str, language: str) -> Package:
    """Resolve `debian:NAME[=VERSION]`, `pypi:NAME==VERSION` or `npm:NAME@VERSION` into a pinned entry."""
    source, _, rest = spec.partition(":")
    if source == "debian":
        name, _, version = rest.partition("=")
        shown = subprocess.run(["apt-cache", "showsrc", "--only-source", name], capture_output=True,
                               text=True, check=True).stdout.split("\n\n")
        stanza = next(s for s in shown if s.strip() and (not version or f"\nVersion: {version}\n" in s))
        version = next(l.split(": ", 1)[1] for l in stanza.splitlines() if l.startswith("Version: "))
        block = stanza.split("Checksums-Sha256:\n", 1)[1]
        rows = [line.split() for line in itertools.takewhile(lambda l: l.startswith(" "), block.splitlines())]
        listed = [row[2] for row in rows]
        digests = {row[2]: row[0] for row in rows}
        archives = [f for f in listed if ".tar." in f and not f.endswith(".asc") and ".debian." not in f]
        origs = [f for f in archives if ".orig" in f] or archives  # native packages have no orig
        origs.sort(key=lambda f: (".orig.tar." not in f, f))  # the main orig first, then components
        files = [(f, "sha256:" + digests[f]) for f in origs]
        return Package("debian", name, version, language, tuple(files))
    if source == "pypi":
        name, _, version = rest.partition("==")
        meta = _json(f"https://pypi.org/pypi/{name}/{version}/json" if version else f"https://pypi.org/pypi/{name}/json")
        sdist, = (u for u in meta["urls"] if u["packagetype"] == "sdist")
        return Package("pypi", name, meta["info"]["version"], language,
                       ((sdist["filename"], "sha256:" + sdist["digests"]["sha256"]),))
    name, _, version = rest[1:].partition("@") if rest.startswith("@") else rest.partition("@")
    name = "@" + name if rest.startswith("@") else name
    meta = _json(f"https://registry.npmjs.org/{name.replace('/', '%2F')}/{version or 'latest'}")
    return Package("npm", name, meta["version"], language,
                   ((meta["dist"]["tarball"].rsplit("/", 1)[1], meta["dist"]["integrity"]),))
