"""The long fuzz run (issue 8 §2): the property tests of `tests/test_fuzz.py` with many more examples.

    .venv/bin/python benchmarks/fuzz_long.py                 # 5,000 examples per property (~10-20 min)
    .venv/bin/python benchmarks/fuzz_long.py --examples 50000 -k archives

The suite runs the same properties with 200 examples each; this only raises the count (and can pick
properties with -k), so a failure here reproduces in the suite with the example hypothesis prints.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=5000, help="examples per property (suite: 200)")
    parser.add_argument("-k", default=None, help="pytest -k expression selecting properties")
    args = parser.parse_args()
    os.environ["CODECURATE_FUZZ_EXAMPLES"] = str(args.examples)
    os.chdir(ROOT)  # pyproject.toml's pytest settings put tests/ on the path
    sys.path.insert(0, str(ROOT))  # the project's packages, as `python -m pytest` would
    pytest_args = ["tests/test_fuzz.py", "-p", "no:cacheprovider", "--timeout", "0", "-q"]
    if args.k:
        pytest_args += ["-k", args.k]
    return int(pytest.main(pytest_args))


if __name__ == "__main__":
    sys.exit(main())
