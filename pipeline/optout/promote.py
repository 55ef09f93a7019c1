"""Dedup clusters that lost a member, decided again from the original sources.

A cluster's decisions depend on every member (keeper ranking, the smallest id naming the
cluster, near-duplicate links that may hinge on the removed file), so the remaining members are
re-read from the sources and run through the same per-file steps and dedup rules as a fresh run:
filters (which also set language and line statistics), exact and near grouping with the ranked
keeper, then policy, PII redaction and decontamination for whoever survives.  Removing files
can only split near-duplicate components, never join them, so re-deciding each affected cluster
on its own gives the fresh run's answer (exactly so with `dedup.near.verify_jaccard` off, the
default: with it on, an LSH bucket's new root may lie outside the cluster).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from dedup.components import union_find_components
from dedup.lsh import bucket_star_edges
from dedup.near_dedup import band_keys
from dedup.minhash import jaccard, shingle_set
from dedup.ranking import decide_group
from dedup.stage import group_cluster_id, member_of
from filters.stage import DecontamStep, FilterStep
from licenses.policy import PolicyStep
from pii.stage import PiiStep
from pipeline.config import Config
from pipeline.errors import UsageError
from pipeline.ingest.repository import read_repository
from pipeline.ingest.sources import discover
from pipeline.ingest.tables import read_table
from pipeline.records import FileRecord
from pipeline.steps import FileStep


def post_dedup_steps(config: Config) -> list[FileStep]:
    """The per-file stages that follow dedup, in the graph's order, ready to use."""
    steps: list[FileStep] = []
    for enabled, step in ((config.policy.enabled, PolicyStep(config.policy)),
                          (config.pii.enabled, PiiStep(config.pii)),
                          (config.decontam.enabled, DecontamStep(config.decontam))):
        if enabled:
            step.setup()
            steps.append(step)
    return steps


def reread(rows: Iterable[dict], config: Config, inputs: list[str]) -> list[FileRecord]:
    """The records of these provenance rows, read again from the inputs (matched by id)."""
    wanted = {row["id"]: row["repo_name"] for row in rows}
    repos = set(wanted.values())
    sources = discover(inputs)
    found: dict[str, FileRecord] = {}
    for source in sources:
        if source.kind == "table" or source.repo_name in repos:
            reader = read_table if source.kind == "table" else read_repository
            for record in reader(source, config):
                if record.id in wanted and not record.dropped:
                    found[record.id] = record
    missing = sorted(set(wanted) - set(found))
    if missing:
        example = missing[0]
        raise UsageError(f"--sources do not hold {len(missing)} file(s) the parent was built from "
                         f"(e.g. {wanted[example]} id {example}); pass the parent's inputs")
    return [found[file_id] for file_id in sorted(found)]


def _near_components(records: list[FileRecord], config: Config) -> dict[str, str]:
    near = config.dedup.near
    buckets: dict[str, list[str]] = defaultdict(list)
    texts = {record.id: record.content for record in records}
    for record in records:
        for key in band_keys(record.content, near):
            buckets[key].append(record.id)
    edges = [edge for members in buckets.values() for edge in bucket_star_edges(members)]
    if near.verify_jaccard:
        shingles = {file_id: shingle_set(texts[file_id], near.ngram) for edge in edges for file_id in edge}
        edges = [(a, b) for a, b in set(edges) if jaccard(shingles[a], shingles[b]) >= near.threshold]
    return union_find_components(edges)


def _dedup(records: list[FileRecord], config: Config) -> None:
    """Set cluster_id / duplicate_of and drop the duplicates, as the dedup stage does."""
    components = _near_components(records, config) if config.dedup.near.enabled else {}
    groups: dict[str, list] = defaultdict(list)
    for record in records:
        if record.id in components:
            groups[components[record.id]].append(member_of(record))
        elif config.dedup.exact:
            groups["sha256:" + record.content_sha256].append(member_of(record))
    by_id = {record.id: record for record in records}
    for key, members in groups.items():
        for decision in decide_group(group_cluster_id(key, members), members):
            record = by_id[decision.id]
            record.cluster_id, record.duplicate_of = decision.cluster_id, decision.duplicate_of
            if decision.reason:
                record.drop(decision.reason)


def redecide(records: list[FileRecord], config: Config) -> list[FileRecord]:
    """The remaining members of the affected clusters as a fresh run leaves them."""
    alive = []
    filters = FilterStep(config.filters) if config.filters.enabled else None
    for record in records:
        reason = filters.process(record) if filters else None
        if reason:
            record.drop(reason)
        else:
            alive.append(record)
    if config.dedup.exact or config.dedup.near.enabled:
        _dedup(alive, config)
    steps = post_dedup_steps(config)
    for record in alive:
        for step in steps:
            if record.dropped:
                break
            reason = step.process(record)
            if reason:
                record.drop(reason)
    return records
