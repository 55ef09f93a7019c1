"""Dedup's working data lives in staged files; only references to it are grouped.

Beam's local runner holds every grouped collection in the launcher process, so anything grouped
per file (hashes, band keys, signatures, edges, decisions) grows the launcher with the input.
Every dedup step therefore writes what it produces as packed numpy rows into one staging file per
step and partition, and passes on `BlobRef`s (path, offset, length): a few dozen per chunk or
partition, whatever the number of files.  The next step reads the blobs its partition needs.

Files are named by the step and partition (a chunk's by its key), and their bytes follow from
their inputs read in a sorted order, so a retried step rewrites the same file with the same bytes.
They live under the output's `.tmp/staging/` and go with it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby

import numpy as np
from apache_beam.io.filesystems import FileSystems

from core.files import write_file


@dataclass(frozen=True, order=True, slots=True)
class BlobRef:
    """`length` bytes at `offset` in a staged file: one partition of one step's output."""

    path: str
    offset: int
    length: int


def write_blobs(path: str, blobs: Iterable[tuple[Hashable, bytes]]) -> list[tuple[Hashable, BlobRef]]:
    """Write the non-empty blobs into one file, in the given order; (key, ref) for each."""
    refs: list[tuple[Hashable, BlobRef]] = []
    parts: list[bytes] = []
    offset = 0
    for key, blob in blobs:
        if blob:
            refs.append((key, BlobRef(path, offset, len(blob))))
            parts.append(blob)
            offset += len(blob)
    if parts:
        write_file(path, b"".join(parts))
    return refs


def read_blobs(refs: Iterable[BlobRef]) -> Iterator[bytes]:
    """The referenced blobs in a canonical order (by file, then offset), each file opened once."""
    for path, in_file in groupby(sorted(refs), key=lambda ref: ref.path):
        with FileSystems.open(path, compression_type="uncompressed") as handle:
            for ref in in_file:
                handle.seek(ref.offset)
                blob = handle.read(ref.length)
                if len(blob) != ref.length:
                    raise OSError(f"{path}: expected {ref.length} bytes at {ref.offset}, read {len(blob)}")
                yield blob


def read_rows(refs: Iterable[BlobRef], dtype: np.dtype) -> np.ndarray:
    """The referenced blobs as one array of `dtype` rows."""
    arrays = [np.frombuffer(blob, dtype=dtype) for blob in read_blobs(refs)]
    return np.concatenate(arrays) if arrays else np.zeros(0, dtype=dtype)


def split_rows(rows: np.ndarray, parts: np.ndarray) -> Iterator[tuple[int, bytes]]:
    """(partition, packed rows) for every partition present, in partition order."""
    for part in np.unique(parts):
        yield int(part), rows[parts == part].tobytes()


def step_file(directory: str, step: str, partition: object) -> str:
    return FileSystems.join(directory, f"{step}-{partition}.bin")


def stage_summaries(path: str, summaries: Iterable[tuple[str, int, bytes]]) -> list[tuple[str, int, BlobRef]]:
    """Write a chunk's `(family, partition, blob)` summaries to one file: `Deduplicate`'s input."""
    refs = write_blobs(path, (((family, part), blob) for family, part, blob in summaries))
    return [(family, part, ref) for (family, part), ref in refs]
