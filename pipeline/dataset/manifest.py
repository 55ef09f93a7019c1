"""manifest.json: what the dataset is, how it was made, and every shard's checksum.

Deterministic by construction (sorted keys, no wall-clock times, content fingerprints instead of
paths or mtimes), so that the same inputs and config give the same bytes on every runner.
"""

from __future__ import annotations

import hashlib
import json

from apache_beam.io.filesystems import FileSystems

from pipeline import __version__
from pipeline.config import Config, canonical_json
from pipeline.dataset.files import read_bytes
from pipeline.dataset.layout import ShardInfo

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CARD = "README.md"
COMPANIONS = (CARD, "report.html", "run.json")
"""Files beside the shards that belong to the dataset: the card (always), `codecurate report`'s
page and the run record (when written).  `verify` fails on any other file under the dataset."""


def manifest_bytes(manifest: dict) -> bytes:
    return (json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def build_manifest(config: Config, sources: list[str], optout_sha256: str, optout_entries: int,
                   stats: dict, repositories: int, shards: list[ShardInfo],
                   parent: str | None = None, change: dict | None = None, stages: list[dict] | None = None,
                   skipped: list[str] | None = None) -> dict:
    data = sorted((s for s in shards if s.kind == "data"), key=lambda s: s.path)
    provenance = sorted((s for s in shards if s.kind == "provenance"), key=lambda s: s.path)
    attribution = sorted((s for s in shards if s.kind == "attribution"), key=lambda s: s.path)
    # What `update` reads instead of recomputing (`pipeline/snapshot/state.py`): listed and
    # checksummed like the shards; absent from datasets made before it existed.
    state = sorted((s for s in shards if s.kind == "state"), key=lambda s: s.path)
    counts = dict(stats)
    fingerprint = counts.pop("fingerprint", "")
    counts["repositories"] = repositories
    return {
        "format_version": FORMAT_VERSION,
        "codecurate_version": __version__,
        "dataset": {"name": config.dataset.name, "version": config.dataset.version},
        "parent": parent,
        "change": change,
        "config": config.resolved(),
        "config_sha256": config.sha256(),
        "stages": stages or [],
        "inputs": {"sources": sorted(sources), "fingerprint": fingerprint, "skipped": sorted(skipped or [])},
        "optout": {"sha256": optout_sha256, "entries": optout_entries} if optout_entries else None,
        "counts": counts,
        "companions": list(COMPANIONS),
        "shards": {"data": [s.as_json() for s in data], "provenance": [s.as_json() for s in provenance],
                   # The licence texts and notices that travel with the data (`pipeline/attribution.py`).
                   "attribution": [s.as_json() for s in attribution],
                   **({"state": [s.as_json() for s in state]} if state else {})},
    }


def listed_objects(manifest: dict) -> list[dict]:
    """Every object the manifest lists, whatever section holds it (data and provenance shards today;
    stored state or attribution tables alike): each entry that names a `path` and its `sha256`.
    Publishing, cleaning and `verify` work over this list, never over one folder."""
    found: list[dict] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("path"), str) and isinstance(value.get("sha256"), str):
                found.append(value)
                return
            for key in sorted(value):
                if key != "config":
                    walk(value[key])
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(manifest)
    return found


def dataset_digest(manifest: dict) -> str:
    """One value a publisher can quote: sha256 over the manifest's shard list (every shard's path,
    rows, bytes and sha256), so it pins every published byte of data, provenance and attribution."""
    return hashlib.sha256(canonical_json(manifest["shards"]).encode("utf-8")).hexdigest()


def read_manifest(dataset: str) -> dict:
    """The manifest of a dataset (OSError when absent, ValueError when unreadable); what every
    tool reads first, so it needs nothing but the file (`DatasetReader` builds on it)."""
    return json.loads(read_bytes(FileSystems.join(dataset, MANIFEST)).decode("utf-8"))
