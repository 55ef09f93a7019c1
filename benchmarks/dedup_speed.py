"""MinHash speed, like for like: every contender turns the same raw texts into 256-permutation
MinHash signatures of word 5-gram shingles, on one core, and is timed in CPU seconds.

Why this shape: a comparison is fair only when each side starts from the same input and does the
same work.  Every contender here gets the same files (a deterministic sample of the distinct
corpus of `benchmarks/corpus.py`) as text, tokenises and shingles them its own way, hashes the
shingles and computes the signature:
- codecurate: `shingle_batch` + `signatures` (numpy over raw bytes, rensa over flat hashes);
- rensa `RMinHash` and datasketch `MinHash`, each fed the shingle strings of a plain Python loop;
- datatrove's `MinhashDedupSignature.get_shingles` + `get_signature` (32 buckets × 8 hashes) and
  text-dedup's MinHash embed function (256 permutations, 5-grams), each run in its own venv
  (installed by `benchmarks/peers.py`).
Then the whole `NearDuplicateComponents` transform on FnApiRunner as the corpus grows 1× → 4×.

    .venv/bin/python benchmarks/dedup_speed.py [--files 3000] [--corpus benchmarks/.corpus/mb-256]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

for _var in ("RAYON_NUM_THREADS", "POLARS_MAX_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_var] = "1"  # one core for every contender, in this process and in the peers'
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import rensa  # noqa: E402
from datasketch import MinHash  # noqa: E402

from corpus import CORPUS, _dump_files  # noqa: E402
from dedup.minhash import TOKEN_PATTERN, shingle_batch, signatures  # noqa: E402
from peers import ensure_venv  # noqa: E402

NUM_PERM, NGRAM, SEED = 256, 5, 42

PEER_SCRIPTS = {
    "datatrove": """
import json, sys, time
from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupSignature
from datatrove.utils.hashing import HashConfig
texts = [json.loads(line) for line in open(sys.argv[1])]
step = MinhashDedupSignature(output_folder=sys.argv[2], config=MinhashConfig(
    n_grams=5, num_buckets=32, hashes_per_bucket=8, hash_config=HashConfig(precision=64)))
step.get_signature(step.get_shingles("warm up the tokenizer and the permutation parameters " * 3))
start = time.process_time()
for text in texts:
    step.get_signature(step.get_shingles(text))
print(json.dumps({"cpu_seconds": time.process_time() - start}))
""",
    "text-dedup": """
import json, sys, time
from text_dedup.config import MinHashAlgorithmConfig
texts = [json.loads(line) for line in open(sys.argv[1])]
config = MinHashAlgorithmConfig(algorithm_name="minhash", text_column="content", num_perm=256, ngram_size=5,
                                threshold=0.7, num_proc=1)
embed = config.get_embed_func()
start = time.process_time()
for index, text in enumerate(texts):
    embed([text], [index])
print(json.dumps({"cpu_seconds": time.process_time() - start}))
""",
}


def corpus_texts(corpus: Path, count: int, min_chars: int = 2000, max_chars: int = 200_000) -> list[str]:
    """`count` texts spread over the whole corpus: every k-th eligible file in index order."""
    eligible: list[str] = []
    for line in (corpus / "index.jsonl").read_text().splitlines():
        for _, data in sorted(_dump_files(corpus / json.loads(line)["dump"]).items()):
            if min_chars <= len(data) <= max_chars:
                eligible.append(data.decode("utf-8"))
    step = max(1, len(eligible) // count)
    return eligible[::step][:count]


def python_shingles(text: str, n: int = NGRAM) -> list[str]:
    tokens = TOKEN_PATTERN.findall(text)
    return list(map(" ".join, zip(*(tokens[i:] for i in range(n)))))


def timed(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def ours(texts: list[str]) -> None:
    for i in range(0, len(texts), 16):
        signatures(shingle_batch(texts[i : i + 16], NGRAM, 10), NUM_PERM, SEED)


def rensa_loop(texts: list[str]) -> None:
    for text in texts:
        sketch = rensa.RMinHash(NUM_PERM, SEED)
        sketch.update(python_shingles(text))
        sketch.digest()


def datasketch_loop(texts: list[str]) -> None:
    for text in texts:
        MinHash(num_perm=NUM_PERM, seed=SEED).update_batch([s.encode() for s in python_shingles(text)])


def peer_seconds(name: str, texts_path: Path, scratch: Path) -> float:
    venv = ensure_venv(name)
    done = subprocess.run([str(venv / "bin" / "python"), "-c", PEER_SCRIPTS[name], str(texts_path), str(scratch)],
                          capture_output=True, text=True, check=True, env={**os.environ, "HF_DATASETS_OFFLINE": "1"})
    return json.loads(done.stdout.strip().splitlines()[-1])["cpu_seconds"]


def loops(texts: list[str]) -> dict[str, dict[str, float]]:
    mb = sum(len(t.encode()) for t in texts) / 1e6
    seconds = {"codecurate (shingle_batch + signatures)": timed(lambda: ours(texts)),
               "rensa RMinHash (Python shingles)": timed(lambda: rensa_loop(texts)),
               "datasketch MinHash (Python shingles)": timed(lambda: datasketch_loop(texts))}
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch, "texts.jsonl")
        path.write_text("".join(json.dumps(t) + "\n" for t in texts))
        seconds["datatrove MinhashDedupSignature"] = peer_seconds("datatrove", path, Path(scratch))
        seconds["text-dedup MinHash embed"] = peer_seconds("text-dedup", path, Path(scratch))
    return {name: {"cpu_seconds": round(s, 2), "files_per_s": round(len(texts) / s, 1), "mb_per_s": round(mb / s, 2)}
            for name, s in seconds.items()}


def pipeline_run(files: int) -> dict[str, float]:
    """One NearDuplicateComponents run in a fresh process (so its peak RSS is its own)."""
    script = Path(__file__).with_name("dedup_speed_pipeline.py")
    out = subprocess.run([sys.executable, str(script), str(files)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--corpus", type=Path, default=CORPUS / "mb-256", help="made by benchmarks/corpus.py")
    parser.add_argument("--pipeline-files", type=int, default=500, help="files of the 1x NearDuplicateComponents run")
    parser.add_argument("--no-pipeline", action="store_true")
    args = parser.parse_args()
    texts = corpus_texts(args.corpus, args.files)
    print(json.dumps({"files": len(texts), "mb": round(sum(len(t.encode()) for t in texts) / 1e6, 2),
                      "corpus": str(args.corpus)}))
    for name, result in loops(texts).items():
        print(json.dumps({"contender": name, **result}))
    if not args.no_pipeline:
        for scale in (1, 2, 4):
            print(json.dumps({"corpus": f"{scale}x", **pipeline_run(scale * args.pipeline_files)}))


if __name__ == "__main__":
    main()
