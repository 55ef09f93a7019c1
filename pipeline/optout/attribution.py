"""The `attribution/` shards of an opt-out version.

Rows of repositories none of whose kept files remain are dropped; every other row stays as it was
(a partly removed repository's remaining files need the same licence texts, and a copyright line
too many is harmless), and a shard with no row to drop or add is copied byte for byte.  Files
promoted from the sources (`promote.py`) get their attribution as a fresh run would give them,
merged into their repository's row when it has one.
"""

from __future__ import annotations

import hashlib
import re

from apache_beam.io.filesystems import FileSystems

from licenses.attribution import ChunkAttribution, RepoNotices, merge_rows
from pipeline.attribution import email_redactor, repository_shard
from pipeline.config import Config
from pipeline.dataset.files import parquet_bytes, write_file
from pipeline.dataset.layout import TMP, ShardInfo, attribution_shard_path, layout_path
from pipeline.dataset.publish import stage_parent_object
from pipeline.dataset.reader import DatasetReader
from pipeline.dataset.schema import ATTRIBUTION_SCHEMA
from pipeline.records import FileRecord

_INDEX = re.compile(r"part-(\d+)\.parquet$")


def promoted_attribution(records: list[FileRecord], notices: dict[tuple[str, str], RepoNotices],
                         config: Config) -> list[dict]:
    """Attribution rows (chunk form) for promoted files, from their repositories' licence files."""
    if not records:
        return []
    attribution = ChunkAttribution(notices, email_redactor(config), config.licenses.header_lines,
                                   config.licenses.header_chars)
    for record in records:
        attribution.add(record.repo_name, record.commit, record.path, record.content, record.license,
                        record.license_expression, record.license_evidence)
    return attribution.rows()


def _chunk_form(row: dict) -> dict:
    """A published row as a chunk row, so that `merge_rows` can unite it with promoted ones."""
    expressions = [row["license_expression"]] if row["license_expression"] else []
    return {**{key: value for key, value in row.items() if key != "license_expression"}, "expressions": expressions}


def attribution_shards(dataset: str, parent: dict, output: str, removed: set[str], added: list[dict],
                       config: Config, rewritten: list[str],
                       files_gone: frozenset[tuple[str, str]] = frozenset()) -> list[ShardInfo]:
    """The version's attribution shards: rows of `removed` repositories dropped, and file-scope
    rows of `files_gone` ((repository, path) no longer kept: an update's new dedup drops), `added`
    rows (chunk form) merged in; a shard with nothing to drop or add is copied byte for byte."""
    reader = DatasetReader(dataset)
    entries = {layout_path(entry["path"]): entry for entry in parent["shards"].get("attribution", [])}
    where: dict[str, str] = {}
    names: dict[str, list[str]] = {}
    files: dict[str, set[tuple[str, str]]] = {}

    def dropped(row: dict) -> bool:
        return row["repo_name"] in removed or (row["scope"] == "file" and (row["repo_name"], row["path"]) in files_gone)

    for path in sorted(entries):
        table = reader.read_shard(entries[path]["path"], ["repo_name", "scope", "path"])
        names[path] = table["repo_name"].to_pylist()
        files[path] = {(row["repo_name"], row["path"]) for row in table.to_pylist() if dropped(row)}
        where.update((name, path) for name in names[path])
    indices = [int(match.group(1)) for path in entries if (match := _INDEX.search(path))]
    count = max(indices) + 1 if indices else 1
    joining: dict[str, list[dict]] = {}
    for row in added:
        path = where.get(row["repo_name"]) or attribution_shard_path(repository_shard(row["repo_name"], count))
        joining.setdefault(path, []).append(row)
    shards = []
    for path in sorted(set(entries) | set(joining)):
        if path in entries and not files[path] and path not in joining:
            entry = entries[path]
            stage_parent_object(dataset, output, entry)
            shards.append(ShardInfo("attribution", path, entry["rows"], entry["bytes"], entry["sha256"]))
            continue
        rows = reader.read_shard(entries[path]["path"]).to_pylist() if path in entries else []
        rows = [_chunk_form(row) for row in rows if not dropped(row)] + joining.get(path, [])
        rewritten.append(path)
        if rows:
            published = merge_rows(rows)
            data = parquet_bytes(published, ATTRIBUTION_SCHEMA, config.write)
            write_file(FileSystems.join(output, TMP, path), data)
            shards.append(ShardInfo("attribution", path, len(published), len(data), hashlib.sha256(data).hexdigest()))
    return shards
