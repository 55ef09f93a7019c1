"""The random draw of the twenty-sixth held-out PII set (pii_heldout26_SELECTION.md): redo it with

    CODECURATE_PACKAGE_LISTS=DIR python benchmarks/pii_heldout26_draw.py --local    # no network: the population in draw order (head)
    CODECURATE_PACKAGE_LISTS=DIR python benchmarks/pii_heldout26_draw.py            # walks the JSON API, at most MAX_LOOKUPS names

Population: the rows of the offline list of PyPI names (`pypi.tsv` in $CODECURATE_PACKAGE_LISTS)
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

import pii_draw

SET = "heldout26"
TAKE, RESERVE = 18, 6
MAX_LOOKUPS = 60
SDIST_MAX = 20 * 1024 * 1024


def earlier_names() -> dict[str, str]:
    return pii_draw.earlier_names(SET)


def walk(local: bool) -> None:
    ranked, names = pii_draw.ranked_pypi(SET, lambda summary: True)
    print(f"# {ranked} ranked rows; population {len(names)} (no summary filter)")
    pii_draw.walk([(key, name, f"rank {rank}") for key, name, rank, _ in names], earlier_names(),
                  lambda name: pii_draw.newest_sdist(name, SDIST_MAX), local, take=TAKE, reserve=RESERVE,
                  max_lookups=MAX_LOOKUPS)


if __name__ == "__main__":
    walk("--local" in sys.argv[1:])
