"""A run that splits big tables into parts publishes the bytes of a run that reads them whole
(README "Inputs": tables bigger than `ingest.bundle_bytes` are split at launch).

The inputs are a Parquet export with eight row groups and a JSONL export with broken lines, both
holding a key exported several times (ids disambiguated) and an exact duplicate (dedup decides a
keeper by id).  The reference run reads each table whole (default config: the tables are far
below 16 MiB); the split run uses a tiny `ingest.bundle_bytes`, so each table becomes at least
three parts, on two workers.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support.file_tables import jsonl_lines, table_rows, write_jsonl, write_parquet
from support.hardening_support import dataset_bytes

from pipeline.cli import main
from pipeline.ingest.bundles import bundle_sources
from pipeline.ingest.sources import discover
from pipeline.ingest.table_parts import TablePart

BUNDLE_BYTES = 2000


def _published(dataset: Path) -> dict[str, bytes]:
    """Data and provenance shards (the manifest names the config, which differs on purpose)."""
    return {name: data for name, data in dataset_bytes(dataset).items() if name.startswith(("data/", "provenance/"))}


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("split-run")
    inputs = root / "tables"
    inputs.mkdir()
    # A second export of other repositories, so the two tables' rows do not share keys.
    other = [{**row, "repo_name": row["repo_name"].replace("/", "-mirror/")} for row in table_rows()]
    write_parquet(inputs / "export-a.parquet", table_rows())
    write_jsonl(inputs / "export-b.jsonl", jsonl_lines(other))
    return inputs


def test_a_split_run_publishes_the_bytes_of_an_unsplit_run(tables, tmp_path) -> None:
    parts: dict[str, int] = {}
    for bundle in bundle_sources(discover([str(tables)]), BUNDLE_BYTES):
        for piece in bundle.sources:
            assert isinstance(piece, TablePart)
            parts[Path(piece.location).name] = parts.get(Path(piece.location).name, 0) + 1
    assert parts["export-a.parquet"] >= 3 and parts["export-b.jsonl"] >= 3
    assert pq.ParquetFile(tables / "export-a.parquet").metadata.num_row_groups == 8

    whole, split = tmp_path / "whole", tmp_path / "split"
    assert main(["run", str(tables), "--output", str(whole), "--workers", "1", "--quiet"]) == 0
    config = tmp_path / "tiny-bundles.yaml"
    config.write_text(f"ingest:\n  bundle_bytes: {BUNDLE_BYTES}\n")
    assert main(["run", str(tables), "--output", str(split), "--workers", "2", "--quiet",
                 "--config", str(config)]) == 0
    expected, found = _published(whole), _published(split)
    assert any(name.startswith("data/") for name in expected)
    assert sorted(found) == sorted(expected)
    assert [name for name in expected if expected[name] != found[name]] == []

    provenance = pq.read_table(split / "provenance", columns=["id", "reason"]).to_pylist()
    assert len({row["id"] for row in provenance}) == len(provenance)
    reasons = [row["reason"] for row in provenance]
    assert reasons.count("ingest:corrupt_row") == 2 and "dedup:exact" in reasons
