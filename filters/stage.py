"""The filters stage: go-enry classification, then the quality rules, one reason per drop."""

from __future__ import annotations

from filters.config import DecontamConfig, FiltersConfig
from filters.language import language_reason
from filters.quality import quality_reason
from core.records import FileRecord
from core.steps import Step


def filter_reason(record: FileRecord, config: FiltersConfig) -> str | None:
    reason = language_reason(record, config)
    if reason is None:
        reason = quality_reason(record, config)
    return f"filters:{reason}" if reason else None


class FilterStep(Step):
    name = "filters"
    settings: FiltersConfig

    def process(self, record: FileRecord) -> str | None:
        return filter_reason(record, self.settings)


class DecontamStep(Step):
    """Drops files that contain a benchmark's prompt or solution (`decontam:<benchmark>`)."""

    name = "decontam"
    settings: DecontamConfig

    def setup(self) -> None:
        from filters.decontam import BenchmarkMatcher

        self._matcher = BenchmarkMatcher.from_config(self.settings)

    def process(self, record: FileRecord) -> str | None:
        benchmark = self._matcher.match(record.content)
        return f"decontam:{benchmark}" if benchmark else None
