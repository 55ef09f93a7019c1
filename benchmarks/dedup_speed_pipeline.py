"""The dedup stage on FnApiRunner over N distinct real files, from raw text (sketching the
summaries, as the curate stage does, then `Deduplicate`), called by dedup_speed.py in a fresh
process; prints MB/s per core and peak RSS as JSON.

    .venv/bin/python benchmarks/dedup_speed_pipeline.py FILES ['{"verify_jaccard": false, ...}']

The optional second argument overrides `NearDedupConfig` fields, e.g. StarCoder's setting
'{"false_positive_weight": 0.5, "false_negative_weight": 0.5, "verify_jaccard": false}'.

Files are sketched inside the pipeline, in batches, so the driver holds only their ids.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("RAYON_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import apache_beam as beam  # noqa: E402
import psutil  # noqa: E402
from apache_beam.runners.portability.fn_api_runner import FnApiRunner  # noqa: E402

from benchmarks.dedup_corpus import source_files  # noqa: E402
from dedup.config import DedupConfig, NearDedupConfig  # noqa: E402
from dedup.blobs import BlobRef, stage_summaries  # noqa: E402
from dedup.rules import text_blobs  # noqa: E402
from dedup.stage import Deduplicate  # noqa: E402


def main(count: int, overrides: dict) -> None:
    config = NearDedupConfig(**overrides)
    files = source_files(count)
    megabytes = sum(len(text.encode()) for _, text in files) / 1e6
    ids = [file_id for file_id, _ in files]
    del files
    process = psutil.Process()
    rss_before = process.memory_info().rss / 2**20
    peak = [rss_before]
    running = threading.Event()
    running.set()

    def sample() -> None:
        # ru_maxrss would inherit the parent's high-water mark across fork+exec; sample instead.
        while running.is_set():
            peak[0] = max(peak[0], process.memory_info().rss / 2**20)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()

    staging = tempfile.mkdtemp(prefix="dedup-speed-")

    def sketch(batch: list[str]) -> list[tuple[str, int, BlobRef]]:
        """What the curate stage does for a chunk: sketch, then stage the summaries."""
        path = os.path.join(staging, f"{batch[0]}.summaries.bin")
        return stage_summaries(path, text_blobs([(file_id, CONTENTS[file_id]) for file_id in batch], config))

    batches = [ids[start:start + 500] for start in range(0, len(ids), 500)]
    wall, cpu = time.perf_counter(), time.process_time()
    with beam.Pipeline(runner=FnApiRunner()) as pipeline:
        _ = (
            pipeline
            | beam.Create(batches)
            | beam.FlatMap(sketch)
            | Deduplicate(DedupConfig(near=config), copies=False, directory=os.path.join(staging, "dedup"))
            | beam.combiners.Count.Globally()
        )
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    shutil.rmtree(staging, ignore_errors=True)
    running.clear()
    sampler.join()
    print(
        json.dumps(
            {
                "files": count,
                "config": overrides,
                "bands_rows": config.bands_rows,
                "verify_jaccard": config.verify_jaccard,
                "max_rounds": config.max_rounds,
                "mb": round(megabytes, 1),
                "wall_s": round(wall, 2),
                "cpu_s": round(cpu, 2),
                "mb_per_cpu_s": round(megabytes / cpu, 2),
                "rss_before_pipeline_mb": round(rss_before, 1),
                "peak_rss_mb": round(peak[0], 1),
            }
        )
    )


CONTENTS: dict[str, str] = {}

if __name__ == "__main__":
    CONTENTS.update(source_files(int(sys.argv[1])))
    main(int(sys.argv[1]), json.loads(sys.argv[2]) if len(sys.argv) > 2 else {})
