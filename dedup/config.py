"""Dedup settings; defaults follow StarCoder / The Stack v2 (DESIGN §4 dedup)."""

from pydantic import Field

from pipeline.config_base import Section


class NearDedupConfig(Section):
    enabled: bool = Field(True, description="Run this stage.")
    threshold: float = Field(0.7, gt=0, lt=1, description="Jaccard similarity above which files are near-duplicates.")
    num_perm: int = Field(256, ge=16, le=1024, description="MinHash permutations.")
    ngram: int = Field(5, ge=1, description="Word n-gram size of the shingles.")
    seed: int = Field(42, description="Seed of the MinHash permutations (signatures are reproducible).")
    min_tokens: int = Field(10, ge=1, description="Files with fewer tokens are not near-deduplicated.")
    max_rounds: int = Field(40, ge=1, description="Connected-components round limit; hitting it is an error.")
    local_components_max_edges: int = Field(
        0, ge=0, description="Below this many edges, components are computed in memory (0: always distributed)."
    )
    verify_jaccard: bool = Field(False, description="Check candidate pairs by exact Jaccard on shingles.")


class DedupConfig(Section):
    exact: bool = Field(True, description="Drop exact copies (same content sha256).")
    near: NearDedupConfig = NearDedupConfig()
