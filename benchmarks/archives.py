"""Text files of a package archive (sdist, npm tarball, Debian orig tarball, zip), read in memory.

Shared by the licence benchmarks, the truth scripts among them: it imports nothing of the code under
test.  Nothing in an archive runs; a member over `max_file_bytes` is skipped.
"""

from __future__ import annotations

import io
import tarfile
import zipfile

MAX_FILE_BYTES = 1_000_000


def tar_members(data: bytes, max_file_bytes: int = MAX_FILE_BYTES) -> dict[str, str]:
    """Every regular file of a (compressed) tar, by its path in the archive, decoded as UTF-8 (replacing)."""
    files: dict[str, str] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
        for member in archive:
            if member.isfile() and member.size <= max_file_bytes:
                handle = archive.extractfile(member)
                if handle is not None:
                    files[member.name] = handle.read().decode("utf-8", "replace")
    return files


def zip_members(data: bytes, max_file_bytes: int = MAX_FILE_BYTES) -> dict[str, str]:
    files: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if not info.is_dir() and info.file_size <= max_file_bytes:
                files[info.filename] = archive.read(info).decode("utf-8", "replace")
    return files


def strip_top(files: dict[str, str]) -> dict[str, str]:
    """Paths without the archive's single top folder ("package/", "name-1.0/")."""
    tops = {name.split("/", 1)[0] for name in files}
    if len(tops) == 1 and all("/" in name for name in files):
        return {name.split("/", 1)[1]: text for name, text in files.items()}
    return files


def archive_files(data: bytes, name: str, max_file_bytes: int = MAX_FILE_BYTES) -> dict[str, str]:
    """Text files of the archive `name` (a zip by its suffix, else a tar), without the top folder."""
    members = zip_members if name.endswith(".zip") else tar_members
    return strip_top(members(data, max_file_bytes))
