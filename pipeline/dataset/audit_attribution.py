"""`audit --repo`'s attribution section: what a redistributor must ship with the repository's files.

Read from the `attribution/` shards the manifest lists (`pipeline/attribution.py`): the licence ids,
which licence and NOTICE files travel, and the copyright lines (addresses already redacted).
"""

from __future__ import annotations

from pipeline.dataset.reader import DatasetReader

_COLUMNS = ["repo_name", "commit", "scope", "path", "license_expression", "license", "license_texts", "notices",
            "copyright_lines"]


def repository_attribution(dataset: str, repo: str) -> list[dict]:
    """The repository's attribution rows (repository scope first, then its files), texts summarised
    by path and length: the audit shows what travels, the table holds the texts."""
    reader = DatasetReader(dataset)
    found = []
    for shard in reader.manifest["shards"].get("attribution", []):
        for row in reader.read_shard(shard["path"], _COLUMNS).to_pylist():
            if row["repo_name"].lower() != repo.lower():
                continue
            found.append({
                **{key: row[key] for key in ("repo_name", "commit", "scope", "path", "license_expression", "license")},
                "license_texts": [{"path": item["path"], "chars": len(item["text"])} for item in row["license_texts"]],
                "notices": [{"path": item["path"], "chars": len(item["text"])} for item in row["notices"]],
                "notice_present": bool(row["notices"]),
                "copyright_lines": row["copyright_lines"],
                "shard": shard["path"],
            })
    return sorted(found, key=lambda row: (row["repo_name"], row["scope"] != "repository", row["path"] or ""))


def attribution_text(rows: list[dict]) -> str:
    """The human view of `repository_attribution`."""
    if not rows:
        return "attribution: none (no kept file of this repository is under a licence that requires its notice)"
    lines = ["attribution (what must travel with copies; texts in the attribution table):"]
    for row in rows:
        where = "repository" if row["scope"] == "repository" else f"file {row['path']}"
        texts = ", ".join(item["path"] for item in row["license_texts"]) or "-"
        notices = ", ".join(item["path"] for item in row["notices"]) or "none"
        lines.append(f"  {where}: {row['license_expression'] or '-'} [{', '.join(row['license'])}]  "
                     f"licence texts: {texts}; NOTICE: {notices}  ({row['shard']})")
        lines += [f"    {line}" for line in row["copyright_lines"]]
    return "\n".join(lines)
