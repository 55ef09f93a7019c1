"""codecurate against datatrove's and text-dedup's MinHash dedup: same corpus, same run, one table.

Why: a speed claim against peers is only worth the like-for-like conditions it was measured in.
All three read the same files (`benchmarks/corpus.py`: distinct upstream sources from Debian, PyPI
and npm; nested 1× ⊂ 4× subsets); codecurate reads the repository dumps (its input), the peers
the same files converted once into a Parquet table (their input).  Each peer is installed by this
script in its own venv under the benchmark cache's venvs// with pinned versions, and every contender runs with
the machine's cores, measured the same way (`measure.py`: wall time, peak RSS of the largest process
and of the whole process tree).  codecurate runs every stage (default config); the peers run MinHash
dedup only.

    python benchmarks/peers.py --megabytes 256 1024             # 1× and 4×
    python benchmarks/peers.py --megabytes 256 --codecurate-root PATH/TO/CHECKOUT
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CORPUS, build_all, load_pins, make_subset, PINS, write_table  # noqa: E402
from measure import Usage, run_measured  # noqa: E402
from bench_paths import VENVS  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / ".out" / "peers"
RESULTS = HERE / "results"
# Pinned peer environments: (python, requirements).  text-dedup 0.4 needs Python ≥ 3.12; datatrove's
# English word tokenizer is spaCy's (a blank pipeline: no model weights).
PEERS = {
    "datatrove": ("3.11", ["datatrove[io,processing]==0.10.1", "spacy==3.8.18"]),
    "text-dedup": ("3.12", ["text-dedup==0.4.1"]),
}
ENV = {"HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
       "TOKENIZERS_PARALLELISM": "false"}


def _python(version: str) -> str:
    """An interpreter of `version`: `PEER_PYTHON_3_12`-style override, PATH, then pyenv's versions."""
    pyenv = Path(os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))) / "versions"
    override = os.environ.get(f"PEER_PYTHON_{version.replace('.', '_')}")
    for candidate in (override, shutil.which(f"python{version}"),
                      *sorted(pyenv.glob(f"{version}*/bin/python{version}"))):
        if candidate and Path(candidate).exists() and subprocess.run([str(candidate), "--version"], capture_output=True).returncode == 0:
            return str(candidate)
    raise SystemExit(f"python{version} not found (needed for a peer venv)")


def ensure_venv(name: str) -> Path:
    """Create the benchmark cache's venvs//NAME with the pinned requirements (once; a marker records the pins)."""
    version, requirements = PEERS[name]
    venv = VENVS / name
    marker = venv / ".codecurate-pins"
    if marker.exists() and marker.read_text() == "\n".join(requirements):
        return venv
    if venv.exists():
        shutil.rmtree(venv)
    subprocess.run([_python(version), "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", *requirements], check=True)
    marker.write_text("\n".join(requirements))
    return venv


def text_dedup_config(table: Path, output: Path, workers: int) -> str:
    """text-dedup 0.4 reads its whole configuration from config.toml in the working directory."""
    return f"""[input]
input_type = "local_files"
file_type = "parquet"
[input.read_arguments]
path = "parquet"
data_files = "{table}/*.parquet"
split = "train"
cache_dir = "{output}/hf-cache"

[algorithm]
algorithm_name = "minhash"
text_column = "content"
num_perm = 256
ngram_size = 5
threshold = 0.7
num_proc = {workers}

[output]
output_dir = "{output}/deduplicated"
clean_cache = false

[debug]
logging_level = 20
"""


def run_text_dedup(table: Path, work: Path, workers: int, nice: int) -> tuple[Usage, dict]:
    venv = ensure_venv("text-dedup")
    (work / "config.toml").write_text(text_dedup_config(table, work, workers))
    usage = run_measured([str(venv / "bin" / "python"), "-m", "text_dedup.minhash"], cwd=str(work),
                         env={**ENV, "HF_DATASETS_CACHE": str(work / "hf-cache"), "HF_HOME": str(work / "hf-home")},
                         nice=nice, log_path=str(work / "log.txt"))
    kept = None
    if usage.returncode == 0:
        import pyarrow as pa

        kept = 0  # `datasets.save_to_disk` writes Arrow IPC streams
        for part in (work / "deduplicated").glob("*.arrow"):
            with pa.memory_map(str(part)) as source:
                kept += pa.ipc.open_stream(source).read_all().num_rows
    return usage, {"documents_kept": kept}


def run_datatrove(table: Path, work: Path, workers: int, nice: int) -> tuple[Usage, dict]:
    venv = ensure_venv("datatrove")
    usage = run_measured([str(venv / "bin" / "python"), str(HERE / "peer_datatrove.py"), str(table), str(work),
                          "--workers", str(workers)], cwd=str(work), env=ENV, nice=nice,
                         log_path=str(work / "log.txt"))
    counts = {}
    if usage.returncode == 0:
        counts = json.loads(usage.stderr_tail.strip().splitlines()[-1])
    return usage, counts


def run_codecurate(corpus: Path, work: Path, workers: int, nice: int, root: Path, python: str) -> tuple[Usage, dict]:
    output = work / "dataset"
    usage = run_measured([python, "-m", "pipeline.cli", "run", str(corpus), "--output", str(output),
                          "--config", "configs/default.yaml", "--workers", str(workers), "--overwrite", "--quiet"],
                         cwd=str(root), env=ENV, nice=nice, log_path=str(work / "log.txt"))
    counts = {}
    if usage.returncode == 0:
        manifest = json.loads((output / "manifest.json").read_text())["counts"]
        counts = {"documents_in": manifest["files_in"], "documents_kept": manifest["kept"],
                  "bytes_in": manifest["bytes_in"]}
    return usage, counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=float, nargs="+", default=[256, 1024], help="corpus sizes (1×, 4× …)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="cores each contender uses")
    parser.add_argument("--contenders", nargs="+", default=["codecurate", "datatrove", "text-dedup"])
    parser.add_argument("--codecurate-root", type=Path, default=ROOT, help="checkout whose pipeline/ is measured")
    parser.add_argument("--python", default=str(ROOT / ".venv" / "bin" / "python"), help="interpreter with codecurate's deps")
    parser.add_argument("--nice", type=int, default=5)
    parser.add_argument("--label", default="", help="recorded with the results (e.g. 'before the graph redesign')")
    parser.add_argument("--results", default="peers.json", help="file name under benchmarks/results/")
    args = parser.parse_args(argv)
    for name in PEERS:
        if name in args.contenders:
            ensure_venv(name)
    packages = load_pins(PINS)
    summaries = build_all(packages, 2)
    by_dump = {f"{p.dump}.tar.gz": p for p in packages}
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=args.codecurate_root, capture_output=True,
                            text=True).stdout.strip()
    rows = []
    for megabytes in args.megabytes:
        corpus = CORPUS / f"mb-{megabytes:g}"
        meta = make_subset(summaries, by_dump, corpus, megabytes, None)
        table = CORPUS / f"mb-{megabytes:g}.table"
        if table.exists():
            shutil.rmtree(table)
        write_table(corpus, table)
        mb = meta["distinct_bytes"] / 1e6
        for contender in args.contenders:
            work = OUT / f"mb-{megabytes:g}" / contender
            if work.exists():
                shutil.rmtree(work)
            work.mkdir(parents=True)
            if contender == "codecurate":
                usage, counts = run_codecurate(corpus, work, args.workers, args.nice, args.codecurate_root, args.python)
            elif contender == "datatrove":
                usage, counts = run_datatrove(table, work, args.workers, args.nice)
            else:
                usage, counts = run_text_dedup(table, work, args.workers, args.nice)
            row = {"corpus_mb": round(mb, 1), "files": meta["files"], "contender": contender,
                   "work": "every stage (default config)" if contender == "codecurate" else "MinHash dedup only",
                   "seconds": round(usage.seconds, 1), "cores": args.workers,
                   "mb_per_second_per_core": round(mb / usage.seconds / args.workers, 3),
                   "cpu_seconds": round(usage.cpu_seconds, 1), "mb_per_cpu_second": round(mb / usage.cpu_seconds, 3),
                   "largest_process_rss_gb": round(usage.largest_rss / 1e9, 2),
                   "process_tree_rss_gb": round(usage.tree_rss / 1e9, 2), "processes": usage.processes,
                   "returncode": usage.returncode, "load_average_after": round(os.getloadavg()[0], 1), **counts}
            if usage.returncode:
                row["error"] = usage.stderr_tail[-1500:]
            rows.append(row)
            print(json.dumps(row), flush=True)
            _record(args, argv, commit, rows)  # after every row: a stopped run keeps what it measured
    print(markdown(rows))
    return 0


def _record(args: argparse.Namespace, argv: list[str] | None, commit: str, rows: list[dict]) -> None:
    RESULTS.mkdir(exist_ok=True)
    record = {"label": args.label, "date": time.strftime("%Y-%m-%d", time.gmtime()), "codecurate_commit": commit,
              "codecurate_root": str(args.codecurate_root), "cores": args.workers, "nice": args.nice,
              "command": " ".join(["python", "benchmarks/peers.py", *(argv if argv is not None else sys.argv[1:])]),
              "peers": {name: PEERS[name][1] for name in PEERS}, "rows": rows}
    (RESULTS / args.results).write_text(json.dumps(record, indent=1) + "\n")


def markdown(rows: list[dict]) -> str:
    lines = ["| corpus | contender | work | wall time | MB/s per core | CPU time | MB per CPU-second |"
             " peak RSS largest process | peak RSS process tree | files in → kept |", "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        failed = " (failed)" if r["returncode"] else ""
        lines.append(f"| {r['corpus_mb']:,.0f} MB | {r['contender']}{failed} | {r['work']} | {r['seconds']:,.1f} s | "
                     f"{r['mb_per_second_per_core']:.2f} | {r['cpu_seconds']:,.0f} s | {r['mb_per_cpu_second']:.2f} | "
                     f"{r['largest_process_rss_gb']:.2f} GB | "
                     f"{r['process_tree_rss_gb']:.2f} GB | {r.get('documents_in', r['files']):,} → "
                     f"{r.get('documents_kept') if r.get('documents_kept') is not None else '?'} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
