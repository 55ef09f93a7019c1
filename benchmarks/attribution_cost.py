"""CPU cost of the attribution table to the licence stage, and its size, on real packages.

Why: the attribution table (`licenses/attribution.py`, `pipeline/attribution.py`) adds work in two
places: at ingest the licence stage keeps each repository's licence/NOTICE texts and decides its
root licence once; at finish every kept file's header is searched for copyright lines and the
licence texts are redacted.  The bar is the licence stage's CPU within +30 % of what it was.

Measured as CPU seconds (`time.process_time`, so the neighbours' load on a shared machine matters
little), each pass in a fresh process (the classifier's caches would make a second pass in one
process nearly free), the three modes interleaved, best of `--repeats`:
- ingest with the licence stage off, on without attribution (today's path: no notice sink), and on
  with the sink: licence-stage CPU = (on) − (off), before and after;
- the finish-side work (`ChunkAttribution` over every file that ingest decided, as if all were kept:
  an upper bound, as a run keeps fewer) with the pipeline's redaction.
Then one `codecurate run` on the corpus (default config) gives the table's rows and bytes, and
checks that every kept file whose licence requires notice has its row (`verify`).

    python benchmarks/corpus.py --megabytes 32 && python benchmarks/attribution_cost.py benchmarks/.corpus/mb-32
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from licenses.attribution import ChunkAttribution, RepoNotices, merge_rows  # noqa: E402
from pipeline.attribution import email_redactor  # noqa: E402
from pipeline.config import load_config  # noqa: E402
from pipeline.ingest.repository import read_repository  # noqa: E402
from pipeline.ingest.sources import discover  # noqa: E402


def _ingest_cpu(sources, config, sink) -> tuple[float, list]:
    started = time.process_time()
    records = []
    for source in sources:
        for record in read_repository(source, config, sink):
            if not record.dropped:
                records.append((record.repo_name, record.commit, record.path, record.content, record.license,
                                record.license_expression, record.license_evidence))
    return time.process_time() - started, records


def one_pass(corpus: Path, mode: str) -> dict:
    """One measurement in a fresh process (the classifier's caches would make a second pass cheap)."""
    config = load_config(None)
    if mode == "off":
        config = config.model_copy(update={"licenses": config.licenses.model_copy(update={"enabled": False})})
    sources = [source for source in discover([str(corpus)]) if source.kind != "table"]
    notices: dict[tuple[str, str], RepoNotices] = {}

    def keep(found: RepoNotices) -> None:
        notices[(found.repo_name, found.commit)] = found

    seconds, records = _ingest_cpu(sources, config, keep if mode == "after" else None)
    result = {"mode": mode, "ingest_cpu": seconds, "files": len(records), "repositories": len(sources)}
    if mode == "after":
        redact = email_redactor(config)
        started = time.process_time()
        attribution = ChunkAttribution(notices, redact, config.licenses.header_lines, config.licenses.header_chars)
        for record in records:
            attribution.add(*record)
        result["attribution_rows"] = len(merge_rows(attribution.rows()))
        result["finish_cpu"] = time.process_time() - started
    return result


def measure(corpus: Path, repeats: int) -> dict:
    """Best of `repeats` fresh processes per mode, modes interleaved."""
    best: dict[str, dict] = {}
    for _ in range(repeats):
        for mode in ("off", "before", "after"):
            output = subprocess.run([sys.executable, __file__, str(corpus), "--pass", mode], check=True,
                                    capture_output=True, text=True, cwd=ROOT).stdout
            found = json.loads(output.strip().splitlines()[-1])
            if mode not in best or found["ingest_cpu"] < best[mode]["ingest_cpu"]:
                best[mode] = found
    off, before, after = (best[mode]["ingest_cpu"] for mode in ("off", "before", "after"))
    finish = best["after"]["finish_cpu"]
    return {
        "repositories": best["after"]["repositories"], "files_decided": best["after"]["files"],
        "ingest_cpu_licences_off": round(off, 2), "ingest_cpu_before": round(before, 2),
        "ingest_cpu_after": round(after, 2),
        "licence_stage_cpu_before": round(before - off, 2), "licence_stage_cpu_after": round(after - off, 2),
        "finish_attribution_cpu_upper_bound": round(finish, 2),
        "attribution_rows_upper_bound": best["after"]["attribution_rows"],
        "licence_stage_ratio_ingest_only": round((after - off) / (before - off), 3),
        "licence_stage_ratio_with_finish": round((after - off + finish) / (before - off), 3),
    }


def table_of_a_run(corpus: Path, output: Path) -> dict:
    """One run (default config, 1 worker): the attribution shards' rows and bytes, and `verify`."""
    from pipeline.cli import main
    from pipeline.dataset.verify import verify

    if output.exists():
        shutil.rmtree(output)
    assert main(["run", str(corpus), "--output", str(output), "--quiet", "--workers", "1"]) == 0
    manifest = json.loads((output / "manifest.json").read_text())
    shards = manifest["shards"]["attribution"]
    failures = verify(str(output))
    return {"kept_files": manifest["counts"]["kept"], "attribution_shards": len(shards),
            "attribution_rows": sum(shard["rows"] for shard in shards),
            "attribution_bytes": sum(shard["bytes"] for shard in shards),
            "data_bytes": sum(shard["bytes"] for shard in manifest["shards"]["data"]),
            "verify_failures": failures[:5], "verify_ok": not failures}


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / ".out" / "attribution" / "dataset")
    parser.add_argument("--no-run", action="store_true", help="only the CPU measurement")
    parser.add_argument("--pass", dest="mode", choices=["off", "before", "after"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.mode:
        print(json.dumps(one_pass(args.corpus, args.mode)))
        return 0
    result = measure(args.corpus, args.repeats)
    print(json.dumps(result, indent=1), flush=True)
    if not args.no_run:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        print(json.dumps(table_of_a_run(args.corpus, args.output), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main_())
