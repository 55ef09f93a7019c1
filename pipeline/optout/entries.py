"""The opt-out list (README "Opt-out list"): parsed strictly, matched case-insensitively on GitHub names."""

from __future__ import annotations

import fnmatch
import hashlib
import re
from dataclasses import dataclass, field

from apache_beam.io.filesystems import FileSystems

from pipeline.records import FileRecord
from pipeline.steps import Step

_NAME = r"[A-Za-z0-9_.-]+"
_OWNER = re.compile(rf"^{_NAME}$")
_REPO = re.compile(rf"^({_NAME})/({_NAME})$")
_PATH = re.compile(rf"^({_NAME})/({_NAME}):(.+)$")
_CONTENT = re.compile(r"^sha256:([0-9a-fA-F]{64})$")


class OptoutListError(ValueError):
    """A malformed line; the message names the line number."""


@dataclass(frozen=True)
class OptoutList:
    users: frozenset[str] = frozenset()
    repos: frozenset[str] = frozenset()
    paths: tuple[tuple[str, str], ...] = ()
    contents: frozenset[str] = frozenset()
    sha256: str = ""
    entries: int = 0
    _path_patterns: dict = field(default_factory=dict, compare=False, repr=False)

    def __bool__(self) -> bool:
        return self.entries > 0

    def reason(self, record: FileRecord) -> str | None:
        """`optout:user|repo|path|content` when the record is covered, else None."""
        return self.reason_for(record.repo_name, record.path, record.content_sha256)

    def reason_for(self, repo_name: str, path: str, sha256: str | None) -> str | None:
        """The same decision from the three fields provenance keeps (audit, verify, versioning)."""
        repo = repo_name.lower()
        if repo.split("/", 1)[0] in self.users:
            return "optout:user"
        if repo in self.repos:
            return "optout:repo"
        for path_repo, pattern in self.paths:
            if path_repo == repo and self._glob(pattern).match(path):
                return "optout:path"
        if sha256 and sha256 in self.contents:
            return "optout:content"
        return None

    def _glob(self, pattern: str) -> re.Pattern:
        compiled = self._path_patterns.get(pattern)
        if compiled is None:
            compiled = self._path_patterns[pattern] = re.compile(fnmatch.translate(pattern))
        return compiled


def parse_optout(text: str, source: str = "opt-out list") -> OptoutList:
    """Strict: one bad line fails the whole list, so a typo never silently keeps someone's code."""
    users, repos, contents, paths = set(), set(), set(), []
    entries = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        entries += 1
        if match := _CONTENT.match(line):
            contents.add(match.group(1).lower())
        elif match := _PATH.match(line):
            paths.append((f"{match.group(1)}/{match.group(2)}".lower(), match.group(3).strip()))
        elif _REPO.match(line):
            repos.add(line.lower())
        elif _OWNER.match(line):
            users.add(line.lower())
        else:
            raise OptoutListError(
                f"{source}, line {number}: not OWNER, OWNER/NAME, OWNER/NAME:GLOB or sha256:HEX"
            )
    return OptoutList(
        users=frozenset(users), repos=frozenset(repos), paths=tuple(sorted(set(paths))),
        contents=frozenset(contents), sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), entries=entries,
    )


def load_optout(path: str | None) -> OptoutList:
    if not path:
        return OptoutList()
    try:
        with FileSystems.open(path, compression_type="uncompressed") as handle:
            text = handle.read().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise OptoutListError(f"cannot read opt-out list {path}: {error}") from None
    return parse_optout(text, path)


class OptoutStep(Step):
    name = "optout"
    settings: OptoutList

    def process(self, record: FileRecord) -> str | None:
        return self.settings.reason(record)
