"""The write stage: finished pieces → deterministic shards under `.tmp/`, published by `finalize`.

Shard assignment is a pure function of a file's id and of per-language totals (`dataset/layout.py`),
and rows are sorted by id inside a shard, so the bytes do not depend on the runner, the worker
count or the order of the input.  Contents still never cross a shuffle: once the totals are known
(a combine over the pieces' small counts), each piece is split on its own worker into one file per
target shard, and only those files' paths are grouped by shard.  The shard's writer merges those
id-sorted parts a row group at a time (`shard_parts.py`), so it never holds a whole shard.
Attribution rows (`attribution.py`) follow the same path: each piece's rows are split by shard (a
hash of the repository name) and the shard's writer merges a repository's rows from every chunk.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator

import apache_beam as beam
import pyarrow as pa
from apache_beam.io.filesystems import FileSystems
from apache_beam.pvalue import AsDict, AsSingleton

from filters.language import language_slug
from pipeline.attribution import attribution_table, split_chunk_attribution
from pipeline.config import WriteConfig
from pipeline.dataset.files import HashingSink, create_file, row_group_spans, table_bytes, write_file, write_row_groups
from pipeline.dataset.schema import DATA_SCHEMA, PROVENANCE_SCHEMA
from pipeline.dataset.layout import (
    TMP,
    ShardInfo,
    attribution_shard_path,
    data_shard_path,
    provenance_shard_path,
    shard_count,
    shard_index,
)
from pipeline.finish import Piece
from pipeline.memory import release_freed_memory
from pipeline.shard_parts import SortedParts, part_row_group_rows
from pipeline.snapshot.state import STATE_SCHEMA, state_shard_path
from pipeline.staging import chunk_file, read_table, write_table

ShardKey = tuple[str, str, int]
"""(kind, language slug or "", shard index)."""


def shard_relative_path(key: ShardKey) -> str:
    kind, slug, index = key
    if kind == "state":
        return state_shard_path(index)
    if kind == "attribution":
        return attribution_shard_path(index)
    return data_shard_path(slug, index) if kind == "data" else provenance_shard_path(index)


SCHEMAS = {"data": DATA_SCHEMA, "provenance": PROVENANCE_SCHEMA, "state": STATE_SCHEMA}


def _split_path(piece_path: str, key: ShardKey) -> str:
    kind, slug, index = key
    return piece_path.removesuffix(".parquet") + f".{slug or kind}.{index:05d}.parquet"


def _grouped(keys: list[ShardKey]) -> dict[ShardKey, list[int]]:
    rows: dict[ShardKey, list[int]] = defaultdict(list)
    for row, key in enumerate(keys):
        rows[key].append(row)
    return rows


class _SplitPiece(beam.DoFn):
    """Piece → (shard key, path of the piece's rows for that shard) for every shard it feeds."""

    def process(self, piece: Piece, data_counts: dict[str, int], provenance_rows: int,
                attribution_shards: int) -> Iterator[tuple[ShardKey, str]]:
        if piece.attribution_path:
            for index, path in split_chunk_attribution(piece.attribution_path, attribution_shards):
                yield ("attribution", "", index), path
        data = read_table(piece.data_path)
        data_keys: list[ShardKey] = []
        placed: dict[str, str] = {}
        for file_id, language in zip(data["id"].to_pylist(), data["language"].to_pylist()):
            slug = language_slug(language)
            key = ("data", slug, shard_index(file_id, data_counts[slug]))
            data_keys.append(key)
            placed[file_id] = shard_relative_path(key)
        yield from self._write_parts(piece.data_path, data, data_keys)
        provenance = read_table(piece.provenance_path)
        ids = provenance["id"].to_pylist()
        shards = pa.array([placed.get(file_id) for file_id in ids], type=pa.string())
        provenance = provenance.set_column(provenance.schema.get_field_index("shard"), "shard", shards)
        count = shard_count(provenance_rows, self._rows_per_shard)
        keys = [("provenance", "", shard_index(file_id, count, 1)) for file_id in ids]
        yield from self._write_parts(piece.provenance_path, provenance, keys)
        # The update state follows provenance: state shard i holds the files of provenance shard i.
        state_path = chunk_file(self._output, piece.key, "state")
        state = read_table(state_path)
        keys = [("state", "", shard_index(file_id, count, 1)) for file_id in state["id"].to_pylist()]
        yield from self._write_parts(state_path, state, keys)

    def __init__(self, config: WriteConfig, output: str) -> None:
        self._rows_per_shard = config.provenance_shard_rows
        self._output = output

    def _write_parts(self, piece_path: str, table: pa.Table, keys: list[ShardKey]) -> Iterator[tuple[ShardKey, str]]:
        for key, rows in sorted(_grouped(keys).items()):
            path = _split_path(piece_path, key)
            part = table.take(pa.array(rows, type=pa.int64()))
            write_table(path, part, row_group_rows=part_row_group_rows(part))
            yield key, path


class _WriteShard(beam.DoFn):
    """(shard key, paths of its parts) → the shard under `.tmp/`, streamed one row group at a time."""

    def __init__(self, output: str, config: WriteConfig) -> None:
        self._output = output
        self._config = config

    def process(self, element: tuple[ShardKey, Iterable[str]]) -> Iterator[ShardInfo]:
        key, paths = element
        kind, slug, _ = key
        if kind == "attribution":
            yield self._attribution_shard(key, paths)
            return
        parts = SortedParts(sorted(paths))
        schema = SCHEMAS[kind]
        relative = shard_relative_path(key)
        with create_file(FileSystems.join(self._output, TMP, relative)) as handle:
            sink = HashingSink(handle)
            spans = row_group_spans(parts.sizes, self._config)
            # Cast: Parquet reads list items back as `element`, the published schema names them `item`.
            write_row_groups(sink, schema, parts.row_groups(spans), self._config)
        release_freed_memory()
        yield ShardInfo(kind, relative, parts.num_rows, sink.size, sink.sha256.hexdigest(),
                        slug if kind == "data" else None)

    def _attribution_shard(self, key: ShardKey, paths: Iterable[str]) -> ShardInfo:
        """Attribution rows are small (licence texts, a few lines): one shard is merged in memory."""
        relative = shard_relative_path(key)
        table = attribution_table(paths)
        data = table_bytes(table, self._config)
        write_file(FileSystems.join(self._output, TMP, relative), data)
        return ShardInfo("attribution", relative, table.num_rows, len(data), hashlib.sha256(data).hexdigest())


def _language_bytes(piece: Piece) -> Iterator[tuple[str, int]]:
    yield from piece.language_bytes


class WriteShards(beam.PTransform):
    """PCollection[Piece] → PCollection[ShardInfo], every shard written under `.tmp/`."""

    def __init__(self, output: str, config: WriteConfig) -> None:
        super().__init__()
        self._output = output
        self._config = config

    def expand(self, pieces):
        config = self._config
        data_counts = (
            pieces
            | "LanguageBytes" >> beam.FlatMap(_language_bytes)
            | "BytesPerLanguage" >> beam.CombinePerKey(sum)
            | "DataShardCount" >> beam.MapTuple(lambda slug, size: (slug, shard_count(size, config.shard_bytes)))
        )
        provenance_rows = (
            pieces
            | "ProvenanceRows" >> beam.Map(lambda piece: piece.provenance_rows)
            | "TotalRows" >> beam.CombineGlobally(sum)
        )
        attribution_shards = (
            pieces
            | "AttributionBytes" >> beam.Map(lambda piece: piece.attribution_bytes)
            | "TotalAttributionBytes" >> beam.CombineGlobally(sum)
            | "AttributionShardCount" >> beam.Map(lambda size: shard_count(size, config.shard_bytes))
        )
        return (
            pieces
            | "SplitPieces" >> beam.ParDo(_SplitPiece(config, self._output), AsDict(data_counts),
                                          AsSingleton(provenance_rows), AsSingleton(attribution_shards))
            | "GroupByShard" >> beam.GroupByKey()
            | "WriteShard" >> beam.ParDo(_WriteShard(self._output, config))
        )
