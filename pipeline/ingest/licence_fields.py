"""A file's licence fields, filled at ingest from the licence scanner's decision, failing closed.

The scanner parses what repositories hold (licence texts, DEP-5 files, package manifests, SPDX
expressions in headers); a bug it hits on one file must not end the run, nor let the file through
undecided.  Such a file is dropped as `licenses:error` (`pipeline/steps.py: log_failure` logs where).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from licenses.repo_licenses import LicenseDecision
from pipeline.records import FileRecord
from pipeline.steps import ERROR_RULE, log_failure

LICENSE_SCAN_ERROR = f"licenses:{ERROR_RULE}"


def fill_licence(record: FileRecord, decide: Callable[[], LicenseDecision]) -> FileRecord:
    """The record with its licence fields from `decide()`, or dropped as `licenses:error` if it raises."""
    try:
        decision = decide()
    except Exception as error:  # noqa: BLE001 - any failure fails closed, on this file only
        return drop_undecided(record, error)
    record.license = list(decision.license)
    record.license_expression = decision.expression
    record.license_type = decision.license_type
    record.license_evidence = decision.evidence
    return record


LICENCE_FIELDS = ("license", "license_expression", "license_type", "license_evidence")
"""The record fields `fill_licence` sets: all that ingest decides from the repository's licence evidence."""


def restore_licence(record: FileRecord, stored: Mapping[str, object]) -> FileRecord:
    """The record with the licence fields an earlier read of the same dump decided (a provenance
    row of it: no later step changes them), instead of deciding them again."""
    for name in LICENCE_FIELDS:
        value = stored[name]
        setattr(record, name, list(value) if name == "license" else value)
    return record


def drop_undecided(record: FileRecord, error: Exception) -> FileRecord:
    log_failure(LICENSE_SCAN_ERROR, record, error)
    return record.drop(LICENSE_SCAN_ERROR)
