"""The licence policy stage: keep only the licence types the config lists."""

from __future__ import annotations

from licenses.config import PolicyConfig
from pipeline.records import FileRecord


class PolicyStep:
    name = "policy"

    def __init__(self, config: PolicyConfig) -> None:
        self._keep = frozenset(config.keep)

    def setup(self) -> None:
        pass

    def process(self, record: FileRecord) -> str | None:
        if record.license_type in self._keep:
            return None
        return f"license:{record.license_type}"
