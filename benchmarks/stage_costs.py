"""Where a pipeline run spends its time, per stage, from a py-spy profile of the in-process runner.

Each sampled stack is charged to the innermost frame that belongs to the project (so Presidio's
own frames count for `pii`, enry's for `language`, pyarrow's for `write`); stacks with no project
frame are Beam's own work (coders, shuffles, bundle bookkeeping): the plumbing.  Bytes per stage
come from provenance: a stage sees the input bytes minus those dropped by the stages before it.

    python benchmarks/corpus.py --megabytes 256 && python benchmarks/stage_costs.py benchmarks/.corpus/mb-256
"""

from __future__ import annotations

import argparse
import collections
import re
import subprocess
import sys
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_paths import VENVS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RATE = 100
_FRAME_FILE = re.compile(r"\(([^():]+\.py)(?::\d+)?\)")

STAGE_ORDER = ["ingest", "decode", "licences", "optout", "language", "filters", "dedup", "policy", "pii",
               "staging", "write", "pipeline (other)", "beam runtime"]
_REASON_STAGE = {"ingest": "ingest", "optout": "optout", "filters": "filters", "dedup": "dedup",
                 "license": "policy", "pii": "pii", "decontam": "decontam"}


def stage_of_file(path: str) -> str | None:
    try:
        relative = Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return None
    if relative.startswith(("benchmarks/", "tests/", "pipeline/cli/")) or relative == "pipeline/runner.py":
        return None
    special = {"filters/decode.py": "decode", "filters/language.py": "language", "pipeline/write.py": "write",
               "pipeline/dataset/schema.py": "write", "pipeline/staging.py": "staging", "dedup/blobs.py": "staging"}
    if relative in special:
        return special[relative]
    package = relative.split("/", 1)[0]
    if package == "core":  # the step runner, record and file I/O (pipeline/ before issue 25)
        return "pipeline (other)"
    if package == "pipeline":
        return "ingest" if relative.startswith("pipeline/ingest/") else (
            "optout" if relative.startswith("pipeline/optout") else "pipeline (other)")
    return {"licenses": "licences", "filters": "filters", "dedup": "dedup", "pii": "pii"}.get(package)


def attribute(raw_profile: Path) -> dict[str, float]:
    """Seconds per stage from py-spy's raw (collapsed) output: `frame;frame;... count`."""
    seconds: dict[str, float] = collections.defaultdict(float)
    for line in raw_profile.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        stage = "beam runtime"
        for frame in reversed(stack.split(";")):
            match = _FRAME_FILE.search(frame)
            found = stage_of_file(match.group(1)) if match else None
            if found:
                stage = found
                break
        seconds[stage] += int(count) / RATE
    return dict(seconds)


def stage_input_bytes(dataset: Path) -> dict[str, int]:
    """Bytes that reach each stage: all input bytes minus those dropped by earlier stages."""
    table = pq.read_table(dataset / "provenance", columns=["size", "reason"])
    total = int(pc.sum(table["size"]).as_py() or 0)
    dropped: dict[str, int] = collections.defaultdict(int)
    for size, reason in zip(table["size"].to_pylist(), table["reason"].to_pylist()):
        if reason:
            dropped[_REASON_STAGE.get(reason.split(":", 1)[0], "other")] += size or 0
    reaching, remaining = {}, total
    for stage in ["ingest", "optout", "filters", "dedup", "policy", "pii", "write"]:
        reaching[stage] = remaining
        remaining -= dropped.get(stage, 0)
    reaching.update({"decode": total, "licences": total, "language": reaching["filters"], "staging": total,
                     "pipeline (other)": total, "beam runtime": total})
    return reaching


PY_SPY = "py-spy==0.4.3"


def py_spy() -> Path:
    """The profiler, in its own venv under the benchmark cache (a tool, not a project dependency)."""
    venv = VENVS / "py-spy"
    binary = venv / "bin" / "py-spy"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", PY_SPY], check=True)
    return binary


def profile_run(corpus: Path, output: Path, config: str | None = None) -> Path:
    """`codecurate run --workers 1` (in-process runner) under py-spy; returns the raw profile."""
    profile = output.parent / "profile.txt"
    command = [str(py_spy()), "record", "--format", "raw", "--rate", str(RATE), "--nonblocking",
               "--output", str(profile), "--", str(BIN / "python"), "-m", "pipeline.cli", "run", str(corpus),
               "--output", str(output), "--overwrite", "--quiet", "--workers", "1"]
    if config:
        command += ["--config", config]
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return profile


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / ".out" / "profiled" / "dataset")
    args = parser.parse_args(argv)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    seconds = attribute(profile_run(args.corpus, args.output))
    sizes = stage_input_bytes(args.output)
    total = sum(seconds.values())
    print(f"{'stage':<18}{'seconds':>9}{'share':>8}{'MB in':>9}{'MB/s':>8}")
    for stage in STAGE_ORDER:
        if stage in seconds:
            mb = sizes.get(stage, 0) / 1e6
            print(f"{stage:<18}{seconds[stage]:>9.1f}{seconds[stage] / total:>8.0%}{mb:>9.1f}"
                  f"{mb / max(seconds[stage], 1e-9):>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
