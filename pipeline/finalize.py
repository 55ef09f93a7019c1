"""The last step of a run: every shard written ⇒ build the manifest and publish the dataset."""

from __future__ import annotations

import apache_beam as beam

from pipeline.config import Config
from pipeline.dataset.manifest import build_manifest
from pipeline.dataset.publish import publish


class Finalize(beam.PTransform):
    """shards + stats → the published dataset (runs once, after every shard is written)."""

    def __init__(self, output: str, config: Config, sources: list[str], optout_sha256: str, optout_entries: int):
        super().__init__()
        self._args = (output, config, sources, optout_sha256, optout_entries)

    def expand(self, pcolls):
        shards, stats, repositories = pcolls
        output, config, sources, optout_sha256, optout_entries = self._args

        def finalize(shard_list, stats_value, repository_count):
            manifest = build_manifest(config, sources, optout_sha256, optout_entries, stats_value,
                                      repository_count, shard_list)
            publish(output, manifest)
            return manifest["counts"]

        return (
            shards
            | "AllShardInfos" >> beam.combiners.ToList()
            | "Publish" >> beam.Map(finalize, beam.pvalue.AsSingleton(stats), beam.pvalue.AsSingleton(repositories))
        )
