"""End-to-end benchmark: `codecurate run` on a real-code corpus, against the raw libraries.

Prints, for each run (all cores, then `--workers 1`): wall time, MB/s per core, files/s and the
peak RSS of every process of the run (launcher and SDK workers, sampled with psutil); then the
raw-library loops over the same bytes and, from a py-spy profile of the in-process runner, the
stage table: stage, raw MB/s per core, in-pipeline MB/s per core, ratio.  The machine is shared
and noisy: compare figures within one run.

    python benchmarks/make_corpus.py --scale 1
    python benchmarks/end_to_end.py                     # 1×, default config
    python benchmarks/end_to_end.py --scales 1 4 --no-baselines --no-profile
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")  # Presidio's e-mail check: no download
sys.path.insert(0, str(Path(__file__).resolve().parent))

from baselines import run_baselines  # noqa: E402
from make_corpus import make_corpus  # noqa: E402
from stage_costs import attribute, profile_run, stage_input_bytes  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
OUT = ROOT / "benchmarks" / ".out"
CORPUS = ROOT / "benchmarks" / ".corpus"
SITE = Path(sys.executable).resolve().parents[1] / "lib" / "python3.11" / "site-packages"

# Raw loop ↔ the pipeline stages that do that work.
STAGES = {
    "decode+enry": ("decode", "language"),
    "licence classification": ("licences",),
    "shingling+MinHash": ("dedup",),
    "Presidio (email+IPv4)": ("pii",),
    "Parquet write (zstd)": ("write",),
}


class RssSampler(threading.Thread):
    """Peak RSS of every process in a tree, sampled every `interval` seconds."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self._root = psutil.Process(pid)
        self._interval = interval
        self._stop_event = threading.Event()
        self.peaks: dict[int, tuple[str, int]] = {}

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                processes = [self._root, *self._root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            for process in processes:
                try:
                    rss = process.memory_info().rss
                    role = "launcher" if process.pid == self._root.pid else "worker"
                except psutil.Error:
                    continue
                if rss > self.peaks.get(process.pid, ("", 0))[1]:
                    self.peaks[process.pid] = (role, rss)
            self._stop_event.wait(self._interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def run_pipeline(corpus: Path, output: Path, workers: int | None, config: str | None) -> dict:
    command = [str(BIN / "codecurate"), "run", str(corpus), "--output", str(output), "--overwrite", "--quiet"]
    if workers:
        command += ["--workers", str(workers)]
    if config:
        command += ["--config", config]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = RssSampler(process.pid)
    sampler.start()
    _, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    sampler.stop()
    if process.returncode != 0:
        raise RuntimeError(f"codecurate failed: {stderr[-2000:]}")
    counts = json.loads((output / "manifest.json").read_text())["counts"]
    cores = workers or os.cpu_count() or 1
    workers_rss = [rss for role, rss in sampler.peaks.values() if role == "worker"]
    launcher_rss = max((rss for role, rss in sampler.peaks.values() if role == "launcher"), default=0)
    return {
        "workers": cores, "seconds": elapsed, "files_in": counts["files_in"], "mb_in": counts["bytes_in"] / 1e6,
        "kept": counts["kept"], "mb_per_s_per_core": counts["bytes_in"] / 1e6 / elapsed / cores,
        "files_per_s": counts["files_in"] / elapsed, "launcher_peak_rss_mb": launcher_rss / 1e6,
        "worker_peak_rss_mb": max(workers_rss, default=0) / 1e6, "processes": len(sampler.peaks),
    }


def _print_run(label: str, run: dict) -> None:
    print(f"{label:<22} {run['seconds']:7.1f} s  {run['mb_in']:7.1f} MB  {run['files_in']:6,} files  "
          f"{run['mb_per_s_per_core']:5.2f} MB/s/core  {run['files_per_s']:6.1f} files/s  "
          f"peak RSS launcher {run['launcher_peak_rss_mb']:6.0f} MB, worker max {run['worker_peak_rss_mb']:6.0f} MB "
          f"({run['processes']} processes)")


def _corpus(scale: int) -> Path:
    folder = CORPUS / f"scale-{scale}"
    if not folder.exists():
        make_corpus(SITE, folder, scale)
    return folder


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
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1])
    parser.add_argument("--config", default=None, help="default: configs/default.yaml")
    parser.add_argument("--no-single", action="store_true", help="skip the --workers 1 run")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--baseline-seconds", type=float, default=30.0, help="time cap per raw loop")
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 1e9:.0f} GB")
    runs = {}
    for scale in args.scales:
        corpus = _corpus(scale)
        runs[scale] = run_pipeline(corpus, OUT / f"scale-{scale}" / "all-cores", None, args.config)
        _print_run(f"{scale}× all cores", runs[scale])
        if scale == args.scales[0] and not args.no_single:
            _print_run(f"{scale}× --workers 1", run_pipeline(corpus, OUT / f"scale-{scale}" / "one", 1, args.config))
    first = args.scales[0]
    for scale in args.scales[1:]:
        print(f"{scale}× vs {first}×: time ×{runs[scale]['seconds'] / runs[first]['seconds']:.2f}, worker peak RSS "
              f"×{runs[scale]['worker_peak_rss_mb'] / max(runs[first]['worker_peak_rss_mb'], 1e-9):.2f}, "
              f"bytes ×{runs[scale]['mb_in'] / runs[first]['mb_in']:.2f}")
    baselines: dict[str, dict] = {}
    if not args.no_baselines:
        baselines = run_baselines(_corpus(first), args.baseline_seconds)
        print("\nraw libraries, one core:")
        for name, result in baselines.items():
            print(f"  {name:<24} {result['mb_per_s']:8.2f} MB/s  {result['files_per_s']:9.1f} files/s "
                  f"({result['mb']:.1f} MB in {result['seconds']:.1f} s)")
        total = sum(_corpus_mb(first) / r["mb_per_s"] for n, r in baselines.items() if n != "licence classification")
        print(f"  sum of loops over all {_corpus_mb(first):.1f} MB (licences excluded): {total:.0f} s on one core")
    if not args.no_profile:
        stage_table(_corpus(first), baselines)
    return 0


def _corpus_mb(scale: int) -> float:
    return json.loads((OUT / f"scale-{scale}" / "all-cores" / "manifest.json").read_text())["counts"]["bytes_in"] / 1e6


if __name__ == "__main__":
    sys.exit(main())
