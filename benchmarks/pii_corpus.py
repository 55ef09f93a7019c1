"""The real-code corpus of the PII benchmark: every text file of the pinned packages.

A file is one member of a package archive that decodes as UTF-8, has no NUL byte and is at most
1 MB (larger members are data the pipeline's filters drop). Its language is go-enry's, as the
pipeline assigns it. Files are identified by (package, version, path) where path is the member's
name inside the archive; offsets in labels are character offsets into the decoded text.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import pii_registry  # noqa: E402
from pii_truth_corpus import decode_text  # noqa: E402

from filters.language import detect_language  # noqa: E402


@dataclass(frozen=True)
class CorpusFile:
    package: str  # ecosystem:name
    version: str
    path: str
    language: str | None
    text: str

    @property
    def key(self) -> tuple[str, str, str]:
        return self.package, self.version, self.path


def corpus(limit: int | None = None) -> Iterator[CorpusFile]:
    """Every text file of the pinned packages, in pinned order, downloading what is not cached."""
    for package in pii_registry.pinned()[:limit]:
        data = pii_registry.download(package)
        for path, raw in pii_registry.members(package, data):
            text = decode_text(raw)
            if text is None or not text.strip():
                continue
            yield CorpusFile(f"{package.ecosystem}:{package.name}", package.version, path,
                             detect_language(path, text), text)
