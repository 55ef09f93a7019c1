"""Generate a benchmark corpus of real-code repository dumps from the installed Python packages.

Each top-level package under site-packages becomes one repository (`pypi__NAME`), with its source
files and the licence files of its `.dist-info`: real code in real proportions (Python, C, C++,
JS, Markdown, JSON ...) under real licences, without any network.  Dumps alternate between
`.tar.gz` archives and plain directories, the two commonest input kinds.  Scale N asks for
N × 50 MB of source; when the packages run out, "forks" follow (`forkK__NAME`, every file with K
extra trailing newlines): new exact hashes, but near-duplicates of the originals, as forks are.

Deterministic: same site-packages and scale ⇒ same bytes (sorted walks, fixed tar/gzip metadata).

    python benchmarks/make_corpus.py --scale 1      # → benchmarks/.corpus/scale-1
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import shutil
import sys
import sysconfig
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

UNIT_BYTES = 50_000_000
MAX_FILE_BYTES = 1_000_000
SOURCE_SUFFIXES = frozenset({
    ".py", ".pyi", ".pyx", ".pxd", ".c", ".h", ".cc", ".cpp", ".hpp", ".js", ".ts", ".go", ".rs",
    ".java", ".sh", ".md", ".rst", ".txt", ".toml", ".cfg", ".ini", ".yaml", ".yml", ".json", ".html",
    ".css", ".sql", ".proto",
})
LICENSE_PREFIXES = ("license", "licence", "copying", "notice", "authors")


@dataclass(frozen=True)
class Repository:
    name: str
    files: tuple[tuple[str, Path], ...]
    """(path inside the repository, file on disk), sorted by path."""


def _is_source(path: Path) -> bool:
    return path.suffix.lower() in SOURCE_SUFFIXES or path.name.lower().startswith(LICENSE_PREFIXES)


def _walk(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = Path(folder, name)
            if not path.is_symlink() and _is_source(path) and path.stat().st_size <= MAX_FILE_BYTES:
                yield path


def _licence_files(site: Path, package: str) -> list[tuple[str, Path]]:
    """Licence files of the distribution whose name matches the package (wheel metadata)."""
    wanted = package.lower().replace("-", "_")
    found: list[tuple[str, Path]] = []
    for info in sorted(site.glob("*.dist-info")):
        if info.name.split("-", 1)[0].lower().replace("-", "_") != wanted:
            continue
        for path in _walk(info):
            if path.name.lower().startswith(LICENSE_PREFIXES):
                found.append((path.relative_to(info).as_posix().removeprefix("licenses/"), path))
    return found


def repositories(site: Path) -> list[Repository]:
    repos = []
    for entry in sorted(site.iterdir()):
        if not entry.is_dir() or entry.is_symlink() or entry.name.startswith(("_", ".")) or "." in entry.name:
            continue
        files = [(f"{entry.name}/{p.relative_to(entry).as_posix()}", p) for p in _walk(entry)]
        if not files:
            continue
        files += _licence_files(site, entry.name)
        repos.append(Repository(entry.name, tuple(sorted(dict(files).items()))))
    return repos


def _contents(repo: Repository, fork: int) -> Iterator[tuple[str, bytes]]:
    for relative, path in repo.files:
        yield relative, path.read_bytes() + b"\n" * fork


def _write_tar_gz(target: Path, files: Iterator[tuple[str, bytes]]) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for relative, data in files:
            info = tarfile.TarInfo(f"{target.name.removesuffix('.tar.gz')}/{relative}")
            info.size, info.mtime, info.mode, info.uname, info.gname = len(data), 0, 0o644, "", ""
            archive.addfile(info, io.BytesIO(data))
    with open(target, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as packed:
        packed.write(buffer.getvalue())


def _write_directory(target: Path, files: Iterator[tuple[str, bytes]]) -> None:
    for relative, data in files:
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def make_corpus(site: Path, output: Path, scale: int) -> dict[str, float]:
    if output.exists():
        shutil.rmtree(output)
    output.mkdir(parents=True)
    repos = repositories(site)
    target = scale * UNIT_BYTES
    written = source = archived_source = archived = dumps = files = 0
    fork = 0
    while source < target:
        for repo in repos:
            if source >= target:
                break
            owner = f"fork{fork}" if fork else "pypi"
            stem = f"{owner}__{repo.name}"
            size = sum(len(data) for _, data in _contents(repo, fork))
            if dumps % 2 == 0:
                path = output / f"{stem}.tar.gz"
                _write_tar_gz(path, _contents(repo, fork))
                archived_source += size
                archived += path.stat().st_size
                written += path.stat().st_size
            else:
                _write_directory(output / stem, _contents(repo, fork))
                written += size
            source += size
            files += len(repo.files)
            dumps += 1
        fork += 1
    return {"dumps": dumps, "files": files, "source_mb": source / 1e6, "stored_mb": written / 1e6,
            "archive_expansion": archived_source / max(archived, 1), "forks": fork - 1}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="N × 50 MB of source (1, 4, 8 ...)")
    parser.add_argument("--site-packages", type=Path, default=Path(sysconfig.get_paths()["purelib"]))
    parser.add_argument("--output", type=Path, default=None, help="default: benchmarks/.corpus/scale-N")
    args = parser.parse_args(argv)
    output = args.output or Path(__file__).resolve().parent / ".corpus" / f"scale-{args.scale}"
    summary = make_corpus(args.site_packages, output, args.scale)
    print(f"{output}: {summary['dumps']} dumps, {summary['files']:,} files, {summary['source_mb']:,.1f} MB of "
          f"source ({summary['stored_mb']:,.1f} MB stored; .tar.gz expand ×{summary['archive_expansion']:.2f}; "
          f"{summary['forks']} fork rounds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
