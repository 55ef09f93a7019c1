"""Code that still runs: real packages' own test suites on the original files and on the files as
the pipeline publishes them (issue 23, deliverable 2).

Data: the pinned PyPI sdists of `pii_suites_packages.tsv` (sha256 from PyPI's JSON API, checked on
download), chosen because their test suites run offline in a minute or two and are full of
addresses, e-mails and tokens. The judge is each package's own test suite: nobody's label, no rule
of `pii/` (this script imports nothing from `pii/`; the pipeline runs as a subprocess).

For each package: unpack the sdist into the benchmark cache, build a throwaway venv with its pinned
test requirements, run its suite with pytest on a copy of the original tree (the tests import the
tree through PYTHONPATH; the run checks where the package was imported from) -> per-test outcomes
from a JUnit XML report ("before", cached). Then run the real pipeline of the checkout chosen by
`--codecurate-root` (`python -m pipeline.cli run DUMPS --output OUT --config keep-all --workers 1
--quiet`, the tree being the dump `pypi__NAME`), write every published row's content back in place
over a fresh copy of the tree (files the pipeline dropped stay original) and run the suite again
("after"). Every test that passed before and does not pass after is a flip, listed with the
redactions in the files its report names (`pii_suites_flips.py`) and the cause read by hand
(`pii_suites_causes.tsv`).

    python benchmarks/pii_suites.py [--codecurate-root PATH] [--only NAME ...] [--flips-md FILE]

Results: `<cache>/pii_suites/results/<root-name>-<commit>.json`; a table on stdout.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pii_suites_flips import describe_flips, load_causes, masked, render_flips, renamed  # noqa: E402
from pii_suites_run import (WORK, Suite, SuiteRun, fresh_copy, load_suites, read_published, run_pipeline,  # noqa: E402
                            run_suite, save_json, unpacked, write_back)

PACKAGES = HERE / "pii_suites_packages.tsv"
PASSED = "passed"


def before(suite: Suite) -> dict:
    """The suite on the original tree, cached by the suite's fingerprint (sdist, deps, args)."""
    place = WORK / "before" / f"{suite.key}-{suite.fingerprint()}"
    cached = place / "result.json"
    if cached.exists():
        return json.loads(cached.read_text(encoding="utf-8"))
    tree = fresh_copy(unpacked(suite), place / "tree")
    run = run_suite(suite, tree, place / "junit.xml")
    result = {"outcomes": run.outcomes, "failures": run.failures, "seconds": run.seconds,
              "exit_code": run.exit_code, "module_file": run.module_file}
    save_json(cached, result)
    return result


def root_tag(root: Path) -> str:
    """NAME-COMMIT[-dirty] of a git checkout; the folder name for an exported snapshot
    (`git archive COMMIT`), which is how a branch under active editing is graded at one commit."""
    if subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"], capture_output=True,
                      text=True).stdout.strip() != str(root):
        return root.name
    commit = subprocess.run(["git", "-C", str(root), "rev-parse", "--short=10", "HEAD"], capture_output=True,
                            text=True, check=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--", "pii", "pipeline", "configs"],
                           capture_output=True, text=True, check=True).stdout.strip()
    return f"{root.name}-{commit}{'-dirty' if dirty else ''}"


def after(suite: Suite, root: Path, tag: str, causes: list, reuse: bool) -> dict:
    """The pipeline on the package, the published rows written back, the suite again, the flips."""
    original = unpacked(suite)
    place = WORK / "runs" / tag / suite.key
    saved = place / "after.json"
    tree = place / "tree"
    if reuse and saved.exists():  # the same checkout's pipeline and suite, kept from the last run
        kept = json.loads(saved.read_text(encoding="utf-8"))
        pipeline_seconds, files, run = kept["pipeline_seconds"], kept["files"], SuiteRun(**kept["run"])
        published = read_published(place / "out")
    else:
        output, pipeline_seconds = run_pipeline(root, original, suite, place)
        published = read_published(output)
        files = write_back(published, original, tree)
        run = run_suite(suite, tree, place / "junit.xml")
        save_json(saved, {"pipeline_seconds": pipeline_seconds, "files": files, "run": dataclasses.asdict(run)})
    old = before(suite)
    passed_before = {t for t, o in old["outcomes"].items() if o == PASSED}
    mapping = renamed(list(old["outcomes"]), list(run.outcomes))
    flipped = sorted(t for t in passed_before if run.outcomes.get(mapping.get(t, t)) != PASSED)
    by_type: Counter[str] = Counter()
    for counts in published.pii.values():
        by_type.update(counts)
    flips = describe_flips(suite, flipped, run, list(old["outcomes"]), original, tree, causes)
    return {
        "package": suite.name, "version": suite.version,
        "tests": len(old["outcomes"]), "passed_before": len(passed_before),
        "passed_after": sum(1 for o in run.outcomes.values() if o == PASSED), "tests_after": len(run.outcomes),
        "still_passing": len(passed_before) - len(flipped),
        "new_passes": sorted(masked(t) for t, o in run.outcomes.items() if o == PASSED
                             and t not in {mapping.get(p, p) for p in passed_before}),
        "redactions": dict(sorted(by_type.items())), "redactions_total": published.redactions,
        "files": files, "dropped": published.dropped,
        "changed_paths": sorted(p for p, c in published.pii.items() if c),
        "seconds_before": old["seconds"], "seconds_after": run.seconds, "seconds_pipeline": pipeline_seconds,
        "flips": flips,
    }


def table(results: list[dict]) -> str:
    lines = ["| package | version | tests | passed before | passed after | flips | redactions (type: n) | files kept / changed / dropped | pipeline s |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        kinds = ", ".join(f"{k}: {v}" for k, v in r["redactions"].items()) or "none"
        f = r["files"]
        lines.append(f"| {r['package']} | {r['version']} | {r['tests']} | {r['passed_before']} | {r['passed_after']} | "
                     f"{len(r['flips'])} | {kinds} | {f['kept']} / {f['changed']} / {f['dropped']} | {r['seconds_pipeline']} |")
    total = Counter()
    for r in results:
        total.update({"tests": r["tests"], "before": r["passed_before"], "after": r["passed_after"], "flips": len(r["flips"])})
    lines.append(f"| **all {len(results)}** | | {total['tests']} | {total['before']} | {total['after']} | {total['flips']} | | | |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--codecurate-root", type=Path, default=Path(__file__).resolve().parents[1],
                        help="checkout whose pipeline redacts (default: this checkout)")
    parser.add_argument("--only", nargs="*", help="package names to run (default: all pinned)")
    parser.add_argument("--before-only", action="store_true", help="run the original suites only")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse the last pipeline output and suite run of this same commit (re-attribute only)")
    parser.add_argument("--flips-md", type=Path, help="also write the table and every flip as Markdown here")
    args = parser.parse_args()
    suites = [s for s in load_suites(PACKAGES) if not args.only or s.name in args.only]
    if args.before_only:
        for suite in suites:
            result = before(suite)
            counts = Counter(result["outcomes"].values())
            print(f"{suite.key}: {dict(counts)} in {result['seconds']} s (exit {result['exit_code']})", flush=True)
        return
    root = args.codecurate_root.resolve()
    tag = root_tag(root)
    causes = load_causes()
    results = []
    for suite in suites:
        print(f"{suite.key} ...", file=sys.stderr, flush=True)
        results.append(after(suite, root, tag, causes, args.reuse and not tag.endswith("-dirty")))
    save_json(WORK / "results" / f"{tag}.json", {"root": str(root), "tag": tag, "results": results})
    text = f"codecurate root: {root} ({tag})\n\n{table(results)}\n\n{render_flips(results)}"
    print(text)
    if args.flips_md:
        args.flips_md.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
