"""`verify`'s attribution check: every kept file whose licence requires notice has its attribution row.

A redistributor of the dataset relies on `attribution/` for the licence texts and copyright lines
that must travel with each file; a file without a row would be published without them.  A file
is covered by a row of its own (`scope` "file", its path) or by its repository's row (`scope`
"repository") naming every licence id the file is under.
"""

from __future__ import annotations

from licenses.attribution import FILE, REPOSITORY, requires_notice

COLUMNS = ["repo_name", "commit", "scope", "path", "license"]


class AttributionIndex:
    """The keys of the published attribution rows, and what each repository row covers."""

    def __init__(self) -> None:
        self.files: set[tuple[str, str, str]] = set()
        self.repositories: dict[tuple[str, str], set[str]] = {}
        self.rows = 0

    def add(self, row: dict, where: str, failures: list[str]) -> None:
        self.rows += 1
        if row["scope"] == FILE and row["path"]:
            key = (row["repo_name"], row["commit"], row["path"])
            if key in self.files:
                failures.append(f"{where}: two attribution rows for {row['repo_name']}/{row['path']}")
            self.files.add(key)
        elif row["scope"] == REPOSITORY and row["path"] is None:
            key2 = (row["repo_name"], row["commit"])
            if key2 in self.repositories:
                failures.append(f"{where}: two repository attribution rows for {row['repo_name']}")
            self.repositories[key2] = set(row["license"] or [])
        else:
            failures.append(f"{where}: attribution row of {row['repo_name']} has scope {row['scope']!r} "
                            f"and path {row['path']!r}")

    def covers(self, row: dict) -> bool:
        if (row["repo_name"], row["commit"], row["path"]) in self.files:
            return True
        licences = self.repositories.get((row["repo_name"], row["commit"]))
        return licences is not None and set(row["license"] or []) <= licences


class CoverageCheck:
    """Fed the kept provenance rows one by one (verify streams provenance); reports what is missing."""

    def __init__(self, index: AttributionIndex, limit: int = 20) -> None:
        self._index = index
        self._limit = limit
        self.missing = 0
        self.failures: list[str] = []

    def kept(self, row: dict) -> None:
        if requires_notice(row["license"] or []) and not self._index.covers(row):
            self.missing += 1
            if self.missing <= self._limit:
                self.failures.append(f"{row['repo_name']}/{row['path']}: kept under {', '.join(row['license'])}, "
                                     "which requires its notice, but has no attribution row")

    def report(self) -> list[str]:
        extra = self.missing - self._limit
        return self.failures + ([f"... and {extra} more kept file(s) without an attribution row"] if extra > 0 else [])
