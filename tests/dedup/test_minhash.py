"""Shingling and MinHash signatures: token rule, batching, reproducibility, estimate quality."""

import json
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.minhash import TOKEN_PATTERN, jaccard, shingle_batch, shingle_set, signatures, token_hashes

ROOT = Path(__file__).resolve().parents[2]
code_text = st.text(alphabet=st.sampled_from(list("ab_Z09 .,;()\n\t=+é日—\u00a0")), max_size=300)


def ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    tokens = TOKEN_PATTERN.findall(text)
    return set(zip(*(tokens[i:] for i in range(n))))


@settings(max_examples=200, deadline=None)
@given(code_text, st.integers(min_value=1, max_value=6))
def test_shingles_follow_the_token_rule(text: str, n: int) -> None:
    hashes, _ = token_hashes(text.encode())
    assert len(hashes) == len(TOKEN_PATTERN.findall(text))
    assert len(shingle_set(text, n)) == len(ngrams(text, n))


@settings(max_examples=50, deadline=None)
@given(st.lists(code_text, max_size=8))
def test_a_batch_equals_its_files_one_by_one(texts: list[str]) -> None:
    batch = shingle_batch(texts, ngram=3, min_tokens=4)
    expected = [i for i, t in enumerate(texts) if len(TOKEN_PATTERN.findall(t)) >= 4]
    assert batch.indices.tolist() == expected
    for k, index in enumerate(batch.indices):
        assert np.array_equal(np.unique(batch.of(k)), shingle_set(texts[index], 3))


def test_ngrams_are_order_sensitive_and_token_exact() -> None:
    assert len(shingle_set("tuple int int tuple int int tuple tuple int int", 5)) == 6
    assert shingle_set("a b c", 3).tolist() != shingle_set("a c b", 3).tolist()
    assert shingle_set("ab c", 2).tolist() != shingle_set("a bc", 2).tolist()


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(500)]
    return [" ".join(rng.choice(vocab) for _ in range(rng.randint(20, 400))) for _ in range(count)]


SIGNATURE_SCRIPT = """
import json, random, sys
from dedup.minhash import shingle_batch, signatures
rng = random.Random(7)
texts = [" ".join(f"w{rng.randrange(500)}" for _ in range(200)) for _ in range(5)]
print(json.dumps(signatures(shingle_batch(texts, 5, 10), 256, 42).tolist()))
"""


def test_signatures_are_equal_across_processes() -> None:
    rng = random.Random(7)
    texts = [" ".join(f"w{rng.randrange(500)}" for _ in range(200)) for _ in range(5)]
    here = signatures(shingle_batch(texts, 5, 10), 256, 42).tolist()
    for hash_seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", SIGNATURE_SCRIPT],
            cwd=ROOT,
            env={"PYTHONHASHSEED": hash_seed, "PATH": ""},
            capture_output=True,
            text=True,
            check=True,
        )
        assert json.loads(out.stdout) == here


def test_estimates_track_exact_jaccard_as_closely_as_datasketch() -> None:
    rng = random.Random(3)
    vocab = [f"t{i}" for i in range(3000)]
    ours, reference = [], []
    for _ in range(60):
        base = [rng.choice(vocab) for _ in range(rng.randint(100, 1500))]
        copy = [tok if rng.random() > rng.uniform(0.0, 0.15) else rng.choice(vocab) for tok in base]
        a, b = " ".join(base), " ".join(copy)
        exact = jaccard(shingle_set(a, 5), shingle_set(b, 5))
        sig = signatures(shingle_batch([a, b], 5, 10), 256, 42)
        ours.append(abs(float(np.mean(sig[0] == sig[1])) - exact))
        sketches = []
        for text in (a, b):
            tokens = text.split()
            sketch = MinHash(num_perm=256, seed=42)
            sketch.update_batch([" ".join(g).encode() for g in zip(*(tokens[i:] for i in range(5)))])
            sketches.append(sketch)
        reference.append(abs(sketches[0].jaccard(sketches[1]) - exact))
    assert max(ours) < 0.12
    assert np.mean(ours) < 0.04
    assert np.mean(ours) < np.mean(reference) + 0.01


def test_short_files_are_skipped_and_signatures_have_num_perm_slots() -> None:
    texts = ["one two three", *_texts(3, seed=1)]
    batch = shingle_batch(texts, ngram=5, min_tokens=10)
    assert batch.indices.tolist() == [1, 2, 3]
    assert signatures(batch, 128, 1).shape == (3, 128)
    assert signatures(shingle_batch([], 5, 10), 64, 1).shape == (0, 64)
