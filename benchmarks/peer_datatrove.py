"""datatrove's 4-stage MinHash deduplication (its documented recipe), run inside datatrove's own venv.

Started by `benchmarks/peers.py`; not imported by the project (datatrove is not a dependency).
Stages: MinhashDedupSignature → MinhashDedupBuckets → MinhashDedupCluster → MinhashDedupFilter,
each through LocalPipelineExecutor with `--workers` processes.  Reads the corpus table (a folder of
Parquet parts, column `content`) and writes the kept documents as Parquet.

    python peer_datatrove.py TABLE_DIR WORK_DIR --workers 2 --buckets 32 --rows 8
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.dedup import MinhashDedupCluster, MinhashDedupFilter, MinhashDedupSignature
from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupBuckets
from datatrove.pipeline.readers import ParquetReader
from datatrove.pipeline.writers import ParquetWriter
from datatrove.utils.hashing import HashConfig


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("table", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--buckets", type=int, default=32)
    parser.add_argument("--rows", type=int, default=8)
    parser.add_argument("--ngrams", type=int, default=5)
    args = parser.parse_args()
    config = MinhashConfig(n_grams=args.ngrams, num_buckets=args.buckets, hashes_per_bucket=args.rows,
                           hash_config=HashConfig(precision=64))
    parts = len(list(args.table.glob("*.parquet")))
    work, logs = args.work, args.work / "logs"

    def reader() -> ParquetReader:
        return ParquetReader(str(args.table), glob_pattern="*.parquet", text_key="content", id_key="path")

    stages = [
        LocalPipelineExecutor(pipeline=[reader(), MinhashDedupSignature(output_folder=str(work / "signatures"),
                                                                        config=config)],
                              tasks=parts, workers=args.workers, logging_dir=str(logs / "signatures")),
        LocalPipelineExecutor(pipeline=[MinhashDedupBuckets(input_folder=str(work / "signatures"),
                                                            output_folder=str(work / "buckets"), config=config)],
                              tasks=config.num_buckets, workers=args.workers, logging_dir=str(logs / "buckets")),
        LocalPipelineExecutor(pipeline=[MinhashDedupCluster(input_folder=str(work / "buckets"),
                                                            output_folder=str(work / "remove_ids"), config=config)],
                              tasks=1, workers=1, logging_dir=str(logs / "clusters")),
        LocalPipelineExecutor(pipeline=[reader(), MinhashDedupFilter(input_folder=str(work / "remove_ids")),
                                        ParquetWriter(str(work / "deduplicated"))],
                              tasks=parts, workers=args.workers, logging_dir=str(logs / "filter")),
    ]
    for stage in stages:
        stage.run()
    import pyarrow.parquet as pq

    kept = sum(pq.ParquetFile(p).metadata.num_rows for p in (work / "deduplicated").rglob("*.parquet"))
    total = sum(pq.ParquetFile(p).metadata.num_rows for p in args.table.glob("*.parquet"))
    print(json.dumps({"documents_in": total, "documents_kept": kept}))


if __name__ == "__main__":
    main()
