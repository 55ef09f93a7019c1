"""The random draw of the twenty-fifth held-out PII set (pii_heldout25_SELECTION.md): redo it with

    CODECURATE_PACKAGE_LISTS=DIR python benchmarks/pii_heldout25_draw.py --local    # no network: the population in draw order (head)
    CODECURATE_PACKAGE_LISTS=DIR python benchmarks/pii_heldout25_draw.py            # walks `npm view`, at most MAX_LOOKUPS names

Population: the rows of the offline list of npm names (`npm.tsv` in $CODECURATE_PACKAGE_LISTS) with
`downloads_a_month` >= 100,000 whose summary (without a leading `[tested here: ...]` note, which is not the
authors' text) matches WORDS. Order: sha256("heldout25:" + name) ascending, hex digest compared as text. Take:
walking that order, asking `npm view NAME version dist.unpackedSize dist.tarball --json` about each name (one at
a time, at most MAX_LOOKUPS), the first TAKE names that are in no earlier list and whose latest tarball unpacks to
at most 20 MB (`dist.unpackedSize`; a version whose metadata lists no size is taken, and its size is checked when
it is packed); the next RESERVE that qualify are the reserve. Nothing is picked or skipped by hand: a name is
skipped only by the rules written here (an earlier list holds it, the registry answers an error, the unpacked size
is over 20 MB). This script reads no file of `pii/` and imports nothing of the code under test.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pii_draw

SET = "heldout25"
TAKE, RESERVE = 18, 6
MAX_LOOKUPS = 60
MIN_DOWNLOADS = 100_000
UNPACKED_MAX = 20 * 1024 * 1024
WORDS = ("client", "api", "sdk", "wrapper", "auth", "oauth", "token", "mail", "smtp", "http", "webhook", "cloud",
         "connector", "driver", "proxy", "network", "ssh", "dns", "request", "fetch", "session", "cookie")
SUMMARY = re.compile(r"(?i)\b(?:" + "|".join(WORDS) + r")s?\b")
"""One of the brief's words as a whole word (case-insensitive), a plural `s` allowed: `clients`, `APIs`,
`https`, `cookies`, `requests` match; `author`, `tokenizer`, `email`, `fetcher`, `sessionStorage` do not."""
TESTED = re.compile(r"^\s*\[tested here:[^\]]*\]\s*")


def order_key(name: str) -> str:
    return pii_draw.order_key(SET, name)


def earlier_names() -> dict[str, str]:
    return pii_draw.earlier_names(SET)


def population() -> list[tuple[str, str, int, str]]:
    """(key, name, downloads, summary) of the offline list's rows with >= MIN_DOWNLOADS a month whose summary
    matches WORDS, in draw order (earlier lists not yet applied: the walk records those skips)."""
    out = []
    lines = pii_draw.package_list("npm.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t")[:3] == ["name", "version", "downloads_a_month"]
    for line in lines[1:]:
        name, _, downloads, summary = (line.split("\t", 3) + [""] * 4)[:4]
        if downloads.strip().isdigit() and int(downloads) >= MIN_DOWNLOADS and SUMMARY.search(TESTED.sub("", summary)):
            out.append((order_key(name), name, int(downloads), summary))
    return sorted(out)


def _view(name: str) -> dict | None:
    """`npm view` of the latest version: {"version", "dist.unpackedSize", "dist.tarball"}, or None on an error."""
    done = subprocess.run(["npm", "view", name, "version", "dist.unpackedSize", "dist.tarball", "--json"],
                          capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        return None
    return json.loads(done.stdout)


def _qualifies(name: str) -> tuple[str, str] | str:
    """(version, unpacked size) of `name`'s latest npm release, or why it does not qualify."""
    meta = _view(name)
    if meta is None:
        return "npm view answered an error"
    version, size = meta.get("version"), meta.get("dist.unpackedSize")
    if size is not None and int(size) > UNPACKED_MAX:
        return f"{version}\tunpacked {size} bytes > 20 MB"
    return version, size if size is not None else "size not listed"


def walk(local: bool) -> None:
    names = population()
    print(f"# {len(names)} rows with >= {MIN_DOWNLOADS} downloads a month match the summary words")
    pii_draw.walk([(key, name, f"{downloads}/month") for key, name, downloads, _ in names], earlier_names(),
                  _qualifies, local, take=TAKE, reserve=RESERVE, max_lookups=MAX_LOOKUPS)


if __name__ == "__main__":
    walk("--local" in sys.argv[1:])
