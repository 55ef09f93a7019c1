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

import hashlib
import json
import re
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYPI_NAMES = Path("/work/.library/env/packages/pypi.tsv")  # the machine's offline list of PyPI names
SET = "heldout26"
TAKE, RESERVE = 18, 6
MAX_LOOKUPS = 60
SDIST_MAX = 20 * 1024 * 1024
def order_key(name: str) -> str:
    return hashlib.sha256(f"{SET}:{name}".encode()).hexdigest()


def _norm(name: str) -> str:
    """Lower case, `_` and `.` as `-` (runs of `-_.` as one `-`, as PEP 503 and the earlier draws)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def earlier_names() -> dict[str, str]:
    """Every name of the earlier lists, normalized → the list it is in."""
    names: dict[str, str] = {}
    lists = sorted(HERE.glob("pii_heldout*_packages.tsv")) + [HERE / "pii_truth_packages.tsv",
                                                               HERE / "pii_real_packages.tsv"]
    for path in lists:
        if path.name.startswith(f"pii_{SET}_"):
            continue  # this set's own pins are no earlier list
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            if line.strip():
                names.setdefault(_norm(line.split("\t")[1]), path.name)
    for line in (HERE / "pii_suites_packages.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            names.setdefault(_norm(line.split("\t")[0]), "pii_suites_packages.tsv")
    for line in (HERE / "corpus_packages.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            names.setdefault(_norm(json.loads(line)["name"]), "corpus_packages.jsonl")
    text = (HERE / "pii_truth_candidates.py").read_text(encoding="utf-8")
    text = re.sub(rf'"{SET}": \([^)]*\)', "", text)  # this set's own reserve is no earlier list
    for spec in re.findall(r'"(?:pypi|npm|debian):([^"]+)"', text):  # RESERVES and HELDOUT5_RESERVE
        names.setdefault(_norm(spec), "pii_truth_candidates.py RESERVES")
    return names


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


def _json(name: str) -> dict | None:
    request = urllib.request.Request(f"https://pypi.org/pypi/{name}/json", headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return json.loads(answer.read())
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise


def walk(local: bool) -> None:
    names = population()
    earlier = earlier_names()
    ranked = sum(1 for line in PYPI_NAMES.read_text(encoding="utf-8").splitlines()[1:]
                 if (line.split("\t") + [""] * 5)[3].strip())
    print(f"# {ranked} ranked rows; population {len(names)} (no summary filter)")
    taken = lookups = 0
    for key, name, rank, _ in names:
        match = earlier.get(_norm(name))
        if match:
            print(f"skip\t{name}\trank {rank}\tin an earlier list ({match}), not looked up\t{key[:12]}")
            continue
        if local:
            print(f"next\t{name}\trank {rank}\t{key[:12]}")
            lookups += 1
            if lookups >= MAX_LOOKUPS:
                return
            continue
        if lookups >= MAX_LOOKUPS:
            print(f"# the cap of {MAX_LOOKUPS} look-ups is reached: {taken} qualified")
            return
        lookups += 1
        meta = _json(name)
        time.sleep(1)
        if meta is None:
            print(f"skip\t{name}\trank {rank}\t404\t{key[:12]}")
            continue
        version = meta["info"]["version"]
        sdists = [u for u in meta["releases"].get(version, []) if u["packagetype"] == "sdist"]
        if not sdists:
            print(f"skip\t{name}\trank {rank}\t{version}\tno sdist of the newest release\t{key[:12]}")
            continue
        if sdists[0]["size"] > SDIST_MAX:
            print(f"skip\t{name}\trank {rank}\t{version}\tsdist {sdists[0]['size']} bytes > 20 MB\t{key[:12]}")
            continue
        taken += 1
        print(f"{'take' if taken <= TAKE else 'reserve'}\t{name}\trank {rank}\t{version}\t{sdists[0]['size']}\t"
              f"{key[:12]}", flush=True)
        if taken >= TAKE + RESERVE:
            print(f"# walked {lookups} look-ups")
            return
    print(f"# population exhausted after {lookups} look-ups: {taken} qualified")


if __name__ == "__main__":
    walk("--local" in sys.argv[1:])
