"""INPUT arguments → the list of repository dumps and file tables to read (README "Inputs")."""

from __future__ import annotations

import json
import os
import re

from apache_beam.io.filesystems import FileSystems

from pipeline.ingest.entries import DumpError, archive_kind, git_head, tar_commit
from pipeline.records import RepoSource

TABLE_SUFFIXES = (".jsonl", ".jsonl.gz", ".parquet")
_DUMP_SUFFIX = re.compile(r"\.(tar\.gz|tar\.zst|tar\.zstd|tar\.bz2|tar\.xz|tgz|tar|zip|git)$", re.IGNORECASE)
_GLOB = re.compile(r"[*?\[]")


class InputError(ValueError):
    """An INPUT that cannot be read; the message names it."""


def is_table(name: str) -> bool:
    return name.lower().endswith(TABLE_SUFFIXES)


def identity_from_name(name: str) -> tuple[str, str]:
    """`OWNER__NAME@REF.tar.gz` → (`OWNER/NAME`, `REF`)."""
    stem = _DUMP_SUFFIX.sub("", name.rstrip("/").rsplit("/", 1)[-1])
    stem, _, ref = stem.partition("@")
    repo = stem.replace("__", "/", 1) if "__" in stem else stem
    return repo, ref


def _basename(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def _is_local(path: str) -> bool:
    return "://" not in path


def _has_objects_under(folder: str) -> bool:
    """Object stores (gs://, s3://) have no directories: a folder is a prefix with objects under it."""
    return bool(FileSystems.match([folder.rstrip("/") + "/**"], limits=[1])[0].metadata_list)


def _is_dir(path: str) -> bool:
    if path.rstrip("/").lower().endswith(".git"):
        return False
    if _is_local(path):
        return os.path.isdir(path)
    name = _basename(path)
    return not (archive_kind(name) or is_table(name)) and _has_objects_under(path)


def _exists(path: str) -> bool:
    if _is_local(path):
        return os.path.exists(path)
    return FileSystems.exists(path) or _has_objects_under(path)


def _expand(pattern: str) -> list[str]:
    if not _GLOB.search(pattern):
        if not _exists(pattern):
            raise InputError(f"input not found: {pattern}")
        return [pattern]
    matches = sorted(m.path for m in FileSystems.match([pattern])[0].metadata_list)
    if _is_local(pattern):
        import glob

        matches = sorted(set(matches) | set(glob.glob(pattern)))
    if not matches:
        raise InputError(f"input pattern matched nothing: {pattern}")
    return matches


def _read_index(folder: str) -> dict[str, dict]:
    index_path = FileSystems.join(folder, "index.jsonl")
    if not _exists(index_path):
        return {}
    entries: dict[str, dict] = {}
    with FileSystems.open(index_path, compression_type="uncompressed") as handle:
        for number, line in enumerate(handle.read().decode("utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                entries[str(entry["dump"]).rstrip("/")] = entry
                str(entry["repo"])
            except (ValueError, KeyError, TypeError):
                raise InputError(f"{index_path}:{number}: expected a JSON object with 'repo' and 'dump'") from None
    return entries


def _source(location: str, meta: dict | None) -> RepoSource:
    name = _basename(location)
    kind = "directory" if _is_dir(location) else archive_kind(name)
    if kind is None:
        raise InputError(f"not a repository dump (directory, archive, NAME.git or table): {location}")
    repo, ref = identity_from_name(name)
    meta = meta or {}
    commit = str(meta.get("commit") or "")
    if not commit and kind == "git":
        try:
            commit = git_head(location)
        except DumpError:
            commit = ""
    if not commit and kind == "tar":
        commit = tar_commit(location)
    return RepoSource(
        repo_name=str(meta.get("repo") or repo), location=location, kind=kind,
        commit=commit or str(meta.get("ref") or ref), ref=str(meta.get("ref") or ref),
        stars=int(meta.get("stars") or 0), forks=int(meta.get("forks") or 0),
        license=str(meta.get("license") or ""), timestamp=str(meta.get("timestamp") or ""),
    )


def _children(folder: str) -> list[str]:
    if _is_local(folder):
        return [os.path.join(folder, name) for name in sorted(os.listdir(folder))]
    prefix = folder.rstrip("/") + "/"
    # One listing of everything below: directory dumps show up only through the objects inside them.
    names = {m.path[len(prefix):].split("/", 1)[0] for m in FileSystems.match([prefix + "**"])[0].metadata_list}
    return [prefix + name for name in sorted(names)]


def _collection(folder: str, skipped: list[str]) -> list[RepoSource]:
    index = _read_index(folder)
    sources = []
    for child in _children(folder):
        name = _basename(child)
        if name == "index.jsonl" or name.startswith("."):
            continue
        if is_table(name):
            sources.append(RepoSource(repo_name="", location=child, kind="table"))
        elif _is_dir(child) or archive_kind(name):
            sources.append(_source(child, index.get(name)))
        else:
            skipped.append(f"{_basename(folder)}/{name}")
    return sources


def discover_all(inputs: list[str]) -> tuple[list[RepoSource], list[str]]:
    """(every dump and table named by the inputs, in a stable order, each listed once; the files
    found in input folders that are neither, as FOLDER/NAME, so a run can say what it left out)."""
    sources: dict[str, RepoSource] = {}
    skipped: list[str] = []
    for pattern in inputs:
        for path in _expand(pattern):
            name = _basename(path)
            if is_table(name):
                found = [RepoSource(repo_name="", location=path, kind="table")]
            elif _is_dir(path) and "__" not in name:
                found = _collection(path, skipped)
            else:
                found = [_source(path, None)]
            for source in found:
                sources.setdefault(source.location, source)
    return sorted(sources.values(), key=lambda source: (source.repo_name, source.location)), sorted(set(skipped))


def discover(inputs: list[str]) -> list[RepoSource]:
    """Every dump and table named by the inputs, in a stable order, each listed once."""
    return discover_all(inputs)[0]
