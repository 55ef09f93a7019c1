"""`codecurate verify DATASET [--optout FILE]`: the problems found, one a line, and exit 1; or OK."""

from __future__ import annotations

import argparse
import sys


def run_verify(args: argparse.Namespace) -> int:
    from pipeline.dataset.manifest import dataset_digest, read_manifest
    from pipeline.dataset.verify import publish_leftovers, verify
    from pipeline.optout.entries import load_optout

    failures = verify(args.dataset, load_optout(args.optout) if args.optout else None)
    left = publish_leftovers(args.dataset)
    if left:
        print(f"{args.dataset}: {len(left)} leftover(s) of an interrupted publish, not part of this dataset "
              "(the next publish into it removes them; until then the card's data/ globs reach those under data/):",
              file=sys.stderr)
        for name in left:
            print(f"  ~ {name}", file=sys.stderr)
    if failures:
        print(f"{args.dataset}: {len(failures)} problem(s)", file=sys.stderr)
        for failure in failures:
            print(f"  - {failure}", file=sys.stderr)
        return 1
    print(f"{args.dataset}: OK")
    print(f"digest: {dataset_digest(read_manifest(args.dataset))}")
    return 0
