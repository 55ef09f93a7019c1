"""The write transform: finished pieces become shards placed by id and per-language totals, rows
sorted by id, provenance pointing at each kept row's data shard, whatever the piece split."""

from __future__ import annotations

import hashlib
from pathlib import Path

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipeline.config import WriteConfig
from pipeline.dataset.layout import TMP, data_shard_path, shard_count, shard_index
from pipeline.dataset.schema import DATA_SCHEMA, PROVENANCE_SCHEMA, data_row, provenance_row
from pipeline.finish import Piece
from pipeline.records import FileRecord
from pipeline.snapshot.state import state_row, state_table
from pipeline.staging import chunk_file, write_table
from pipeline.write import WriteShards


def record(index: int, language: str, dropped: bool = False) -> FileRecord:
    content = f"print({index})\n" * 40
    item = FileRecord(id=hashlib.sha256(str(index).encode()).hexdigest()[:32], repo_name="o/r", path=f"f{index}",
                      commit="", content=content, size=len(content), content_sha256="", language=language)
    return item.drop("filters:x") if dropped else item


def piece(output: str, key: str, records: list[FileRecord]) -> Piece:
    kept = sorted((r for r in records if not r.dropped), key=lambda r: r.id)
    data_path, provenance_path = chunk_file(output, key, "data"), chunk_file(output, key, "provenance")
    write_table(data_path, pa.Table.from_pylist([data_row(r) for r in kept], schema=DATA_SCHEMA))
    write_table(provenance_path, pa.Table.from_pylist([provenance_row(r, None) for r in records], schema=PROVENANCE_SCHEMA))
    write_table(chunk_file(output, key, "state"), state_table([state_row(r, 0, r.reason, "", None) for r in records]))
    sizes: dict[str, int] = {}
    for r in kept:
        slug = r.language.lower()
        sizes[slug] = sizes.get(slug, 0) + len(r.content)
    return Piece(key, data_path, provenance_path, tuple(sorted(sizes.items())), len(records), {}, ("o/r",))


def test_pieces_become_sorted_shards_placed_by_id(tmp_path: Path) -> None:
    output = str(tmp_path)
    config = WriteConfig(shard_bytes=1500, provenance_shard_rows=7)
    records = [record(i, "Python" if i % 3 else "Go", dropped=i % 5 == 0) for i in range(30)]
    pieces = [piece(output, "a", records[:12]), piece(output, "b", records[12:])]
    counts = {language: shard_count(sum(len(r.content) for r in records if not r.dropped and r.language == language),
                                    config.shard_bytes) for language in ("Python", "Go")}
    provenance_shards = shard_count(len(records), config.provenance_shard_rows)
    pipeline = BeamTestPipeline(runner="FnApiRunner")
    infos = pipeline | beam.Create(pieces) | WriteShards(output, config)
    assert_that(infos | beam.Map(lambda info: info.path),
                equal_to(sorted({data_shard_path(r.language.lower(), shard_index(r.id, counts[r.language]))
                                 for r in records if not r.dropped}
                                | {f"{kind}/part-{shard_index(r.id, provenance_shards, 1):05d}.parquet"
                                   for r in records for kind in ("provenance", "state")})))
    pipeline.run().wait_until_finish()
    provenance = []
    for path in sorted((tmp_path / TMP / "provenance").glob("*.parquet")):
        rows = pq.read_table(path).to_pylist()
        assert [row["id"] for row in rows] == sorted(row["id"] for row in rows)
        index = int(path.stem.removeprefix("part-"))
        assert all(shard_index(row["id"], provenance_shards, 1) == index for row in rows)
        provenance += rows
    assert len(provenance) == 30
    for path in sorted((tmp_path / TMP / "provenance").glob("*.parquet")):  # state follows provenance, shard by shard
        state = pq.read_table(tmp_path / TMP / "state" / path.name).column("id").to_pylist()
        assert state == pq.read_table(path).column("id").to_pylist()
    for row in provenance:
        if row["status"] == "kept":
            shard = tmp_path / TMP / row["shard"]
            assert row["id"] in pq.read_table(shard, columns=["id"]).column("id").to_pylist()
        else:
            assert row["shard"] is None
    assert counts["Go"] > 1 and counts["Python"] > 1
    assert all(pq.read_schema(path) == DATA_SCHEMA for path in (tmp_path / TMP / "data").rglob("*.parquet"))
