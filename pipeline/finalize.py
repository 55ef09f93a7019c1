"""The last step of a run: every shard written ⇒ build the manifest and publish the dataset."""

from __future__ import annotations

import apache_beam as beam
from apache_beam.pvalue import AsSingleton

from pipeline.dataset.layout import ShardInfo
from pipeline.dataset.manifest import build_manifest
from pipeline.dataset.publish import publish
from pipeline.snapshot.write_state import write_optout_state
from pipeline.spec import RunSpec
from pipeline.stages import manifest_stages


def publish_run(shards: list[ShardInfo], stats: dict, repositories: int, spec: RunSpec) -> dict:
    optout = spec.optout
    shards = [*shards, write_optout_state(spec.output, spec.config.write, optout)]
    manifest = build_manifest(spec.config, spec.source_names, optout.sha256 if optout else "",
                              optout.entries if optout else 0, stats, repositories, shards,
                              stages=manifest_stages(spec.context), skipped=list(spec.skipped))
    publish(spec.output, manifest)
    return manifest["counts"]


class Finalize(beam.PTransform):
    """(shards, stats, repository count) → the published dataset (runs once, after every shard)."""

    def __init__(self, spec: RunSpec) -> None:
        super().__init__()
        self._spec = spec

    def expand(self, pcolls):
        shards, stats, repositories = pcolls
        return (
            shards
            | "AllShardInfos" >> beam.combiners.ToList()
            | "Publish" >> beam.Map(publish_run, AsSingleton(stats), AsSingleton(repositories), spec=self._spec)
        )
