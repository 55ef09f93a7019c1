"""`release_freed_memory` hands freed heap pages back to the operating system: the RSS a worker's
finished chunk leaves behind falls, instead of staying as a high-water mark."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pipeline.memory import _MALLOC_TRIM

# Freed file contents held between small live allocations: glibc's free cannot give the holes back
# (it trims the heap's top only), as with a chunk of files freed while the worker's state lives on.
CHILD = """
import json, psutil
from pipeline.memory import release_freed_memory
rss = lambda: psutil.Process().memory_info().rss
before = rss()
contents, live = [], []
for _ in range(3000):
    contents.append(bytearray(64 * 1024))
    live.append(bytearray(1000))
del contents
freed = rss()
release_freed_memory()
print(json.dumps({"held": freed - before, "released": freed - rss()}))
"""


@pytest.mark.skipif(_MALLOC_TRIM is None, reason="glibc only: elsewhere release leaves malloc alone")
def test_freed_contents_leave_the_process() -> None:
    result = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=True)
    sizes = json.loads(result.stdout)
    assert sizes["held"] > 150 * 1024**2  # the allocator kept the freed contents (the case this is for)
    assert sizes["released"] > 150 * 1024**2
