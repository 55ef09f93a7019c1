"""Handing a worker's freed memory back to the operating system after each unit of work.

A worker finishes one chunk of files after another (`curate.py`, `finish.py`) and writes one shard
after another (`write.py`).  What a chunk allocated is freed when it is done, but both allocators
keep freed memory for reuse instead of returning it: glibc's malloc (which holds Python's file
contents and strings, in one arena per thread that has allocated, and Beam's SDK worker runs
bundles on a pool of threads) and Arrow's memory pool (mimalloc or jemalloc).  Their retained pages
are part of the worker's RSS, and they ratchet up with the number of chunks a worker has seen, so
the largest worker grew with the input.  Released after every chunk and shard, a worker's peak is
its fixed baseline plus the chunk or shard at hand (measured: `benchmarks/README.md`, "Freed
memory handed back").
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable

import pyarrow as pa


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, which returns the free pages of every arena; None on other C libraries."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim
    except (OSError, AttributeError, TypeError):
        return None


_MALLOC_TRIM = _malloc_trim()


def release_freed_memory() -> None:
    """Return the memory freed so far to the operating system (a few milliseconds per call)."""
    pa.default_memory_pool().release_unused()
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)
