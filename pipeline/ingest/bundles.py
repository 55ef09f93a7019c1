"""Sources → bundles: the unit of work the graph hands to a worker.

Many small repositories share one bundle (Beam's per-element cost is paid per bundle, not per
repository), a big one has its own, and a file table bigger than a bundle is split into parts that
different workers read (`table_parts.py`).  Bundles are cut at launch from the sorted source list,
the dumps' sizes on disk and tables' footers, never from the worker count, so the chunks they
stage, and so the published layout, are the same on every runner.
"""

from __future__ import annotations

import os
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


def balanced_order(bundles: list[SourceBundle], workers: int) -> list[tuple[int, SourceBundle]]:
    """Bundles keyed by the worker of Beam's local runner that reads them: largest first, each to
    the worker with the fewest bytes so far; keys arrive in order 0, 1, …, so key k is dealt to
    worker k.  For a few bundles of very different sizes (an update's new dumps) dealing in turn
    (`spread_order`) can leave one worker twice the other's bytes; here the most loaded worker
    holds no more than another plus the last bundle it was given.  Which worker reads a bundle
    changes nothing in the output."""
    loads = [0] * max(1, workers)
    keyed: list[tuple[int, SourceBundle]] = []
    for bundle in sorted(bundles, key=lambda bundle: (-bundle.size, bundle.key)):
        worker = min(range(len(loads)), key=lambda index: (loads[index], index))
        loads[worker] += bundle.size
        keyed.append((worker, bundle))
    return sorted(keyed, key=lambda item: item[0])
