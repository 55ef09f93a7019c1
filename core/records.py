"""The one record type that flows through every stage.

A `FileRecord` is created by ingest for every file of every input, kept or not, so that the
provenance table can account for each input file exactly once.  Stages never delete a record:
they set `reason` (``"<stage>:<rule>"``) and the graph routes it to provenance with its content
cleared.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

LICENSE_TYPES = ("permissive", "declared_only", "no_license", "non_permissive")


def file_id(repo_name: str, commit: str, path: str) -> str:
    """Stable id: the same (repo, commit, path) gets the same id in every run and version."""
    digest = hashlib.sha256(f"{repo_name}\0{commit}\0{path}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:32]


def content_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(slots=True)
class FileRecord:
    id: str
    repo_name: str
    path: str
    commit: str
    content: str
    size: int
    content_sha256: str
    stars: int = 0
    forks: int = 0
    timestamp: str = ""
    """Recency of the repository (ISO date from `index.jsonl`), used only to rank keepers."""
    language: str | None = None
    license: list[str] = field(default_factory=list)
    license_expression: str = ""
    """The SPDX expression that applies (`MIT OR Apache-2.0`); `license` lists its ids."""
    license_type: str = "no_license"
    license_evidence: str = ""
    reason: str | None = None
    duplicate_of: str | None = None
    cluster_id: str | None = None
    pii: dict[str, int] = field(default_factory=dict)
    avg_line_length: float = 0.0
    max_line_length: int = 0
    alphanum_fraction: float = 0.0

    @property
    def dropped(self) -> bool:
        return self.reason is not None

    def drop(self, reason: str) -> "FileRecord":
        """Mark as dropped. Content is cleared: provenance never stores file text."""
        self.reason = reason
        self.content = ""
        return self

    @property
    def owner(self) -> str:
        return self.repo_name.split("/", 1)[0]

    @property
    def pii_redactions(self) -> int:
        return sum(self.pii.values())


@dataclass(slots=True)
class RepoSource:
    """One repository dump to read: where it is and what the host says about it."""

    repo_name: str
    location: str
    """A path or URL understood by Beam's FileSystems (file, directory, archive, bare git repo)."""
    kind: str
    """One of: directory, tar, zip, git, table."""
    commit: str = ""
    ref: str = ""
    stars: int = 0
    forks: int = 0
    license: str = ""
    """The host's licence metadata (an SPDX id or expression), empty when unknown."""
    timestamp: str = ""
