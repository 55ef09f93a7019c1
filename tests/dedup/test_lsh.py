"""Band parameters, band keys and bucket star edges (incl. hot buckets)."""

import warnings

import numpy as np
import pytest

from dedup.config import NearDedupConfig
from dedup.lsh import band_keys_of, bucket_star_edges, candidate_probability, optimal_bands_rows


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
    keys = band_keys_of(signature, 25, 10)
    assert len(set(keys)) == 25 and all(len(k) == 19 and int(k, 16) >= 0 for k in keys)
    changed = signature.copy()
    changed[15] = 1
    other = band_keys_of(changed, 25, 10)
    assert [a == b for a, b in zip(keys, other)] == [i != 1 for i in range(25)]


class ReIterable:
    """A grouped iterable that counts passes and refuses indexing (no hidden list copy)."""

    def __init__(self, items: list[str]) -> None:
        self._items = items
        self.passes = 0

    def __iter__(self):
        self.passes += 1
        return iter(self._items)


def test_a_hot_bucket_gives_a_star_not_a_clique() -> None:
    members = [f"{i:032x}" for i in range(5000, 0, -1)]
    grouped = ReIterable(members)
    edges = list(bucket_star_edges(grouped))
    assert grouped.passes == 2
    assert len(edges) == 4999
    assert {root for _, root in edges} == {f"{1:032x}"}
    assert list(bucket_star_edges(ReIterable([]))) == []
    assert list(bucket_star_edges(ReIterable(["a"]))) == []
