"""`verify`'s checks of what surrounds the shards: every object under the dataset, the card's
data globs, and the config the manifest says the run used.

A dataset is read by globs (the card's `data/*/*.parquet` for `datasets.load_dataset`), so a file
the manifest does not list is published as surely as one it does: an extra Parquet file dropped
into `data/python/` would be loaded, unchecked.  The listing goes through Beam's FileSystems, so a
`gs://` dataset is listed object by object, as a reader's glob would see it.
"""

from __future__ import annotations

import hashlib
import re

import yaml
from apache_beam.io.filesystems import FileSystems

from pipeline.config import canonical_json
from pipeline.dataset.files import read_bytes
from pipeline.dataset.manifest import CARD, COMPANIONS, MANIFEST, listed_objects


def dataset_objects(dataset: str) -> list[str]:
    """Every file under the dataset, as a path relative to it ('/'-separated)."""
    root = dataset.rstrip("/")
    found = FileSystems.match([FileSystems.join(root, "**")])[0].metadata_list
    relative = []
    for metadata in found:
        path = metadata.path.replace("\\", "/")
        prefix = root.replace("\\", "/") + "/"
        relative.append(path[len(prefix):] if path.startswith(prefix) else path)
    return sorted(relative)


def check_objects(manifest: dict, objects: list[str], failures: list[str], leftovers: set[str]) -> None:
    """Each object must be a listed one, the manifest, one of its named companions, or a leftover
    of an interrupted publish (named apart by `verify`)."""
    shards = {entry["path"] for entry in listed_objects(manifest)}
    companions = set(manifest.get("companions", COMPANIONS))
    for name in objects:
        if name not in shards and name not in companions and name != MANIFEST and name not in leftovers:
            failures.append(f"{name}: not accounted for by the manifest (a file published unchecked)")
    if CARD not in objects:
        failures.append(f"{CARD}: the dataset card is missing")


def glob_regex(pattern: str) -> re.Pattern:
    """A data_files glob as Hugging Face's fsspec applies it: `*` within one folder, `**` across."""
    parts = re.split(r"(\*\*/?|\*|\?)", pattern)
    out = []
    for part in parts:
        if part in ("**", "**/"):
            out.append(".*")
        elif part == "*":
            out.append("[^/]*")
        elif part == "?":
            out.append("[^/]")
        else:
            out.append(re.escape(part))
    return re.compile("".join(out) + r"\Z")


def card_globs(card: str) -> list[str]:
    """Every `data_files` path in the card's YAML header."""
    if not card.startswith("---\n"):
        return []
    header = yaml.safe_load(card[4:].split("\n---", 1)[0]) or {}
    globs = []
    for config in header.get("configs", []) or []:
        files = config.get("data_files", [])
        for entry in files if isinstance(files, list) else [files]:
            paths = entry.get("path", []) if isinstance(entry, dict) else entry
            globs += [paths] if isinstance(paths, str) else list(paths)
    return globs


def check_card(dataset: str, manifest: dict, objects: list[str], failures: list[str], leftovers: set[str]) -> None:
    """The card's globs must reach only listed data shards (or leftovers of an interrupted
    publish, which `verify` names), and together every one of them."""
    try:
        card = read_bytes(FileSystems.join(dataset, CARD)).decode("utf-8")
        globs = card_globs(card)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return  # a missing card is reported by check_objects; an unreadable one below
    data = {shard["path"] for shard in manifest["shards"]["data"]}
    if not globs:
        failures.append(f"{CARD}: no data_files globs in the card's header")
        return
    reached: set[str] = set()
    for pattern in globs:
        matched = {name for name in objects if glob_regex(pattern).match(name)}
        for name in sorted(matched - data - leftovers):
            failures.append(f"{CARD}: data glob {pattern} reaches {name}, which is not a listed data shard")
        reached |= matched
    for name in sorted(data - reached):
        failures.append(f"{CARD}: no data glob reaches the listed shard {name}")


def check_config(manifest: dict, failures: list[str]) -> None:
    """The resolved config must be the one whose sha256 the run recorded."""
    actual = hashlib.sha256(canonical_json(manifest.get("config")).encode("utf-8")).hexdigest()
    if actual != manifest.get("config_sha256"):
        failures.append(f"{MANIFEST}: config does not match config_sha256 (recorded {manifest.get('config_sha256')}, "
                        f"the config now hashes to {actual}): it was edited after the run")
