"""A test-only Beam filesystem under `fakefs://`: an in-memory object store with GCS semantics.

Importing this module registers the scheme with Beam's `FileSystems` (Beam finds filesystems by
subclass).  Objects live in a process-wide dict, so a pipeline whose inputs and output are all
`fakefs://` paths can only work if every read and write goes through `FileSystems`: a stray
`open()` or `os.*` call on such a path fails or writes beside the test instead (which the tests
check).  Like GCS there are no directories: `exists` is true for objects only, and `mkdirs` does
nothing.  The registry is per process, so only in-process runners see it (`--workers 1`).
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import threading
from collections.abc import Iterator

from apache_beam.io.filesystem import (
    BeamIOError,
    CompressedFile,
    CompressionTypes,
    FileMetadata,
    FileSystem,
)

SCHEME = "fakefs"
_PREFIX = f"{SCHEME}://"


class _Store:
    """Objects by full path, plus a log of every call so tests can tell what the pipeline did."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.objects: dict[str, bytes] = {}
        self.reads: list[str] = []
        self.writes: list[str] = []

    def clear(self) -> None:
        with self.lock:
            self.objects.clear()
            self.reads.clear()
            self.writes.clear()


STORE = _Store()


class _Upload(io.BytesIO):
    """A write channel: the object appears only when the channel is closed, as on GCS."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self._path = path

    def close(self) -> None:
        if not self.closed:
            with STORE.lock:
                STORE.objects[self._path] = self.getvalue()
                STORE.writes.append(self._path)
        super().close()


class FakeFileSystem(FileSystem):
    @classmethod
    def scheme(cls) -> str:
        return SCHEME

    def join(self, basepath: str, *paths: str) -> str:
        return posixpath.join(basepath.rstrip("/"), *paths) if paths else basepath

    def split(self, path: str) -> tuple[str, str]:
        head, tail = posixpath.split(path[len(_PREFIX):].rstrip("/"))
        return _PREFIX + head, tail

    def mkdirs(self, path: str) -> None:
        """Object stores have no directories."""

    def has_dirs(self) -> bool:
        return False

    def _list(self, dir_or_prefix: str) -> Iterator[FileMetadata]:
        with STORE.lock:
            found = sorted((path, len(data)) for path, data in STORE.objects.items() if path.startswith(dir_or_prefix))
        for path, size in found:
            yield FileMetadata(path, size, 0.0)

    def _open(self, path: str, compression_type: str, stream: io.BytesIO):
        compression_type = FileSystem._get_compression_type(path, compression_type)
        if compression_type == CompressionTypes.UNCOMPRESSED:
            return stream
        return CompressedFile(stream, compression_type=compression_type)

    def create(self, path: str, mime_type: str = "application/octet-stream",
               compression_type: str = CompressionTypes.AUTO):
        return self._open(path, compression_type, _Upload(path))

    def open(self, path: str, mime_type: str = "application/octet-stream",
             compression_type: str = CompressionTypes.AUTO):
        with STORE.lock:
            if path not in STORE.objects:
                raise BeamIOError(f"no such object: {path}")
            data = STORE.objects[path]
            STORE.reads.append(path)
        return self._open(path, compression_type, io.BytesIO(data))

    def copy(self, source_file_names: list[str], destination_file_names: list[str]) -> None:
        with STORE.lock:
            for source, target in zip(source_file_names, destination_file_names):
                STORE.objects[target] = STORE.objects[source]

    def rename(self, source_file_names: list[str], destination_file_names: list[str]) -> None:
        with STORE.lock:
            missing = {s: KeyError(s) for s in source_file_names if s not in STORE.objects}
            if missing:
                raise BeamIOError("rename failed", missing)
            for source, target in zip(source_file_names, destination_file_names):
                STORE.objects[target] = STORE.objects.pop(source)
                STORE.writes.append(target)

    def exists(self, path: str) -> bool:
        with STORE.lock:
            return path in STORE.objects

    def size(self, path: str) -> int:
        return self.metadata(path).size_in_bytes

    def last_updated(self, path: str) -> float:
        return 0.0

    def checksum(self, path: str) -> str:
        with STORE.lock:
            return hashlib.md5(STORE.objects[path]).hexdigest()

    def metadata(self, path: str) -> FileMetadata:
        with STORE.lock:
            if path not in STORE.objects:
                raise BeamIOError(f"no such object: {path}")
            return FileMetadata(path, len(STORE.objects[path]), 0.0)

    def delete(self, paths: list[str]) -> None:
        """A path ending in `/` deletes everything under it (as GCS does); others name objects."""
        with STORE.lock:
            for path in paths:
                doomed = [p for p in STORE.objects if p.startswith(path)] if path.endswith("/") else [path]
                for name in doomed:
                    STORE.objects.pop(name, None)
