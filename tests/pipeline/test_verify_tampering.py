"""`verify` describes the whole published dataset: an extra file, an edited config, a reason no
stage emits or a card that reaches past the shards each make it exit 1 naming the problem."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from support.built_datasets import deliberately_broken
from support.optout_dataset import BASE_LIST, first_version, manifest

from pipeline.cli import main
from pipeline.dataset.manifest import dataset_digest
from pipeline.dataset.schema import DATA_SCHEMA


@pytest.fixture(scope="module")
def built():
    return first_version()


def _copy(built, tmp_path: Path, name: str = "copy") -> Path:
    copy = tmp_path / name
    shutil.copytree(built.v1, copy)
    return copy


def _verify(dataset: Path, capsys, *extra: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["verify", str(dataset), *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_untouched_dataset_verifies_and_prints_its_digest(built, capsys):
    code, out, _ = _verify(built.v1, capsys)
    assert code == 0
    assert f"digest: {dataset_digest(manifest(built.v1))}" in out.splitlines()


def test_report_and_run_record_are_companions(built, tmp_path, capsys):
    copy = _copy(built, tmp_path)
    assert main(["report", str(copy)]) == 0
    assert (copy / "report.html").exists() and (copy / "run.json").exists()
    assert _verify(copy, capsys)[0] == 0


def test_an_unlisted_parquet_file_in_a_language_folder_fails(built, tmp_path, capsys):
    copy = deliberately_broken(_copy(built, tmp_path))
    template = pq.read_table(next((copy / "data" / "python").glob("*.parquet"))).to_pylist()[0]
    row = {**template, "id": "f" * 64, "path": "pkg/leak.py", "content": 'OWNER = "jane.doe@example.com"\n'}
    pq.write_table(pa.Table.from_pylist([row], schema=DATA_SCHEMA), copy / "data" / "python" / "part-99999.parquet")
    for extra in ((), ("--optout", str(built.base_list))):
        code, _, err = _verify(copy, capsys, *extra)
        assert code == 1
        assert "data/python/part-99999.parquet: not accounted for by the manifest" in err
        assert "data glob data/*/*.parquet reaches data/python/part-99999.parquet" in err


def test_a_stray_file_anywhere_fails(built, tmp_path, capsys):
    copy = deliberately_broken(_copy(built, tmp_path))
    (copy / "provenance" / "notes.txt").write_text("draft\n")
    code, _, err = _verify(copy, capsys)
    assert code == 1 and "provenance/notes.txt: not accounted for by the manifest" in err


def test_an_edited_config_fails(built, tmp_path, capsys):
    copy = deliberately_broken(_copy(built, tmp_path))
    data = manifest(copy)
    assert data["config"]["pii"]["enabled"] is True
    data["config"]["pii"]["enabled"] = False
    (copy / "manifest.json").write_text(json.dumps(data, indent=2))
    code, _, err = _verify(copy, capsys)
    assert code == 1
    assert "config does not match config_sha256" in err and "edited after the run" in err


def _rewrite_provenance(dataset: Path, edit) -> None:
    """Change provenance rows and re-record the shard's checksum, as a careful forger would."""
    data = manifest(dataset)
    entry = data["shards"]["provenance"][0]
    rows = pq.read_table(dataset / entry["path"]).to_pylist()
    edit(rows)
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows, schema=pq.read_schema(dataset / entry["path"])), buffer)
    (dataset / entry["path"]).write_bytes(buffer.getvalue())
    entry.update(bytes=len(buffer.getvalue()), sha256=hashlib.sha256(buffer.getvalue()).hexdigest())
    (dataset / "manifest.json").write_text(json.dumps(data, indent=2))


def test_a_reason_no_stage_emits_fails(built, tmp_path, capsys):
    copy = deliberately_broken(_copy(built, tmp_path))

    def bogus(rows):
        dropped = next(row for row in rows if row["status"] == "dropped")
        dropped["reason"] = "filters:looked_suspicious"

    _rewrite_provenance(copy, bogus)
    code, _, err = _verify(copy, capsys)
    assert code == 1
    assert "reason 'filters:looked_suspicious', which the pipeline never emits" in err
    assert "checksum" not in err  # the forger re-recorded it: only the reason check can catch this


def test_a_decontam_reason_needs_its_benchmark_in_the_config(built, tmp_path, capsys):
    copy = deliberately_broken(_copy(built, tmp_path))
    _rewrite_provenance(copy, lambda rows: next(r for r in rows if r["status"] == "dropped").update(
        reason="decontam:mbpp"))
    code, _, err = _verify(copy, capsys)
    assert code == 1 and "'decontam:mbpp'" in err


def test_a_card_glob_reaching_past_the_data_fails(built, tmp_path, capsys):
    copy = deliberately_broken(_copy(built, tmp_path))
    card = (copy / "README.md").read_text()
    assert "path: data/*/*.parquet" in card
    (copy / "README.md").write_text(card.replace("path: data/*/*.parquet", "path: '**/*.parquet'", 1))
    code, _, err = _verify(copy, capsys)
    assert code == 1 and re.search(r"reaches provenance/part-00000\.[0-9a-f]{16}\.parquet, which is not a listed data shard", err)


def test_a_missing_card_fails(built, tmp_path, capsys):
    copy = deliberately_broken(_copy(built, tmp_path))
    (copy / "README.md").unlink()
    code, _, err = _verify(copy, capsys)
    assert code == 1 and "README.md: the dataset card is missing" in err


def test_the_base_list_still_verifies(built, capsys):
    listing = built.root / "base-list.txt"
    listing.write_text(BASE_LIST)
    assert _verify(built.v1, capsys, "--optout", str(listing))[0] == 0


def test_optout_prints_the_new_versions_digest(built, tmp_path, capsys):
    listing = tmp_path / "list.txt"
    listing.write_text("alice\n")
    capsys.readouterr()
    assert main(["optout", str(built.v1), "--optout", str(listing), "--output", str(tmp_path / "v2")]) == 0
    digest = dataset_digest(manifest(tmp_path / "v2"))
    assert f"digest: {digest}" in capsys.readouterr().out.splitlines()
    assert digest != dataset_digest(manifest(built.v1))
    assert f"`{digest}`" in (tmp_path / "v2" / "README.md").read_text()


def test_a_manifest_without_its_shard_list_fails_cleanly(built, tmp_path, capsys):
    copy = deliberately_broken(_copy(built, tmp_path))
    data = manifest(copy)
    del data["shards"]
    (copy / "manifest.json").write_text(json.dumps(data))
    code, _, err = _verify(copy, capsys)
    assert code == 1 and "manifest.json: malformed, no shards" in err
