"""Dedup clusters that lost a member, decided again from the original sources.

A cluster's decisions depend on every member (keeper ranking, the smallest id naming the
cluster, near-duplicate links that may hinge on the removed file), so the remaining members are
re-read from the sources and run through the same steps and the same dedup rules as a fresh run
(`pipeline/stages.py` for the steps, `dedup/rules.py` for grouping and ranking): the per-file
steps before dedup (which also set language and line statistics), exact and near grouping with
the ranked keeper, then the steps after dedup for whoever survives.  Removing files can only
split near-duplicate components, never join them, so re-deciding each affected cluster on its
own gives the fresh run's answer (up to one case: an LSH bucket's smallest member, the root of
its candidate star, may lie outside the cluster; `tests/dedup/test_rules.py` checks the rest).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from dedup.rules import decide, near_components, sketches
from dedup.ranking import Member
from dedup.summaries import handle_of
from licenses.attribution import RepoNotices
from pipeline.config import Config
from pipeline.errors import UsageError
from pipeline.ingest.repository import read_repository
from pipeline.ingest.sources import discover
from pipeline.ingest.tables import read_table
from pipeline.optout.entries import OptoutList
from pipeline.records import FileRecord
from pipeline.stages import RunContext, per_file_steps
from pipeline.steps import StepRunner


def reread(rows: Iterable[dict], config: Config, inputs: list[str],
           notices: dict[tuple[str, str], RepoNotices] | None = None) -> list[FileRecord]:
    """The records of these provenance rows, read again from the inputs (matched by id); `notices`
    receives the licence-like files of the repositories read (for the promoted files' attribution)."""
    wanted = {row["id"]: row["repo_name"] for row in rows}
    repos = set(wanted.values())
    sources = discover(inputs)
    found: dict[str, FileRecord] = {}
    for source in sources:
        if source.kind == "table" or source.repo_name in repos:
            if source.kind == "table":
                records = read_table(source, config)
            else:
                sink = None if notices is None else lambda found: notices.__setitem__((found.repo_name, found.commit), found)
                records = read_repository(source, config, sink, only=wanted)
            for record in records:
                if record.id in wanted and not record.dropped:
                    found[record.id] = record
    missing = sorted(set(wanted) - set(found))
    if missing:
        example = missing[0]
        raise UsageError(f"--sources do not hold {len(missing)} file(s) the parent was built from "
                         f"(e.g. {wanted[example]} id {example}); pass the parent's inputs")
    return [found[file_id] for file_id in sorted(found)]


def member_of(record: FileRecord) -> Member:
    return Member(record.id, record.content_sha256, record.license_type, record.stars, record.forks,
                  record.timestamp)


def _groups(records: list[FileRecord], config: Config) -> dict[str, list[FileRecord]]:
    """Group key → members, as the dedup stage groups: near components, else shared hashes."""
    near = config.dedup.near
    components: dict[int, int] = {}
    if near.enabled:
        bands, rows = near.bands_rows
        found = sketches([record.content for record in records], near.ngram, near.min_tokens, near.num_perm,
                         near.seed, bands, rows)
        sketched = {handle_of(record.id): sketch for record, sketch in zip(records, found) if sketch is not None}
        components = near_components(sketched, near.threshold, near.verify_jaccard)
    by_hash: dict[str, list[FileRecord]] = defaultdict(list)
    for record in records:
        by_hash[record.content_sha256].append(record)
    groups: dict[str, list[FileRecord]] = defaultdict(list)
    for record in records:
        handle = handle_of(record.id)
        if handle in components:
            groups[f"near:{components[handle]:016x}"].append(record)
        elif config.dedup.exact and len(by_hash[record.content_sha256]) > 1:
            groups["sha256:" + record.content_sha256].append(record)
    return groups


def _dedup(records: list[FileRecord], config: Config) -> None:
    """Set cluster_id / duplicate_of and drop the duplicates, as the dedup stage does."""
    by_handle = {handle_of(record.id): record for record in records}
    for members in _groups(records, config).values():
        for _, decision in decide([(0, member_of(record)) for record in members]):
            record = by_handle[decision.handle]
            record.cluster_id, record.duplicate_of = decision.cluster_id, decision.duplicate_of
            if decision.reason:
                record.drop(decision.reason)


def redecide(records: list[FileRecord], config: Config) -> list[FileRecord]:
    """The remaining members of the affected clusters as a fresh run leaves them."""
    run = RunContext(config, OptoutList())
    before = StepRunner(per_file_steps(run, after_grouping=False))
    before.setup()
    before.run_all(records)
    alive = [record for record in records if not record.dropped]
    if config.dedup.exact or config.dedup.near.enabled:
        _dedup(alive, config)
    after = StepRunner(per_file_steps(run, after_grouping=True))
    after.setup()
    after.run_all(alive)
    return records
