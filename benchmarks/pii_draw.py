"""What the random draws of the PII label sets share (`pii_heldout23_draw.py` … `pii_heldout26_draw.py`):
the draw order, the name normalization, the names every earlier list holds, and one PyPI look-up.

A draw walks a population in the order of `sha256("<set>:<name>")` and skips every name an earlier list
holds. The populations come from a registry's offline name list (`pypi.tsv`, `npm.tsv`: name, version,
downloads, summary), found in the folder `CODECURATE_PACKAGE_LISTS` names; on the machine the draws were
made on, that is its tool library's `env/packages` folder. Nothing here reads `pii/` or imports the code
under test.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE_LISTS = "CODECURATE_PACKAGE_LISTS"
PYPI_COLUMNS = ["name", "version", "month", "rank_among_15000_most_downloaded", "summary"]


def package_list(file_name: str) -> Path:
    """The offline name list `file_name` in the folder `$CODECURATE_PACKAGE_LISTS`."""
    folder = os.environ.get(PACKAGE_LISTS)
    if not folder:
        raise SystemExit(f"set {PACKAGE_LISTS} to the folder holding {file_name} (the registry's offline name list)")
    return Path(folder) / file_name


def ranked_pypi(set_name: str, keep_summary) -> tuple[int, list[tuple[str, str, str, str]]]:  # type: ignore[no-untyped-def]
    """(how many rows carry a download rank, [(key, name, rank, summary)] of those whose summary
    `keep_summary` keeps, in draw order) from `pypi.tsv` (earlier lists not yet applied: the walk records
    those skips)."""
    lines = package_list("pypi.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t")[:5] == PYPI_COLUMNS
    ranked, out = 0, []
    for line in lines[1:]:
        name, _, _, rank, summary = (line.split("\t") + [""] * 5)[:5]
        if rank.strip():
            ranked += 1
            if keep_summary(summary):
                out.append((order_key(set_name, name), name, rank, summary))
    return ranked, sorted(out)


def order_key(set_name: str, name: str) -> str:
    return hashlib.sha256(f"{set_name}:{name}".encode()).hexdigest()


def normalized(name: str) -> str:
    """Lower case, runs of `-_.` as one `-` (PEP 503); a scoped npm name `@scope/x` stays as written."""
    return re.sub(r"[-_.]+", "-", name).lower()


def earlier_names(set_name: str) -> dict[str, str]:
    """Every name of the lists before `set_name`'s (label sets, suites, corpora, reserves), normalized →
    the list it is in. The set's own pins and reserve are no earlier list."""
    names: dict[str, str] = {}
    lists = sorted(HERE.glob("pii_heldout*_packages.tsv")) + [HERE / "pii_truth_packages.tsv",
                                                               HERE / "pii_real_packages.tsv"]
    for path in lists:
        if path.name.startswith(f"pii_{set_name}_"):
            continue
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            if line.strip():
                names.setdefault(normalized(line.split("\t")[1]), path.name)
    for line in (HERE / "pii_suites_packages.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            names.setdefault(normalized(line.split("\t")[0]), "pii_suites_packages.tsv")
    for line in (HERE / "corpus_packages.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            names.setdefault(normalized(json.loads(line)["name"]), "corpus_packages.jsonl")
    text = (HERE / "pii_truth_candidates.py").read_text(encoding="utf-8")
    text = re.sub(rf'"{set_name}": \([^)]*\)', "", text)
    for spec in re.findall(r'"(?:pypi|npm|debian):([^"]+)"', text):  # RESERVES and HELDOUT5_RESERVE
        names.setdefault(normalized(spec), "pii_truth_candidates.py RESERVES")
    return names


def pypi_json(name: str) -> dict | None:
    """PyPI's JSON API answer for `name`, or None when the registry has no such project."""
    request = urllib.request.Request(f"https://pypi.org/pypi/{name}/json", headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return json.loads(answer.read())
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise


def walk(rows: list[tuple[str, str, str]], earlier: dict[str, str], look_up, local: bool, *,  # type: ignore[no-untyped-def]
         take: int = 18, reserve: int = 6, max_lookups: int = 60) -> None:
    """Walk `rows` — (order key, name, what the list says of it) in draw order — and print one line per
    name: `skip` (an earlier list holds it, or `look_up` gave a reason), `take` or `reserve`. `look_up(name)`
    asks the registry once and returns (version, size) for a name that qualifies, or the reason it does
    not. `local` asks nothing and prints the next names in order."""
    taken = lookups = 0
    for key, name, about in rows:
        match = earlier.get(normalized(name))
        if match:
            print(f"skip\t{name}\t{about}\tin an earlier list ({match}), not looked up\t{key[:12]}")
            continue
        if local:
            print(f"next\t{name}\t{about}\t{key[:12]}")
            lookups += 1
            if lookups >= max_lookups:
                return
            continue
        if lookups >= max_lookups:
            print(f"# the cap of {max_lookups} look-ups is reached: {taken} qualified")
            return
        lookups += 1
        answer = look_up(name)
        time.sleep(1)
        if isinstance(answer, str):
            print(f"skip\t{name}\t{about}\t{answer}\t{key[:12]}")
            continue
        version, size = answer
        taken += 1
        print(f"{'take' if taken <= take else 'reserve'}\t{name}\t{about}\t{version}\t{size}\t{key[:12]}", flush=True)
        if taken >= take + reserve:
            print(f"# walked {lookups} look-ups")
            return
    print(f"# population exhausted after {lookups} look-ups: {taken} qualified")


def newest_sdist(name: str, max_bytes: int) -> tuple[str, int] | str:
    """(version, sdist bytes) of `name`'s newest release on PyPI, or why it does not qualify."""
    meta = pypi_json(name)
    if meta is None:
        return "404"
    version = meta["info"]["version"]
    sdists = [u for u in meta["releases"].get(version, []) if u["packagetype"] == "sdist"]
    if not sdists:
        return f"{version}\tno sdist of the newest release"
    if sdists[0]["size"] > max_bytes:
        return f"{version}\tsdist {sdists[0]['size']} bytes > 20 MB"
    return version, sdists[0]["size"]
