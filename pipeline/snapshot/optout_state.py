"""Every opt-out a dataset honours, kept in the dataset so that its next versions honour it too.

A new snapshot brings repositories no earlier run has seen (a new repository of a user who opted
out, a new commit of an opted-out repository), so the rules themselves must travel with the
dataset, not only their effects on provenance.  They are stored as `state/optout.parquet`, one
row per entry, names hashed: the manifest and state are public, and who asked to be left out is
not to be listed.  A sha256 of a lower-cased GitHub name is not secret against someone who
guesses the name (`codecurate audit --user NAME` answers the same question); it keeps the list
from being read off the dataset.  Contents are stored as their sha256, as the list gives them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pyarrow as pa

from pipeline.optout.entries import OptoutList

OPTOUT_STATE = "state/optout.parquet"
OPTOUT_SCHEMA = pa.schema([("kind", pa.string()), ("key", pa.string()), ("glob", pa.string())])


def optout_state_entry(manifest: dict) -> dict:
    """The manifest entry of the stored opt-out list (published under a content name)."""
    from pipeline.dataset.layout import layout_path

    return next(entry for entry in manifest["shards"]["state"] if layout_path(entry["path"]) == OPTOUT_STATE)


def name_digest(name: str) -> str:
    return hashlib.sha256(name.lower().encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StoredOptout(OptoutList):
    """An opt-out list whose user and repository names are sha256 digests (`name_digest`): it
    decides exactly as the list it was made from (`OptoutList.reason_for`)."""

    def reason_for(self, repo_name: str, path: str, sha256: str | None) -> str | None:
        repo = repo_name.lower()
        if name_digest(repo.split("/", 1)[0]) in self.users:
            return "optout:user"
        repo_digest = name_digest(repo)
        if repo_digest in self.repos:
            return "optout:repo"
        for path_repo, pattern in self.paths:
            if path_repo == repo_digest and self._glob(pattern).match(path):
                return "optout:path"
        if sha256 and sha256 in self.contents:
            return "optout:content"
        return None


def stored_rows(optout: OptoutList) -> list[dict]:
    """The rows of `state/optout.parquet` for a list (already stored lists keep their digests)."""
    hashed = isinstance(optout, StoredOptout)
    digest = (lambda name: name) if hashed else name_digest
    rows = [{"kind": "user", "key": digest(user), "glob": None} for user in optout.users]
    rows += [{"kind": "repo", "key": digest(repo), "glob": None} for repo in optout.repos]
    rows += [{"kind": "path", "key": digest(repo), "glob": glob} for repo, glob in optout.paths]
    rows += [{"kind": "content", "key": sha, "glob": None} for sha in optout.contents]
    return sorted(rows, key=lambda row: (row["kind"], row["key"], row["glob"] or ""))


def optout_table(*lists: OptoutList) -> pa.Table:
    """Every entry of every list, once (a version's list is its parent's plus the new one)."""
    rows = {(row["kind"], row["key"], row["glob"]): row for optout in lists for row in stored_rows(optout)}
    return pa.Table.from_pylist([rows[key] for key in sorted(rows, key=lambda k: (k[0], k[1], k[2] or ""))],
                                schema=OPTOUT_SCHEMA)


def stored_optout(table: pa.Table, sha256: str = "", entries: int | None = None) -> StoredOptout:
    """The list a dataset honours, from its `state/optout.parquet`."""
    users, repos, contents, paths = set(), set(), set(), set()
    for row in table.to_pylist():
        if row["kind"] == "user":
            users.add(row["key"])
        elif row["kind"] == "repo":
            repos.add(row["key"])
        elif row["kind"] == "path":
            paths.add((row["key"], row["glob"]))
        elif row["kind"] == "content":
            contents.add(row["key"])
        else:
            raise ValueError(f"{OPTOUT_STATE}: unknown entry kind {row['kind']!r}")
    return StoredOptout(users=frozenset(users), repos=frozenset(repos), paths=tuple(sorted(paths)),
                        contents=frozenset(contents), sha256=sha256,
                        entries=table.num_rows if entries is None else entries)
