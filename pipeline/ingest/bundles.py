"""Sources → bundles: the unit of work the graph hands to a worker.

Many small repositories share one bundle (Beam's per-element cost is paid per bundle, not per
repository), a big one has its own, and a file table bigger than a bundle is split into parts that
different workers read (`table_parts.py`).  Bundles are cut at launch from the sorted source list,
the dumps' sizes on disk and tables' footers, never from the worker count, so the chunks they
stage, and so the published layout, are the same on every runner.
"""

from __future__ import annotations

import os
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from apache_beam.io.filesystems import FileSystems

from pipeline.ingest.table_parts import TablePart, split_table
from pipeline.records import RepoSource


@dataclass(frozen=True, slots=True)
class SourceBundle:
    key: str
    """Orders the bundle's chunks in the published layout: `<index>:<first repository>`."""
    sources: tuple[RepoSource | TablePart, ...]
    """Whole sources, or parts of big tables (`kind == "table"` for both kinds of table)."""
    size: int = 0
    """Bytes on disk: how work is spread over workers (`spread_order`)."""


def dump_size(source: RepoSource) -> int:
    """Bytes of the dump on disk (a directory or bare git repository: the sum of its files)."""
    location = source.location
    if "://" not in location and os.path.isdir(location):
        return _local_tree_size(location)
    try:
        found = FileSystems.match([location])[0].metadata_list
    except Exception:  # noqa: BLE001 - an unreadable dump is reported by ingest, not here
        return 0
    if found:
        return sum(metadata.size_in_bytes for metadata in found)
    found = FileSystems.match([location.rstrip("/") + "/**"])[0].metadata_list
    return sum(metadata.size_in_bytes for metadata in found)


COMPRESSION = 4
"""Bytes of contents per byte on disk assumed for a compressed dump whose contents are not
listed cheaply (code in .tar.gz: ~4; the 1 GB benchmark corpus: 4.3–7.1 per dump)."""


def work_size(source: RepoSource | TablePart, on_disk: int) -> int:
    """What reading and curating a dump costs, as bytes of the archive it unpacks to: a gzipped
    tar's own trailer (ISIZE, the uncompressed size modulo 2^32: headers included, so the file
    count weighs too), a zip's listed sizes, a folder's or plain tar's bytes, else `COMPRESSION`×
    `on_disk`.  On the 1 GB benchmark's seven new dumps curate CPU was 0.066–0.096 s per MB of
    this (npm/less 0.033) against 0.28–0.59 s per MB on disk: the work estimate an update deals
    its few dumps by (`balanced_order`).  Read from the first and last bytes only; a dump it
    cannot read counts as `on_disk`."""
    if source.kind in ("table", "directory"):
        return on_disk
    location = source.location
    lower = location.lower().rstrip("/")
    if source.kind == "tar" and lower.endswith(".tar"):
        return on_disk
    try:
        if "://" in location or not os.path.isfile(location):
            pass
        elif source.kind == "tar" and lower.endswith((".tar.gz", ".tgz")):
            with open(location, "rb") as dump:
                if dump.read(2) == b"\x1f\x8b":
                    dump.seek(-4, os.SEEK_END)
                    size = struct.unpack("<I", dump.read(4))[0]
                    while size < on_disk:  # ISIZE wraps at 4 GiB: the smallest size the dump could unpack to
                        size += 1 << 32
                    return size
        elif source.kind == "zip":
            with zipfile.ZipFile(location) as archive:
                return sum(info.file_size for info in archive.infolist()) or on_disk
    except (OSError, ValueError, struct.error, zipfile.BadZipFile):
        return on_disk
    return COMPRESSION * on_disk


def _local_tree_size(root: str) -> int:
    """Sum of file sizes under a local folder, never following links; an explicit stack, because
    os.walk recurses once per level (Python 3.11) and a hostile dump nests thousands deep."""
    total, folders = 0, [root]
    while folders:
        try:
            with os.scandir(folders.pop()) as listing:
                for item in listing:
                    if item.is_dir(follow_symlinks=False):
                        folders.append(item.path)
                    elif item.is_file(follow_symlinks=False):
                        total += item.stat(follow_symlinks=False).st_size
        except OSError:
            continue
    return total


def _pieces(sources: list[RepoSource], bundle_bytes: int) -> list[tuple[RepoSource | TablePart, int]]:
    """Every source with its size, a big table replaced by its parts (in table order)."""
    pieces: list[tuple[RepoSource | TablePart, int]] = []
    for source in sources:
        size = dump_size(source)
        parts = split_table(source, size, bundle_bytes) if source.kind == "table" else None
        pieces.extend([(part, part.size) for part in parts] if parts else [(source, size)])
    return pieces


def bundle_sources(sources: list[RepoSource], bundle_bytes: int) -> list[SourceBundle]:
    """Consecutive sources and table parts (in the given, stable order) up to `bundle_bytes` on disk
    per bundle."""
    bundles: list[SourceBundle] = []
    current: list[RepoSource | TablePart] = []
    size = 0

    def close() -> None:
        nonlocal current, size
        if current:
            name = current[0].repo_name or os.path.basename(current[0].location.rstrip("/"))
            bundles.append(SourceBundle(f"{len(bundles):06d}:{name}", tuple(current), size))
        current, size = [], 0

    for source, source_size in _pieces(sources, bundle_bytes):
        if current and size + source_size > bundle_bytes:
            close()
        current.append(source)
        size += source_size
    close()
    return bundles


def spread_order(bundles: list[SourceBundle]) -> list[tuple[int, SourceBundle]]:
    """Bundles keyed largest first.  Beam's local runner deals a stage's keys to its workers in
    turn, in the order they arrived; dealt largest first, no worker gets more than the largest
    bundle beyond another's share (dealt at random, 7 % more than an even share was the median and
    16 % the 90th percentile for the 1 GB benchmark corpus on 2 workers).  Which worker reads a
    bundle changes nothing in the output."""
    ordered = sorted(bundles, key=lambda bundle: (-bundle.size, bundle.key))
    return list(enumerate(ordered))


def balanced_order(bundles: list[SourceBundle], workers: int,
                   weight: Callable[[SourceBundle], int] | None = None) -> list[tuple[int, SourceBundle]]:
    """Bundles keyed by the worker of Beam's local runner that reads them: largest first, each to
    the worker with the fewest bytes so far; keys arrive in order 0, 1, …, so key k is dealt to
    worker k.  For a few bundles of very different sizes (an update's new dumps) dealing in turn
    (`spread_order`) can leave one worker twice the other's bytes; here the most loaded worker
    holds no more than another plus the last bundle it was given.  Which worker reads a bundle
    changes nothing in the output.  `weight` (default: bytes on disk) is what is balanced."""
    weigh = weight or (lambda bundle: bundle.size)
    weights = {bundle.key: weigh(bundle) for bundle in bundles}
    loads = [0] * max(1, workers)
    keyed: list[tuple[int, SourceBundle]] = []
    for bundle in sorted(bundles, key=lambda bundle: (-weights[bundle.key], bundle.key)):
        worker = min(range(len(loads)), key=lambda index: (loads[index], index))
        loads[worker] += weights[bundle.key]
        keyed.append((worker, bundle))
    return sorted(keyed, key=lambda item: item[0])
