"""CPU cost of the attribution table to the licence stage, and its size, on real packages.

Why: the attribution table (`licenses/attribution.py`, `pipeline/attribution.py`) adds work in two
places: at ingest the licence stage keeps each repository's licence/NOTICE texts and decides its
root licence once; at finish every kept file's header is searched for copyright lines and the
licence texts are redacted.  The bar is the licence stage's CPU within +30 % of what it was.

Measured in one process, interleaved, best of `--repeats`, as CPU seconds (`time.process_time`,
so the neighbours' load on a shared machine matters little):
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
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from licenses.attribution import ChunkAttribution, RepoNotices  # noqa: E402
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


def measure(corpus: Path, repeats: int) -> dict:
    config = load_config(None)
    off = config.model_copy(update={"licenses": config.licenses.model_copy(update={"enabled": False})})
    sources = [source for source in discover([str(corpus)]) if source.kind != "table"]
    notices: dict[tuple[str, str], RepoNotices] = {}

    def keep(found: RepoNotices) -> None:
        notices[(found.repo_name, found.commit)] = found

    _ingest_cpu(sources, config, None)  # warm the classifier's caches and reference tables once
    best = {"off": float("inf"), "before": float("inf"), "after": float("inf")}
    records: list = []
    for _ in range(repeats):
        best["off"] = min(best["off"], _ingest_cpu(sources, off, None)[0])
        best["before"] = min(best["before"], _ingest_cpu(sources, config, None)[0])
        seconds, records = _ingest_cpu(sources, config, keep)
        best["after"] = min(best["after"], seconds)
    redact = email_redactor(config)
    finish = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        attribution = ChunkAttribution(notices, redact, config.licenses.header_lines, config.licenses.header_chars)
        for record in records:
            attribution.add(*record)
        rows = attribution.rows()
        finish = min(finish, time.process_time() - started)
    licence_before = best["before"] - best["off"]
    licence_after = best["after"] - best["off"]
    return {
        "repositories": len(sources), "files_decided": len(records),
        "megabytes": round(sum(len(record[3].encode("utf-8", "surrogatepass")) for record in records) / 1e6, 1),
        "ingest_cpu_licences_off": round(best["off"], 2), "ingest_cpu_before": round(best["before"], 2),
        "ingest_cpu_after": round(best["after"], 2),
        "licence_stage_cpu_before": round(licence_before, 2), "licence_stage_cpu_after": round(licence_after, 2),
        "finish_attribution_cpu_upper_bound": round(finish, 2), "attribution_rows_upper_bound": len(rows),
        "licence_stage_ratio_ingest_only": round(licence_after / licence_before, 3),
        "licence_stage_ratio_with_finish": round((licence_after + finish) / licence_before, 3),
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
    args = parser.parse_args(argv)
    result = measure(args.corpus, args.repeats)
    print(json.dumps(result, indent=1), flush=True)
    if not args.no_run:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        print(json.dumps(table_of_a_run(args.corpus, args.output), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main_())
