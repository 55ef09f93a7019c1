"""Deciding a file of an in-memory repository the way ingest does: evidence files observed, every
other file's header counted for the consensus, then the decision."""

from __future__ import annotations

from collections.abc import Callable

from licenses.config import LicensesConfig
from licenses.repo_licenses import LicenseDecision, RepoLicenseScanner


def decide_as_ingest(
    files: dict[str, str],
    path: str,
    config: LicensesConfig | None = None,
    *,
    observed: Callable[[str], bool] = lambda name: True,
) -> LicenseDecision:
    """The licence of `path` among `files`; `observed` may hide some evidence files (a manifest)."""
    scanner = RepoLicenseScanner(config or LicensesConfig())
    for name, text in files.items():
        if scanner.wants(name):
            if observed(name):
                scanner.observe(name, text)
        else:
            scanner.observe_source(name, text)
    return scanner.decide(path, files.get(path, ""))
