"""The PII stage: redact in place, count per type, drop files that redaction would ruin."""

from __future__ import annotations

from pii.config import PiiConfig
from pipeline.records import FileRecord


class PiiStep:
    name = "pii"

    def __init__(self, config: PiiConfig) -> None:
        self._config = config
        self._redactor = None

    def setup(self) -> None:
        from pii.redact import Redactor

        self._redactor = Redactor(self._config)

    def process(self, record: FileRecord) -> str | None:
        result = self._redactor.redact(record.content, record.language, record.path)
        record.pii = dict(sorted(result.counts.items()))
        if result.redacted_fraction > self._config.max_redacted_fraction:
            return "pii:too_many"
        record.content = result.text
        return None
