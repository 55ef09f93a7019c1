"""Band parameters, band keys, b-bit Jaccard estimates and bucket star edges (incl. hot buckets)."""

import warnings

import numpy as np
import pytest

from dedup.config import NearDedupConfig
from dedup.lsh import candidate_probability, optimal_bands_rows
from dedup.minhash import jaccard, shingle_batch, shingle_set, signatures
from dedup.rules import star_edge_rows
from dedup.summaries import band_keys, estimated_jaccard, low_bytes, runs_of_equal


def test_equal_weights_give_starcoder_bands_and_the_default_weighs_misses_more() -> None:
    assert optimal_bands_rows(0.7, 256) == (25, 10)
    assert NearDedupConfig(false_positive_weight=0.5, false_negative_weight=0.5).bands_rows == (25, 10)
    bands, rows = NearDedupConfig().bands_rows
    assert (bands, rows) == (32, 8)
    assert candidate_probability(0.7, 25, 10) < 0.52 < 0.85 < candidate_probability(0.7, bands, rows)


@pytest.mark.parametrize("num_perm", [16, 64, 128, 256])
@pytest.mark.parametrize("false_positive_weight", [0.5, 0.3, 0.1, 0.05])
def test_band_parameters_match_datasketch(num_perm: int, false_positive_weight: float) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from datasketch.lsh import _optimal_param
    fp, fn = false_positive_weight, 1 - false_positive_weight
    for threshold in (0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95):
        assert optimal_bands_rows(threshold, num_perm, fp, fn) == _optimal_param(threshold, num_perm, fp, fn)


def test_weights_must_sum_to_one() -> None:
    with pytest.raises(ValueError, match="must be 1"):
        NearDedupConfig(false_positive_weight=0.5)
    with pytest.raises(ValueError, match="weights"):
        optimal_bands_rows(0.7, 256, 0.0, 0.0)


def test_band_keys_depend_on_band_index_and_values() -> None:
    signature = np.zeros(256, dtype=np.uint32)
    keys = band_keys(signature, 25, 10)
    assert keys.dtype == np.uint64 and keys.shape == (25,)
    changed = signature.copy()
    changed[15] = 1
    other = band_keys(changed, 25, 10)
    assert [a == b for a, b in zip(keys, other)] == [i != 1 for i in range(25)]


def test_a_hot_bucket_gives_a_star_not_a_clique() -> None:
    handles = np.arange(5000, 0, -1, dtype=np.uint64)
    edges = star_edge_rows(np.full(5000, 9, dtype=np.uint64), handles)
    assert len(edges) == 4999
    assert set(edges["root"].tolist()) == {1}
    assert star_edge_rows(np.array([3], dtype=np.uint64), np.array([7], dtype=np.uint64)).size == 0


def test_star_edges_link_each_bucket_member_to_its_smallest_member() -> None:
    """Against a plain loop over buckets, with repeated pairs and singleton buckets."""
    rng = np.random.default_rng(5)
    keys = rng.integers(0, 40, 600).astype(np.uint64)
    handles = rng.integers(0, 2**63, 600).astype(np.uint64)
    keys, handles = np.concatenate([keys, keys[:50]]), np.concatenate([handles, handles[:50]])
    buckets: dict[int, set[int]] = {}
    for key, handle in zip(keys.tolist(), handles.tolist()):
        buckets.setdefault(key, set()).add(handle)
    expected = {(member, min(bucket)) for bucket in buckets.values() for member in bucket if member != min(bucket)}
    edges = star_edge_rows(keys, handles)
    assert set(map(tuple, edges.tolist())) == expected
    assert len(edges) == len(expected)


def test_runs_of_equal_keys_need_no_sorting() -> None:
    keys = np.array([5, 1, 5, 2, 1, 9], dtype=np.uint64)
    assert sorted(sorted(run.tolist()) for run in runs_of_equal(keys)) == [[0, 2], [1, 4]]
    assert list(runs_of_equal(np.array([3], dtype=np.uint64))) == []


def test_b_bit_signatures_estimate_jaccard() -> None:
    """The estimate from low bytes tracks the exact Jaccard of the shingle sets (256 permutations:
    standard error about 0.03), computed independently of MinHash."""
    rng = np.random.default_rng(3)
    words = [f"w{i}" for i in range(4000)]
    base = [words[i] for i in rng.integers(0, 4000, 600)]
    for edits in (0, 20, 60, 150, 300):
        other = list(base)
        for position in rng.choice(600, edits, replace=False):
            other[position] = words[rng.integers(0, 4000)]
        texts = [" ".join(base), " ".join(other)]
        batch = shingle_batch(texts, 5, 10)
        sigs = signatures(batch, 256, 42)
        exact = jaccard(shingle_set(texts[0], 5), shingle_set(texts[1], 5))
        assert abs(estimated_jaccard(low_bytes(sigs[0]), low_bytes(sigs[1])) - exact) < 0.12
