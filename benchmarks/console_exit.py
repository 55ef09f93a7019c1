"""How long a short `codecurate` command takes with and without the interpreter's teardown.

The console script used to call `pipeline.cli:main` and `sys.exit` (Python then tears down Beam's
thread pools and thousands of modules); it now calls `pipeline.cli.entry:console`, which flushes
and leaves with `os._exit`, as `python -m pipeline.cli` did.  Both wrappers run here in turn, as
pip's console-script wrapper runs them, with stdout to a pipe (PYTHONUNBUFFERED dropped).

    PYTHONPATH=$PWD .venv/bin/python benchmarks/console_exit.py DATASET [--runs 5]

DATASET: any published dataset (`codecurate verify DATASET` is the command timed).  Nobody labels
anything: the figure is wall-clock time of the same command, alternated, in one script run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

WRAPPER = "import sys\nfrom {module} import {function}\nsys.exit({function}())\n"
ENTRIES = {"pipeline.cli:main (interpreter teardown)": WRAPPER.format(module="pipeline.cli", function="main"),
           "pipeline.cli.entry:console (os._exit)": WRAPPER.format(module="pipeline.cli.entry", function="console")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ)
    env.pop("PYTHONUNBUFFERED", None)
    times: dict[str, list[float]] = {name: [] for name in ENTRIES}
    for _ in range(args.runs):
        for name, code in ENTRIES.items():
            started = time.monotonic()
            done = subprocess.run([sys.executable, "-c", code, "verify", args.dataset], env=env, capture_output=True)
            times[name].append(time.monotonic() - started)
            if done.returncode != 0:
                sys.exit(f"{name}: exit {done.returncode}: {done.stderr.decode()[-500:]}")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    for name, values in times.items():
        print(f"{name}: median {statistics.median(values):.2f} s ({', '.join(f'{v:.2f}' for v in values)})")
    old, new = (statistics.median(values) for values in times.values())
    print(f"ratio os._exit / teardown: {new / old:.2f}")


if __name__ == "__main__":
    main()
