"""Attribution rows of an unchanged repository whose kept files changed in an update.

A repository's rows are made from its kept files (their licence, evidence and the copyright lines
of their headers) and its licence-like files (`licenses.attribution.ChunkAttribution`).  When an
unchanged repository loses a kept file to dedup (a better copy entered), a fresh run would no
longer count that file: the copyright lines its header added, or its file-scope row, are gone.
So such a repository's rows are made again as a fresh run makes them: from its kept files'
published rows (attribution reads the content after the PII stage, which is what `data/` holds)
and its licence-like files, read again from its unchanged dump.  The dump's other files are
read past without being decoded when the parent stored the repository's root expression
(`state.py`): it is all a fresh run takes from them for attribution (`ingest.repository.read_notices`).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from concurrent.futures import Executor

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from licenses.attribution import ChunkAttribution, RepoNotices
from pipeline.attribution import email_redactor
from pipeline.config import Config
from pipeline.dataset.layout import layout_path
from pipeline.dataset.reader import DatasetReader
from pipeline.dataset.files import read_bytes, read_parquet
from pipeline.ingest.repository import read_notices, read_repository
from pipeline.records import RepoSource


def stored_roots(reader: DatasetReader, state_paths: Iterable[str], repos: set[str]) -> dict[str, str]:
    """The root expression the parent stored for each of `repos` that has one (legacy state has none)."""
    if not repos:
        return {}
    wanted = pa.array(sorted(repos), type=pa.string())
    roots: dict[str, str] = {}
    for path in state_paths:
        data = read_bytes(reader.path(path))
        if "root_expression" not in pq.ParquetFile(io.BytesIO(data)).schema_arrow.names:
            continue
        table = read_parquet(data, ["repo_name", "root_expression"])
        table = table.filter(pc.and_(pc.is_in(table["repo_name"], value_set=wanted), pc.is_valid(table["root_expression"])))
        roots.update(zip(table["repo_name"].to_pylist(), table["root_expression"].to_pylist()))
    return roots


def remade_rows(reader: DatasetReader, repos: set[str], sources: Iterable[RepoSource], provenance: list[pa.Table],
                data_added: dict[str, pa.Table], config: Config,
                known: dict[tuple[str, str], RepoNotices] | None = None,
                roots: dict[str, str] | None = None, *, pool: Executor) -> list[dict]:
    """Attribution rows (chunk form) of `repos` in the new version; `provenance` are the new
    version's provenance tables, `data_added` the data rows joining it by shard; `known` holds
    notices already read (a promotion's repository is not read twice); `roots` the root
    expressions the parent stored (`stored_roots`); the kept files' data shards are read in
    `pool` while the licence-like files are read here."""
    if not repos:
        return []
    contents = _kept_contents(reader, repos, provenance, data_added, pool)
    notices: dict[tuple[str, str], RepoNotices] = dict(known or {})
    roots = roots or {}
    for source in sources:  # only the licence-like files are wanted; the records are not kept
        if (source.repo_name, source.commit) in notices:
            continue
        if source.repo_name in roots:
            notices[(source.repo_name, source.commit)] = read_notices(source, config, roots[source.repo_name])
            continue
        for _ in read_repository(source, config, lambda found: notices.__setitem__((found.repo_name, found.commit), found),
                                 only=()):
            pass
    evidence, rows = contents()
    attribution = ChunkAttribution(notices, email_redactor(config), config.licenses.header_lines,
                                   config.licenses.header_chars)
    for file_id in sorted(rows):
        row = rows[file_id]
        attribution.add(row["repo_name"], row["commit"], row["path"], row["content"], row["license"],
                        row["license_expression"], evidence[file_id])
    return attribution.rows()


def _kept_contents(reader: DatasetReader, repos: set[str], provenance: list[pa.Table],
                   data_added: dict[str, pa.Table], pool: Executor
                   ) -> Callable[[], tuple[dict[str, str], dict[str, dict]]]:
    """(licence evidence by id, data row by id) of `repos`' kept files, as a call that returns
    them: joining rows as given, the others from the parent's data shards, whose reads start
    now in `pool`."""
    wanted = pa.array(sorted(repos), type=pa.string())
    evidence: dict[str, str] = {}
    shards: set[str] = set()
    for table in provenance:
        kept = table.filter(pc.and_(pc.equal(table["status"], "kept"), pc.is_in(table["repo_name"], value_set=wanted)))
        for row in kept.select(["id", "license_evidence", "shard"]).to_pylist():
            evidence[row["id"]] = row["license_evidence"]
            shards.add(row["shard"])
    rows: dict[str, dict] = {}
    if evidence:
        wanted_ids = pa.array(sorted(evidence), type=pa.string())
        for joining in data_added.values():
            rows.update((row["id"], row) for row in
                        joining.filter(pc.is_in(joining["id"], value_set=wanted_ids)).to_pylist())
    published = {layout_path(entry["path"]): entry["path"] for entry in reader.manifest["shards"]["data"]}
    ids = pa.array(sorted(set(evidence) - set(rows)), type=pa.string())

    def stored_rows(path: str) -> list[dict]:
        table = reader.read_shard(path)
        return table.filter(pc.is_in(table["id"], value_set=ids)).to_pylist()

    paths = [published[shard] for shard in sorted(shards & published.keys())]
    reads = [pool.submit(stored_rows, path) for path in paths]

    def gathered() -> tuple[dict[str, str], dict[str, dict]]:
        for found in (read.result() for read in reads):
            rows.update((row["id"], row) for row in found)
        return evidence, rows

    return gathered
