"""The write stage: deterministic shards of kept files and of provenance, manifest last.

Shard assignment is a pure function of a file's id and of per-language totals (computed by a
combine and passed as a side input), and rows are sorted by id inside a shard, so the bytes do not
depend on the runner, the worker count or the order of the input.  Shards are written under
`.tmp/` and renamed into place by the finalize step, which writes `manifest.json` last.
"""

from __future__ import annotations

import hashlib

import apache_beam as beam
import pyarrow as pa
from apache_beam.io.filesystems import FileSystems

from filters.language import language_slug
from pipeline.config import WriteConfig
from pipeline.records import FileRecord
from pipeline.dataset.files import parquet_bytes, write_file
from pipeline.dataset.layout import (
    TMP,
    ShardInfo,
    content_bytes,
    data_shard_path,
    provenance_shard_path,
    shard_count,
    shard_index,
)
from pipeline.dataset.schema import DATA_SCHEMA, PROVENANCE_SCHEMA, data_row, provenance_row

def _write_shard(kind: str, relative: str, rows: list[dict], schema: pa.Schema, output: str,
                 config: WriteConfig, language: str | None = None) -> ShardInfo:
    rows.sort(key=lambda row: row["id"])
    data = parquet_bytes(rows, schema, config)
    write_file(FileSystems.join(output, TMP, relative), data)
    return ShardInfo(kind, relative, len(rows), len(data), hashlib.sha256(data).hexdigest(), language)


class WriteShards(beam.PTransform):
    """(kept, dropped) → PCollection[ShardInfo], every shard written under `.tmp/`."""

    def __init__(self, output: str, config: WriteConfig) -> None:
        super().__init__()
        self._output = output
        self._config = config

    def expand(self, pcolls):
        kept, dropped = pcolls
        output, config = self._output, self._config
        slugged = kept | "Slug" >> beam.Map(lambda r: (language_slug(r.language), r))
        counts = (
            slugged
            | "SlugBytes" >> beam.Map(lambda kv: (kv[0], content_bytes(kv[1])))
            | "BytesPerLanguage" >> beam.CombinePerKey(sum)
            | "DataShardCount" >> beam.Map(lambda kv: (kv[0], shard_count(kv[1], config.shard_bytes)))
        )
        placed = slugged | "PlaceData" >> beam.Map(
            lambda kv, n: ((kv[0], shard_index(kv[1].id, n[kv[0]])), kv[1]), n=beam.pvalue.AsDict(counts)
        )
        data_shards = (
            placed
            | "DataRows" >> beam.Map(lambda kv: (kv[0], data_row(kv[1])))
            | "GroupData" >> beam.GroupByKey()
            | "WriteData" >> beam.MapTuple(
                lambda key, rows: _write_shard("data", data_shard_path(key[0], key[1]), list(rows), DATA_SCHEMA,
                                               output, config, key[0])
            )
        )
        provenance = (
            (placed | "KeptProvenance" >> beam.Map(lambda kv: provenance_row(kv[1], data_shard_path(*kv[0]))),
             dropped | "DroppedProvenance" >> beam.Map(lambda r: provenance_row(r, None)))
            | "AllProvenance" >> beam.Flatten()
        )
        total = provenance | "CountRows" >> beam.combiners.Count.Globally()
        provenance_shards = (
            provenance
            | "PlaceProvenance" >> beam.Map(
                lambda row, n: (shard_index(row["id"], shard_count(n, config.provenance_shard_rows), 1), row),
                n=beam.pvalue.AsSingleton(total),
            )
            | "GroupProvenance" >> beam.GroupByKey()
            | "WriteProvenance" >> beam.MapTuple(
                lambda index, rows: _write_shard("provenance", provenance_shard_path(index), list(rows),
                                                 PROVENANCE_SCHEMA, output, config)
            )
        )
        return (data_shards, provenance_shards) | "AllShards" >> beam.Flatten(), provenance
