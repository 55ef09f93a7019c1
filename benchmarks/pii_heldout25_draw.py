"""The random draw of the twenty-fifth held-out PII set (pii_heldout25_SELECTION.md): redo it with

    python benchmarks/pii_heldout25_draw.py --local    # no network: the population in draw order (head)
    python benchmarks/pii_heldout25_draw.py            # walks `npm view`, at most MAX_LOOKUPS names

Population: the rows of the machine's offline list of npm names (/work/.library/env/packages/npm.tsv) with
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

import hashlib
import json
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NPM_NAMES = Path("/work/.library/env/packages/npm.tsv")  # the machine's offline list of npm names
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
    return hashlib.sha256(f"{SET}:{name}".encode()).hexdigest()


def _norm(name: str) -> str:
    """Lower case, `_` and `.` as `-` (runs of `-_.` as one `-`); a scoped `@scope/x` stays as written."""
    return re.sub(r"[-_.]+", "-", name).lower()


def earlier_names() -> dict[str, str]:
    """Every name of the earlier lists, normalized -> the list it is in."""
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


def population() -> list[tuple[str, str, int, str]]:
    """(key, name, downloads, summary) of the offline list's rows with >= MIN_DOWNLOADS a month whose summary
    matches WORDS, in draw order (earlier lists not yet applied: the walk records those skips)."""
    out = []
    lines = NPM_NAMES.read_text(encoding="utf-8").splitlines()
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


def walk(local: bool) -> None:
    names = population()
    earlier = earlier_names()
    print(f"# {len(names)} rows with >= {MIN_DOWNLOADS} downloads a month match the summary words")
    taken = lookups = 0
    for key, name, downloads, _ in names:
        match = earlier.get(_norm(name))
        if match:
            print(f"skip\t{name}\t{downloads}/month\tin an earlier list ({match}), not looked up\t{key[:12]}")
            continue
        if local:
            print(f"next\t{name}\t{downloads}/month\t{key[:12]}")
            lookups += 1
            if lookups >= MAX_LOOKUPS:
                return
            continue
        if lookups >= MAX_LOOKUPS:
            print(f"# the cap of {MAX_LOOKUPS} look-ups is reached: {taken} qualified")
            return
        lookups += 1
        meta = _view(name)
        time.sleep(1)
        if meta is None:
            print(f"skip\t{name}\t{downloads}/month\tnpm view answered an error\t{key[:12]}")
            continue
        version, size = meta.get("version"), meta.get("dist.unpackedSize")
        if size is not None and int(size) > UNPACKED_MAX:
            print(f"skip\t{name}\t{downloads}/month\t{version}\tunpacked {size} bytes > 20 MB\t{key[:12]}")
            continue
        taken += 1
        print(f"{'take' if taken <= TAKE else 'reserve'}\t{name}\t{downloads}/month\t{version}\t"
              f"{size if size is not None else 'size not listed'}\t{key[:12]}", flush=True)
        if taken >= TAKE + RESERVE:
            print(f"# walked {lookups} look-ups")
            return
    print(f"# population exhausted after {lookups} look-ups: {taken} qualified")


if __name__ == "__main__":
    walk("--local" in sys.argv[1:])
