"""The known drop reasons (`pipeline/reasons.py`) cover every reason the source can emit.

The emitting code is read, not run: each literal `"<stage>:<rule>"` string, and each ingest and
go-enry rule name in the places those are decided (readers' `DumpError`, `_Pending`, `Decoded`,
`failure =`, `item.reason =`, `_KIND_REASONS`, `return "…"` in filters/language.py), must map to
a known reason.  A new rule added without listing it makes `verify` reject every dataset that
uses it, and this test says which.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.config import load_config
from pipeline.reasons import known_reasons, static_reasons

ROOT = Path(__file__).resolve().parents[2]
STAGES = "ingest|license|optout|filters|dedup|pii|decontam"
PACKAGES = ("pipeline", "filters", "dedup", "licenses", "pii")
INGEST_PATTERNS = (r'DumpError\(\s*"([a-z_]+)"', r'_Pending\([^,]+,\s*"([a-z_]+)"', r'Decoded\(None,\s*"([a-z_]+)"\)',
                   r'failure = "([a-z_]+)"', r'item\.reason = "([a-z_]+)"', r'dump_error_record\([^,]+,\s*"([a-z_]+)"\)')


def _source(*packages: str) -> str:
    return "\n".join(path.read_text() for package in packages for path in sorted((ROOT / package).rglob("*.py"))
                     if path.name != "reasons.py")


def test_every_literal_reason_is_known() -> None:
    literals = set(re.findall(rf'"((?:{STAGES}):[a-z_]+)"', _source(*PACKAGES)))
    assert literals, "the pattern found nothing: the test would prove nothing"
    assert literals - static_reasons() == set()


def test_every_ingest_rule_is_known() -> None:
    source = _source("pipeline/ingest", "filters")
    rules = {rule for pattern in INGEST_PATTERNS for rule in re.findall(pattern, source)}
    kinds = re.search(r"_KIND_REASONS = \{(.*?)\}", source + _source("pipeline/ingest"), re.S)
    rules |= set(re.findall(r':\s*"([a-z_]+)"', kinds.group(1)))
    assert {"corrupt_table", "too_many_files", "binary", "symlink"} <= rules, rules
    assert {f"ingest:{rule}" for rule in rules} - static_reasons() == set()


def test_every_language_rule_is_known() -> None:
    source = (ROOT / "filters" / "language.py").read_text()
    body = source[source.index("def language_reason"):]
    rules = set(re.findall(r'return "([a-z_]+)"', body)) | set(re.findall(r'"([a-z_]+)" if config\.', body))
    assert {"vendor", "generated"} <= rules
    assert {f"filters:{rule}" for rule in rules} - static_reasons() == set()


def test_decontam_reasons_follow_the_config() -> None:
    config = load_config().resolved()
    config["decontam"]["benchmarks"] = [{"name": "mybench", "path": "x.jsonl", "fields": ["code"]}]
    assert {"decontam:humaneval", "decontam:mybench"} <= known_reasons(config)
    config["decontam"]["humaneval"] = False
    assert "decontam:humaneval" not in known_reasons(config)
    assert "filters:looked_suspicious" not in known_reasons(config)
