"""Every module the pages under docs/ name exists: a renamed or moved module must take its
description along, or the map sends readers to code that is not there.

A name is a path ending in `.py`: from the root (`pipeline/ingest/bundles.py`), below the package
the text is about (`snapshot/state.py`), or bare (`repo_licenses.py`).  (Dotted names are not
checked: `dedup.near.local_components_max_edges` is a config key, `pii.redact.Redactor` a module.)
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "pipeline", "filters", "licenses", "pii", "dedup", "configs", "benchmarks", "tests")
PY_PATH = re.compile(r"(?<![\w./-])((?:[\w-]+/)*\w+\.py)\b")
EXAMPLES = {"filters/do_not_train.py"}
"""Modules a page invents to show how to add one (§4)."""


def _project_files() -> list[str]:
    found = []
    for package in PACKAGES:
        for folder, subfolders, names in os.walk(ROOT / package):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]  # benchmarks/.cache
            found += [Path(folder, name).relative_to(ROOT).as_posix() for name in names if name.endswith(".py")]
    return found


def _pages() -> list[Path]:
    return sorted((ROOT / "docs").glob("**/*.md"))


def _exists(name: str, files: list[str]) -> bool:
    return any(path == name or path.endswith("/" + name) for path in files)


def missing_names(text: str, files: list[str]) -> list[str]:
    return sorted({name for name in PY_PATH.findall(text) if name not in EXAMPLES and not _exists(name, files)})


@pytest.mark.parametrize("page", _pages(), ids=lambda page: page.name)
def test_every_module_a_page_names_exists(page: Path) -> None:
    assert missing_names(page.read_text(encoding="utf-8"), _project_files()) == []


def test_a_missing_module_is_found() -> None:
    files = ["pipeline/snapshot/state.py", "licenses/headers.py"]
    text = "`snapshot/state.py`, headers.py (`licenses/headers.py`), `pipeline/snapshot/gone.py`, moved.py, tate.py"
    assert missing_names(text, files) == ["moved.py", "pipeline/snapshot/gone.py", "tate.py"]
