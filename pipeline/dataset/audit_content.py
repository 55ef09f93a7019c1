"""Near copies of an arbitrary file in a published dataset (`codecurate audit --content`).

Provenance holds no contents, but the kept files' contents are the data shards: the file's MinHash
band keys (with the dataset's own near-dedup settings, from its manifest) select candidates among
the kept rows, exact Jaccard on shingles confirms them, and every member of a confirmed row's
duplicate cluster (the copies dropped in its favour) is reported with it.  Kept contents are
redacted, so a file whose secrets were replaced scores slightly below its true similarity.
"""

from __future__ import annotations

from dedup.config import NearDedupConfig
from dedup.lsh import band_keys_of
from dedup.minhash import jaccard, shingle_batch, shingle_set, signatures
from pipeline.dataset.reader import DatasetReader

_BATCH_ROWS = 512


def near_config(manifest: dict) -> NearDedupConfig:
    return NearDedupConfig.model_validate(manifest["config"]["dedup"]["near"])


def near_matches(dataset: str, manifest: dict, text: str) -> dict[str, float]:
    """Kept file id → exact Jaccard with `text`, for kept files at or above the threshold."""
    config = near_config(manifest)
    bands, rows = config.bands_rows
    query_batch = shingle_batch([text], config.ngram, config.min_tokens)
    if query_batch.indices.size == 0:
        return {}
    query_keys = set(band_keys_of(signatures(query_batch, config.num_perm, config.seed)[0], bands, rows))
    query_set = shingle_set(text, config.ngram)
    found: dict[str, float] = {}
    for shard in manifest["shards"]["data"]:
        table = DatasetReader(dataset).read_shard(shard["path"], ["id", "content"]).to_pylist()
        for start in range(0, len(table), _BATCH_ROWS):
            chunk = table[start:start + _BATCH_ROWS]
            batch = shingle_batch([row["content"] for row in chunk], config.ngram, config.min_tokens)
            for index, signature in zip(batch.indices, signatures(batch, config.num_perm, config.seed)):
                if query_keys.isdisjoint(band_keys_of(signature, bands, rows)):
                    continue
                row = chunk[int(index)]
                similarity = jaccard(query_set, shingle_set(row["content"], config.ngram))
                if similarity >= config.threshold:
                    found[row["id"]] = round(similarity, 4)
    return found
