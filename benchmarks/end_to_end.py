"""End-to-end benchmark: `codecurate run` on distinct real code, against the raw libraries.

The corpus is `benchmarks/corpus.py`'s (upstream sources from Debian, PyPI and npm, downloaded from
pinned versions; nested subsets by size).  Prints, for each size (all cores, then `--workers 1` on
the first): wall time, MB/s per core, files/s, peak RSS of the launcher, of the largest process and
of the whole process tree (psutil); then the raw-library loops over the same bytes and, from a
py-spy profile of the in-process runner, the stage table.  The machine is shared and noisy:
compare figures within one run.

Writes the headline (the largest size, all cores) to `benchmarks/results/end_to_end.json`, which
`codecurate run --dry-run` reads for its projection: commit that file with the README's table.

    python benchmarks/end_to_end.py --megabytes 256 1024 --no-single --no-baselines --no-profile
    python benchmarks/end_to_end.py --megabytes 256          # + --workers 1, raw loops, profile
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")  # Presidio's e-mail check: no download
sys.path.insert(0, str(Path(__file__).resolve().parent))

from baselines import run_baselines  # noqa: E402
from corpus import CORPUS, PINS, build_all, load_pins, make_subset  # noqa: E402
from measure import run_measured  # noqa: E402
from stage_costs import attribute, profile_run, stage_input_bytes  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
OUT = ROOT / "benchmarks" / ".out"
RESULT = ROOT / "benchmarks" / "results" / "end_to_end.json"

# Raw loop ↔ the pipeline stages that do that work.
STAGES = {
    "decode+enry": ("decode", "language"),
    "licence classification": ("licences",),
    "shingling+MinHash": ("dedup",),
    "Presidio (email+IPv4)": ("pii",),
    "Parquet write (zstd)": ("write",),
}


def run_pipeline(corpus: Path, output: Path, workers: int | None, config: str | None, nice: int = 0,
                 root: Path = ROOT) -> dict:
    command = [str(BIN / "python"), "-m", "pipeline.cli", "run", str(corpus), "--output", str(output),
               "--overwrite", "--quiet"]
    if workers:
        command += ["--workers", str(workers)]
    if config:
        command += ["--config", config]
    usage = run_measured(command, cwd=str(root), nice=nice)
    if usage.returncode != 0:
        raise RuntimeError(f"codecurate failed: {usage.stderr_tail[-2000:]}")
    counts = json.loads((output / "manifest.json").read_text())["counts"]
    cores = workers or os.cpu_count() or 1
    return {
        "workers": cores, "seconds": usage.seconds, "files_in": counts["files_in"], "mb_in": counts["bytes_in"] / 1e6,
        "kept": counts["kept"], "mb_per_s_per_core": counts["bytes_in"] / 1e6 / usage.seconds / cores,
        "files_per_s": counts["files_in"] / usage.seconds, "launcher_peak_rss_mb": usage.launcher_rss / 1e6,
        "largest_process_peak_rss_mb": usage.largest_rss / 1e6, "tree_peak_rss_mb": usage.tree_rss / 1e6,
        "processes": usage.processes, "command": " ".join(command[1:]), "cpu_seconds": usage.cpu_seconds,
        "mb_per_cpu_second": counts["bytes_in"] / 1e6 / max(usage.cpu_seconds, 1e-9),
    }


def _print_run(label: str, run: dict) -> None:
    print(f"{label:<22} {run['seconds']:7.1f} s  {run['mb_in']:7.1f} MB  {run['files_in']:7,} files  "
          f"{run['mb_per_s_per_core']:5.2f} MB/s/core  {run['cpu_seconds']:6.0f} CPU s ({run['mb_per_cpu_second']:.2f} MB "
          f"per CPU s)  {run['files_per_s']:6.1f} files/s  "
          f"peak RSS launcher {run['launcher_peak_rss_mb']:6.0f} MB, largest process "
          f"{run['largest_process_peak_rss_mb']:6.0f} MB, process tree {run['tree_peak_rss_mb']:6.0f} MB "
          f"({run['processes']} processes)")


def _corpus(megabytes: float, pad_to_gb: float | None = None) -> Path:
    folder = CORPUS / (f"mb-{megabytes:g}" + (f"-pad-{pad_to_gb:g}" if pad_to_gb else ""))
    if not (folder / ".corpus.json").exists():
        packages = load_pins(PINS)
        make_subset(build_all(packages, 2), {f"{p.dump}.tar.gz": p for p in packages}, folder, megabytes, pad_to_gb)
    return folder


def write_result(run: dict, corpus: Path, argv: list[str], root: Path = ROOT) -> None:
    """The headline figure `pipeline/dry_run.py` projects from, with what it was measured on."""
    meta = json.loads((corpus / ".corpus.json").read_text())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True)
    RESULT.parent.mkdir(exist_ok=True)
    RESULT.write_text(json.dumps({
        "mb_per_second_per_core": round(run["mb_per_s_per_core"], 3),
        "archive_expansion": round(meta["total_bytes"] / meta["stored_bytes"], 2),
        "corpus": f"benchmarks/corpus.py {corpus.name.replace('mb-', '--megabytes ')}: {meta['total_bytes'] / 1e6:.1f} MB "
                  f"of distinct upstream code, {meta['files']:,} files in {meta['packages']} packages (Debian, PyPI, "
                  "npm)" + (", with near-copies" if meta["near_copy_bytes"] else ""),
        "note": f"load average {os.getloadavg()[0]:.1f} after the run on a {os.cpu_count()}-core machine"
                + (" shared with other work: a lower bound" if os.getloadavg()[0] > (os.cpu_count() or 1) else ""),
        "mb_per_cpu_second": round(run["mb_per_cpu_second"], 3),
        "seconds": round(run["seconds"], 1), "cpu_seconds": round(run["cpu_seconds"], 1), "cores": run["workers"],
        "machine_cores": os.cpu_count(),
        "peak_rss_mb": {"launcher": round(run["launcher_peak_rss_mb"]),
                        "largest_process": round(run["largest_process_peak_rss_mb"]),
                        "process_tree": round(run["tree_peak_rss_mb"])},
        "date": time.strftime("%Y-%m-%d", time.gmtime()), "codecurate_commit": commit.stdout.strip(),
        "command": "python benchmarks/end_to_end.py " + " ".join(argv),
    }, indent=1) + "\n")
    print(f"wrote {RESULT.relative_to(ROOT)}")


def stage_table(corpus: Path, baselines: dict[str, dict]) -> None:
    output = OUT / "profiled" / "dataset"
    output.parent.mkdir(parents=True, exist_ok=True)
    seconds = attribute(profile_run(corpus, output))
    sizes = stage_input_bytes(output)
    total = sum(seconds.values())
    print(f"\nstage time (py-spy, --workers 1, {total:.0f} s sampled): " + ", ".join(
        f"{stage} {value / total:.0%}" for stage, value in sorted(seconds.items(), key=lambda kv: -kv[1])))
    print(f"\n{'stage':<24}{'raw MB/s/core':>15}{'pipeline MB/s/core':>20}{'ratio':>8}")
    for name, stages in STAGES.items():
        spent = sum(seconds.get(stage, 0.0) for stage in stages)
        mb = sizes.get(stages[-1], 0) / 1e6
        raw = baselines[name]["mb_per_s"] if name in baselines else float("nan")
        in_pipeline = mb / spent if spent else float("inf")
        print(f"{name:<24}{raw:>15.2f}{in_pipeline:>20.2f}{raw / in_pipeline:>8.2f}")
    plumbing = seconds.get("beam runtime", 0.0) + seconds.get("pipeline (other)", 0.0)
    print(f"{'plumbing (Beam, stats)':<24}{'':>15}{sizes['ingest'] / 1e6 / max(plumbing, 1e-9):>20.2f}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=float, nargs="+", default=[256], help="corpus sizes (nested subsets)")
    parser.add_argument("--config", default=None, help="default: configs/default.yaml")
    parser.add_argument("--nice", type=int, default=0)
    parser.add_argument("--codecurate-root", type=Path, default=ROOT, help="checkout whose pipeline/ is measured")
    parser.add_argument("--no-single", action="store_true", help="skip the --workers 1 run")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--no-result", action="store_true", help="do not rewrite benchmarks/results/end_to_end.json")
    parser.add_argument("--padded-gb", type=float, default=None,
                        help="memory only: one more run on the largest size padded with labelled near-copies to G GB")
    parser.add_argument("--baseline-seconds", type=float, default=30.0, help="time cap per raw loop")
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 1e9:.0f} GB")
    runs = {}
    for megabytes in args.megabytes:
        corpus = _corpus(megabytes)
        out = OUT / corpus.name
        runs[megabytes] = run_pipeline(corpus, out / "all-cores", None, args.config, args.nice, args.codecurate_root)
        _print_run(f"{megabytes:g} MB all cores", runs[megabytes])
        if megabytes == args.megabytes[0] and not args.no_single:
            _print_run(f"{megabytes:g} MB --workers 1",
                       run_pipeline(corpus, out / "one", 1, args.config, args.nice, args.codecurate_root))
    first = args.megabytes[0]
    for megabytes in args.megabytes[1:]:
        a, b = runs[first], runs[megabytes]
        print(f"{megabytes:g} MB vs {first:g} MB: bytes ×{b['mb_in'] / a['mb_in']:.2f}, time ×{b['seconds'] / a['seconds']:.2f}, "
              f"largest process RSS ×{b['largest_process_peak_rss_mb'] / a['largest_process_peak_rss_mb']:.2f}, "
              f"launcher RSS ×{b['launcher_peak_rss_mb'] / a['launcher_peak_rss_mb']:.2f}, "
              f"tree RSS ×{b['tree_peak_rss_mb'] / a['tree_peak_rss_mb']:.2f}")
    if args.padded_gb:
        corpus = _corpus(args.megabytes[-1], args.padded_gb)
        padded = run_pipeline(corpus, OUT / corpus.name / "all-cores", None, args.config, args.nice, args.codecurate_root)
        _print_run(f"{args.padded_gb:g} GB padded", padded)
        print(f"  ({args.megabytes[-1]:g} MB distinct + near-copies (benchmarks/corpus.py --pad-to-gb): "
              "a memory figure, not a speed figure for distinct code)")
        shutil.rmtree(OUT / corpus.name, ignore_errors=True)
    if not args.no_result:
        write_result(runs[args.megabytes[-1]], _corpus(args.megabytes[-1]), argv, args.codecurate_root)
    baselines: dict[str, dict] = {}
    if not args.no_baselines:
        baselines = run_baselines(_corpus(first), args.baseline_seconds)
        print("\nraw libraries, one core:")
        for name, result in baselines.items():
            print(f"  {name:<24} {result['mb_per_s']:8.2f} MB/s  {result['files_per_s']:9.1f} files/s "
                  f"({result['mb']:.1f} MB in {result['seconds']:.1f} s)")
        total = sum(runs[first]["mb_in"] / r["mb_per_s"] for n, r in baselines.items() if n != "licence classification")
        print(f"  sum of loops over all {runs[first]['mb_in']:.1f} MB (licences excluded): {total:.0f} s on one core")
    if not args.no_profile:
        stage_table(_corpus(first), baselines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
