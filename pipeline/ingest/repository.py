"""One repository dump → one `FileRecord` per entry, in one pass over the dump.

The dump is streamed once; file bytes go to a spooled buffer (memory up to a budget, then a
temporary file) because the licence of a file can depend on a LICENSE met later in the stream and
the top folder of an archive is known only at its end.  Every entry ends as a record: either
alive with decoded text, or dropped with an `ingest:<rule>` reason.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from functools import partial

from filters.decode import decode
from licenses.attribution import RepoNotices, notice_file_kind
from licenses.repo_licenses import RepoLicenseScanner
from pipeline.config import Config
from pipeline.ingest.entries import FILE, DumpError, RawEntry, iter_entries
from pipeline.ingest.licence_fields import drop_undecided, fill_licence, restore_licence
from pipeline.records import FileRecord, RepoSource, content_sha256, file_id

_KIND_REASONS = {
    "symlink": "symlink", "hardlink": "hardlink", "special": "special_file",
    "encrypted": "encrypted", "submodule": "submodule", "unreadable": "unreadable",
}


@dataclass(slots=True)
class _Pending:
    path: str
    reason: str | None
    size: int
    sha256: str = ""
    offset: int = 0
    length: int = 0


def safe_path(raw: str) -> str | None:
    """The entry's path inside the repository, or None if it could point outside it."""
    path = raw.replace("\\", "/")
    if path.startswith("/") or "\0" in path:
        return None
    parts = [part for part in path.split("/") if part not in ("", ".")]
    if not parts or ".." in parts or parts[0][1:2] == ":":  # a drive (`C:`), also behind `./`
        return None
    return "/".join(parts)


def strip_top_folder(paths: list[str]) -> int:
    """Length of a common single top folder prefix (GitHub archives wrap everything in one)."""
    tops = {path.split("/", 1)[0] for path in paths}
    if len(tops) != 1 or any("/" not in path for path in paths):
        return 0
    return len(tops.pop()) + 1


def dump_error_record(source: RepoSource, reason: str) -> FileRecord:
    """A repository-level failure: one provenance row with an empty path."""
    return FileRecord(
        id=file_id(source.repo_name, source.commit, ""), repo_name=source.repo_name, path="",
        commit=source.commit, content="", size=0, content_sha256="", stars=source.stars,
        forks=source.forks, timestamp=source.timestamp, reason=f"ingest:{reason}",
    )


NoticeSink = Callable[[RepoNotices], None]
"""Receives a repository's licence-like files before its first record is yielded (`pipeline/attribution.py`)."""

DAMAGED_DUMP = frozenset({"corrupt_archive", "corrupt_git"})
"""Failures after which the dump's remaining entries are unknown (a truncated or corrupt archive or git
store): what was read is not decided on, unless `ingest.keep_damaged_dumps` says so."""


def read_repository(source: RepoSource, config: Config, notices: NoticeSink | None = None,
                    only: Collection[str] | None = None) -> Iterator[FileRecord]:
    """The dump's records; with `only`, just the records of those ids (the repository's licence
    evidence and notices are still gathered from the whole dump, so each comes out as it would
    among all: how `update` reads the few stored files it promotes)."""
    with tempfile.SpooledTemporaryFile(max_size=config.ingest.spool_memory_bytes) as spool:
        pending, failure = _pending(source, config, spool)
        yield from _records(source, config, pending, spool, notices, only)
    if failure is not None:
        error = dump_error_record(source, failure)
        if only is None or error.id in only:
            yield error


def read_notices(source: RepoSource, config: Config, root_expression: str) -> RepoNotices:
    """The repository's licence-like files exactly as `read_repository` hands them to its notice
    sink, given the root expression that sink's caller stored (`snapshot/state.py`): what that
    read computes from every file's header (the header consensus) is then not needed, so no
    licence is read or decided and no file but the licence-like ones is decoded.  For a
    repository whose evidence was read without failure (else no notices were stored)."""
    collected = RepoNotices(source.repo_name, source.commit, root_expression)
    with tempfile.SpooledTemporaryFile(max_size=config.ingest.spool_memory_bytes) as spool:
        pending, _ = _pending(source, config, spool)
        _notice_texts(pending, spool, collected, config)
    return collected


def read_stored(source: RepoSource, config: Config, licences: Mapping[str, Mapping[str, object]],
                root_expression: str) -> tuple[list[FileRecord], RepoNotices]:
    """The records of the ids in `licences`, as `read_repository(only=...)` gives them, and the
    notices it hands its sink, for a dump an earlier read decided in full (`update`'s promotions):
    `licences` holds each record's licence fields as that read decided them (its provenance row)
    and `root_expression` the root expression its notices carried (`snapshot/state.py`).  The
    licence evidence (every file's header) is then not read: the entries are read as ever (top
    folder, duplicates, budgets, damaged dumps: the same ids, paths, bytes), the licence-like
    files and the asked records alone are decoded, and no licence is decided."""
    collected = RepoNotices(source.repo_name, source.commit, root_expression)
    found: list[FileRecord] = []
    with tempfile.SpooledTemporaryFile(max_size=config.ingest.spool_memory_bytes) as spool:
        pending, failure = _pending(source, config, spool)
        texts = _notice_texts(pending, spool, collected, config)
        for index, record_id, item in _identified(source, pending):
            if record_id in licences:
                record = _record(source, record_id, item, texts.pop(index) if index in texts else _decoded(item, spool))
                found.append(record if record.dropped else restore_licence(record, licences[record_id]))
    if failure is not None:
        error = dump_error_record(source, failure)
        if error.id in licences:
            found.append(error)
    return found, collected


def _notice_texts(pending: list[_Pending], spool, collected: RepoNotices, config: Config) -> dict[int, str | None]:
    """`collected` observes the dump's licence-like files; their texts by position.
    `notice_file_kind` ⊂ what the licence scanner wants: the files `_records` decodes and shows
    the sink, of which `RepoNotices.observe` keeps these alone."""
    texts: dict[int, str | None] = {}
    for index, item in enumerate(pending):
        if item.reason is None and notice_file_kind(item.path) is not None:
            texts[index] = _decoded(item, spool)
            collected.observe(item.path, texts[index], config.licenses.max_license_chars)
    return texts


def _pending(source: RepoSource, config: Config, spool) -> tuple[list[_Pending], str | None]:
    """Every entry of the dump (its bytes in `spool`), with the top folder cut and the reason of
    those not read; and the failure that ended the dump early, if one did."""
    limits = config.ingest
    pending: list[_Pending] = []
    seen: set[str] = set()
    budget = limits.max_dump_bytes
    failure: str | None = None
    try:
        for entry in iter_entries(source.location, source.kind):
            if len(pending) >= limits.max_files_per_repo:
                failure = "too_many_files"
                break
            item, used = _take(entry, spool, limits.max_file_bytes, budget)
            budget -= used
            if item.reason is None and item.path in seen:
                item.reason = "duplicate_entry"
            seen.add(item.path)
            pending.append(item)
            if budget <= 0:
                failure = "dump_budget"
                break
    except DumpError as error:
        failure = error.reason
    if source.kind in ("tar", "zip"):
        # Unsafe entries neither decide the top folder (one `../x` would keep `top/` on every
        # good path) nor lose it (they are reported as stored in the dump).
        cut = strip_top_folder([item.path for item in pending if item.reason != "unsafe_path"])
        for item in pending:
            if cut and item.reason != "unsafe_path":
                item.path = item.path[cut:]
                if item.reason is None and item.path[1:2] == ":":
                    item.reason = "unsafe_path"  # `top/C:/x.py` is a drive path once `top/` goes
    if failure in DAMAGED_DUMP and not limits.keep_damaged_dumps:
        for item in pending:
            if item.reason is None:
                item.reason = "truncated_dump"
    return pending, failure


def printable_path(path: str) -> str:
    """Valid Unicode for provenance: file names that are not UTF-8 reach us with surrogate
    escapes (os, tarfile, git), which Parquet cannot store; their bytes become `\\xNN`.
    Unambiguous, because `safe_path` has already turned every real backslash into `/`."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _take(entry: RawEntry, spool, max_file_bytes: int, budget: int) -> tuple[_Pending, int]:
    path = safe_path(entry.path)
    if path is None:
        return _Pending(printable_path(entry.path.replace("\\", "/")), "unsafe_path", entry.size), 0
    path = printable_path(path)
    if entry.kind != FILE or entry.read is None:
        return _Pending(path, _KIND_REASONS.get(entry.kind, "special_file"), entry.size), 0
    if entry.size > max_file_bytes:
        return _Pending(path, "too_large", entry.size), 0
    try:
        data = entry.read(min(max_file_bytes, budget) + 1)
    except DumpError as error:
        return _Pending(path, error.reason, entry.size), 0
    except (OSError, EOFError, ValueError, RuntimeError):
        return _Pending(path, "unreadable", entry.size), 0
    if len(data) > max_file_bytes:
        return _Pending(path, "too_large", entry.size), len(data)
    if len(data) > budget:
        return _Pending(path, "dump_budget", entry.size), len(data)
    spool.seek(0, 2)
    offset = spool.tell()
    spool.write(data)
    return _Pending(path, None, len(data), content_sha256(data), offset, len(data)), len(data)


def _records(source: RepoSource, config: Config, pending: list[_Pending], spool,
             notices: NoticeSink | None = None, only: Collection[str] | None = None) -> Iterator[FileRecord]:
    scanner = (
        RepoLicenseScanner(config.licenses, source.license, read_text=partial(_text_at, _readable(pending), spool))
        if config.licenses.enabled else None
    )
    texts: dict[int, str | None] = {}
    failed: Exception | None = None  # the repository's licence evidence could not be read: no file is decided
    collected = RepoNotices(source.repo_name, source.commit) if notices is not None else None
    if scanner is not None:
        for index, item in enumerate(pending):
            if item.reason is None and scanner.wants(item.path):
                texts[index] = text = _decoded(item, spool)
                if collected is not None:
                    collected.observe(item.path, text, config.licenses.max_license_chars)
                if text is not None and failed is None:
                    try:
                        scanner.observe(item.path, text)
                    except Exception as error:  # noqa: BLE001 - fails closed: every file is dropped
                        failed = error
        if failed is None:
            # Every other file's header, for the package's header consensus (licenses/header_consensus.py):
            # only the window the header reader looks at is decoded here.
            window = 4 * config.licenses.header_chars
            for index, item in enumerate(pending):
                if item.reason is None and index not in texts:
                    scanner.observe_source(item.path, _decoded_start(item, spool, window))
        if collected is not None and failed is None:
            # The root's licence: a file whose own header licence differs gets its own attribution row.
            collected.root_expression = root_expression(scanner)
            notices(collected)
    for index, record_id, item in _identified(source, pending):
        if only is not None and record_id not in only:
            continue  # neither decoded nor decided: nobody asked for it
        record = _record(source, record_id, item, texts.pop(index) if index in texts else _decoded(item, spool))
        if record.dropped:
            yield record
        elif failed is not None:
            yield drop_undecided(record, failed)
        elif scanner is not None:
            yield fill_licence(record, partial(scanner.decide, item.path, record.content))
        else:
            yield record


def _identified(source: RepoSource, pending: list[_Pending]) -> Iterator[tuple[int, str, _Pending]]:
    """(position, record id, entry) of every entry: a repeated or unsafe path is keyed by its occurrence."""
    duplicates: dict[str, int] = {}
    for index, item in enumerate(pending):
        key = item.path
        if item.reason in ("duplicate_entry", "unsafe_path"):
            duplicates[key] = duplicates.get(key, 0) + 1
            key = f"{item.path}\0{duplicates[key]}"
        yield index, file_id(source.repo_name, source.commit, key), item


def _record(source: RepoSource, record_id: str, item: _Pending, text: str | None) -> FileRecord:
    """The entry's record before its licence is decided: dropped with its ingest reason, or with its text."""
    record = FileRecord(
        id=record_id, repo_name=source.repo_name,
        path=item.path, commit=source.commit, content="", size=item.size,
        content_sha256=item.sha256, stars=source.stars, forks=source.forks, timestamp=source.timestamp,
    )
    if item.reason is not None:
        return record.drop(f"ingest:{item.reason}")
    record.content = text or ""
    return record


def root_expression(scanner: RepoLicenseScanner) -> str:
    """The expression a file at the repository root without a header of its own would get."""
    try:
        return scanner.decide("", "").expression
    except Exception:  # noqa: BLE001 - a file that fails to decide is dropped on its own
        return ""


def _readable(pending: list[_Pending]) -> dict[str, _Pending]:
    return {item.path: item for item in pending if item.reason is None}


def _text_at(items: dict[str, _Pending], spool, path: str) -> str | None:
    """The text of the repository's file at `path` (for a header that points to it), or None; the
    spool's position does not matter to the caller, which seeks before each read."""
    item = items.get(path)
    if item is None or item.reason is not None:
        return None
    spool.seek(item.offset)
    return decode(spool.read(item.length)).text


def _decoded_start(item: _Pending, spool, limit: int) -> str | None:
    """The decoded first `limit` bytes of a file (None if they are not text); `item` is untouched."""
    spool.seek(item.offset)
    return decode(spool.read(min(item.length, limit))).text


def _decoded(item: _Pending, spool) -> str | None:
    """Decoded text, or None with `item.reason` set to why the bytes are not text."""
    if item.reason is not None:
        return None
    spool.seek(item.offset)
    decoded = decode(spool.read(item.length))
    item.reason = decoded.reason
    return decoded.text
