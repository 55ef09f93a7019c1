"""Plain licence texts rendered from licenseclassifier's own templates.

Tests and the accuracy benchmark need real licence texts for every licence the classifier knows,
without checking hundreds of kilobytes of licence text into the repository. The templates are in
licensecheck's LRE syntax: `//** comment **//`, `((a||b))` alternatives, `word??` optional words and
`__N__` wildcards of up to N words. Rendering takes the first alternative, keeps optional words and
fills wildcards with a short neutral phrase, which is what a typical licence file looks like.
"""

from __future__ import annotations

import gzip
import json
import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_TOKEN = re.compile(r"//\*\*.*?\*\*//|\(\(|\|\||\)\)|\?\?|__(\d+)__", re.S)
_FILLER = ("Example", "Project", "Authors")


@dataclass(frozen=True)
class Template:
    spdx_id: str
    text: str


def render_lre(lre: str, filler: tuple[str, ...] = _FILLER) -> str:
    """Render one LRE pattern as plain text (first alternative of every choice).

    Each `__N__` wildcard becomes up to N words of `filler` (the near-verbatim matcher passes a
    placeholder word so that it can tell where names and years may differ)."""
    out: list[str] = []
    alternatives: list[int] = []  # index of the current alternative at each open (( depth
    pos = 0
    for match in _TOKEN.finditer(lre):
        emitting = all(index == 0 for index in alternatives)
        if emitting:
            out.append(lre[pos : match.start()])
        pos = match.end()
        token = match.group(0)
        if token == "((":
            alternatives.append(0)
        elif token == "||" and alternatives:
            alternatives[-1] += 1
        elif token == "))" and alternatives:
            alternatives.pop()
        elif match.group(1) is not None and emitting:
            out.append(" ".join(filler[: min(int(match.group(1)), len(filler))]))
    emitting = all(index == 0 for index in alternatives)
    if emitting:
        out.append(lre[pos:])
    # LRE line breaks are not meaningful (matching is word by word): reflow into paragraphs.
    paragraphs = (" ".join(block.split()) for block in re.split(r"\n\s*\n", "".join(out)))
    return "\n\n".join(textwrap.fill(block, width=76) for block in paragraphs if block) + "\n"


@lru_cache(maxsize=1)
def templates() -> tuple[Template, ...]:
    """Every licence template the installed licenseclassifier ships, rendered (URL-only ones skipped)."""
    path = resources.files("licenseclassifier") / "_engine" / "licenses.json.gz"
    entries = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    return tuple(Template(entry["id"], render_lre(entry["lre"])) for entry in entries if entry.get("lre"))


@lru_cache(maxsize=1)
def template_patterns() -> tuple[Template, ...]:
    """Every template's LRE source (not rendered), for callers that render it their own way."""
    path = resources.files("licenseclassifier") / "_engine" / "licenses.json.gz"
    entries = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    return tuple(Template(entry["id"], entry["lre"]) for entry in entries if entry.get("lre"))


def template_text(spdx_id: str) -> str:
    """The first rendered template for `spdx_id` (KeyError if the classifier has none)."""
    for template in templates():
        if template.spdx_id == spdx_id:
            return template.text
    raise KeyError(spdx_id)
