"""LSH banding: the numbers of bands and rows derived from the Jaccard threshold (keys: `dedup/summaries.py`)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np


@lru_cache(maxsize=64)
def optimal_bands_rows(
    threshold: float,
    num_perm: int,
    false_positive_weight: float = 0.5,
    false_negative_weight: float = 0.5,
) -> tuple[int, int]:
    """(bands, rows) with bands * rows <= num_perm minimising the weighted false-positive plus
    false-negative area under the LSH S-curve 1 - (1 - s**rows)**bands around ``threshold``:
    the optimisation of datasketch's ``MinHashLSH`` (``_optimal_param``; equal weights give
    0.7/256 -> (25, 10) as in StarCoder, 0.1/0.9 give (32, 8)).

    The curve is a polynomial of degree bands * rows <= num_perm, so Gauss-Legendre quadrature
    with num_perm // 2 + 1 nodes integrates it exactly; all (bands, rows) pairs are evaluated
    at once.  Ties go to the smallest bands, then rows, as in datasketch.
    """
    if not 0.0 < threshold < 1.0:
        raise ValueError("threshold must be in (0, 1)")
    if false_positive_weight < 0 or false_negative_weight < 0 or false_positive_weight + false_negative_weight <= 0:
        raise ValueError("weights must be non-negative and not both zero")
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)
    pairs = [(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)]
    bands = np.array([p[0] for p in pairs], dtype=np.float64)[:, None]
    rows = np.array([p[1] for p in pairs], dtype=np.float64)[:, None]

    def area(low: float, high: float, miss: bool) -> np.ndarray:
        s = (high - low) / 2 * nodes + (high + low) / 2
        candidate = 1.0 - (1.0 - s[None, :] ** rows) ** bands
        curve = 1.0 - candidate if miss else candidate
        return (high - low) / 2 * (curve @ weights)

    error = false_positive_weight * area(0.0, threshold, miss=False) + false_negative_weight * area(
        threshold, 1.0, miss=True
    )
    return pairs[int(np.argmin(error))]


def candidate_probability(similarity: float, bands: int, rows: int) -> float:
    """Probability that two files of this Jaccard similarity share at least one LSH bucket."""
    return 1.0 - (1.0 - similarity**rows) ** bands
