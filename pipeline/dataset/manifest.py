"""manifest.json: what the dataset is, how it was made, and every shard's checksum.

Deterministic by construction (sorted keys, no wall-clock times, content fingerprints instead of
paths or mtimes), so that the same inputs and config give the same bytes on every runner.
"""

from __future__ import annotations

import json

from pipeline import __version__
from pipeline.config import Config
from pipeline.dataset.layout import ShardInfo

FORMAT_VERSION = 1
MANIFEST = "manifest.json"


def manifest_bytes(manifest: dict) -> bytes:
    return (json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def build_manifest(config: Config, sources: list[str], optout_sha256: str, optout_entries: int,
                   stats: dict, repositories: int, shards: list[ShardInfo],
                   parent: str | None = None, change: dict | None = None) -> dict:
    data = sorted((s for s in shards if s.kind == "data"), key=lambda s: s.path)
    provenance = sorted((s for s in shards if s.kind == "provenance"), key=lambda s: s.path)
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
        "inputs": {"sources": sorted(sources), "fingerprint": fingerprint},
        "optout": {"sha256": optout_sha256, "entries": optout_entries} if optout_entries else None,
        "counts": counts,
        "shards": {"data": [s.as_json() for s in data], "provenance": [s.as_json() for s in provenance]},
    }


def read_manifest(dataset: str) -> dict:
    from pipeline.dataset.reader import DatasetReader

    return DatasetReader(dataset).manifest
