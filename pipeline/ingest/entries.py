"""Format readers: every dump kind becomes one stream of `RawEntry` values.

Readers never follow links and never read an entry before ingest has checked its declared size;
`read(limit)` reads at most `limit` bytes so a lying header (zip bomb) cannot force a huge read.
Readers raise `DumpError` for damage that ends the dump; per-entry problems are entry kinds.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import stat
import subprocess
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import zstandard
from apache_beam.io.filesystems import FileSystems

FILE, SYMLINK, HARDLINK, SPECIAL, ENCRYPTED, SUBMODULE, UNREADABLE = (
    "file", "symlink", "hardlink", "special", "encrypted", "submodule", "unreadable")


# What a damaged stream raises besides OSError/EOFError/ValueError: the codecs' own error types
# (a corrupt .tar.xz or deflate stream is not an OSError).
_CODEC_ERRORS = (tarfile.TarError, zipfile.BadZipFile, zstandard.ZstdError, lzma.LZMAError, zlib.error,
                 EOFError, OSError, ValueError)


class DumpError(Exception):
    """The dump cannot be read (further); `reason` is the provenance rule name."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(slots=True)
class RawEntry:
    path: str
    """As stored in the dump (unsanitised)."""
    kind: str
    size: int
    read: Callable[[int], bytes] | None = None


def archive_kind(name: str) -> str | None:
    lower = name.lower().rstrip("/")
    if lower.endswith((".tar", ".tar.gz", ".tgz", ".tar.zst", ".tar.zstd", ".tar.bz2", ".tar.xz")):
        return "tar"
    if lower.endswith(".zip"):
        return "zip"
    if lower.endswith(".git"):
        return "git"
    return None


def iter_entries(location: str, kind: str) -> Iterator[RawEntry]:
    readers = {"directory": _directory_entries, "tar": _tar_entries, "zip": _zip_entries, "git": _git_entries}
    return readers[kind](location)


def _is_local(location: str) -> bool:
    return "://" not in location or location.startswith("file://")


def _local_path(location: str) -> str:
    return location[len("file://"):] if location.startswith("file://") else location


def _directory_entries(location: str) -> Iterator[RawEntry]:
    if not _is_local(location):
        yield from _remote_directory_entries(location)
        return
    root = _local_path(location)
    # An explicit stack, not os.walk: os.walk recurses once per level (Python 3.11), so a hostile
    # dump of a few thousand nested folders would end the run with a RecursionError.
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                names = sorted(item.name for item in listing)
        except OSError as error:
            if folder == root:
                raise DumpError("unreadable", type(error).__name__) from None
            yield RawEntry(_relative(folder, root), UNREADABLE, 0)
            continue
        subfolders = []
        for name in names:
            full = os.path.join(folder, name)
            try:
                info = os.lstat(full)
            except OSError:
                yield RawEntry(_relative(full, root), UNREADABLE, 0)
                continue
            if stat.S_ISDIR(info.st_mode):
                subfolders.append(full)
            elif stat.S_ISLNK(info.st_mode):
                yield RawEntry(_relative(full, root), SYMLINK, 0)
            elif not stat.S_ISREG(info.st_mode):
                yield RawEntry(_relative(full, root), SPECIAL, 0)
            else:
                yield RawEntry(_relative(full, root), FILE, info.st_size, _local_reader(full))
        folders.extend(reversed(subfolders))  # depth first, in name order


def _relative(path: str, root: str) -> str:
    return os.path.relpath(path, root).replace(os.sep, "/")


def _local_reader(path: str) -> Callable[[int], bytes]:
    def read(limit: int) -> bytes:
        # O_NOFOLLOW: a file swapped for a symlink after listing is still never followed.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            return handle.read(limit)

    return read


def _remote_directory_entries(location: str) -> Iterator[RawEntry]:
    prefix = location.rstrip("/") + "/"
    matches = FileSystems.match([prefix + "**"])[0].metadata_list
    for metadata in sorted(matches, key=lambda m: m.path):
        yield RawEntry(metadata.path[len(prefix):], FILE, metadata.size_in_bytes, _remote_reader(metadata.path))


def _remote_reader(path: str) -> Callable[[int], bytes]:
    def read(limit: int) -> bytes:
        with FileSystems.open(path, compression_type="uncompressed") as handle:
            return handle.read(limit)

    return read


def _open_stream(location: str) -> io.BufferedIOBase:
    return FileSystems.open(location, compression_type="uncompressed")


def _decompressed(raw: io.BufferedIOBase, name: str):
    """A decompressing reader chosen by suffix; tarfile then reads a plain stream ("r|")."""
    lower = name.lower()
    if lower.endswith((".gz", ".tgz")):
        return gzip.GzipFile(fileobj=raw)
    if lower.endswith(".bz2"):
        return bz2.BZ2File(raw)
    if lower.endswith(".xz"):
        return lzma.LZMAFile(raw)
    if lower.endswith((".zst", ".zstd")):
        return zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
    return raw


def _tar_entries(location: str) -> Iterator[RawEntry]:
    raw = _open_stream(location)
    try:
        stream = _decompressed(raw, location)
        archive = tarfile.open(fileobj=stream, mode="r|")
        for member in _tar_members(archive):
            if member.isdir():
                continue
            if member.issym():
                yield RawEntry(member.name, SYMLINK, 0)
            elif member.islnk():
                yield RawEntry(member.name, HARDLINK, 0)
            elif not member.isfile():
                yield RawEntry(member.name, SPECIAL, 0)
            else:
                yield RawEntry(member.name, FILE, member.size, _tar_reader(archive, member))
        _drain(stream)
    except _CODEC_ERRORS as error:
        raise DumpError("corrupt_archive", type(error).__name__) from None
    finally:
        raw.close()


def _drain(stream) -> None:
    """tarfile stops quietly at a truncated stream; reading the compressed tail to its end
    makes the decompressor notice a missing end-of-stream marker."""
    while stream.read(1 << 16):
        pass


def _tar_members(archive: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    while True:
        member = archive.next()
        if member is None:
            return
        yield member
        archive.members = []  # streaming mode: do not keep every header in memory


def _tar_reader(archive: tarfile.TarFile, member: tarfile.TarInfo) -> Callable[[int], bytes]:
    def read(limit: int) -> bytes:
        try:
            handle = archive.extractfile(member)
            return b"" if handle is None else handle.read(limit)
        except _CODEC_ERRORS as error:
            raise DumpError("corrupt_archive", type(error).__name__) from None

    return read


def _zip_entries(location: str) -> Iterator[RawEntry]:
    raw = _open_stream(location)
    try:
        archive = zipfile.ZipFile(raw)
        for info in archive.infolist():
            if info.is_dir():
                continue
            file_type = stat.S_IFMT(info.external_attr >> 16)
            if file_type == stat.S_IFLNK:
                yield RawEntry(info.filename, SYMLINK, 0)
            elif file_type and file_type != stat.S_IFREG:
                yield RawEntry(info.filename, SPECIAL, 0)
            elif info.flag_bits & 0x1:
                yield RawEntry(info.filename, ENCRYPTED, info.file_size)
            else:
                yield RawEntry(info.filename, FILE, info.file_size, _zip_reader(archive, info))
    except (*_CODEC_ERRORS, zipfile.LargeZipFile, NotImplementedError) as error:  # a version or method zipfile lacks
        raise DumpError("corrupt_archive", type(error).__name__) from None
    finally:
        raw.close()


def _zip_reader(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[int], bytes]:
    def read(limit: int) -> bytes:
        try:
            with archive.open(info) as handle:
                return handle.read(limit)
        except (*_CODEC_ERRORS, NotImplementedError) as error:
            raise DumpError("corrupt_entry", type(error).__name__) from None

    return read


_GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent", "PATH": os.environ.get("PATH", "")}
"""No user or system git config: a dump is read the same way on every machine."""


def _git(git_dir: str, *args: str, data: bytes | None = None) -> bytes:
    result = subprocess.run(
        ["git", "--git-dir", git_dir, *args], input=data, capture_output=True, check=False,
        env=_GIT_ENV,
    )
    if result.returncode != 0:
        raise DumpError("corrupt_git", " ".join(args[:1]))
    return result.stdout


def tar_commit(location: str) -> str:
    """The commit `git archive` records in a tarball's pax global header (`comment=<sha>`), or ""
    (so a repository read as a bare git dump and as its tarball gets the same commit and ids)."""
    raw = _open_stream(location)
    try:
        archive = tarfile.open(fileobj=_decompressed(raw, location), mode="r|")
        archive.next()  # the global header precedes the first member
        comment = str(archive.pax_headers.get("comment", ""))
    except _CODEC_ERRORS:
        return ""  # a damaged dump is reported when it is read
    finally:
        raw.close()
    return comment if len(comment) in (40, 64) and all(c in "0123456789abcdef" for c in comment) else ""


def git_head(location: str) -> str:
    return _git(_local_path(location), "rev-parse", "HEAD").decode().strip()


def _git_entries(location: str) -> Iterator[RawEntry]:
    """HEAD's tree of a bare repository, read with the git CLI (objects may be packed and deltified)."""
    if not _is_local(location):
        raise DumpError("unsupported_remote_git", "bare repositories must be local or packed as archives")
    git_dir = _local_path(location)
    listing = _git(git_dir, "ls-tree", "-r", "-z", "--long", "HEAD")
    blobs = _GitBlobs(git_dir)
    try:
        for line in listing.split(b"\0"):
            if not line:
                continue
            meta, _, raw_path = line.partition(b"\t")
            mode, kind, sha, size = meta.split()
            path = raw_path.decode("utf-8", "surrogateescape")
            if kind == b"commit":
                yield RawEntry(path, SUBMODULE, 0)
            elif mode == b"120000":
                yield RawEntry(path, SYMLINK, 0)
            else:
                # ls-tree prints "BAD" (or "-") instead of a size when the blob is missing or damaged:
                # the read then fails and names the file `corrupt_git`, the rest of the tree goes on.
                declared = int(size) if size.isdigit() else 0
                yield RawEntry(path, FILE, declared, blobs.reader(sha.decode()))
    finally:
        blobs.close()


class _GitBlobs:
    """One `git cat-file --batch` process per repository: a fork per file would cost more than
    reading it."""

    def __init__(self, git_dir: str) -> None:
        self._git_dir = git_dir
        self._process: subprocess.Popen | None = None

    def reader(self, sha: str) -> Callable[[int], bytes]:
        return lambda limit: self._read(sha)[:limit]

    def _read(self, sha: str) -> bytes:
        try:
            return self._read_once(sha)
        except DumpError:
            self.close()  # a damaged object may leave git's stream mid-object: restart for the next
            raise

    def _read_once(self, sha: str) -> bytes:
        if self._process is None:
            self._process = subprocess.Popen(
                ["git", "--git-dir", self._git_dir, "cat-file", "--batch"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_GIT_ENV)
        process = self._process
        try:
            process.stdin.write(sha.encode() + b"\n")
            process.stdin.flush()
            header = process.stdout.readline().split()
        except (OSError, ValueError):
            raise DumpError("corrupt_git", "cat-file") from None
        if len(header) != 3 or header[1] != b"blob" or not header[2].isdigit():
            raise DumpError("corrupt_git", "missing object")
        data = process.stdout.read(int(header[2]) + 1)
        if len(data) != int(header[2]) + 1:
            raise DumpError("corrupt_git", "short object")
        return data[:-1]

    def close(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            for stream in (self._process.stdin, self._process.stdout):
                stream.close()
            self._process = None
