"""The PII stage: redact in place, count per type, drop files that redaction would ruin."""

from __future__ import annotations

from pii.config import PiiConfig
from core.records import FileRecord
from core.steps import Step


class PiiStep(Step):
    name = "pii"
    settings: PiiConfig

    def setup(self) -> None:
        from pii.redact import Redactor

        self._redactor = Redactor(self.settings)

    def process(self, record: FileRecord) -> str | None:
        result = self._redactor.redact(record.content, record.language, record.path)
        record.pii = dict(sorted(result.counts.items()))
        if result.redacted_fraction > self.settings.max_redacted_fraction:
            return "pii:too_many"
        record.content = result.text
        return None
