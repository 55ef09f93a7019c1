"""Near-dedup quality on real code with planted near-copies, against exact Jaccard.

Corpus: distinct .py files from the virtualenv plus mutated copies of a third of them (lines
inserted and deleted, identifiers renamed) spread over Jaccard ~0.4-1.0, so that pairs fall on
both sides of the threshold.  Ground truth: exact Jaccard of word 5-gram sets for *all* pairs
(a sparse doc x shingle product, so every pair sharing a shingle is counted); a file's true
duplicates are the other files with Jaccard >= threshold.  Reported at the default threshold
(0.7):

- ``pairs``: precision and recall of the pairs the pipeline puts in one component (transitive
  chains count against precision);
- ``duplicate_files``: text-dedup's CORE-benchmark definition (``benchmarks/utils.py``
  ``classify_prediction`` in ChenghaoMou/text-dedup), whose anchor is precision 0.959, recall
  0.942.  Every file is classified by its true duplicates D and its predicted duplicates P (the
  other members of its component; empty if it is in none): P empty -> FN if D is non-empty,
  else TN; P non-empty -> TP if D is non-empty and D is a subset of P, else FP.  Precision =
  TP / (TP + FP), recall = TP / (TP + FN).  No keeper is involved (every member of a component,
  keeper included, is scored), a component missing one of a file's true duplicates makes that
  file a false positive, not a false negative, and extra (chained) members are not penalised;
- ``flagged_files``: the simpler set view (a file is predicted if it is in any component, true if
  it has any true duplicate), as reported before.

    .venv/bin/python benchmarks/dedup_quality.py [--files 1500] [--verify | --no-verify]
        [--fp-weight 0.1 --fn-weight 0.9] [--starcoder] [--seed 1]

``--starcoder`` is StarCoder's configuration (equal weights -> 25 x 10, no verification).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

os.environ.setdefault("RAYON_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import apache_beam as beam  # noqa: E402
import numpy as np  # noqa: E402
from apache_beam.runners.portability.fn_api_runner import FnApiRunner  # noqa: E402
from scipy import sparse  # noqa: E402

from benchmarks.dedup_corpus import source_files  # noqa: E402
from dedup.config import DedupConfig, NearDedupConfig  # noqa: E402
from dedup.minhash import shingle_set  # noqa: E402
from dedup.blobs import BlobRef, read_blobs, stage_summaries  # noqa: E402
from dedup.rules import text_blobs, unpack_decisions  # noqa: E402
from dedup.stage import Deduplicate  # noqa: E402
from dedup.summaries import handle_of  # noqa: E402

IDENTIFIER = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]{3,}\b")


def mutate(rng: random.Random, text: str, strength: float) -> str:
    """Delete and insert about ``strength`` of the lines, and rename some identifiers."""
    lines = text.splitlines()
    for _ in range(int(len(lines) * strength / 2)):
        if lines:
            del lines[rng.randrange(len(lines))]
    for _ in range(int(len(lines) * strength / 2)):
        lines.insert(rng.randrange(len(lines) + 1), f"    extra_{rng.randrange(10**6)} = helper({rng.randrange(99)})")
    mutated = "\n".join(lines)
    names = sorted(set(IDENTIFIER.findall(mutated)))
    for name in rng.sample(names, k=min(len(names), int(strength * 10))):
        mutated = re.sub(rf"\b{name}\b", f"{name}_renamed", mutated)
    return mutated


def build_corpus(count: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    base = source_files(count)
    corpus = list(base)
    for file_id, text in base[: count // 3]:
        for copy in range(rng.randint(1, 3)):
            copy_id = hashlib.sha256(f"{file_id}/{copy}".encode()).hexdigest()[:32]
            corpus.append((copy_id, mutate(rng, text, rng.choice([0.02, 0.05, 0.1, 0.15, 0.25, 0.4]))))
    return corpus


def exact_jaccard(corpus: list[tuple[str, str]], floor: float = 0.3) -> tuple[dict[tuple[str, str], float], int]:
    """Exact Jaccard of all pairs at or above ``floor`` (others are far from any threshold),
    and how many pairs share at least one shingle."""
    sets = [shingle_set(text, 5) for _, text in corpus]
    vocabulary, columns = np.unique(np.concatenate(sets), return_inverse=True)
    rows = np.repeat(np.arange(len(sets)), [len(s) for s in sets])
    matrix = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, columns)), shape=(len(sets), len(vocabulary)))
    inter = (matrix @ matrix.T).tocoo()
    sizes = np.array([len(s) for s in sets])
    upper = inter.row < inter.col
    r, c, both = inter.row[upper], inter.col[upper], inter.data[upper]
    jac = both / (sizes[r] + sizes[c] - both)
    ids = [file_id for file_id, _ in corpus]
    close = jac >= floor
    pairs = {tuple(sorted((ids[a], ids[b]))): float(j) for a, b, j in zip(r[close], c[close], jac[close])}
    return pairs, int(upper.sum())


def by_jaccard_level(predicted: set, jaccards: dict[tuple[str, str], float]) -> dict[str, str]:
    """Share of the pairs of each exact-Jaccard band that the pipeline put in one component."""
    edges = [0.0, 0.3, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9, 1.01]
    levels: dict[str, str] = {}
    below_floor = sum(1 for pair in predicted if pair not in jaccards)
    levels["<0.3"] = f"{below_floor} predicted"
    for low, high in zip(edges[1:], edges[2:]):
        band = [pair for pair, j in jaccards.items() if low <= j < high]
        found = sum(1 for pair in band if pair in predicted)
        levels[f"{low:.2f}-{min(high, 1.0):.2f}"] = f"{found}/{len(band)}"
    return levels


def _cluster_lines(element: tuple[int, BlobRef]) -> list[str]:
    return [f"{decision.handle} {decision.cluster_id}" for decision in unpack_decisions(read_blobs([element[1]]))]


def pipeline_components(corpus: list[tuple[str, str]], config: NearDedupConfig) -> dict[str, str]:
    """file id → cluster id, from the dedup stage as the pipeline runs it (summaries in four chunks)."""
    ids = {handle_of(file_id): file_id for file_id, _ in corpus}
    with tempfile.TemporaryDirectory() as out:
        with beam.Pipeline(runner=FnApiRunner()) as pipeline:
            _ = (
                pipeline
                | beam.Create(stage_summaries(f"{out}/summaries.bin", text_blobs(corpus, config, chunks=4)))
                | Deduplicate(DedupConfig(exact=False, near=config), copies=False, directory=f"{out}/dedup")
                | beam.FlatMap(_cluster_lines)
                | beam.io.WriteToText(f"{out}/components")
            )
        lines = [line.split() for path in Path(out).glob("components*") for line in path.read_text().splitlines()]
    return {ids[int(handle)]: cluster for handle, cluster in lines}


def text_dedup_scores(components: dict[str, str], all_ids: list[str], truth: set) -> dict[str, float]:
    """Duplicate precision and recall as text-dedup's CORE benchmark computes them (module doc)."""
    duplicates: dict[str, set[str]] = {}
    for a, b in truth:
        duplicates.setdefault(a, set()).add(b)
        duplicates.setdefault(b, set()).add(a)
    members: dict[str, set[str]] = {}
    for file_id, component in components.items():
        members.setdefault(component, set()).add(file_id)
    counts = {"TP": 0, "FP": 0, "FN": 0, "TN": 0}
    for file_id in all_ids:
        predicted = members[components[file_id]] - {file_id} if file_id in components else set()
        true = duplicates.get(file_id, set())
        if not predicted:
            counts["FN" if true else "TN"] += 1
        else:
            counts["TP" if true and true <= predicted else "FP"] += 1
    tp, fp, fn = counts["TP"], counts["FP"], counts["FN"]
    return {
        "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
        "recall": round(tp / (tp + fn), 4) if tp + fn else 0.0,
        **counts,
    }


def scores(predicted: set, truth: set) -> dict[str, float]:
    hit = len(predicted & truth)
    return {
        "precision": round(hit / len(predicted), 4) if predicted else 1.0,
        "recall": round(hit / len(truth), 4) if truth else 1.0,
        "predicted": len(predicted),
        "true": len(truth),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=1, help="seed of the mutated copies")
    parser.add_argument("--verify", action=argparse.BooleanOptionalAction, default=None,
                        help="verify candidate pairs by exact Jaccard (default: the config's default)")
    parser.add_argument("--fp-weight", type=float, help="LSH false-positive weight (fn = 1 - fp)")
    parser.add_argument("--starcoder", action="store_true", help="equal weights (25 x 10), no verification")
    args = parser.parse_args()
    overrides: dict[str, object] = {}
    if args.starcoder:
        overrides.update(false_positive_weight=0.5, false_negative_weight=0.5, verify_jaccard=False)
    if args.fp_weight is not None:
        overrides.update(false_positive_weight=args.fp_weight, false_negative_weight=1 - args.fp_weight)
    if args.verify is not None:
        overrides["verify_jaccard"] = args.verify
    config = NearDedupConfig(**overrides)
    corpus = build_corpus(args.files, seed=args.seed)
    start = time.perf_counter()
    jaccards, sharing = exact_jaccard(corpus)
    truth = {pair for pair, j in jaccards.items() if j >= config.threshold}
    truth_seconds = time.perf_counter() - start
    start = time.perf_counter()
    components = pipeline_components(corpus, config)
    pipeline_seconds = time.perf_counter() - start
    members: dict[str, list[str]] = {}
    for file_id, component in components.items():
        members.setdefault(component, []).append(file_id)
    predicted = {tuple(sorted(pair)) for group in members.values() for pair in combinations(group, 2)}
    print(
        json.dumps(
            {
                "files": len(corpus),
                "pairs_sharing_a_shingle": sharing,
                "threshold": config.threshold,
                "bands_rows": config.bands_rows,
                "weights_fp_fn": [config.false_positive_weight, config.false_negative_weight],
                "verify_jaccard": config.verify_jaccard,
                "pairs": scores(predicted, truth),
                "duplicate_files": text_dedup_scores(components, [file_id for file_id, _ in corpus], truth),
                "flagged_files": scores(set(components), {file_id for pair in truth for file_id in pair}),
                "pairs_in_one_component_by_exact_jaccard": by_jaccard_level(predicted, jaccards),
                "components": len(members),
                "exact_jaccard_seconds": round(truth_seconds, 1),
                "pipeline_seconds": round(pipeline_seconds, 1),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
