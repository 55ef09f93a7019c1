"""What bounding a data shard's row groups by bytes costs (README "Known limits", `write.row_group_bytes`).

A published row group closes at `write.row_group_rows` rows or once its files' sizes reach
`write.row_group_bytes`.  Smaller row groups bound what a shard's writer (and a reader of one row)
holds; this script measures what they cost in Parquet bytes and write CPU: the files of a corpus
written as one data table in id order, as a shard holds them, once per bound.

Data: `benchmarks/corpus.py`'s corpus (upstream code from Debian, PyPI and npm, pinned in
`corpus_packages.jsonl`; nothing in `pipeline/` shaped it): every UTF-8 file of its dumps, as
`corpus.py` reads them (regular files up to its size limit).  Ids are sha256(dump, path), so the order is as arbitrary as the pipeline's.

    .venv/bin/python benchmarks/row_group_bytes.py [--megabytes 256]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import CORPUS, PINS, _dump_files, build_all, load_pins, make_subset  # noqa: E402
from pipeline.config import WriteConfig  # noqa: E402
from pipeline.dataset.files import table_bytes  # noqa: E402

MIB = 1024**2
BOUNDS = [None, 64 * MIB, 32 * MIB, 16 * MIB, 8 * MIB]


def corpus_table(folder: Path) -> pa.Table:
    ids, contents = [], []
    for dump in sorted(folder.glob("*.tar.gz")):
        for path, data in _dump_files(dump).items():
            try:
                contents.append(data.decode("utf-8"))
            except UnicodeDecodeError:
                continue
            ids.append(hashlib.sha256(f"{dump.name}\0{path}".encode()).hexdigest())
    table = pa.table({"id": ids, "content": pa.array(contents, pa.large_string()),
                      "size": [len(content.encode()) for content in contents]})
    return table.take(np.argsort(ids, kind="stable"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=float, default=256)
    args = parser.parse_args(argv)
    folder = CORPUS / f"mb-{args.megabytes:g}"
    if not (folder / ".corpus.json").exists():
        packages = load_pins(PINS)
        make_subset(build_all(packages, 2), {f"{p.dump}.tar.gz": p for p in packages}, folder, args.megabytes)
    table = corpus_table(folder)
    print(f"data: {folder.name}, {table.num_rows:,} UTF-8 files, "
          f"{sum(table['size'].to_pylist()) / 1e6:.1f} MB, one table in id order (a shard's order)")
    print(f"{'row_group_bytes':>16} {'row groups':>10} {'largest (MB in memory)':>23} {'Parquet MB':>11} "
          f"{'vs unbounded':>12} {'write CPU s':>11}")
    unbounded = None
    for bound in BOUNDS:
        config = WriteConfig(row_group_bytes=bound or 2**62)
        started = time.process_time()
        data = table_bytes(table, config)
        cpu = time.process_time() - started
        metadata = pq.ParquetFile(io.BytesIO(data)).metadata
        largest = max(metadata.row_group(index).total_byte_size for index in range(metadata.num_row_groups))
        unbounded = unbounded or len(data)
        label = "unbounded" if bound is None else f"{bound // MIB} MiB"
        print(f"{label:>16} {metadata.num_row_groups:>10} {largest / 1e6:>23.1f} {len(data) / 1e6:>11.2f} "
              f"{len(data) / unbounded - 1:>+11.2%} {cpu:>11.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
