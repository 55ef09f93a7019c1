"""Every dataset a test builds is verified at the end of the session (README "Testing").

Datasets are found, not declared: the session fixture in `tests/conftest.py` walks pytest's base
temporary directory (where `tmp_path` outputs of in-process and child-process runs land) and the
extra roots registered here (session-wide builds under `tempfile.mkdtemp`), and runs `verify` on
each folder holding a codecurate manifest.  A test that damages a dataset on purpose says so with
`deliberately_broken`, so that only unintended breakage fails the session.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

ROOTS: list[Path] = []
BROKEN: set[str] = set()
MAX_DEPTH = 8
"""Datasets sit a few levels under a test's tmp_path; deeper trees are test inputs (one is
thousands of folders deep), never walked in full."""


def register_root(path: Path) -> Path:
    ROOTS.append(Path(path))
    return path


def deliberately_broken(path: Path) -> Path:
    BROKEN.add(os.path.realpath(path))
    return path


def _is_dataset(folder: str) -> bool:
    try:
        with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as handle:
            manifest = json.load(handle)
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and "shards" in manifest and "config_sha256" in manifest


def find_datasets(root: Path) -> list[str]:
    """Folders under `root` holding a codecurate manifest (links not followed)."""
    found, stack = [], [(str(root), 0)]
    while stack:
        folder, depth = stack.pop()
        if _is_dataset(folder):
            found.append(folder)
            continue
        if depth >= MAX_DEPTH:
            continue
        try:
            with os.scandir(folder) as listing:
                stack += [(entry.path, depth + 1) for entry in listing if entry.is_dir(follow_symlinks=False)]
        except OSError:
            continue
    return sorted(found)


def verify_all(base: Path) -> tuple[int, dict[str, list[str]]]:
    """(datasets checked, {dataset: failures}) over every dataset under `base` and the roots."""
    from pipeline.dataset.verify import verify

    datasets = sorted({path for root in (base, *ROOTS) if Path(root).exists() for path in find_datasets(root)})
    problems = {}
    for dataset in datasets:
        if os.path.realpath(dataset) in BROKEN:
            continue
        failures = verify(dataset)
        if failures:
            problems[dataset] = failures
    return len(datasets), problems
