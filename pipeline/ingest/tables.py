"""File tables (`.jsonl`, `.jsonl.gz`, `.parquet`) → `FileRecord`s: how datasets are re-curated.

A big table is read in parts by different workers (`table_parts.py`); what a row becomes never
depends on the split:

- its row number is its number in the whole table (Parquet row, JSONL line, from 1), so an
  `ingest:corrupt_row` names `<table>:<row>` as an unsplit read would;
- its id is `file_id(repo, commit, path)`; a row that repeats the (repo, commit, path) of an
  *earlier row of the table* (a JSON object with `repo_name` and `path`) gets
  `file_id(repo, commit, path + "\0" + its row number)` instead, so no two rows share an id.
  "Earlier" is about the whole table, wherever the split falls: before reading its rows, a part
  that does not start the table reads the keys before it (Parquet: the key columns only, row
  groups whose statistics rule out its repositories skipped; JSONL: the lines before it, which
  also gives its first line number) and keeps those it holds itself.  The first occurrence keeps
  the plain id, so ids of rows that are not repeated are what they always were.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from functools import partial

from apache_beam.io.filesystems import FileSystems

from filters.decode import decode
from licenses.repo_licenses import decide_without_tree
from pipeline.config import Config
from pipeline.ingest.licence_fields import fill_licence
from pipeline.ingest.repository import dump_error_record, printable_path, safe_path
from pipeline.ingest.table_parts import (
    KEY_COLUMNS,
    TablePart,
    is_parquet,
    jsonl_lines,
    parquet_keys_before,
    parquet_rows,
    parse_line,
)
from pipeline.records import FileRecord, RepoSource, content_sha256, file_id

Rows = Iterator[tuple[int, object]]
"""(row number in the whole table from 1, the row as read: a JSONL line that is not JSON is its bytes)."""


def _whole_rows(location: str) -> Rows:
    if is_parquet(location):
        yield from parquet_rows(location, None)
        return
    with FileSystems.open(location, compression_type="uncompressed") as handle:
        stream = gzip.GzipFile(fileobj=handle) if location.lower().endswith(".gz") else handle
        for number, line in enumerate(stream, start=1):
            if line.strip():
                yield number, parse_line(line)


def _key(row: object) -> tuple[str, str, str]:
    """(repo, commit, path) as ids see them; raises on a row that is not a file."""
    if not isinstance(row, dict):
        raise ValueError("not a JSON object")
    repo_name = printable_path(str(row["repo_name"]))
    commit = printable_path(str(row.get("commit") or ""))
    raw_path = printable_path(str(row["path"]))
    path = safe_path(raw_path)
    return repo_name, commit, raw_path if path is None else path


def _plain_ids(rows: Iterable[object]) -> Iterator[str]:
    """The plain id of every row that is a file (the rows whose key a later repeat meets)."""
    for row in rows:
        try:
            yield file_id(*_key(row))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue


def _part_rows(part: TablePart) -> tuple[Rows, set[str]]:
    """(the part's rows, the plain ids of its rows that an earlier row of the table already has).
    The first part has no earlier rows and streams; a later one holds its own keys (JSONL: its
    rows, at most about `bundle_bytes`) while it reads the keys before it."""
    location = part.location
    if is_parquet(location):
        if part.start:
            keys = [row for _, row in parquet_rows(location, part, KEY_COLUMNS)]
            wanted = set(_plain_ids(keys))
            pairs = {(str(row.get("repo_name")), str(row.get("commit") or "")) for row in keys}
            earlier = {found for found in _plain_ids(parquet_keys_before(part, pairs)) if found in wanted}
            return parquet_rows(location, part), earlier
        return parquet_rows(location, part), set()
    if not part.start:
        lines = enumerate(jsonl_lines(location, part.start, part.end), start=1)
        return ((number, parse_line(line)) for number, line in lines if line.strip()), set()
    rows = [parse_line(line) if line.strip() else None for line in jsonl_lines(location, part.start, part.end)]
    if not any(row is not None for row in rows):
        return iter(()), set()
    wanted = set(_plain_ids(rows))
    before = 0
    earlier: set[str] = set()
    for line in jsonl_lines(location, 0, part.start):
        before += 1
        if wanted and line.strip():
            earlier.update(found for found in _plain_ids([parse_line(line)]) if found in wanted)
    return ((before + index, row) for index, row in enumerate(rows, start=1) if row is not None), earlier


def read_table(table: RepoSource | TablePart, config: Config) -> Iterator[FileRecord]:
    """One record per row of the table or part; a row that cannot be read costs that row only
    (`ingest:corrupt_row`), a table that cannot be read on costs the rest of the table or part
    (`ingest:corrupt_table`)."""
    part = table if isinstance(table, TablePart) else None
    source = table.source if isinstance(table, TablePart) else table
    try:
        rows, seen = (_whole_rows(source.location), set()) if part is None else _part_rows(part)
        for number, row in rows:
            try:
                yield _record(row, number, config, seen)
            except (KeyError, TypeError, ValueError, AttributeError):
                yield _corrupt_row(source, number)
    except (OSError, EOFError, ValueError):
        yield _corrupt_table(source, part)


def _table_name(source: RepoSource) -> str:
    return source.location.rstrip("/").rsplit("/", 1)[-1]


def _corrupt_row(source: RepoSource, number: int) -> FileRecord:
    """A row that is not a file: provenance names the table and the row (never its text)."""
    path = f"{_table_name(source)}:{number}"
    return FileRecord(id=file_id("", "", path), repo_name="", path=printable_path(path), commit="", content="",
                      size=0, content_sha256="", reason="ingest:corrupt_row")


def _corrupt_table(source: RepoSource, part: TablePart | None) -> FileRecord:
    """The rest of a table (or of its first part) is unreadable: one row with an empty path; for a
    later part, `<table>@<start>` (its first row group or byte) so that parts' rows differ."""
    record = dump_error_record(source, "corrupt_table")
    if part is not None and part.start:
        record.path = printable_path(f"{_table_name(source)}@{part.start}")
        record.id = file_id("", "", record.path)
    return record


def _record(row: object, number: int, config: Config, seen: set[str]) -> FileRecord:
    """`seen`: plain ids of the earlier rows of the table (this one's is added)."""
    repo_name, commit, identity = _key(row)
    plain = file_id(repo_name, commit, identity)
    record_id = file_id(repo_name, commit, f"{identity}\0{number}") if plain in seen else plain
    seen.add(plain)
    path = safe_path(identity)
    content = row.get("content")
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else bytes(content or b"")
    record = FileRecord(
        id=record_id, repo_name=repo_name, path=identity, commit=commit, content="",
        size=len(data), content_sha256=content_sha256(data),
        stars=int(row.get("stars") or 0), forks=int(row.get("forks") or 0),
    )
    if path is None:
        return record.drop("ingest:unsafe_path")
    if len(data) > config.ingest.max_file_bytes:
        return record.drop("ingest:too_large")
    decoded = decode(data)
    if decoded.text is None:
        return record.drop(f"ingest:{decoded.reason}")
    record.content = decoded.text
    if config.licenses.enabled:
        return fill_licence(record, partial(decide_without_tree, config.licenses, row.get("license") or "", path,
                                            decoded.text))
    return record
