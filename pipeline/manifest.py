"""manifest.json: what the dataset is, how it was made, and every shard's checksum.

Deterministic by construction (sorted keys, no wall-clock times, content fingerprints instead of
paths or mtimes), so that the same inputs and config give the same bytes on every runner.
"""

from __future__ import annotations

import hashlib
import json

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from pipeline import __version__
from pipeline.card import dataset_card
from pipeline.dataset_files import read_bytes
from pipeline.config import Config, canonical_json
from pipeline.write import TMP, ShardInfo, write_file

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
                   parent: str | None = None, change: dict | None = None, skipped: list[str] | None = None) -> dict:
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
        "inputs": {"sources": sorted(sources), "fingerprint": fingerprint, "skipped": sorted(skipped or [])},
        "optout": {"sha256": optout_sha256, "entries": optout_entries} if optout_entries else None,
        "counts": counts,
        "companions": list(COMPANIONS),
        "shards": {"data": [s.as_json() for s in data], "provenance": [s.as_json() for s in provenance]},
    }


def dataset_digest(manifest: dict) -> str:
    """One value a publisher can quote: sha256 over the manifest's shard list (every shard's path,
    rows, bytes and sha256), so it pins every published byte of data and provenance."""
    return hashlib.sha256(canonical_json(manifest["shards"]).encode("utf-8")).hexdigest()


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
    tmp = FileSystems.join(output, TMP)
    if FileSystems.exists(tmp):
        FileSystems.delete([tmp])
    write_file(FileSystems.join(output, CARD), dataset_card(manifest).encode("utf-8"))
    write_file(FileSystems.join(output, MANIFEST), manifest_bytes(manifest))


def _manifest_file(dataset: str) -> bytes:
    return read_bytes(FileSystems.join(dataset, MANIFEST))


def read_manifest(dataset: str) -> dict:
    return json.loads(_manifest_file(dataset).decode("utf-8"))


def manifest_sha256(dataset: str) -> str:
    return hashlib.sha256(_manifest_file(dataset)).hexdigest()


class Finalize(beam.PTransform):
    """shards + stats → the published dataset (runs once, after every shard is written)."""

    def __init__(self, output: str, config: Config, sources: list[str], optout_sha256: str, optout_entries: int,
                 skipped: list[str] | None = None):
        super().__init__()
        self._args = (output, config, sources, optout_sha256, optout_entries, skipped or [])

    def expand(self, pcolls):
        shards, stats, repositories = pcolls
        output, config, sources, optout_sha256, optout_entries, skipped = self._args

        def finalize(shard_list, stats_value, repository_count):
            manifest = build_manifest(config, sources, optout_sha256, optout_entries, stats_value,
                                      repository_count, shard_list, skipped=skipped)
            publish(output, manifest)
            return manifest["counts"]

        return (
            shards
            | "AllShardInfos" >> beam.combiners.ToList()
            | "Publish" >> beam.Map(finalize, beam.pvalue.AsSingleton(stats), beam.pvalue.AsSingleton(repositories))
        )
