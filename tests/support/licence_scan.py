"""Deciding a file of an in-memory repository the way ingest does: evidence files observed, every
other file's header counted for the consensus, then the decision."""

from __future__ import annotations

from collections.abc import Callable

from licenses.config import LicensesConfig
from licenses.repo_licenses import LicenseDecision, RepoLicenseScanner


def scan_as_ingest(
    files: dict[str, str],
    config: LicensesConfig | None = None,
    *,
    observed: Callable[[str], bool] = lambda name: True,
    read_text: bool = False,
    count_headers: bool = True,
    host: str = "",
) -> RepoLicenseScanner:
    """A scanner that has seen `files` as ingest shows them: evidence files observed (those
    `observed` accepts: a test may hide a manifest), every other file's header counted.
    `read_text` lets it read any of `files` (a header's pointer to another file is followed);
    `count_headers=False` leaves the package's header consensus out (tests of what one file's own
    header does, written before the consensus existed); `host` is the host's licence metadata."""
    scanner = RepoLicenseScanner(config or LicensesConfig(), host, read_text=files.get if read_text else None)
    for name, text in files.items():
        if scanner.wants(name):
            if observed(name):
                scanner.observe(name, text)
        elif count_headers:
            scanner.observe_source(name, text)
    return scanner


def decide_as_ingest(
    files: dict[str, str],
    path: str,
    config: LicensesConfig | None = None,
    *,
    observed: Callable[[str], bool] = lambda name: True,
    text: str = "",
    read_text: bool = False,
    count_headers: bool = True,
) -> LicenseDecision:
    """The licence of `path` among `files` (its text `text` when it is not one of them)."""
    scanner = scan_as_ingest(files, config, observed=observed, read_text=read_text, count_headers=count_headers)
    return scanner.decide(path, files.get(path, text))
