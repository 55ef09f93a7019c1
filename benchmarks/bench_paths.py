"""Where the benchmarks keep what they download and build, outside the repository.

One root for every script: `CODECURATE_BENCH_CACHE` if set, else `~/.cache/codecurate-bench`.
Registry downloads go to `registry/`, the peers' and detectors' virtual environments to `venvs/`,
PII labelling work (which holds values, never committed) to `pii_real/`.
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE = Path(os.environ.get("CODECURATE_BENCH_CACHE", str(Path.home() / ".cache" / "codecurate-bench")))
REGISTRY = CACHE / "registry"
VENVS = CACHE / "venvs"
PII_WORK = CACHE / "pii_real"
PACKAGE_LISTS = Path(os.environ.get("CODECURATE_PACKAGE_LISTS", str(CACHE / "package-lists")))
"""Registry package listings (TSV) used only when a pinned list is chosen anew."""
