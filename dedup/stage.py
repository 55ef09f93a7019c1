"""The dedup stage as a Beam composite: exact (content hash) and near (MinHash LSH) groups,
one ranked keeper per group, decisions joined back to the records by id.

Only small `Member` summaries are grouped; file contents cross a shuffle once, in the final join.
"""

from __future__ import annotations

from dataclasses import replace

import apache_beam as beam
from apache_beam.metrics import Metrics

from dedup.config import DedupConfig
from dedup.ranking import Decision, Member, decide_group
from pipeline.records import FileRecord
from pipeline.steps import DROPPED, KEPT, NAMESPACE


def member_of(record: FileRecord) -> Member:
    return Member(record.id, record.content_sha256, record.license_type, record.stars, record.forks,
                  record.timestamp)


def _group_key(joined: tuple[str, dict]) -> list[tuple[str, Member]]:
    """Near component id when the file has one, else its content hash (exact groups)."""
    _, parts = joined
    members = list(parts["member"])
    if not members:
        return []
    components = list(parts["component"])
    if components:
        return [(components[0], members[0])]
    return [("sha256:" + members[0].content_sha256, members[0])]


def group_cluster_id(group_key: str, members) -> str:
    """Exact groups are named by their smallest member id, like near components."""
    if group_key.startswith("sha256:"):
        return min(member.id for member in members)
    return group_key


def _decide(item: tuple[str, object]) -> list[tuple[str, Decision]]:
    group_key, members = item
    return [(d.id, d) for d in decide_group(group_cluster_id(group_key, members), members)]


class _ApplyDecision(beam.DoFn):
    def __init__(self) -> None:
        self._counters: dict[str, object] = {}

    def process(self, joined: tuple[str, dict]):
        _, parts = joined
        for record in parts["record"]:
            for decision in parts["decision"]:
                record.cluster_id = decision.cluster_id
                record.duplicate_of = decision.duplicate_of
                if decision.reason is not None:
                    if decision.reason not in self._counters:
                        self._counters[decision.reason] = Metrics.counter(NAMESPACE, decision.reason)
                    self._counters[decision.reason].inc()
                    record.drop(decision.reason)
                    yield beam.pvalue.TaggedOutput(DROPPED, record)
                    break
            else:
                yield record


class Deduplicate(beam.PTransform):
    """(records, ghosts) → (kept, dropped).

    `ghosts` are opted-out files (content intact) that join the grouping only, for
    `optout.copies: near`; pass an empty PCollection otherwise.
    """

    def __init__(self, config: DedupConfig) -> None:
        super().__init__()
        self._config = config

    def expand(self, pcolls):
        records, ghosts = pcolls
        everyone = (records, ghosts) | "WithGhosts" >> beam.Flatten()
        members = (
            (records | "Members" >> beam.Map(lambda r: (r.id, member_of(r))),
             ghosts | "GhostMembers" >> beam.Map(lambda r: (r.id, replace(member_of(r), ghost=True))))
            | "AllMembers" >> beam.Flatten()
        )
        if self._config.near.enabled:
            from dedup.near_dedup import NearDuplicateComponents

            components = (
                everyone
                | "Texts" >> beam.Map(lambda r: (r.id, r.content))
                | "NearDuplicates" >> NearDuplicateComponents(self._config.near)
            )
        else:
            components = records.pipeline | "NoComponents" >> beam.Create([])
        grouped = (
            {"member": members, "component": components}
            | "JoinComponents" >> beam.CoGroupByKey()
            | "GroupKey" >> beam.FlatMap(_group_key)
        )
        if not self._config.exact:
            grouped = grouped | "NearOnly" >> beam.Filter(lambda kv: not kv[0].startswith("sha256:"))
        decisions = grouped | "Groups" >> beam.GroupByKey() | "Rank" >> beam.FlatMap(_decide)
        outputs = (
            {"record": records | "ById" >> beam.Map(lambda r: (r.id, r)), "decision": decisions}
            | "JoinDecisions" >> beam.CoGroupByKey()
            | "Apply" >> beam.ParDo(_ApplyDecision()).with_outputs(DROPPED, main=KEPT)
        )
        return outputs[KEPT], outputs[DROPPED]
