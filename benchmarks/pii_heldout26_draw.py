"""The random draw of the twenty-sixth held-out PII set (pii_heldout26_SELECTION.md): redo it with

    python benchmarks/pii_heldout26_draw.py --local    # no network: the population in draw order (head)
    python benchmarks/pii_heldout26_draw.py            # walks the JSON API, at most MAX_LOOKUPS names

Population: the rows of the machine's offline list of PyPI names (/work/.library/env/packages/pypi.tsv)
with a value in `rank_among_15000_most_downloaded` (no summary filter: any kind of package). Order:
sha256("heldout26:" + name) ascending, hex digest compared as text. Take: walking that order, asking the
JSON API about each name (one at a time, at most MAX_LOOKUPS), the first TAKE names that are in no earlier
list and whose newest release has an sdist of at most 20 MB; the next RESERVE that qualify are the reserve.
Nothing is picked or skipped by hand: a name is skipped only by the rules written here (an earlier list holds
it, the API answers 404, the newest release has no sdist, the sdist is over 20 MB). This script reads no file
of `pii/` and imports nothing of the code under test.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pii_draw

HERE = Path(__file__).resolve().parent
PYPI_NAMES = Path("/work/.library/env/packages/pypi.tsv")  # the machine's offline list of PyPI names
SET = "heldout26"
TAKE, RESERVE = 18, 6
MAX_LOOKUPS = 60
SDIST_MAX = 20 * 1024 * 1024
def order_key(name: str) -> str:
    return pii_draw.order_key(SET, name)


def earlier_names() -> dict[str, str]:
    return pii_draw.earlier_names(SET)


def population() -> list[tuple[str, str, str, str]]:
    """(key, name, rank, summary) of the offline list's rows with a download rank (any summary), in draw order (earlier lists not yet applied: the walk records those skips)."""
    out = []
    lines = PYPI_NAMES.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t")[:5] == ["name", "version", "month", "rank_among_15000_most_downloaded", "summary"]
    for line in lines[1:]:
        name, _, _, rank, summary = (line.split("\t") + [""] * 5)[:5]
        if rank.strip():
            out.append((order_key(name), name, rank, summary))
    return sorted(out)


def walk(local: bool) -> None:
    names = population()
    ranked = sum(1 for line in PYPI_NAMES.read_text(encoding="utf-8").splitlines()[1:]
                 if (line.split("\t") + [""] * 5)[3].strip())
    print(f"# {ranked} ranked rows; population {len(names)} (no summary filter)")
    pii_draw.walk([(key, name, f"rank {rank}") for key, name, rank, _ in names], earlier_names(),
                  lambda name: pii_draw.newest_sdist(name, SDIST_MAX), local, take=TAKE, reserve=RESERVE,
                  max_lookups=MAX_LOOKUPS)

if __name__ == "__main__":
    walk("--local" in sys.argv[1:])
