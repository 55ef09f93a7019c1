"""manifest.json: what the dataset is, how it was made, and every shard's checksum.

Deterministic by construction (sorted keys, no wall-clock times, content fingerprints instead of
paths or mtimes), so that the same inputs and config give the same bytes on every runner.
"""

from __future__ import annotations

import hashlib
import json

from pipeline import __version__
from pipeline.config import Config, canonical_json
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
                   **({"state": [s.as_json() for s in state]} if state else {})},
    }


def dataset_digest(manifest: dict) -> str:
    """One value a publisher can quote: sha256 over the manifest's shard list (every shard's path,
    rows, bytes and sha256), so it pins every published byte of data and provenance."""
    return hashlib.sha256(canonical_json(manifest["shards"]).encode("utf-8")).hexdigest()


def read_manifest(dataset: str) -> dict:
    from pipeline.dataset.reader import DatasetReader

    return DatasetReader(dataset).manifest
