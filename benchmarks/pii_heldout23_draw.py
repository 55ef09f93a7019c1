"""The random draw of the twenty-third held-out PII set (pii_heldout23_SELECTION.md): redo it with

    CODECURATE_PACKAGE_LISTS=DIR python benchmarks/pii_heldout23_draw.py debian          # no network: the local Sources index
    CODECURATE_PACKAGE_LISTS=DIR python benchmarks/pii_heldout23_draw.py pypi --local    # no network: the ordered, filtered names
    CODECURATE_PACKAGE_LISTS=DIR python benchmarks/pii_heldout23_draw.py pypi            # walks the JSON API, at most PYPI_MAX_LOOKUPS names

Order: sha256("heldout23:" + name) ascending, hex digest compared as text. Nothing is picked or skipped
by hand: a name is skipped only by the rules written here (an earlier list holds it, its tarball/sdist is
too large, its classifiers miss the topics, no sdist). The Debian 404 check happens at pin time
(`pii_truth_corpus.py --set heldout23 pin`): a package the mirror answers 404 for is skipped there and the
next of this order taken. This script reads no file of `pii/` and imports nothing of the code under test.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pii_draw

SOURCES = Path("/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_source_Sources.lz4")
SECTIONS = {"mail", "net", "web", "httpd", "admin", "database"}
DEBIAN_MAX = 30 * 1024 * 1024
PYPI_MAX = 20 * 1024 * 1024
DEBIAN_TAKE, PYPI_TAKE, RESERVE_EACH = 10, 8, 3
PYPI_MAX_LOOKUPS = 40
TOPICS = ("Topic :: Internet", "Topic :: Communications :: Email", "Topic :: Security",
          "Topic :: System :: Networking", "Topic :: Database")
SUMMARY = re.compile(
    r"(?i)\b(?:internet|https?|web\w*|www|urls?|e-?mails?|mail\w*|smtp|imap|pop3|security|secure|crypto\w*"
    r"|encrypt\w*|auth\w*|oauth\w*|password\w*|network\w*|socket\w*|dns|tcp|udp|proxy|proxies|firewall\w*|vpn"
    r"|ssh|ssl|tls|database\w*|db|sql\w*|nosql|postgres\w*|mysql|sqlite\w*|redis|mongo\w*|servers?|clients?"
    r"|apis?|rest|scrap\w*|crawl\w*)\b")
"""The local pre-filter of PyPI names (see the SELECTION file): the summary of the offline list names a
network, mail, security or database thing; only such names are asked of the JSON API, so that the walk
asks the registry about few names."""


def order_key(name: str) -> str:
    return pii_draw.order_key("heldout23", name)


def earlier_names() -> set[str]:
    return set(pii_draw.earlier_names("heldout23"))


def in_earlier(name: str, earlier: set[str]) -> str | None:
    """The earlier name this one matches: itself, or without a Debian language prefix (python-X is X)."""
    norm = pii_draw.normalized(name)
    aliases = [norm] + [norm[len(p):] for p in ("python-", "python3-", "node-", "ruby-", "golang-")
                        if norm.startswith(p)]
    return next((a for a in aliases if a in earlier), None)


def debian() -> None:
    text = subprocess.run(["lz4", "-dc", str(SOURCES)], check=True, capture_output=True, text=True).stdout
    earlier = earlier_names()
    rows = []
    for stanza in text.split("\n\n"):
        package = re.search(r"(?m)^Package: (\S+)$", stanza)
        section = re.search(r"(?m)^Section: (\S+)$", stanza)
        if not package or not section or section.group(1) not in SECTIONS:
            continue
        version = re.search(r"(?m)^Version: (\S+)$", stanza).group(1)
        block = stanza.split("\nFiles:", 1)[1] if "\nFiles:" in stanza else ""
        tarball = None
        for line in block.splitlines()[1:]:
            if not line.startswith(" "):
                break
            _, size, filename = line.split()
            if re.search(r"\.(?:orig\.)?tar\.(?:gz|xz|bz2|lzma|zst)$", filename) and ".debian.tar." not in filename \
                    and ".orig-" not in filename:
                tarball = (filename, int(size))
        rows.append((order_key(package.group(1)), package.group(1), version, section.group(1), tarball))
    rows.sort()
    print(f"# {len(rows)} source stanzas in sections {sorted(SECTIONS)}")
    taken = 0
    for key, name, version, section, tarball in rows:
        match = in_earlier(name, earlier)
        if match:
            print(f"skip\t{name}\t{section}\tin an earlier list ({match})")
            continue
        if tarball is None or tarball[1] > DEBIAN_MAX:
            print(f"skip\t{name}\t{section}\tupstream tarball {tarball}: over 30 MB or none")
            continue
        taken += 1
        print(f"{'take' if taken <= DEBIAN_TAKE else 'reserve'}\t{name}\t{section}\t{version}\t{tarball[0]}\t"
              f"{tarball[1]}\t{key[:12]}")
        if taken >= DEBIAN_TAKE + RESERVE_EACH + 40:  # more in order, for the 404 rule at pin time
            break


def pypi_names() -> list[tuple[str, str]]:
    """(key, name) of the offline list's names whose summary passes SUMMARY and no earlier list holds,
    in draw order."""
    earlier = earlier_names()
    out = []
    for line in pii_draw.package_list("pypi.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        name, _, _, _, summary = (line.split("\t") + [""] * 5)[:5]
        if SUMMARY.search(summary) and not in_earlier(name, earlier):
            out.append((order_key(name), name))
    return sorted(out)


def pypi(local: bool) -> None:
    names = pypi_names()
    print(f"# {len(names)} names pass the summary pre-filter and are in no earlier list")
    if local:
        for key, name in names[:40]:
            print(f"{key[:12]}\t{name}")
        return
    taken = 0
    for walked, (key, name) in enumerate(names[:PYPI_MAX_LOOKUPS], 1):
        meta = pii_draw.pypi_json(name)
        time.sleep(1)
        if meta is None:
            print(f"skip\t{name}\t404")
            continue
        info = meta["info"]
        sdists = [u for u in meta["releases"].get(info["version"], []) if u["packagetype"] == "sdist"]
        topics = [c for c in info.get("classifiers") or [] if c.startswith(TOPICS)]
        if not topics:
            print(f"skip\t{name}\t{info['version']}\tno classifier of the topics")
            continue
        if not sdists or sdists[0]["size"] > PYPI_MAX:
            print(f"skip\t{name}\t{info['version']}\tsdist {sdists[0]['size'] if sdists else 'none'}")
            continue
        taken += 1
        print(f"{'take' if taken <= PYPI_TAKE else 'reserve'}\t{name}\t{info['version']}\t{sdists[0]['size']}\t"
              f"{topics[0]}\t{key[:12]}")
        if taken >= PYPI_TAKE + RESERVE_EACH:
            print(f"# walked {walked} names")
            return
    print(f"# walked {min(len(names), PYPI_MAX_LOOKUPS)} names (the cap): {taken} taken")


if __name__ == "__main__":
    if sys.argv[1:2] == ["debian"]:
        debian()
    elif sys.argv[1:2] == ["pypi"]:
        pypi("--local" in sys.argv)
    else:
        sys.exit(__doc__)
