"""Publishing a dataset directory: clear what codecurate owns, move shards into place, card, manifest last."""

from __future__ import annotations

import os

from apache_beam.io.filesystems import FileSystems

from pipeline.dataset.card import dataset_card
from pipeline.dataset.files import write_file
from pipeline.dataset.layout import TMP
from pipeline.dataset.manifest import CARD, MANIFEST, manifest_bytes
from pipeline.errors import UsageError

OWNED_PATHS = ("manifest.json", "README.md", "run.json", "report.html", "data", "provenance", "state", ".tmp")


def prepare_output(output: str, overwrite: bool) -> None:
    """Refuse to replace a dataset unless asked; then clear only what codecurate itself writes."""

    if FileSystems.exists(FileSystems.join(output, "manifest.json")) and not overwrite:
        raise UsageError(f"{output} already holds a dataset; pass --overwrite to replace it")
    stale = [FileSystems.join(output, name) for name in OWNED_PATHS]
    stale = [path for path in stale if FileSystems.exists(path)]
    if "://" in output:  # object stores have no folders: list the objects under each owned prefix
        for name in ("data", "provenance", "state", ".tmp"):
            found = FileSystems.match([FileSystems.join(output, name) + "/**"])[0].metadata_list
            stale += [metadata.path for metadata in found]
    if stale:
        FileSystems.delete(sorted(set(stale)))
    if "://" not in output:
        try:
            os.makedirs(output, exist_ok=True)
        except OSError as error:
            raise UsageError(f"cannot create output directory {output}: {error.strerror}") from None
        if not os.access(output, os.W_OK):
            raise UsageError(f"output directory {output} is not writable")



def publish(output: str, manifest: dict) -> None:
    """Move shards from `.tmp/` into place, then write the card and, last, the manifest."""
    sources, targets = [], []
    for group in manifest["shards"].values():
        for shard in group:
            sources.append(FileSystems.join(output, TMP, shard["path"]))
            targets.append(FileSystems.join(output, shard["path"]))
    for target in targets:
        parent = target.rsplit("/", 1)[0]
        if not FileSystems.exists(parent):
            try:
                FileSystems.mkdirs(parent)
            except OSError:
                pass
    if sources:
        FileSystems.rename(sources, targets)
    remove_staging(output)
    write_file(FileSystems.join(output, CARD), dataset_card(manifest).encode("utf-8"))
    write_file(FileSystems.join(output, MANIFEST), manifest_bytes(manifest))


def remove_staging(output: str) -> None:
    """Delete `.tmp/` and everything under it (staged contents are unredacted: never left behind).
    Object stores have no folders, so their objects under the prefix are listed and deleted."""
    tmp = FileSystems.join(output, TMP)
    if "://" in output:
        leftovers = [metadata.path for metadata in FileSystems.match([tmp + "/**"])[0].metadata_list]
        if leftovers:
            FileSystems.delete(leftovers)
    if FileSystems.exists(tmp):
        FileSystems.delete([tmp])
