"""Public IP addresses the pipeline leaves in its published output, found without `pii/`.

For issue 23's "real client addresses published": the real pipeline of a checkout runs with the
default config on a folder of repository dumps nobody here chose for PII (the benchmark corpus,
e.g. `benchmarks/.corpus/mb-1024`), and every dotted quad in the published `content` that the
standard library calls global (`ipaddress.ip_address(…).is_global`: not private, reserved,
documentation, loopback or link-local) is listed. The stage's stand-ins are private, so none of
them is counted. Which of the quads left are addresses used as addresses (a leak) and which are
versions, OIDs, section numbers, toys or public infrastructure is decided by reading: the
distinct (repository, value) pairs go with their context to the cache (pii_ips_left/NAME/left.tsv);
`--sample N` also writes a seeded random sample of them (`sample.tsv`) when there are too many to
read; decisions are committed without values (value sha256 only) in `pii_ips_left_NAME.tsv`.

    python benchmarks/pii_ips_left.py --corpus benchmarks/.corpus/mb-1024 --codecurate-root CHECKOUT [--sample 150]
    # or, on a dataset that checkout already published from that corpus with the default config:
    python benchmarks/pii_ips_left.py --corpus benchmarks/.corpus/mb-1024 --published OUT [--sample 150]
"""

from __future__ import annotations

import argparse
import hashlib
import ipaddress
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_paths import CACHE  # noqa: E402
from pii_emails_left import published, run_pipeline  # noqa: E402

WORK = CACHE / "pii_ips_left"
QUAD = re.compile(r"(?<![\d.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\d.])")
COLUMNS = "repo\tpath\toffset\tvalue\tvalue_sha256\toccurrences\tcontext\n"


def global_quads(rows: list[tuple[str, str, str]]) -> dict[tuple[str, str], list[tuple[str, int, str]]]:
    """(repo, value) → every (path, offset, context) of a global dotted quad in the published texts."""
    found: dict[tuple[str, str], list[tuple[str, int, str]]] = defaultdict(list)
    for repo, path, text in rows:
        for match in QUAD.finditer(text):
            try:
                if not ipaddress.ip_address(match.group(0)).is_global:
                    continue
            except ValueError:
                continue  # an octet above 255: not an address
            start = match.start()
            context = text[max(0, start - 100):match.end() + 60].replace("\n", "⏎").replace("\t", " ")
            found[(repo, match.group(0))].append((path, start, context))
    return found


def _write(path: Path, keys: list[tuple[str, str]], found: dict) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(COLUMNS)
        for repo, value in keys:
            first_path, start, context = found[(repo, value)][0]
            digest = hashlib.sha256(value.encode()).hexdigest()
            out.write(f"{repo}\t{first_path}\t{start}\t{value}\t{digest}\t{len(found[(repo, value)])}\t{context}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder of repository dumps (run's INPUT)")
    parser.add_argument("--codecurate-root", type=Path, help="checkout whose pipeline publishes the corpus")
    parser.add_argument("--published", type=Path, help="a dataset already published from the corpus (default config)")
    parser.add_argument("--config", default="default")
    parser.add_argument("--sample", type=int, default=0, help="also write a seeded sample of this many pairs")
    parser.add_argument("--seed", type=int, default=23)
    args = parser.parse_args()
    if (args.codecurate_root is None) == (args.published is None):
        parser.error("give exactly one of --codecurate-root and --published")
    work = WORK / args.corpus.resolve().name
    work.mkdir(parents=True, exist_ok=True)
    if args.published:
        output, seconds = args.published, None
    else:
        output = work / "out"
        seconds = run_pipeline(args.codecurate_root.resolve(), args.corpus.resolve(), output, args.config)
    rows = published(output)
    found = global_quads(rows)
    keys = sorted(found)
    _write(work / "left.tsv", keys, found)
    megabytes = sum(len(text.encode()) for _, _, text in rows) / 1e6
    ran = f"pipeline {seconds:.0f} s" if seconds is not None else f"published dataset {output}"
    print(f"{len(rows)} files published ({megabytes:.1f} MB); {ran}")
    print(f"{sum(len(v) for v in found.values())} global dotted quads left, {len(keys)} distinct per repository "
          f"-> {work / 'left.tsv'}")
    if args.sample:
        chosen = sorted(random.Random(args.seed).sample(keys, min(args.sample, len(keys))))
        _write(work / "sample.tsv", chosen, found)
        print(f"sample of {len(chosen)} (seed {args.seed}) -> {work / 'sample.tsv'}")


if __name__ == "__main__":
    main()
