"""The Beam graph, in DESIGN §2 order: ingest → optout → filters → dedup → policy → pii →
decontam → write.  Each stage returns (kept, dropped); all drops meet again in provenance."""

from __future__ import annotations

from dataclasses import dataclass

import apache_beam as beam

from dedup.stage import Deduplicate
from filters.stage import DecontamStep, FilterStep
from licenses.policy import PolicyStep
from pii.stage import PiiStep
from pipeline.config import Config
from pipeline.ingest.transform import Ingest
from pipeline.finalize import Finalize
from pipeline.optout.copies import DropCopies, near_copy_sources
from pipeline.optout.entries import OptoutList, OptoutStep
from pipeline.records import RepoSource
from pipeline.dataset.stats import DatasetStats
from pipeline.steps import ApplyStep
from pipeline.write import WriteShards


@dataclass(frozen=True)
class RunSpec:
    sources: list[RepoSource]
    source_names: list[str]
    config: Config
    optout: OptoutList
    output: str
    progress: bool = True


def stage_names(config: Config, optout: OptoutList) -> list[str]:
    """The stages a run with this config executes, in order (for --dry-run and the card)."""
    names = ["ingest", "licenses" if config.licenses.enabled else None, "optout" if optout else None,
             "filters" if config.filters.enabled else None,
             "dedup" if config.dedup.exact or config.dedup.near.enabled else None,
             "policy" if config.policy.enabled else None, "pii" if config.pii.enabled else None,
             "decontam" if config.decontam.enabled else None, "write"]
    return [name for name in names if name]


def build(pipeline: beam.Pipeline, spec: RunSpec) -> None:
    config = spec.config
    alive, dropped = pipeline | "Sources" >> beam.Create(spec.sources) | "Ingest" >> Ingest(config, spec.progress)
    drops = [dropped]
    filter_step = FilterStep(config.filters) if config.filters.enabled else None
    ghosts = near_copy_sources(alive, spec.optout, config.optout, filter_step)
    if spec.optout:
        alive, dropped = alive | "Optout" >> ApplyStep(OptoutStep(spec.optout))
        drops.append(dropped)
        if config.optout.copies != "none":
            alive, dropped = (alive, dropped) | "OptoutCopies" >> DropCopies(config.optout)
            drops.append(dropped)
    if filter_step is not None:
        alive, dropped = alive | "Filters" >> ApplyStep(filter_step)
        drops.append(dropped)
    if config.dedup.exact or config.dedup.near.enabled:
        alive, dropped = (alive, ghosts) | "Dedup" >> Deduplicate(config.dedup)
        drops.append(dropped)
    for enabled, step in ((config.policy.enabled, PolicyStep(config.policy)),
                          (config.pii.enabled, PiiStep(config.pii)),
                          (config.decontam.enabled, DecontamStep(config.decontam))):
        if enabled:
            alive, dropped = alive | step.name.capitalize() >> ApplyStep(step)
            drops.append(dropped)
    all_dropped = tuple(drops) | "AllDropped" >> beam.Flatten()
    shards, provenance = (alive, all_dropped) | "Write" >> WriteShards(spec.output, config.write)
    stats = provenance | "Stats" >> beam.CombineGlobally(DatasetStats())
    repositories = (
        provenance
        | "Repos" >> beam.Map(lambda row: row["repo_name"])
        | "DistinctRepos" >> beam.Distinct()
        | "CountRepos" >> beam.combiners.Count.Globally()
    )
    _ = (shards, stats, repositories) | "Finalize" >> Finalize(
        spec.output, config, spec.source_names, spec.optout.sha256 if spec.optout else "",
        spec.optout.entries if spec.optout else 0,
    )
