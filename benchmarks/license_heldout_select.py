"""Choose and pin the held-out licence set (issue 24): a seeded random draw, written before labelling.

Why: `license_truth_labels.tsv` was read while the classifier was tuned, so its figures are no longer
held out. This script draws NEW real packages by a rule fixed in advance and pins each archive by
sha256; a person then labels them by reading (`license_truth_read.py`), and only after the labels are
committed is the classifier scored on them (`license_truth.py --labels license_heldout_labels.tsv`).
It does not import `licenses/` and decides nothing about licences.

The rule (seed 2024_12_06, `random.Random(SEED).shuffle` of each pool sorted by name, then taken in
that order until the ecosystem has its count; a skipped candidate is printed with its reason):
- pool exclusions: every (ecosystem, name) of `license_truth_labels.tsv`, every name of
  `license_real_packages.tsv` (any registry);
- PyPI: names ranked among the 15,000 most downloaded in the machine's PyPI listing; the newest
  release at selection time that has an sdist (skipped when none has);
- npm: names with at least 1,000,000 downloads a month in the machine's npm listing; the listed
  version (`npm view NAME@VERSION dist`; the tarball's sha512 `integrity` is checked, its sha256
  pinned); skipped when the registry no longer serves it;
- Debian: source packages of Debian 12 `main` (the machine's apt source lists, deb-src twin) whose
  format is `3.0 (quilt)` and whose upstream `.orig.tar.*` is at most 5 MB (read time); the sha256 is
  the one the signed Sources index carries for the .dsc's files; fetched by
  `apt-get source --download-only NAME=VERSION` (apt checks it again); skipped when the mirror this
  machine reaches does not serve the upstream tarball (it answers 404 for some pool files).

Second draw (issue 24, `license_heldout2_labels.tsv`): the same seed and order, continued past the first
draw: `--exclude benchmarks/license_heldout_labels.tsv` adds that file's (ecosystem, name) pairs to the
exclusions, so the walk takes the next candidates the first draw did not reach (`--per 12`).

Third draw (issue 24, `license_heldout3_labels.tsv`): a NEW seed, so the order is not the one the
first two draws walked: `--seed 20261207 --per 20 --exclude benchmarks/license_heldout_labels.tsv
--exclude benchmarks/license_heldout2_labels.tsv` (the truth set and `license_real_packages.tsv` are
excluded as always). Everything else in the rule is unchanged.

Run: python benchmarks/license_heldout_select.py --out LIST.tsv [--per 44] [--seed N] [--exclude LABELS.tsv ...]
(`CODECURATE_PACKAGE_LISTS` names the folder holding the registries' ranked listings npm.tsv / pypi.tsv,
as for `license_real.py`; `bench_paths.PACKAGE_LISTS`).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import random
import re
import subprocess
import sys
import urllib.error
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_paths import PACKAGE_LISTS  # noqa: E402
from license_truth_data import (  # noqa: E402
    LABELS, REGISTRY, _get, _write_atomic, debian_folder, ensure_deb_src,
)

SEED = 2024_12_06
MAX_ORIG_BYTES = 5_000_000
SOURCES_GLOB = "/var/lib/apt/lists/*_debian_dists_bookworm_main_source_Sources*"


def key(name: str) -> str:
    """Compare names as the registries do: PyPI's `zope-configuration` is the JSON API's `zope.configuration`."""
    return re.sub(r"[-_.]+", "-", name).lower()


def excluded(extra: tuple[Path, ...] = ()) -> tuple[set[tuple[str, str]], set[str]]:
    truth = set()
    for labels in (LABELS, *extra):
        for line in labels.read_text(encoding="utf-8").splitlines()[1:]:
            cells = line.split("\t")
            if len(cells) > 2:
                truth.add((cells[0], key(cells[1])))
    real = {key(line.split("\t")[1]) for line in (HERE / "license_real_packages.tsv").read_text(encoding="utf-8").splitlines()[1:] if "\t" in line}
    return truth, real


def shuffled(names: list[str], seed: int = SEED) -> list[str]:
    names = sorted(set(names))
    random.Random(seed).shuffle(names)
    return names


def pypi_pool(listing: Path) -> list[str]:
    names = []
    with listing.open(encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            cells = line.rstrip("\n").split("\t")
            if len(cells) > 3 and cells[3].strip():
                names.append(cells[0])
    return names


def npm_pool(listing: Path) -> dict[str, str]:
    names = {}
    with listing.open(encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            cells = line.rstrip("\n").split("\t")
            if len(cells) > 2 and cells[2].isdigit() and int(cells[2]) >= 1_000_000:
                names[cells[0]] = cells[1]
    return names


def pin_pypi(name: str) -> list[str] | None:
    base = f"https://pypi.org/pypi/{urllib.parse.quote(name)}/json"
    doc = json.loads(_get(base))
    version = doc["info"]["version"]
    sdists = [item for item in doc["urls"] if item["packagetype"] == "sdist"]
    if not sdists:
        return None
    item = sdists[0]
    path = REGISTRY / "pypi" / item["filename"]
    if not path.exists():
        _write_atomic(path, _get(urllib.parse.urljoin(base, item["url"])))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != item["digests"]["sha256"]:
        raise ValueError(f"{name}: sha256 differs from the JSON API's")
    return ["pypi", doc["info"]["name"], version, item["filename"], digest]


def pin_npm(name: str, version: str) -> list[str] | None:
    done = subprocess.run(["npm", "view", f"{name}@{version}", "dist", "--json"], capture_output=True, text=True, timeout=120)
    if done.returncode != 0 or not done.stdout.strip():
        return None
    dist = json.loads(done.stdout)
    if isinstance(dist, list):
        dist = dist[-1]
    filename = f"{name.lstrip('@').replace('/', '-')}-{version}.tgz"
    path = REGISTRY / "npm" / filename
    if not path.exists():
        _write_atomic(path, _get(dist["tarball"]))
    data = path.read_bytes()
    algorithm, _, wanted = dist["integrity"].partition("-")
    if base64.b64encode(hashlib.new(algorithm, data).digest()).decode() != wanted:
        raise ValueError(f"{name}: integrity differs from the registry's")
    return ["npm", name, version, filename, hashlib.sha256(data).hexdigest()]


def debian_pool() -> list[dict[str, str]]:
    text = ""
    for path in sorted(Path("/").glob(SOURCES_GLOB.lstrip("/"))):
        text += subprocess.run(["/usr/lib/apt/apt-helper", "cat-file", str(path)], capture_output=True, text=True, check=True).stdout + "\n\n"
    sources = []
    for stanza in re.split(r"\n\s*\n", text):
        fields = dict(re.findall(r"^([A-Za-z0-9-]+):[ \t]*(.*)$", stanza, re.M))
        if fields.get("Format") != "3.0 (quilt)":
            continue
        sums = re.search(r"^Checksums-Sha256:\n((?: .*\n?)+)", stanza, re.M)
        origs = [line.split() for line in (sums.group(1).splitlines() if sums else [])]
        origs = [cells for cells in origs if re.search(r"\.orig\.tar\.[a-z0-9]+$", cells[2])]
        if len(origs) == 1 and int(origs[0][1]) <= MAX_ORIG_BYTES:
            sources.append({"name": fields["Package"], "version": fields["Version"], "file": origs[0][2], "sha256": origs[0][0]})
    newest: dict[str, dict[str, str]] = {}
    for source in sources:  # bookworm-updates after bookworm: the later stanza wins
        newest[source["name"]] = source
    return list(newest.values())


def pin_debian(source: dict[str, str]) -> list[str] | None:
    ensure_deb_src()
    folder = debian_folder(source["name"], source["version"])
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["apt-get", "source", "--download-only", "-qq", f"{source['name']}={source['version']}"], cwd=folder,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, timeout=300)
    path = folder / source["file"]
    if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != source["sha256"]:
        return None
    return ["debian", source["name"], source["version"], source["file"], source["sha256"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--per", type=int, default=44, help="packages per ecosystem")
    parser.add_argument("--only", default="npm,pypi,debian")
    parser.add_argument("--seed", type=int, default=SEED, help="the shuffle's seed (third draw: 20261207)")
    parser.add_argument("--exclude", type=Path, action="append", default=[],
                        help="a labelled list whose (ecosystem, name) pairs are also excluded (second draw)")
    args = parser.parse_args()
    truth, real = excluded(tuple(args.exclude))
    rows: list[list[str]] = []
    wanted = args.only.split(",")

    def take(ecosystem: str, candidates: list, pin) -> None:
        got = 0
        for candidate in candidates:
            if got >= args.per:
                break
            name = candidate if isinstance(candidate, str) else candidate["name"]
            if (ecosystem, key(name)) in truth or key(name) in real:
                continue
            try:
                row = pin(candidate)
            except (OSError, ValueError, KeyError, urllib.error.URLError, subprocess.SubprocessError) as error:
                print(f"skip {ecosystem}:{name}: {error}", file=sys.stderr)
                continue
            if row is None:
                print(f"skip {ecosystem}:{name}: no archive of the kind the rule asks for", file=sys.stderr)
                continue
            rows.append(row)
            got += 1
            print("\t".join(row), file=sys.stderr)

    if "pypi" in wanted:
        take("pypi", shuffled(pypi_pool(PACKAGE_LISTS / "pypi.tsv"), args.seed), pin_pypi)
    if "npm" in wanted:
        pool = npm_pool(PACKAGE_LISTS / "npm.tsv")
        take("npm", shuffled(list(pool), args.seed), lambda name: pin_npm(name, pool[name]))
    if "debian" in wanted:
        pool = {source["name"]: source for source in debian_pool()}
        take("debian", shuffled(list(pool), args.seed), lambda name: pin_debian(pool[name]))
    args.out.write_text("ecosystem\tname\tversion\tfile\tsha256\n" + "".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")


if __name__ == "__main__":
    main()
