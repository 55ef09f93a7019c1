"""Publishing a dataset directory without ever destroying the version already in it.

`run`, `optout` and `update` stage every object a new version lists under `DIR/.tmp/`, by its
layout name (`data/python/part-00003.parquet`).  `publish` then:

1. checks that every object the new manifest lists is staged or already in place (nothing is
   touched before this holds);
2. renames each staged object to its published name, which carries its content hash
   (`layout.published_path`): never the name of an object the current manifest lists with other
   bytes, and an object unchanged since the current version is already in place, left alone;
3. writes the card, then the manifest, each to `.tmp/` first and renamed over the old one (the
   manifest's rename is the commit point: before it the old version is whole, after it the new);
4. removes what the new manifest does not list: the previous version's objects, its report page
   and run record, leftovers of interrupted publishes, and `.tmp/`.

An interruption at any point therefore leaves the old dataset or the new one complete; the
objects of the other version are leftovers (`leftovers`), which `verify` names without counting
them as problems and the next publish into the directory removes.
"""

from __future__ import annotations

import os

from apache_beam.io.filesystems import FileSystems

from pipeline.dataset.card import dataset_card
from pipeline.dataset.files import make_parent, write_file
from pipeline.dataset.layout import TMP, is_published_name, layout_path, published_path
from pipeline.dataset.manifest import CARD, MANIFEST, listed_objects, manifest_bytes
from pipeline.dataset.reader import DatasetReader
from pipeline.dataset.verify_files import dataset_objects
from pipeline.errors import UsageError

LEGACY_PATHS = ("data", "provenance")
"""Folders of a dataset written before objects were named by content; cleared only when no
manifest protects them."""
VERSION_COMPANIONS = ("report.html", "run.json")
"""Companions that describe one version: written after publishing, removed with the version."""


def prepare_output(output: str, overwrite: bool) -> None:
    """Refuse to replace a dataset unless asked.  The dataset in place is left whole: only the
    staging of an earlier interrupted run goes (it holds unredacted contents); when no manifest
    protects anything, leftovers of an interrupted first publish go too."""
    has_dataset = FileSystems.exists(FileSystems.join(output, MANIFEST))
    if has_dataset and not overwrite:
        raise UsageError(f"{output} already holds a dataset; pass --overwrite to replace it")
    remove_staging(output)
    if not has_dataset:
        stale = [FileSystems.join(output, name) for name in (*LEGACY_PATHS, CARD, *VERSION_COMPANIONS)]
        _delete([path for path in stale if FileSystems.exists(path)])
        _delete([FileSystems.join(output, name) for name in _objects(output) if is_published_name(name)])
    if "://" not in output:
        try:
            os.makedirs(output, exist_ok=True)
        except OSError as error:
            raise UsageError(f"cannot create output directory {output}: {error.strerror}") from None
        if not os.access(output, os.W_OK):
            raise UsageError(f"output directory {output} is not writable")


def publish(output: str, manifest: dict) -> dict:
    """Stage → published names, card, manifest last, then the previous version's objects removed.
    The manifest's entries are rewritten to their published paths (the returned manifest)."""
    previous = _current_listing(output)
    moves: list[tuple[str, str]] = []
    for entry in listed_objects(manifest):
        given, layout = entry["path"], layout_path(entry["path"])
        entry["path"] = published_path(layout, entry["sha256"])
        target = FileSystems.join(output, entry["path"])
        if _in_place(target, entry.get("bytes")):
            continue
        # Staged under its layout name (as `run` and `optout` stage), or under the path given.
        staged = next((path for path in (FileSystems.join(output, TMP, name) for name in dict.fromkeys((layout, given)))
                       if FileSystems.exists(path)), None)
        if staged is None:
            raise FileNotFoundError(f"{layout} was neither staged under {TMP}/ nor published in {output}")
        moves.append((staged, target))
    for staged, target in moves:
        make_parent(target)
        FileSystems.rename([staged], [target])
    _replace(output, CARD, dataset_card(manifest).encode("utf-8"))
    _replace(output, MANIFEST, manifest_bytes(manifest))
    listed = {entry["path"] for entry in listed_objects(manifest)}
    gone = [name for name in previous if name not in listed]
    gone += [name for name in leftovers(_objects(output), manifest) if not name.startswith(TMP + "/")]
    gone += list(VERSION_COMPANIONS)
    _delete([path for path in (FileSystems.join(output, name) for name in sorted(set(gone))) if FileSystems.exists(path)])
    remove_staging(output)
    return manifest


def stage_parent_object(parent: str, output: str, entry: dict) -> None:
    """Stage an object of the parent version, unchanged, for a new version at `output`: bytes
    untouched, or nothing at all when the output already holds it under its published name (a
    version written over its own location keeps the object in place)."""
    relative = layout_path(entry["path"])
    if FileSystems.exists(FileSystems.join(output, published_path(relative, entry["sha256"]))):
        return
    target = FileSystems.join(output, TMP, relative)
    make_parent(target)
    FileSystems.copy([FileSystems.join(parent, entry["path"])], [target])


def leftovers(objects: list[str], manifest: dict) -> list[str]:
    """Objects under a dataset that an interrupted run or publish left: anything under `.tmp/`,
    and objects with a published name (another version's) that this manifest does not list.
    Any other unlisted object was put there by hand, and `verify` fails on it."""
    listed = {entry["path"] for entry in listed_objects(manifest)}
    return [name for name in objects if name not in listed
            and (name.startswith(TMP + "/") or is_published_name(name))]


def remove_staging(output: str) -> None:
    """Delete `.tmp/` and everything under it (staged contents are unredacted: never left behind).
    Object stores have no folders, so their objects under the prefix are listed and deleted."""
    tmp = FileSystems.join(output, TMP)
    if "://" in output:
        found = [metadata.path for metadata in FileSystems.match([tmp + "/**"])[0].metadata_list]
        if found:
            FileSystems.delete(found)
    if FileSystems.exists(tmp):
        FileSystems.delete([tmp])


def _replace(output: str, name: str, data: bytes) -> None:
    """Write `name` beside the dataset in one step: to `.tmp/` first, then renamed over the old
    one (atomic on a local disk; an object store replaces an object whole)."""
    staged = FileSystems.join(output, TMP, "publish", name)
    write_file(staged, data)
    FileSystems.rename([staged], [FileSystems.join(output, name)])


def _current_listing(output: str) -> list[str]:
    """What the manifest in place lists (nothing when there is none or it is unreadable)."""
    try:
        return sorted({entry["path"] for entry in listed_objects(DatasetReader(output).manifest)})
    except (OSError, ValueError):
        return []


def _in_place(path: str, size: int | None) -> bool:
    """Already published under its content-named path (an object unchanged since that version)."""
    if size is None:
        return False
    found = FileSystems.match([path])[0].metadata_list if FileSystems.exists(path) else []
    return bool(found) and found[0].size_in_bytes == size


def _objects(output: str) -> list[str]:
    if "://" not in output and not os.path.isdir(output):
        return []
    return dataset_objects(output)


def _delete(paths: list[str]) -> None:
    if paths:
        FileSystems.delete(paths)
