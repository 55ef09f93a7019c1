"""`codecurate diff OLD NEW`: what changed between two versions of a dataset, and why.

A governance review asks of a new version: which files and repositories entered, which left and
for what reason (they left the snapshot, their authors opted out, or a stage now drops them),
which changed, and which duplicates became the published copy.  Everything is read from the two
provenance tables (one row per input file, kept or dropped, with its reason), never from file
contents, so a diff shows no redacted value and works on any pair of versions, related or not.

Files are matched by (repository, path), not by id: an id includes the commit, so every file of a
repository with a new commit has a new id although it is the same file.  Repeated (repository,
path) pairs within one version (a file table may hold several rows for one path) are matched in id
order.  The comparison holds one small tuple per file of the older version in memory.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from pipeline.dataset.reader import DatasetReader
from pipeline.errors import UsageError

COLUMNS = ["id", "repo_name", "path", "commit", "content_sha256", "status", "reason", "license_expression",
           "license_type"]
LEFT_SNAPSHOT = "snapshot:left"
"""The reason given for a published file whose path is not among the new version's inputs at all."""
OPTOUT_PREFIX = "optout:"
DEDUP_PREFIX = "dedup:"
SHOWN = 20


class FileState(NamedTuple):
    """What one version says of one file: the columns a diff needs, nothing of its content."""

    id: str
    commit: str | None
    content_sha256: str
    kept: bool
    reason: str | None
    license_expression: str | None
    license_type: str | None


Key = tuple[str, str, int]
"""(repository, path, occurrence): the occurrence tells repeated paths of one table apart."""


@dataclass
class VersionDiff:
    """Files as (repository, path) with their old and new state; repositories derived from them."""

    added: list[tuple[str, str, FileState]] = field(default_factory=list)
    removed: list[tuple[str, str, FileState, str]] = field(default_factory=list)  # … , reason
    changed: list[tuple[str, str, FileState, FileState]] = field(default_factory=list)
    promoted: list[tuple[str, str, FileState, FileState]] = field(default_factory=list)
    unchanged: int = 0
    dropped_new_inputs: Counter[str] = field(default_factory=Counter)
    """Files that entered with the new snapshot and were dropped at once, by reason."""
    repos_old: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    repos_new: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    kept_old: Counter[str] = field(default_factory=Counter)
    kept_new: Counter[str] = field(default_factory=Counter)


def _keyed(rows: Iterable[dict]) -> Iterator[tuple[Key, FileState]]:
    """Rows of one version with their keys; a repeated (repository, path) gets the next occurrence
    in id order, so both versions number their repeats alike."""
    grouped: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        grouped[(row["repo_name"], row["path"])].append(row)
    for (repo, path), group in grouped.items():
        for occurrence, row in enumerate(sorted(group, key=lambda row: row["id"])):
            yield (repo, path, occurrence), FileState(
                row["id"], row["commit"], row["content_sha256"], row["status"] == "kept", row["reason"],
                row["license_expression"], row["license_type"])


def compare(old_rows: Iterable[dict], new_rows: Iterable[dict]) -> VersionDiff:
    """The diff of two provenance tables given as rows (the `COLUMNS` of each provenance row)."""
    diff = VersionDiff()
    old: dict[Key, FileState] = {}
    for key, state in _keyed(old_rows):
        old[key] = state
        _count_repo(diff.repos_old, diff.kept_old, key[0], state)
    for (repo, path, occurrence), new in _keyed(new_rows):
        _count_repo(diff.repos_new, diff.kept_new, repo, new)
        before = old.pop((repo, path, occurrence), None)
        _classify(diff, repo, path, before, new)
    for (repo, path, _), before in old.items():
        if before.kept:
            diff.removed.append((repo, path, before, LEFT_SNAPSHOT))
    for entries in (diff.added, diff.removed, diff.changed, diff.promoted):
        entries.sort(key=lambda entry: (entry[0], entry[1]))
    return diff


def _count_repo(commits: dict[str, set[str]], kept: Counter[str], repo: str, state: FileState) -> None:
    commits[repo].add(state.commit or "")
    kept[repo] += state.kept


def _classify(diff: VersionDiff, repo: str, path: str, before: FileState | None, new: FileState) -> None:
    if before is None:
        if new.kept:
            diff.added.append((repo, path, new))
        else:
            diff.dropped_new_inputs[new.reason or "(none)"] += 1
    elif before.kept and new.kept:
        if before.content_sha256 == new.content_sha256:
            diff.unchanged += 1
        else:
            diff.changed.append((repo, path, before, new))
    elif before.kept:
        diff.removed.append((repo, path, before, new.reason or "(none)"))
    elif new.kept:
        if (before.reason or "").startswith(DEDUP_PREFIX) and before.content_sha256 == new.content_sha256:
            diff.promoted.append((repo, path, before, new))
        else:  # a new content, or a file a stage dropped before and keeps now
            diff.added.append((repo, path, new))


def _why_removed(reasons: Counter[str]) -> str:
    """One reason for a repository that is no longer published: the most common among its files."""
    return sorted(reasons.items(), key=lambda item: (-item[1], item[0]))[0][0]


def summary(diff: VersionDiff) -> dict:
    """The diff as plain data (the `--json` output): counts first, then every file and repository."""
    removed_reasons: dict[str, Counter[str]] = defaultdict(Counter)
    for repo, _, _, reason in diff.removed:
        removed_reasons[repo][reason] += 1
    old_published = {repo for repo, count in diff.kept_old.items() if count}
    new_published = {repo for repo, count in diff.kept_new.items() if count}
    touched: dict[str, Counter[str]] = defaultdict(Counter)
    for kind, entries in (("added", diff.added), ("removed", diff.removed), ("changed", diff.changed),
                          ("promoted", diff.promoted)):
        for entry in entries:
            touched[entry[0]][kind] += 1
    for repo, _, _, reason in diff.removed:
        touched[repo]["opted_out"] += reason.startswith(OPTOUT_PREFIX)
    changed_repos = sorted(repo for repo in old_published & new_published
                           if touched[repo] or diff.repos_old[repo] != diff.repos_new[repo])
    return {
        "files": {"added": len(diff.added), "removed": len(diff.removed), "changed": len(diff.changed),
                  "promoted": len(diff.promoted), "unchanged": diff.unchanged},
        "removed_by_reason": _counts(reason for *_, reason in diff.removed),
        "removed_by_license_type": _counts(state.license_type for _, _, state, _ in diff.removed),
        "added_by_license_type": _counts(state.license_type for _, _, state in diff.added),
        "added_by_license": _counts(state.license_expression for _, _, state in diff.added),
        "removed_by_license": _counts(state.license_expression for _, _, state, _ in diff.removed),
        "new_inputs_dropped_by_reason": dict(sorted(diff.dropped_new_inputs.items())),
        "repositories": {
            "added": [{"repo": repo, "files": diff.kept_new[repo]} for repo in sorted(new_published - old_published)],
            "removed": [{"repo": repo, "files": diff.kept_old[repo], "reason": _why_removed(removed_reasons[repo])}
                        for repo in sorted(old_published - new_published)],
            "changed": [{"repo": repo, "old_commits": sorted(diff.repos_old[repo]),
                         "new_commits": sorted(diff.repos_new[repo]), **dict(sorted(touched[repo].items()))}
                        for repo in changed_repos],
        },
        "added": [{"repo": repo, "path": path, "id": state.id, "license_type": state.license_type}
                  for repo, path, state in diff.added],
        "removed": [{"repo": repo, "path": path, "id": state.id, "reason": reason}
                    for repo, path, state, reason in diff.removed],
        "changed": [{"repo": repo, "path": path, "old_id": before.id, "new_id": after.id}
                    for repo, path, before, after in diff.changed],
        "promoted": [{"repo": repo, "path": path, "id": after.id, "was": before.reason}
                     for repo, path, before, after in diff.promoted],
    }


def _counts(values: Iterable[str | None]) -> dict[str, int]:
    counts = Counter(value or "(none)" for value in values)
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def diff_datasets(old: str, new: str) -> dict:
    """Read both provenance tables and return `summary` with where each version came from."""
    readers = []
    for location in (old, new):
        reader = DatasetReader(location)
        if not reader.complete:
            raise UsageError(f"{location} is not a complete dataset (no manifest.json)")
        readers.append(reader)
    result = summary(compare(_rows(readers[0]), _rows(readers[1])))
    return {**{name: _identity(reader) for name, reader in zip(("old", "new"), readers)}, **result}


def _rows(reader: DatasetReader) -> Iterator[dict]:
    for batch in reader.provenance_batches(COLUMNS):
        yield from batch.to_pylist()


def _identity(reader: DatasetReader) -> dict:
    manifest = reader.manifest
    return {"location": reader.location, "version": manifest["dataset"]["version"],
            "manifest_sha256": reader.manifest_sha256, "parent": manifest.get("parent")}


def render_text(result: dict, shown: int = SHOWN) -> str:
    """The terminal form: counts, repositories, then the first `shown` files of each kind."""
    files, repos = result["files"], result["repositories"]
    lines = [f"old: {result['old']['location']} (manifest {result['old']['manifest_sha256'][:12]})",
             f"new: {result['new']['location']} (manifest {result['new']['manifest_sha256'][:12]})"
             + (" — its parent" if result["new"]["parent"] == result["old"]["manifest_sha256"] else ""),
             f"files: {files['added']} added, {files['removed']} removed, {files['changed']} changed, "
             f"{files['promoted']} promoted, {files['unchanged']} unchanged",
             f"repositories: {len(repos['added'])} added, {len(repos['removed'])} removed, "
             f"{len(repos['changed'])} changed"]
    for title, key in (("removed files by reason", "removed_by_reason"),
                       ("removed files by licence", "removed_by_license"),
                       ("added files by licence", "added_by_license"),
                       ("new input files dropped, by reason", "new_inputs_dropped_by_reason")):
        if result[key]:
            lines.append(f"{title}:")
            lines.extend(f"  {count:>8}  {name}" for name, count in result[key].items())
    for mark, kind, describe in (
            ("+", "added", lambda entry: f"{entry['repo']} ({entry['files']} file(s))"),
            ("-", "removed", lambda entry: f"{entry['repo']} ({entry['files']} file(s)): {entry['reason']}"),
            ("~", "changed", lambda entry: entry["repo"])):
        lines.extend(_listed(f"repositories {kind}", [f"{mark} {describe(entry)}" for entry in repos[kind]], shown))
    for mark, kind, describe in (
            ("+", "added", lambda entry: f"{entry['repo']}:{entry['path']}"),
            ("-", "removed", lambda entry: f"{entry['repo']}:{entry['path']}  {entry['reason']}"),
            ("~", "changed", lambda entry: f"{entry['repo']}:{entry['path']}"),
            ("^", "promoted", lambda entry: f"{entry['repo']}:{entry['path']}  (was {entry['was']})")):
        lines.extend(_listed(f"files {kind}", [f"{mark} {describe(entry)}" for entry in result[kind]], shown))
    return "\n".join(lines)


def _listed(title: str, entries: list[str], shown: int) -> list[str]:
    if not entries:
        return []
    more = len(entries) - shown
    return [f"{title}:", *(f"  {entry}" for entry in entries[:shown]),
            *([f"  … and {more} more (--json lists all)"] if more > 0 else [])]


def run_diff(args: argparse.Namespace) -> int:
    result = diff_datasets(args.old, args.new)
    print(json.dumps(result, indent=1, sort_keys=True) if args.json else render_text(result))
    return 0
