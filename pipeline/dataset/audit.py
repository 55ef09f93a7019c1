"""`codecurate audit`: "is any of my code in this dataset, which files, why, under which evidence?"

Answers come from provenance alone (one row per input file, kept or dropped, with its reason,
licence evidence and shard), so an audit never reads file contents and works on any version.
`--content` matches by sha256 of the original bytes, and near copies through the kept contents
(`pipeline.dataset.audit_content`).  `--history` asks the same question of several versions, to say in
which of them the files were published.
"""

from __future__ import annotations

import argparse
import difflib
import fnmatch
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.errors import UsageError
from pipeline.dataset.audit_attribution import attribution_text, repository_attribution
from pipeline.dataset.reader import DatasetReader

_FIELDS = ("id", "repo_name", "path", "status", "reason", "license", "license_expression", "license_type",
           "license_evidence",
           "shard", "duplicate_of", "cluster_id", "content_sha256")


@dataclass(frozen=True)
class Query:
    description: str
    matches: Callable[[dict], bool]
    note: str | None = None


def _file_query(spec: str) -> Query:
    repo, sep, pattern = spec.partition(":")
    if not sep:
        return Query(f"path {spec}", lambda row: fnmatch.fnmatchcase(row["path"], spec))
    repo = repo.lower()
    return Query(f"path {pattern} in {repo}",
                 lambda row: row["repo_name"].lower() == repo and fnmatch.fnmatchcase(row["path"], pattern))


def _content_query(path: str, dataset: str | None) -> Query:
    """Exact copies (same sha256) and near copies: kept files within the dataset's near-dedup
    threshold of the file, with the members of their duplicate clusters."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise UsageError(f"cannot read --content {path}: {error.strerror or error}") from None
    sha256 = hashlib.sha256(data).hexdigest()
    near: dict[str, float] = {}
    if dataset is not None:
        from filters.decode import decode
        from pipeline.dataset.audit_content import near_matches

        text = decode(data).text
        manifest = _manifest(dataset)
        if text is not None and manifest["config"]["dedup"]["near"]["enabled"]:
            near = near_matches(dataset, manifest, text)

    def matches(row: dict) -> bool:
        # Copies dropped in favour of a matching kept file point at it through `duplicate_of`.
        return row["content_sha256"] == sha256 or row["id"] in near or row["duplicate_of"] in near

    note = (f"near copies: {len(near)} kept file(s) with Jaccard ≥ threshold to the file "
            "(and their duplicate clusters)" if near else "no near copies among the kept files")
    return Query(f"content sha256:{sha256}", matches, note)


def query_of(args: argparse.Namespace) -> Query:
    if args.repo:
        repo = args.repo.lower()
        return Query(f"repository {repo}", lambda row: row["repo_name"].lower() == repo)
    if args.user:
        user = args.user.lower()
        return Query(f"user {user}", lambda row: row["repo_name"].split("/", 1)[0].lower() == user)
    if args.file:
        return _file_query(args.file)
    return _content_query(args.content, args.dataset)


def _manifest(dataset: str) -> dict:
    try:
        return DatasetReader(dataset).manifest
    except (OSError, ValueError):
        raise UsageError(f"{dataset} is not a complete dataset (no readable manifest.json)") from None


def find(dataset: str, query: Query) -> list[dict]:
    manifest = _manifest(dataset)
    found = []
    for _, rows in DatasetReader(dataset).provenance_rows():
        found += [{key: row.get(key) for key in _FIELDS} for row in rows if query.matches(row)]
    return sorted(found, key=lambda row: (row["repo_name"], row["path"], row["id"]))


def _licence(row: dict) -> str:
    expression = row.get("license_expression") or " AND ".join(row["license"])
    return f"{expression or '-'} ({row['license_type']})"


def table(rows: list[dict]) -> str:
    """The human view: one line per file, the columns an auditor reads first."""
    header = ("STATUS", "REASON", "FILE", "LICENCE", "EVIDENCE", "WHERE")
    lines = [(row["status"], row["reason"] or "-", f"{row['repo_name']}/{row['path']}", _licence(row),
              row["license_evidence"] or "-",
              row["shard"] or (f"duplicate of {row['duplicate_of']}" if row["duplicate_of"] else "-"))
             for row in rows]
    widths = [max(len(str(line[i])) for line in [header, *lines]) for i in range(len(header))]
    return "\n".join("  ".join(str(cell).ljust(width) for cell, width in zip(line, widths)).rstrip()
                     for line in [header, *lines])


def _summary(rows: list[dict]) -> str:
    kept = sum(row["status"] == "kept" for row in rows)
    reasons = Counter(row["reason"] for row in rows if row["status"] != "kept")
    dropped = ", ".join(f"{reason} {count}" for reason, count in sorted(reasons.items()))
    return f"{len(rows)} file(s): {kept} kept, {len(rows) - kept} dropped" + (f" ({dropped})" if dropped else "")


def history(datasets: list[str], query: Query) -> list[dict]:
    """Per version: its manifest hash, its parent, and how many matching files it publishes."""
    versions = []
    for dataset in datasets:
        rows = find(dataset, query)
        reader = DatasetReader(dataset)
        versions.append({"dataset": dataset, "manifest_sha256": reader.manifest_sha256,
                         "parent": reader.manifest.get("parent"),
                         "kept": sum(row["status"] == "kept" for row in rows),
                         "dropped": dict(sorted(Counter(row["reason"] for row in rows if row["reason"]).items())),
                         "files": len(rows)})
    return versions


def _history_table(versions: list[dict]) -> str:
    names = {version["manifest_sha256"]: version["dataset"] for version in versions}
    lines = []
    for version in versions:
        parent = version["parent"]
        link = "-" if parent is None else names.get(parent, parent[:12])
        state = "present" if version["kept"] else "absent"
        dropped = ", ".join(f"{reason} {count}" for reason, count in version["dropped"].items()) or "-"
        lines.append(f"{version['dataset']}  [{version['manifest_sha256'][:12]}, parent {link}]: {state}, "
                     f"{version['kept']} kept of {version['files']} file(s); dropped: {dropped}")
    return "\n".join(lines)


def repository_names(dataset: str) -> set[str]:
    """Every repository the dataset's inputs held (provenance has a row per input file)."""
    names: set[str] = set()
    for batch in DatasetReader(dataset).provenance_batches(["repo_name"]):
        names.update(batch.column("repo_name").to_pylist())
    return names


def close_names(wanted: str, names: set[str], limit: int = 5) -> list[str]:
    """Names that look like `wanted`: same repository name under another owner first, then the
    closest spellings (difflib), whole names and repository parts alike."""
    wanted = wanted.lower()
    by_lower = {name.lower(): name for name in names}
    same_name = sorted(name for name in names if name.split("/", 1)[-1].lower() == wanted.split("/", 1)[-1])
    spelled = difflib.get_close_matches(wanted, list(by_lower), n=limit, cutoff=0.6)
    parts = {name.split("/", 1)[-1].lower(): name for name in sorted(names, reverse=True)}
    spelled += [parts[part] for part in difflib.get_close_matches(wanted.split("/", 1)[-1], list(parts), n=limit,
                                                                 cutoff=0.7)]
    found: list[str] = []
    for name in same_name + [by_lower.get(name, name) for name in spelled]:
        if name not in found:
            found.append(name)
    return found[:limit]


def check_target(args: argparse.Namespace, datasets: list[str]) -> str | None:
    """What is wrong with `--repo` / `--user` for these datasets, with close names, or None.

    `--repo` takes OWNER/NAME; a name the inputs never held gets an explanation and suggestions
    rather than an empty table that reads like "checked, and nothing of yours is there"."""
    if not (args.repo or args.user):
        return None
    names: set[str] = set()
    for dataset in datasets:
        names |= repository_names(dataset)
    where = datasets[0] if len(datasets) == 1 else f"any of the {len(datasets)} versions"
    if args.user:
        owners = {name.split("/", 1)[0].lower(): name.split("/", 1)[0] for name in names}
        if args.user.lower() in owners:
            return None
        close = [owners[owner] for owner in difflib.get_close_matches(args.user.lower(), list(owners), n=5)]
        return (f"no repository of {args.user} is in {where}" +
                (f"; close owners: {', '.join(close)}" if close else ""))
    repo = args.repo.strip("/")
    if repo.lower() in {name.lower() for name in names}:
        return None
    close = close_names(repo, names)
    suggestion = f"; close names: {', '.join(close)}" if close else ""
    if "/" not in repo:
        return f"--repo takes OWNER/NAME (as on the forge), not {repo!r}{suggestion}"
    return f"{repo} is not in {where}: no input file came from it{suggestion}"


def run_audit(args: argparse.Namespace) -> int:
    query = query_of(args)
    datasets = ([args.dataset] if args.dataset else []) + list(args.history or [])
    if not datasets:
        raise UsageError("name a DATASET, or several with --history DIR...")
    for dataset in datasets:
        _manifest(dataset)
    problem = check_target(args, datasets)
    if problem is not None:
        if args.repo and "/" not in args.repo.strip("/"):
            raise UsageError(problem)
        if args.json:
            print(json.dumps({"datasets": datasets, "query": query.description, "files": [], "note": problem},
                             indent=2))
        else:
            print(problem)
        return 1
    if args.history:
        versions = history(datasets, query)
        if args.json:
            print(json.dumps({"query": query.description, "versions": versions, "note": query.note}, indent=2))
        else:
            print(f"{query.description} across {len(versions)} version(s)")
            print(_history_table(versions))
        return 0
    rows = find(datasets[0], query)
    attribution = repository_attribution(datasets[0], args.repo) if args.repo else None
    if args.json:
        answer = {"dataset": datasets[0], "manifest_sha256": DatasetReader(datasets[0]).manifest_sha256,
                  "query": query.description, "files": rows, "note": query.note}
        if attribution is not None:
            answer["attribution"] = attribution
        print(json.dumps(answer, indent=2))
        return 0
    print(f"{datasets[0]}: {query.description}: {_summary(rows)}")
    if rows:
        print(table(rows))
    if attribution is not None:
        print(attribution_text(attribution))
    if query.note:
        print(f"note: {query.note}")
    return 0
