"""Benchmark corpus of distinct real code, downloaded at run time from a pinned package list.

Why: a benchmark means something only if its data was not shaped by the code it measures.  The
corpus is made of upstream sources published by other people — Debian source packages (their
upstream `orig` tarballs), PyPI sdists and npm tarballs — listed with version and digest in
`benchmarks/corpus_packages.jsonl` (contents are never committed).  Each package becomes one
repository dump `SOURCE__NAME.tar.gz` (files under one top folder), described in `index.jsonl`.

Files kept in a dump: regular files of at most 1 MB that are UTF-8 text (no NUL byte); binaries,
larger files and other encodings are left out and counted, so the dumps and the file table the peers
read (`--table`) hold exactly the same files.

Subsets are nested: `--megabytes N` takes packages in the pinned order until N MB of file contents
(the last package may overshoot), so a 256 MB corpus is a prefix of the 1024 MB one and 1×/4×
runs compare like for like.  `--pad-to-gb G` is a separate, clearly labelled mode for memory
benchmarks only: after the distinct dumps it adds near-copies (`nearcopy__…`, each file with one
line removed) until G GB; never quote speed figures from it as "distinct code".

Deterministic: same pins ⇒ same bytes (sorted entries, fixed tar metadata, gzip mtime 0).

    python benchmarks/corpus.py --megabytes 256            # → benchmarks/.corpus/mb-256
    python benchmarks/corpus.py --megabytes 1024 --table   # + mb-1024.table/ (Parquet parts) for the peers
    python benchmarks/corpus.py --megabytes 20 --pad-to-gb 0.06   # labelled near-copies
    python benchmarks/corpus.py --pin debian:curl pypi:django npm:three --language C   # print pins
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import shutil
import sys
import tarfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_fetch import Package, ensure_deb_src, fetch, load_pins, pin  # noqa: E402

HERE = Path(__file__).resolve().parent
PINS = HERE / "corpus_packages.jsonl"
CORPUS = HERE / ".corpus"
DUMPS = CORPUS / "dumps"  # one built dump per package, hard-linked into every subset
MAX_FILE_BYTES = 1_000_000
LANGUAGES = {
    ".c": "C", ".h": "C", ".cc": "C++", ".cpp": "C++", ".cxx": "C++", ".hpp": "C++", ".hh": "C++",
    ".py": "Python", ".pyi": "Python", ".pyx": "Python", ".js": "JavaScript", ".mjs": "JavaScript",
    ".cjs": "JavaScript", ".jsx": "JavaScript", ".ts": "TypeScript", ".tsx": "TypeScript", ".mts": "TypeScript",
    ".cts": "TypeScript", ".go": "Go", ".rs": "Rust", ".java": "Java", ".rb": "Ruby",
}


def _open_archive(path: Path) -> Iterator[tuple[str, bytes | None]]:
    """(path inside the archive, bytes) of its regular files, in archive order; links skipped.
    Members far beyond the size limit come as None (never read into memory)."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.is_dir():
                    yield info.filename, archive.read(info) if info.file_size <= MAX_FILE_BYTES else None
        return
    with tarfile.open(path, mode="r:*") as archive:
        for member in archive:
            if member.isfile():
                handle = archive.extractfile(member)
                yield member.name, handle.read() if handle and member.size <= MAX_FILE_BYTES else None


def _strip_top(name: str) -> str:
    parts = [p for p in name.split("/") if p not in ("", ".")]
    return "/".join(parts[1:]) if len(parts) > 1 else (parts[0] if parts else "")


def _component(filename: str) -> str:
    """Debian multi-orig: `x_1.0.orig-vendor.tar.gz` unpacks into `vendor/`; the main orig into the root."""
    suffix = filename.split(".orig", 1)[1] if ".orig" in filename else ""
    return suffix[1:].split(".tar", 1)[0] + "/" if suffix.startswith("-") else ""


def _keep(relative: str, data: bytes | None) -> str | None:
    """None when the file belongs in the corpus, else the reason it is left out."""
    if not relative or "/.git/" in f"/{relative}" or ".." in relative.split("/"):
        return "path"
    if data is None or len(data) > MAX_FILE_BYTES:
        return "larger than 1 MB"
    if b"\0" in data[:8192]:
        return "binary"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8"
    return None


def package_files(package: Package, archives: list[Path]) -> tuple[dict[str, bytes], Counter]:
    files: dict[str, bytes] = {}
    skipped: Counter = Counter()
    for archive in archives:
        prefix = _component(archive.name)
        for name, data in _open_archive(archive):
            relative = prefix + _strip_top(name) if package.source != "npm" else _strip_top(name)
            reason = _keep(relative, data)
            if reason:
                skipped[reason] += 1
            elif relative not in files and data is not None:
                files[relative] = data
    return dict(sorted(files.items())), skipped


def write_dump(target: Path, top: str, files: dict[str, bytes]) -> None:
    """A deterministic `.tar.gz`: sorted entries under `top/`, zero mtime/owner, 0644, gzip mtime 0."""
    part = target.with_name(target.name + ".part")
    with open(part, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="", compresslevel=6) as gz:
        with tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as archive:
            for relative in sorted(files):
                info = tarfile.TarInfo(f"{top}/{relative}")
                info.size, info.mtime, info.mode, info.uname, info.gname = len(files[relative]), 0, 0o644, "", ""
                archive.addfile(info, io.BytesIO(files[relative]))
    part.rename(target)


def _languages(files: dict[str, bytes]) -> dict[str, int]:
    counts: Counter = Counter()
    for relative, data in files.items():
        counts[LANGUAGES.get(os.path.splitext(relative)[1].lower(), "other")] += len(data)
    return dict(sorted(counts.items()))


def build_dump(package: Package) -> dict:
    """Build (once) the package's dump under DUMPS and return its summary (cached beside it)."""
    target, summary_path = DUMPS / f"{package.dump}.tar.gz", DUMPS / f"{package.dump}.json"
    if target.exists() and summary_path.exists():
        summary = json.loads(summary_path.read_text())
        if summary["version"] == package.version:
            return summary
    files, skipped = package_files(package, fetch(package))
    write_dump(target, package.dump, files)
    summary = {"dump": target.name, "source": package.source, "name": package.name, "version": package.version,
               "language": package.language, "files": len(files), "bytes": sum(map(len, files.values())),
               "by_language": _languages(files), "skipped": dict(sorted(skipped.items())),
               "stored_bytes": target.stat().st_size}
    summary_path.write_text(json.dumps(summary, indent=1) + "\n")
    return summary


def _try_fetch(package: Package) -> str | None:
    try:
        fetch(package)
    except Exception as error:  # noqa: BLE001 - reported together below
        return f"{package.source}:{package.name}={package.version}: {error}"
    return None


def build_all(packages: list[Package], jobs: int, allow_missing: bool = False) -> list[dict]:
    """Download every package (threads: network-bound), then build dumps (processes: CPU-bound).

    A package that cannot be fetched stops the build (a missing one would shift every nested
    subset) unless `allow_missing`, which is for trying out candidate pins."""
    DUMPS.mkdir(parents=True, exist_ok=True)
    if any(p.source == "debian" for p in packages):
        ensure_deb_src()
    with ThreadPoolExecutor(8) as pool:
        failures = dict(zip((p.dump for p in packages), pool.map(_try_fetch, packages)))
    missing = [message for message in failures.values() if message]
    for message in missing:
        print(f"could not fetch {message}", file=sys.stderr)
    if missing and not allow_missing:
        raise SystemExit(f"{len(missing)} pinned packages could not be fetched")
    available = [p for p in packages if not failures[p.dump]]
    with ProcessPoolExecutor(jobs) as pool:
        return list(pool.map(build_dump, available))


def select(summaries: list[dict], megabytes: float | None) -> list[dict]:
    """The shortest prefix of the pinned order holding at least `megabytes` MB (all when None)."""
    chosen, total = [], 0
    for summary in summaries:
        if megabytes is not None and total >= megabytes * 1e6:
            break
        chosen.append(summary)
        total += summary["bytes"]
    return chosen


def near_copy(files: dict[str, bytes], copy: int) -> dict[str, bytes]:
    """Each file with one line removed (which line depends on path and copy): a labelled near-copy."""
    out = {}
    for relative, data in files.items():
        lines = data.split(b"\n")
        if len(lines) > 1:
            del lines[(zlib.crc32(relative.encode()) + copy) % len(lines)]
        out[relative] = b"\n".join(lines)
    return out


def _dump_files(path: Path) -> dict[str, bytes]:
    return {_strip_top(name): data for name, data in _open_archive(path) if data is not None}


def make_subset(summaries: list[dict], packages: dict[str, Package], output: Path, megabytes: float | None,
                pad_to_gb: float | None) -> dict:
    if output.exists():
        shutil.rmtree(output)
    output.mkdir(parents=True)
    chosen = select(summaries, megabytes)
    index, total, languages = [], 0, Counter()
    for summary in chosen:
        package = packages[summary["dump"]]
        try:
            os.link(DUMPS / summary["dump"], output / summary["dump"])
        except OSError:  # another filesystem: copy
            shutil.copyfile(DUMPS / summary["dump"], output / summary["dump"])
        index.append({"repo": f"{package.source}/{package.name}", "dump": summary["dump"],
                      "commit": package.commit, "ref": package.version})
        total += summary["bytes"]
        languages.update(summary["by_language"])
    distinct, padded, copy = total, 0, 0
    while pad_to_gb and total < pad_to_gb * 1e9:
        copy += 1
        for summary in chosen:
            if total >= pad_to_gb * 1e9:
                break
            stem = summary["dump"].removesuffix(".tar.gz").replace("__", "-")
            name = f"nearcopy__{stem}-{copy}"
            files = near_copy(_dump_files(DUMPS / summary["dump"]), copy)
            write_dump(output / f"{name}.tar.gz", name, files)
            index.append({"repo": f"nearcopy/{stem}-{copy}", "dump": f"{name}.tar.gz",
                          "commit": f"{packages[summary['dump']].commit[:32]}{copy:08x}", "ref": f"near-copy {copy}"})
            size = sum(map(len, files.values()))
            total, padded = total + size, padded + size
    (output / "index.jsonl").write_text("".join(json.dumps(e, sort_keys=True) + "\n" for e in index))
    meta = {"what": "distinct upstream sources from Debian, PyPI and npm (pins: benchmarks/corpus_packages.jsonl)"
                    + (", padded with labelled near-copies (nearcopy__*)" if padded else ""),
            "packages": len(chosen), "files": sum(s["files"] for s in chosen), "distinct_bytes": distinct,
            "near_copy_bytes": padded, "total_bytes": total, "by_language": dict(languages.most_common()),
            "stored_bytes": sum(p.stat().st_size for p in output.iterdir())}
    (output / ".corpus.json").write_text(json.dumps(meta, indent=1) + "\n")
    return meta


def write_table(corpus: Path, target: Path, part_bytes: float = 32e6) -> Path:
    """The corpus as a folder of Parquet parts (repo_name, path, content) for the peers: the very same
    files as the dumps.  Parts of ~`part_bytes` of content let file-sharded readers use every core."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    target.mkdir(parents=True, exist_ok=True)
    schema = pa.schema([("repo_name", pa.string()), ("path", pa.string()), ("content", pa.string())])
    rows: list[tuple[str, str, str]] = []
    size = part = 0

    def flush() -> None:
        nonlocal rows, size, part
        if rows:
            columns = {name: [row[i] for row in rows] for i, name in enumerate(schema.names)}
            pq.write_table(pa.table(columns, schema=schema), target / f"part-{part:05d}.parquet",
                           compression="zstd", row_group_size=1000)
            rows, size, part = [], 0, part + 1

    for line in (corpus / "index.jsonl").read_text().splitlines():
        entry = json.loads(line)
        for relative, data in _dump_files(corpus / entry["dump"]).items():
            rows.append((entry["repo"], relative, data.decode("utf-8")))
            size += len(data)
            if size >= part_bytes:
                flush()
    flush()
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=float, default=None, help="distinct MB (default: every pinned package)")
    parser.add_argument("--pad-to-gb", type=float, default=None, help="memory benchmarks only: add near-copies to G GB")
    parser.add_argument("--output", type=Path, default=None, help="default: benchmarks/.corpus/mb-N[-pad-G]")
    parser.add_argument("--table", action="store_true", help="also write OUTPUT.table/ (the same files as Parquet parts)")
    parser.add_argument("--jobs", type=int, default=2, help="processes building dumps")
    parser.add_argument("--pins", type=Path, default=PINS)
    parser.add_argument("--allow-missing", action="store_true", help="skip pins that cannot be fetched (trials)")
    parser.add_argument("--pin", nargs="+", default=None, help="print pinned entries for SOURCE:NAME specs and exit")
    parser.add_argument("--language", default="", help="with --pin: the packages' main language")
    args = parser.parse_args(argv)
    if args.pin:
        for spec in args.pin:
            print(pin(spec, args.language).to_json())
        return 0
    packages = load_pins(args.pins)
    summaries = build_all(packages, args.jobs, args.allow_missing)
    name = f"mb-{args.megabytes:g}" if args.megabytes else "all"
    output = args.output or CORPUS / (name + (f"-pad-{args.pad_to_gb:g}gb" if args.pad_to_gb else ""))
    meta = make_subset(summaries, {f"{p.dump}.tar.gz": p for p in packages}, output, args.megabytes, args.pad_to_gb)
    print(f"{output}: {meta['packages']} packages, {meta['files']:,} files, {meta['distinct_bytes'] / 1e6:,.1f} MB "
          f"distinct" + (f" + {meta['near_copy_bytes'] / 1e6:,.1f} MB near-copies" if meta["near_copy_bytes"] else "")
          + f"; {meta['stored_bytes'] / 1e6:,.1f} MB on disk; by language (MB): "
          + ", ".join(f"{k} {v / 1e6:.0f}" for k, v in meta["by_language"].items()))
    if args.table:
        print(f"table: {write_table(output, output.with_name(output.name + '.table'))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
