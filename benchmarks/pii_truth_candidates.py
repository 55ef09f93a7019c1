"""Candidates for the independent PII truth set, from detectors that are not codecurate's.

Rebuilds, from scratch, every candidate span in every text file of `pii_truth_packages.tsv` and
writes them to the benchmark cache (pii_truth/candidates.tsv): package, version, path, file sha256,
start offset, length, value sha256, the detectors that found it. Never the value. The values stay
in the cache (pii_truth/tree/, the files detect-secrets scans), which is never committed.

Detectors (none imports or copies anything from `pii/`; the candidates are only proposals, every
decision in `pii_truth_labels.tsv` is made by reading):
- detect-secrets 1.5.0 (Yelp), every plugin but the two high-entropy ones, in its own venv in the
  cache (`pii_detect_secrets_worker.py`);
- stock Presidio's predefined `EmailRecognizer` and `IpRecognizer` (presidio_analyzer);
- plain searches written here: every `@` with an address-like character on both sides (the token
  around it; decorators and `a @ b` have none on the left), every dotted quad whose four numbers
  are 0-255 (versions included, on purpose), every IPv6 literal `ipaddress` parses (with two or
  more groups, or `::1`), obfuscated addresses (`name at domain dot org`, `name (at) domain`,
  `[at]`, `{at}`, `<at>`), values of length ≥ 6 without spaces quoted and assigned to (or paired in
  a dict with) a secret-like name (`secret`, `key`, `token`, `apikey`, `password`, `passwd`,
  `pwd`, `hkey`, `salt`, `auth`, `credential`, `signature`, `sig`), and query-string parameters
  with such names (`apikey=`, `api_key=`, `access_token=`, `key=`, `token=`, `secret=`, ...).

Spans of one family (e-mail: `@`, obfuscated, Presidio e-mail; IP: quads, IPv6, Presidio IP;
secret: detect-secrets, names, query parameters) that overlap are merged; across families they stay
separate rows, decided one by one.

The files to label are `pii_truth_files.tsv` (chosen by `choose`, below); candidates are built for
those files, or for every file of the packages with `--all-files`.

    python benchmarks/pii_truth_candidates.py [--workers 2] [--all-files] [--choose] [--set heldout]

`--set heldout` builds the candidates of the held-out set (`pii_heldout_packages.tsv`,
`pii_heldout_files.tsv`, cache folder pii_heldout/); its files are chosen by `choose_heldout`.
`--set heldout2` (second held-out set, `pii_heldout2_*`, cache folder pii_heldout2/): files chosen by
`choose_heldout` alone, unchanged (3 best-ranked + 1 random per package, seed 2323), in one batch.
`--set heldout3` (third held-out set, `pii_heldout3_*`, pii_heldout3_SELECTION.md): `choose_heldout3_batches`
(listed files kept; `choose_heldout` for packages with none listed; `--batch2` adds `choose_more`).
`--set heldout4` (fourth held-out set, `pii_heldout4_*`, pii_heldout4_SELECTION.md): the same rule as heldout3
(`choose_heldout3_batches`: `choose_heldout` unchanged, `--batch2` adds `choose_more` unchanged).
`--set heldout5` (fifth held-out set, `pii_heldout5_*`, pii_heldout5_SELECTION.md): `choose_reserve_batches`
(batches 1-2 as heldout3 over the first 17 packages; `--batch3` adds `choose_heldout` over the reserve packages;
`--batch4` adds the post-hoc `choose_heldout5_batch4`, one credential-literal file per package).
`--set heldout6` (sixth held-out set, `pii_heldout6_*`, pii_heldout6_SELECTION.md): `choose_reserve_batches`
(batches 1-2 as heldout3 over the first 15 packages; `--batch3` adds `choose_heldout` over the 4 reserve packages).
`--set heldout7` (seventh held-out set, `pii_heldout7_*`, pii_heldout7_SELECTION.md): the same as heldout6
(`choose_reserve_batches` with its own 4 reserve packages).
`--set heldout8` (eighth held-out set, `pii_heldout8_*`, pii_heldout8_SELECTION.md; Debian source packages):
`choose_reserve_batches` as heldout6 (`RESERVES["heldout8"]` for `--batch3`).
`--set heldout9` (ninth held-out set, `pii_heldout9_*`, pii_heldout9_SELECTION.md; Go/Ruby/Java/PHP/JS from
Debian sources and npm): the same (`RESERVES["heldout9"]`: 6 listed, batch 3 pins the first 4 that fetch).
`--set heldout10` (tenth held-out set, `pii_heldout10_*`, pii_heldout10_SELECTION.md; recorded HTTP fixtures,
scrapers, mail, logs, bots from PyPI and npm): the same (`RESERVES["heldout10"]`: 6 listed, the first 4 that pin).
`--set heldout11` (eleventh held-out set, `pii_heldout11_*`, pii_heldout11_SELECTION.md; network daemons, logs and
address handling from Debian, PyPI and npm): the same (`RESERVES["heldout11"]`: 6 listed, the first 4 that pin).
`--set heldout12` (twelfth held-out set, `pii_heldout12_*`, pii_heldout12_SELECTION.md; credentials, API clients,
scrapers and mail from Debian, PyPI and npm): the same (`RESERVES["heldout12"]`: 6 listed, the first 4 that pin).
`--set heldout13` (thirteenth held-out set, `pii_heldout13_*`, pii_heldout13_SELECTION.md; configuration and
infrastructure code, database drivers, web apps from Debian, PyPI and npm): the same (`RESERVES["heldout13"]`).
`--set heldout14` (fourteenth held-out set, `pii_heldout14_*`, pii_heldout14_SELECTION.md; cloud, messaging and SaaS
SDKs, remote-access, SNMP and DNS/ACME tooling from Debian, PyPI and npm): the same (`RESERVES["heldout14"]`).
`--set heldout15` (fifteenth held-out set, `pii_heldout15_*`, pii_heldout15_SELECTION.md; front-end and JavaScript
apps, notebooks and data tooling, web and desktop apps from Debian, PyPI and npm): the same (`RESERVES["heldout15"]`).
`--set heldout16` (sixteenth held-out set, `pii_heldout16_*`, pii_heldout16_SELECTION.md; cluster, HPC, monitoring and
alerting tooling from Debian, PyPI and npm): the same (`RESERVES["heldout16"]`).
`--set heldout17` (seventeenth held-out set, `pii_heldout17_*`, pii_heldout17_SELECTION.md; hard-coded credentials in
VPN/TLS, RADIUS, mail, pooler, ACME/OIDC, payment/messaging/push SDK and migration code from Debian, PyPI and npm): the
same (`RESERVES["heldout17"]`).
`--set heldout18` (eighteenth held-out set, `pii_heldout18_*`, pii_heldout18_SELECTION.md; real addresses and made-up
personas side by side in mail indexers, mailing-list managers and archivers, vCard/iCalendar libraries, faker-style
generators, helpdesk/newsletter tooling and web apps with seed data from Debian, PyPI and npm): the same
(`RESERVES["heldout18"]`).
`--set heldout19` (nineteenth held-out set, `pii_heldout19_*`, pii_heldout19_SELECTION.md; languages no earlier set
covered: Rust, Haskell, OCaml, Lua, Erlang, Perl CPAN modules, R, Tcl, C# and Objective-C from Debian sources): the same
(`RESERVES["heldout19"]`: the reserves not promoted to replace a dropped package).
`--set heldout20` (twentieth held-out set, `pii_heldout20_*`, pii_heldout20_SELECTION.md; the credentials of device,
trading, bot and geo API clients: IoT/home-automation, crypto exchange, chat-bot, geocoding/translation, SMS/push and
analytics clients from PyPI, npm and Debian): the same (`RESERVES["heldout20"]`: the reserves not promoted to replace
a dropped package).
`--set heldout21` (twenty-first held-out set, `pii_heldout21_*`, pii_heldout21_SELECTION.md; what security tooling
carries: honeypots, intrusion-detection and log-analysis rules, ban/block tools, threat-intelligence/IOC clients,
scanners, password auditing, malware analysis and VPN/firewall generators from PyPI, npm and Debian): the same
(`RESERVES["heldout21"]`: the reserves not promoted to replace a dropped package).
`--set heldout22` (twenty-second held-out set, `pii_heldout22_*`, pii_heldout22_SELECTION.md; the credentials of ML,
LLM and data-platform clients: LLM SDKs and wrappers, agent and prompt tooling, experiment trackers and model hubs,
vector-database clients, warehouse connectors and workflow/ML tooling from PyPI, npm and Debian): the same
(`RESERVES["heldout22"]`: the reserves not promoted to replace a dropped package).
`--set heldout23` (twenty-third held-out set, `pii_heldout23_*`, pii_heldout23_SELECTION.md; a random draw, not a
themed choice: network-facing Debian source packages and PyPI projects in sha256 order of the name, by
pii_heldout23_draw.py): the same (`RESERVES["heldout23"]`: the reserves not promoted to replace a dropped package).
`--set heldout24` (twenty-fourth held-out set, `pii_heldout24_*`, pii_heldout24_SELECTION.md; a random draw among
code people actually use: PyPI projects among the 15,000 most downloaded whose summary names a service word, in
sha256 order of the name, by pii_heldout24_draw.py): the same (`RESERVES["heldout24"]`: the reserves not promoted
to replace a dropped package).
`--set heldout25` (twenty-fifth held-out set, `pii_heldout25_*`, pii_heldout25_SELECTION.md; a random draw among
JavaScript people actually use: npm packages with at least 100,000 downloads a month whose summary names a service
word, in sha256 order of the name, by pii_heldout25_draw.py): the same (`RESERVES["heldout25"]`: the reserves not
promoted to replace a dropped package).
`--set heldout26` (twenty-sixth held-out set, `pii_heldout26_*`, pii_heldout26_SELECTION.md; a random draw among
the code people actually use, of any kind: PyPI projects among the 15,000 most downloaded, no summary filter, in
sha256 order of the name, by pii_heldout26_draw.py): the same (`RESERVES["heldout26"]`: the reserves not promoted
to replace a dropped package).
"""

from __future__ import annotations

import argparse
import hashlib
import ipaddress
import json
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_paths import CACHE, VENVS  # noqa: E402
import pii_truth_corpus  # noqa: E402
from pii_truth_corpus import TruthFile, files  # noqa: E402

WORK = CACHE / "pii_truth"
CANDIDATES = WORK / "candidates.tsv"
VENV = VENVS / "detect-secrets"
CHOSEN = HERE / "pii_truth_files.tsv"
HEADER = "package\tversion\tpath\tfile_sha256\toffset\tlength\tvalue_sha256\tdetectors"
Found = tuple[str, str, int, int]  # family, detector, start, end

_LOCAL = r"[\w.%+\-!#$&'*/=?^`{|}~]"
_AT = re.compile(rf"{_LOCAL}+@[\w\-]+(?:\.[\w\-]+)*")
_BRACKET_AT = r"\s*[(\[{<]\s*at\s*[)\]}>]\s*"
_BRACKET_DOT = r"\s*[(\[{<]\s*dot\s*[)\]}>]\s*"
_OBFUSCATED = re.compile(
    rf"(?i)\b[\w.+\-]+(?:{_BRACKET_AT}[\w\-]+(?:(?:{_BRACKET_DOT}|\s+dot\s+|\.)[\w\-]+)*"
    rf"|\s+at\s+[\w\-]+(?:(?:{_BRACKET_DOT}|\s+dot\s+)[\w\-]+)+)"
)
_QUAD = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?!\w|\.\d)")
_V6 = re.compile(r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:(?<=:)\d{1,3}(?:\.\d{1,3}){3})?(?![\w:])")
_NAME = r"[\w.\-]*?(?:secret|key|token|api_?key|passw(?:or)?d|pwd|hkey|salt|auth|credential|signature|sig)[\w\-]*"
_ASSIGNED = re.compile(rf"(?i)\b{_NAME}['\"]?\]?\s*(?:=|:|=>|:=)\s*[bru]{{0,2}}(['\"])([^'\"\s]{{6,300}})\1")
_QUERY = re.compile(
    r"(?i)[?&;](?:api_?key|api-key|app_?key|access_token|auth|client_secret|hkey|key|password|passwd|pwd|secret"
    r"|sig|signature|token)=([^&'\"\s#<>)\\]+)"
)


def plain(text: str) -> Iterator[Found]:
    if "@" in text:
        for m in _AT.finditer(text):
            end = m.end() - (len(m.group()) - len(m.group().rstrip(".-")))
            if "@" in m.group()[:-1] and m.group().split("@", 1)[1].strip(".-"):
                yield "email", "at-sign", m.start(), end
    for m in _OBFUSCATED.finditer(text):
        yield "email", "obfuscated", m.start(), m.end()
    for m in _QUAD.finditer(text):
        if all(int(part) <= 255 for part in m.group().split(".")):
            yield "ip", "dotted-quad", m.start(), m.end()
    if "::" in text or ":" in text:
        for m in _V6.finditer(text):
            value = m.group()
            groups = [g for g in value.split(":") if g]
            if (len(groups) >= 2 or value == "::1") and _is_v6(value):
                yield "ip", "ipv6", m.start(), m.end()
    for m in _ASSIGNED.finditer(text):
        yield "secret", "secret-name", m.start(2), m.end(2)
    for m in _QUERY.finditer(text):
        yield "secret", "query-param", m.start(1), m.end(1)


def _is_v6(value: str) -> bool:
    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return True


def presidio(text: str, recognizers: list) -> Iterator[Found]:  # type: ignore[type-arg]
    for recognizer, family in recognizers:
        for result in recognizer.analyze(text, entities=recognizer.supported_entities, nlp_artifacts=None) or []:
            yield family, f"presidio-{recognizer.supported_entities[0].lower()}", result.start, result.end


def _presidio_recognizers() -> list:  # type: ignore[type-arg]
    from presidio_analyzer.predefined_recognizers import EmailRecognizer, IpRecognizer

    return [(EmailRecognizer(), "email"), (IpRecognizer(), "ip")]


def ensure_detect_secrets() -> Path:
    """detect-secrets 1.5.0 in its own venv under the bench cache (made once); its python."""
    python = VENV / "bin/python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin/pip"), "install", "-q", "--only-binary=:all:", "detect-secrets==1.5.0"],
                       check=True)
    return python


def detect_secrets(paths: list[Path], texts: list[str], workers: int, work: Path | None = None) -> dict[int, list[Found]]:
    """detect-secrets over every file in `workers` processes; its line + value become offsets.
    Its listings and outputs go to `work` (default: this set's cache folder)."""
    python = ensure_detect_secrets()
    work = work or WORK
    outputs = [work / f"detect-secrets-{k}.jsonl" for k in range(workers)]
    processes = []
    for k, out in enumerate(outputs):
        listing = work / f"detect-secrets-{k}.paths"
        listing.write_text("".join(f"{p}\n" for p in paths[k::workers]), encoding="utf-8")
        out.unlink(missing_ok=True)
        processes.append(subprocess.Popen([str(python), str(HERE / "pii_detect_secrets_worker.py"), str(listing),
                                           str(out)], stderr=subprocess.DEVNULL))
    for process in processes:
        if process.wait() != 0:
            raise RuntimeError("detect-secrets worker failed")
    index = {str(p): i for i, p in enumerate(paths)}
    found: dict[int, list[Found]] = {}
    for out in outputs:
        for line in out.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if "done" not in item and item.get("value"):
                i = index[item["path"]]
                for start in _locate(texts[i], item["line"], item["value"]):
                    family = "ip" if "IP" in item["type"] else "secret"
                    found.setdefault(i, []).append((family, "detect-secrets", start, start + len(item["value"])))
    return found


def _locate(text: str, line: int, value: str) -> list[int]:
    """Every offset of the value on the reported line (or the two next to it, if line ends differ)."""
    lines = text.split("\n")
    offsets = []
    for number in (line - 1, line - 2, line):
        if 0 <= number < len(lines):
            begin = sum(len(x) + 1 for x in lines[:number])
            at = lines[number].find(value)
            while at >= 0:
                offsets.append(begin + at)
                at = lines[number].find(value, at + 1)
            if offsets:
                return offsets
    return offsets


def merge(spans: list[Found]) -> list[tuple[int, int, set[str]]]:
    """Overlapping spans of one family → one span (their union) with all the detectors."""
    merged: list[tuple[int, int, set[str]]] = []
    for family in ("email", "ip", "secret"):
        group: list[tuple[int, int, set[str]]] = []
        for _, detector, start, end in sorted((s for s in spans if s[0] == family and s[3] > s[2]),
                                              key=lambda s: (s[2], s[3])):
            if group and start < group[-1][1]:
                first, last, detectors = group[-1]
                group[-1] = (first, max(last, end), detectors | {detector})
            else:
                group.append((start, end, {detector}))
        merged += group
    return sorted(merged, key=lambda m: (m[0], m[1]))


SCRAPERS = {"pypi:yt-dlp", "pypi:youtube_dl", "pypi:gallery-dl", "pypi:streamlink"}
MAIL_AND_NETWORK = {"pypi:social-auth-core", "pypi:you-get", "pypi:mail-parser", "pypi:flanker", "pypi:scapy",
                    "pypi:dnspython"}
_TESTISH = re.compile(r"(?i)test|fixture|extractor|plugin|backend|example|sample|conf|\.eml$|\.msg$|\.txt$")
MAX_PER_FILE = 25  # candidates: a file with more is a data table, and would drown the reading


def choose(items: list[TruthFile]) -> list[TruthFile]:
    """The files to label, by a fixed rule over the plain searches (not the code under test): per
    package the files with 1-25 candidate spans, ranked by how many kinds of evidence they hold
    (secret-like names and query parameters, obfuscated addresses and IPv6 count 3, `@` and dotted
    quads 2), +2 for test, fixture, extractor, plugin, backend, example and config files, fewer
    candidates first; the best 10 of the media scrapers, 6 of big mail, auth and network packages, 3 of
    the others."""
    return [item for package, ranked in _ranked(items).items() for item in ranked[: _quota(package)]]


def _ranked(items: list[TruthFile]) -> dict[str, list[TruthFile]]:
    """Per package, its files with 1-25 candidate spans, best first (the ranking `choose` describes)."""
    ranked: dict[str, list[tuple[int, int, str, TruthFile]]] = {}
    for item in items:
        found = list(plain(item.text))
        count = len(merge(found))
        if not 1 <= count <= MAX_PER_FILE:
            continue
        kinds = {detector for _, detector, _, _ in found}
        weight = sum(3 if k in ("secret-name", "query-param", "obfuscated", "ipv6") else 2 for k in kinds)
        weight += 2 * bool(_TESTISH.search(item.path))
        ranked.setdefault(item.package, []).append((-weight, count, item.path, item))
    return {package: [option[3] for option in sorted(options, key=lambda o: o[:3])]
            for package, options in ranked.items()}


_UPPER_SECRET = re.compile(r"\b[A-Z_]*(?:SECRET|KEY|TOKEN|APIKEY|PASSWORD|SALT|HKEY)[A-Z_]*\s*=\s*[bru]?['\"][^'\"\s]{8,}['\"]")
_QUERY_VALUE = re.compile(r"(?i)[?&](?:api_?key|apikey|access_token|key|client_secret|hkey|ip)=[^&'\"\s{%(]{6,}")
_RECEIVED = re.compile(r"(?m)^Received: .*\d+\.\d+\.\d+\.\d+")
MORE_PER_PACKAGE = 8


def choose_more(items: list[TruthFile], chosen: list[TruthFile]) -> list[TruthFile]:
    """A second rule, added after the first batch showed few hard-coded credentials: files not yet
    chosen that hold an upper-case secret-like name assigned a literal (`_CLIENT_SECRET = '...'`),
    a query-string credential or `ip=` with a value, or a `Received:` header with a dotted quad;
    1-25 candidate spans; per package the 8 with the fewest candidates (40 for the media scrapers)."""
    taken = {(f.package, f.path) for f in chosen}
    options: dict[str, list[tuple[int, str, TruthFile]]] = {}
    for item in items:
        if (item.package, item.path) in taken:
            continue
        if not (_UPPER_SECRET.search(item.text) or _QUERY_VALUE.search(item.text) or _RECEIVED.search(item.text)):
            continue
        count = len(merge(list(plain(item.text))))
        if 1 <= count <= MAX_PER_FILE:
            options.setdefault(item.package, []).append((count, item.path, item))
    return [option[2] for package, found in options.items()
            for option in sorted(found, key=lambda o: o[:2])[: MORE_PER_PACKAGE * (5 if package in SCRAPERS else 1)]]


_CAPTURED_IP = re.compile(r"(?i)[/?&,;]ip[=/]\d+\.\d+\.\d+\.\d+")


def choose_captured(items: list[TruthFile], chosen: list[TruthFile]) -> list[TruthFile]:
    """A third rule, for the case the issue names (a client address captured in a URL): every file
    not yet chosen with an `ip=` parameter or `/ip/` path segment holding a dotted quad, whatever
    its number of candidates."""
    taken = {(f.package, f.path) for f in chosen}
    return [item for item in items if (item.package, item.path) not in taken and _CAPTURED_IP.search(item.text)]


HELDOUT_SCRAPERS = {"pypi:pytube", "pypi:instagrapi", "pypi:streamrip", "pypi:spotdl", "npm:ytdl-core"}
HELDOUT_SEED = 2323


def choose_heldout(items: list[TruthFile]) -> list[TruthFile]:
    """The held-out set's rule, fixed before any label was made: per package, the files `choose`
    ranks best (4 for the media scrapers, 3 for the others; same ranking, same 1-25 candidate bound),
    plus a random share: 1 more file per package drawn (seed 2323) from the package's other files
    with 1-25 candidate spans, so that ordinary files are graded too, not only the richest."""
    rng = random.Random(HELDOUT_SEED)
    chosen = []
    for package, ranked in _ranked(items).items():
        best = 4 if package in HELDOUT_SCRAPERS else 3
        chosen += ranked[:best]
        rest = sorted(ranked[best:], key=lambda item: item.path)
        if rest:
            chosen.append(rng.choice(rest))
    return chosen


def choose_heldout_batches(items: list[TruthFile]) -> list[TruthFile]:
    """The held-out files as labelled, in two batches. Batch 1 (34 packages): `choose_heldout`.
    Batch 2, added after batch 1 held few hard-coded credentials (19 REDACT secrets, most of them
    one repeated key): 12 more packages chosen for hard-coded service keys (`choose_heldout` on
    them), then the earlier set's second rule `choose_more` (upper-case secret-like names assigned a
    literal, query-string credentials, `ip=` values, `Received:` headers; 8 per package) over all
    46. pii_heldout_files.tsv holds the result and is the record: this keeps every file it lists
    and chooses (`choose_heldout`, then `choose_more`) only for packages it holds no file of, so a
    rerun changes nothing (batch 1 was chosen before `merge` was fixed; choosing it anew could rank
    a few files differently)."""
    listed: dict[tuple[str, ...], int] = {}
    if CHOSEN.exists():
        rows = [row for row in CHOSEN.read_text(encoding="utf-8").splitlines()[1:] if row]
        listed = {tuple(row.split("\t")[:3]): n for n, row in enumerate(rows)}
    kept = sorted((item for item in items if (item.package, item.version, item.path) in listed),
                  key=lambda item: listed[(item.package, item.version, item.path)])  # the list's order
    done = {item.package for item in kept}
    fresh = [item for item in items if item.package not in done]
    added = choose_heldout(fresh)
    return kept + added + choose_more(fresh, added)


def _file_key(item: TruthFile) -> tuple[str, str, str]:
    return (item.package, item.version, item.path)


def listed_files(items: list[TruthFile]) -> list[TruthFile]:
    """The items the set's files TSV (CHOSEN) already lists, in its order: the record a rerun keeps."""
    if not CHOSEN.exists():
        return []
    rows = [row for row in CHOSEN.read_text(encoding="utf-8").splitlines()[1:] if row]
    listed = {tuple(row.split("\t")[:3]): n for n, row in enumerate(rows)}
    return sorted((item for item in items if _file_key(item) in listed), key=lambda item: listed[_file_key(item)])


def choose_heldout2_batches(items: list[TruthFile]) -> list[TruthFile]:
    """The second held-out set's files, in two batches. Batch 1: `choose_heldout` (3 best + 1 random
    per package). Batch 2, added after batch 1's labels were committed and showed few hard-coded
    credentials (4 REDACT secrets, 2 distinct values), before any Redactor run: the existing second
    rule `choose_more` (upper-case secret-like names assigned a literal, query-string credentials,
    `ip=` values, `Received:` headers; the 8 files with fewest candidates per package) over the same
    packages. Batch 3, 3 packages added for hard-coded keys (beets, deemix, pyacoustid): both rules
    on them. pii_heldout2_files.tsv is the record: listed files are kept in their order and only
    packages with no listed file are chosen for, so a rerun changes nothing."""
    kept = listed_files(items)
    done = {item.package for item in kept}
    fresh = [item for item in items if item.package not in done]  # batch 3: packages with no listed file
    added = choose_heldout(fresh)
    return kept + added + choose_more(fresh, added)


def choose_heldout3_batches(items: list[TruthFile], batch2: bool = False) -> list[TruthFile]:
    """The third held-out set's files (pii_heldout3_SELECTION.md). Batch 1: `choose_heldout`, unchanged
    (3 best + 1 random per package, seed 2323). Batch 2 (`batch2`, the selection's contingency, chosen
    only after batch 1's labels were committed): `choose_more`, unchanged, over the same packages,
    excluding what `choose_heldout` picks. pii_heldout3_files.tsv is the record: listed files are kept in
    their order and only what is not listed is appended, so a rerun changes nothing."""
    kept = listed_files(items)
    done = {item.package for item in kept}
    first = choose_heldout(items)
    chosen = kept + [item for item in first if item.package not in done]
    if batch2:
        taken = {_file_key(item) for item in chosen}
        chosen += [item for item in choose_more(items, first) if _file_key(item) not in taken]
    return chosen


HELDOUT5_RESERVE = ("pypi:facebook-scraper", "pypi:twython", "pypi:b2sdk", "pypi:musicbrainzngs")
"""Batch 3 of the fifth set: the first 4 packages of pii_heldout5_SELECTION.md's reserve list, in order."""


_CREDENTIAL_LITERAL = re.compile(
    r"""(?i)(?:key|secret|token|passw(?:or)?d|auth\w*|bearer)\w*['"]?\s*[:=]\s*[bru]?['"](?:Bearer\s+)?"""
    r"""[A-Za-z0-9_\-+/=%.]{16,}['"]""")
BATCH4_MAX = 60


def choose_heldout5_batch4(items: list[TruthFile], chosen: list[TruthFile]) -> list[TruthFile]:
    """Batch 4 of the fifth set (post-hoc, pii_heldout5_SELECTION.md): per package, the one file not yet
    chosen with the most literals assigned to a credential-like name (ties: fewer plain candidate
    spans, then path), if it has 1-60 plain candidate spans."""
    taken = {(f.package, f.path) for f in chosen}
    best: dict[str, tuple[int, int, str, TruthFile]] = {}
    for item in items:
        if (item.package, item.path) in taken:
            continue
        hits = len(_CREDENTIAL_LITERAL.findall(item.text))
        if not hits:
            continue
        count = len(merge(list(plain(item.text))))
        if not 1 <= count <= BATCH4_MAX:
            continue
        option = (-hits, count, item.path, item)
        if item.package not in best or option[:3] < best[item.package][:3]:
            best[item.package] = option
    return [option[3] for option in best.values()]


RESERVES = {
    "heldout6": ("pypi:vobject", "pypi:elastalert2", "pypi:newspaper3k", "pypi:statsd"),
    "heldout7": ("pypi:wgconfig", "npm:tplink-smarthome-api", "pypi:jenkinsapi", "npm:amqplib"),
    "heldout8": ("debian:fail2ban", "debian:stunnel4", "debian:ngircd", "debian:mutt"),
    "heldout9": ("debian:ruby-devise", "debian:php-mail-mime", "debian:golang-github-emersion-go-smtp",
                 "debian:ruby-rack-attack", "npm:ssh2-sftp-client", "npm:@xmpp/client"),
    "heldout10": ("pypi:hcloud", "npm:tmi.js", "pypi:getmail6", "pypi:proxmoxer", "pypi:crossplane",
                  "pypi:cloudscraper"),
    "heldout11": ("pypi:icmplib", "npm:glossy", "debian:goaccess", "npm:express-rate-limit", "pypi:Hypercorn",
                  "debian:privoxy"),
    "heldout12": ("pypi:Pyrogram", "debian:newsboat", "npm:koa-session", "pypi:python-telegram-bot", "debian:isync",
                  "npm:imap-simple"),
    "heldout13": ("debian:puppet-module-puppetlabs-haproxy", "pypi:pg8000", "debian:tt-rss", "pypi:pgcli",
                  "debian:ruby-sequel", "pypi:dataset"),
    "heldout14": ("debian:ruby-fog-aws", "pypi:vonage", "npm:telnyx", "debian:libnet-openssh-perl",
                  "pypi:kubernetes", "npm:web-push"),
    "heldout15": ("debian:phpldapadmin", "pypi:papermill", "npm:hexo-theme-butterfly", "debian:gnome-weather",
                  "pypi:pandas-gbq", "npm:react-ga"),
    "heldout16": ("debian:nsca-ng", "pypi:jupyterhub-ldapauthenticator", "npm:pm2", "debian:ganglia",
                  "pypi:dask-jobqueue", "npm:prom-client"),
    "heldout17": ("debian:dovecot", "pypi:openstacksdk", "npm:apn", "pypi:authy", "debian:opensmtpd",
                  "npm:hashi-vault-js"),
    "heldout18": ("debian:alot", "npm:chance", "pypi:model-bakery", "debian:neomutt", "pypi:mailmanclient",
                  "npm:mjml"),
    "heldout19": ("debian:cl-drakma", "debian:erlang-jose", "debian:lua-sec"),  # the reserves not promoted in
    # batch 1 (lua-http, haskell-smtp-mail, cl-plus-ssl replaced dropped packages); all three failed to fetch (404)
    "heldout20": ("pypi:mixpanel", "npm:onesignal-node", "pypi:alpaca-trade-api", "debian:gnome-maps"),  # the
    # reserves not promoted in batch 1 (matrix-bot-sdk, blinkpy replaced purple-discord, viking: 404 on the mirror);
    # batch 3 pinned the first three, gnome-maps answered 404 twice
    "heldout21": (),  # every reserve was taken in batch 1: honeypots, project-honeypot, pySigma, hibp replaced
    # sshguard, whatweb, hydra, firehol (404 on the mirror, twice); fwknop and yara also answered 404 twice: none left
    "heldout23": (),  # every reserve was used in batch 1: munin-libvirt-plugins, globus-openssl-module, sipsak
    # replaced Debian draws the mirror answered 404 for (twice), and so did the next names of the draw (udptunnel,
    # globus-gssapi-error, plum); the PyPI walk found no reserve within its 40 look-ups: none left
    "heldout24": ("pypi:exhale", "pypi:azure-ai-language-conversations", "pypi:fivetran-connector-sdk",
                  "pypi:google-cloud-automl", "pypi:jarvis-tools", "pypi:steel-sdk"),  # the draw's reserve, in order
    "heldout25": ("npm:amazon-quicksight-embedding-sdk", "npm:wicg-inert", "npm:@gemini-wallet/core",
                  "npm:fetch-intercept", "npm:@backstage/plugin-auth-backend-module-guest-provider",
                  "npm:policyfile"),  # the draw's reserve, in order
    "heldout26": ("pypi:json2xml", "pypi:types-wtforms", "pypi:livereload", "pypi:types-pillow", "pypi:aqtp",
                  "pypi:msgpack-types"),  # the draw's reserve, in order
    "heldout22": (),  # every reserve was used in batch 1: databricks-sql-connector, snowflake-sdk, kaggle, cohere
    # replaced clearml, redshift-connector (no sdist of the newest release, twice), snakemake, optuna (404 on the
    # mirror, twice); python-confluent-kafka answered 404 twice, weaviate-client has no sdist (twice): none left
}
"""Batch 3 of the sixth to eighth sets: the 4 reserve packages of each set's SELECTION.md, in order."""


def choose_reserve_batches(items: list[TruthFile], reserve: tuple[str, ...], batch2: bool = False,
                           batch3: bool = False, batch4: bool = False) -> list[TruthFile]:
    """The fifth and sixth held-out sets' files (pii_heldout5_SELECTION.md, pii_heldout6_SELECTION.md).
    Batches 1 and 2 as `choose_heldout3_batches` over the first-pinned packages (`choose_heldout`, then
    `choose_more`, both unchanged); batch 3 (`batch3`, chosen after batch 2's labels were committed):
    `choose_heldout`, unchanged, over the `reserve` packages alone; batch 4 (`batch4`, the fifth set's
    post-hoc rule): `choose_heldout5_batch4`. The set's files TSV is the record: listed files are kept in
    their order and only what is not listed is appended, so a rerun changes nothing."""
    kept = listed_files(items)
    taken = {_file_key(item) for item in kept}
    base = [item for item in items if item.package not in reserve]
    first = choose_heldout(base)
    added = first + (choose_more(base, first) if batch2 else [])
    if batch3:
        added += choose_heldout([item for item in items if item.package in reserve])
    if batch4:  # over what the rules of batches 1-3 choose (not the listed files), so a rerun adds nothing
        added += choose_heldout5_batch4(items, added)
    return kept + [item for item in added if _file_key(item) not in taken]


def _quota(package: str) -> int:
    return 10 if package in SCRAPERS else 6 if package in MAIL_AND_NETWORK else 3


def write_chosen(chosen: list[TruthFile]) -> None:
    lines = ["package\tversion\tpath\tfile_sha256"]
    lines += [f"{f.package}\t{f.version}\t{f.path}\t{hashlib.sha256(f.text.encode()).hexdigest()}" for f in chosen]
    CHOSEN.write_text("\n".join(lines) + "\n", encoding="utf-8")


def chosen_files(items: list[TruthFile]) -> list[TruthFile]:
    wanted = {tuple(row.split("\t")[:3]) for row in CHOSEN.read_text(encoding="utf-8").splitlines()[1:] if row}
    return [item for item in items if (item.package, item.version, item.path) in wanted]


def _tree_path(n: int, item: TruthFile) -> Path:
    name = item.path.rsplit("/", 1)[-1] or "file"
    return WORK / "tree" / str(n) / name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--choose", action="store_true", help="choose the files anew (rewrites pii_truth_files.tsv)")
    parser.add_argument("--all-files", action="store_true",
                        help="every text file of the packages, not only the chosen ones (detect-secrets: ~30 min)")
    parser.add_argument("--batch2", action="store_true", help="heldout3-8 with --choose: add batch 2 (choose_more)")
    parser.add_argument("--batch3", action="store_true", help="heldout5-8 with --choose: add batch 3 (reserve packages)")
    parser.add_argument("--batch4", action="store_true",
                        help="heldout5 with --choose: add batch 4 (post-hoc credential-literal rule)")
    parser.add_argument("--set", choices=sorted(pii_truth_corpus.SETS), default="truth",
                        help="label set: truth (pii_truth_*) or heldout (pii_heldout_*)")
    args = parser.parse_args()
    if args.set != "truth":
        global WORK, CANDIDATES, CHOSEN
        prefix = pii_truth_corpus.use_set(args.set)
        WORK = CACHE / prefix
        CANDIDATES, CHOSEN = WORK / "candidates.tsv", HERE / f"{prefix}_files.tsv"
    shutil.rmtree(WORK / "tree", ignore_errors=True)
    WORK.mkdir(parents=True, exist_ok=True)
    items = list(files())
    if args.choose and args.set == "heldout":
        write_chosen(choose_heldout_batches(items))
    elif args.choose and args.set == "heldout2":
        write_chosen(choose_heldout2_batches(items))
    elif args.choose and args.set == "heldout5":
        write_chosen(choose_reserve_batches(items, HELDOUT5_RESERVE, args.batch2, args.batch3, args.batch4))
    elif args.choose and args.set in RESERVES:
        write_chosen(choose_reserve_batches(items, RESERVES[args.set], args.batch2, args.batch3))
    elif args.choose and args.set in ("heldout3", "heldout4"):
        write_chosen(choose_heldout3_batches(items, args.batch2))
    elif args.choose:
        first = choose(items)
        second = first + choose_more(items, first)
        write_chosen(second + choose_captured(items, second))
    if not args.all_files:
        items = chosen_files(items)
    paths = []
    for n, item in enumerate(items):
        path = _tree_path(n, item)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(item.text.encode("utf-8"))
        paths.append(path)
    texts = [item.text for item in items]
    secrets = detect_secrets(paths, texts, args.workers)
    recognizers = _presidio_recognizers()
    rows = 0
    with CANDIDATES.open("w", encoding="utf-8") as out:
        out.write(HEADER + "\n")
        for i, item in enumerate(items):
            spans = list(plain(item.text)) + list(presidio(item.text, recognizers)) + secrets.get(i, [])
            file_hash = hashlib.sha256(item.text.encode()).hexdigest()
            for start, end, detectors in merge(spans):
                value_hash = hashlib.sha256(item.text[start:end].encode()).hexdigest()
                out.write(f"{item.package}\t{item.version}\t{item.path}\t{file_hash}\t{start}\t{end - start}\t"
                          f"{value_hash}\t{','.join(sorted(detectors))}\n")
                rows += 1
    print(f"{len(items)} files, {rows} candidates -> {CANDIDATES}")


if __name__ == "__main__":
    main()
