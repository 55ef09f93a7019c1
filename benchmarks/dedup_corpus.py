"""Real source files for the dedup benchmarks: Python files of the project's virtualenv."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

SITE_PACKAGES = Path(sys.prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"


def source_files(count: int, min_chars: int = 2000, max_chars: int = 200_000) -> list[tuple[str, str]]:
    """(id, content) of ``count`` distinct .py files in a fixed (sorted) order."""
    files: list[tuple[str, str]] = []
    seen: set[str] = set()
    for path in sorted(SITE_PACKAGES.rglob("*.py")):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        digest = hashlib.sha256(text.encode()).hexdigest()
        if not min_chars <= len(text) <= max_chars or digest in seen:
            continue
        seen.add(digest)
        files.append((digest[:32], text))
        if len(files) == count:
            break
    return files
