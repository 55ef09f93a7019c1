"""Dedup settings; defaults follow StarCoder / The Stack v2 (docs/ARCHITECTURE.md) where they meet the
issue's quality bar, see `NearDedupConfig`."""

from pydantic import Field, model_validator

from core.config_base import Section


class NearDedupConfig(Section):
    """Near-dedup: MinHash LSH, candidates verified by estimated Jaccard, connected components.

    Shingles, permutations and threshold are StarCoder's (word 5-grams, 256, 0.7).  The banding
    differs: StarCoder weighs LSH false positives and false negatives equally (25 bands x 10
    rows, which finds only ~51 % of the pairs at exactly the threshold) and verifies nothing.
    Here every candidate pair is checked by its estimated Jaccard, so a false positive costs one check
    and can never join a component, while a false negative is a duplicate lost for good: misses
    are weighted 0.9 against 0.1 in datasketch's band optimisation, giving 32 x 8 (85 % found at
    the threshold, 97 % at 0.75).  `benchmarks/dedup_quality.py` has the measurements.
    """

    enabled: bool = Field(True, description="Run this stage.")
    threshold: float = Field(0.7, gt=0, lt=1, description="Jaccard similarity above which files are near-duplicates.")
    num_perm: int = Field(256, ge=16, le=1024, description="MinHash permutations.")
    ngram: int = Field(5, ge=1, description="Word n-gram size of the shingles.")
    seed: int = Field(42, description="Seed of the MinHash permutations (signatures are reproducible).")
    min_tokens: int = Field(10, ge=1, description="Files with fewer tokens are not near-deduplicated.")
    false_positive_weight: float = Field(
        0.1, ge=0, le=1,
        description="Weight of LSH false positives when bands x rows are derived from the threshold "
        "(datasketch's optimisation; 0.5/0.5 gives StarCoder's 25 x 10).",
    )
    false_negative_weight: float = Field(
        0.9, ge=0, le=1,
        description="Weight of LSH false negatives (missed pairs); the two weights sum to 1. "
        "0.9 with verification on gives 32 x 8.",
    )
    max_rounds: int = Field(
        24, ge=1,
        description="Star rounds of the distributed connected components (with a `local_components_max_edges` "
        "limit); hitting the limit is an error (measured: near-duplicate "
        "graphs need 3-5, a path of 10^5 files with sorted ids 18, of 3x10^5 random ids 16).",
    )
    local_components_max_edges: int | None = Field(
        None, ge=0,
        description="Up to this many verified edges, near components are computed on one worker in memory "
        "(16 bytes an edge staged, ~130 at the peak: measured on random graphs); beyond, by distributed star rounds (0: always). "
        "null: always in memory, and the graph has no star rounds: the local runner's choice, whose "
        "shuffles are held in one process anyway; on Dataflow set a limit (the `dataflow` preset: 10 M).",
    )
    verify_jaccard: bool = Field(
        True,
        description="Check each candidate pair (file, its LSH bucket's smallest id) by the Jaccard estimated "
        "from the two files' 8-bit (b-bit MinHash) signatures; off, as in StarCoder, LSH false positives join components.",
    )

    @model_validator(mode="after")
    def _weights_sum_to_one(self) -> "NearDedupConfig":
        if abs(self.false_positive_weight + self.false_negative_weight - 1.0) > 1e-9:
            raise ValueError("false_positive_weight + false_negative_weight must be 1")
        return self

    @property
    def bands_rows(self) -> tuple[int, int]:
        """LSH (bands, rows) derived from the threshold, permutations and weights."""
        from dedup.lsh import optimal_bands_rows

        return optimal_bands_rows(
            self.threshold, self.num_perm, self.false_positive_weight, self.false_negative_weight
        )


class DedupConfig(Section):
    exact: bool = Field(True, description="Drop exact copies (same content sha256).")
    near: NearDedupConfig = NearDedupConfig()
