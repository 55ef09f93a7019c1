"""Near-dedup speed: MinHash files/s per core against datasketch and rensa in plain loops,
shingling + MinHash, the whole NearDuplicateComponents transform on FnApiRunner, and peak RSS
as the corpus grows 1x -> 4x.

    .venv/bin/python benchmarks/dedup_speed.py [--files 3000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("RAYON_NUM_THREADS", "1")  # one core: rensa must not spread a batch over threads
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import rensa  # noqa: E402
from datasketch import MinHash  # noqa: E402

from benchmarks.dedup_corpus import source_files  # noqa: E402
from dedup.minhash import TOKEN_PATTERN, shingle_batch, signatures  # noqa: E402


def python_shingles(text: str, n: int = 5) -> list[str]:
    tokens = TOKEN_PATTERN.findall(text)
    return list(map(" ".join, zip(*(tokens[i:] for i in range(n)))))


def rate(count: int, seconds: float) -> float:
    return count / seconds


def timed(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def loops(files: list[tuple[str, str]]) -> dict[str, float]:
    texts = [text for _, text in files]
    shingles = [python_shingles(t) for t in texts]
    results = {"files": len(texts), "mean_shingles": float(np.mean([len(s) for s in shingles]))}
    few = shingles[:300]
    results["datasketch_minhash_files_s"] = rate(
        len(few), timed(lambda: [MinHash(num_perm=256, seed=42).update_batch([s.encode() for s in x]) for x in few])
    )

    def rensa_loop() -> None:
        for x in shingles:
            sketch = rensa.RMinHash(256, 42)
            sketch.update(x)
            sketch.digest()

    results["rensa_minhash_files_s"] = rate(len(texts), timed(rensa_loop))
    batches = [shingle_batch(texts[i : i + 16], 5, 10) for i in range(0, len(texts), 16)]
    results["our_minhash_step_files_s"] = rate(len(texts), timed(lambda: [signatures(b, 256, 42) for b in batches]))
    results["python_shingling_files_s"] = rate(len(texts), timed(lambda: [python_shingles(t) for t in texts]))
    results["our_shingling_files_s"] = rate(
        len(texts), timed(lambda: [shingle_batch(texts[i : i + 16], 5, 10) for i in range(0, len(texts), 16)])
    )
    total = timed(lambda: [signatures(shingle_batch(texts[i : i + 16], 5, 10), 256, 42) for i in range(0, len(texts), 16)])
    results["our_shingling_plus_minhash_files_s"] = rate(len(texts), total)
    results["our_shingling_plus_minhash_mb_s"] = sum(len(t.encode()) for t in texts) / total / 1e6
    return results


def pipeline_run(files: int) -> dict[str, float]:
    """One NearDuplicateComponents run in a fresh process (so its peak RSS is its own)."""
    script = Path(__file__).with_name("dedup_speed_pipeline.py")
    out = subprocess.run([sys.executable, str(script), str(files)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--pipeline-files", type=int, default=500, help="files of the 1x corpus")
    args = parser.parse_args()
    files = source_files(args.files)
    print(json.dumps(loops(files), indent=1))
    for scale in (1, 2, 4):
        print(json.dumps({"corpus": f"{scale}x", **pipeline_run(scale * args.pipeline_files)}))


if __name__ == "__main__":
    main()
