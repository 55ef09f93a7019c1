"""Writing and reading one file through Beam's FileSystems, so that `gs://` works wherever a
worker stages or publishes (the pipeline's dataset tools and dedup's staged blobs alike)."""

from __future__ import annotations

from typing import BinaryIO

from apache_beam.io.filesystems import FileSystems


def read_bytes(path: str) -> bytes:
    with FileSystems.open(path, compression_type="uncompressed") as handle:
        return handle.read()


def make_parent(path: str) -> None:
    """The directory `path` goes in, made where it is missing (an object store has none to make)."""
    parent = path.rsplit("/", 1)[0]
    if not FileSystems.exists(parent):
        try:
            FileSystems.mkdirs(parent)
        except OSError:
            pass  # made meanwhile by another worker, or an object store (no folders)


def create_file(path: str) -> BinaryIO:
    """A new file at `path` through FileSystems, its directory made first where needed."""
    make_parent(path)
    return FileSystems.create(path, mime_type="application/octet-stream", compression_type="uncompressed")


def write_file(path: str, data: bytes) -> None:
    with create_file(path) as handle:
        handle.write(data)
