"""A bug a detector hits on one file costs that file, not the run: through the real pipeline, the
file is dropped as `<stage>:error` (fail closed: nothing of it is published), counted in the
manifest, and the dataset verifies."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from support.dumps import write_tar
from pii.stage import PiiStep
from pipeline import reasons
from pipeline.cli import main
from pipeline.config import Config
from pipeline.dataset.verify import verify
from pipeline.optout.entries import OptoutList
from pipeline.stages import STAGES, RunContext
from pipeline.steps import reason_prefix

TAG = "# SPDX-License-Identifier: MIT\n"


def test_every_per_file_stage_fails_under_its_own_reason_prefix() -> None:
    run = RunContext(Config(), OptoutList())
    for stage in STAGES:
        if stage.kind == "per_file":
            assert reason_prefix(stage.step(run)) == stage.reason_prefix
            assert f"{stage.reason_prefix}:error" in reasons.known_reasons(Config().resolved())
    assert "licenses:error" in reasons.known_reasons(Config().resolved())  # the scan at ingest (licence_fields.py)


def test_a_step_that_raises_on_one_file_drops_it_and_the_run_completes(tmp_path: Path, monkeypatch) -> None:
    redact = PiiStep.process

    def buggy(self, record):
        if "TRIGGER" in record.content:
            raise RecursionError("a recognizer went too deep")
        return redact(self, record)

    monkeypatch.setattr(PiiStep, "process", buggy)
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    write_tar(dumps / "octo__app.tar.gz", {
        "fine.py": TAG + "def fine():\n    return 'nothing odd in this module at all'\n",
        "odd.py": TAG + "def odd():\n    return 'TRIGGER and a password = \"hunter2hunter2\"'\n",
    })
    output = tmp_path / "out"
    assert main(["run", str(dumps), "--output", str(output), "--workers", "1", "--quiet"]) == 0
    rows = {row["path"]: row for row in pq.read_table(output / "provenance").to_pylist()}
    assert rows["odd.py"]["reason"] == "pii:error" and rows["odd.py"]["status"] == "dropped"
    assert rows["fine.py"]["status"] == "kept"
    data = pq.read_table(output / "data").to_pylist()
    assert [row["path"] for row in data] == ["fine.py"]
    assert json.loads((output / "manifest.json").read_text())["counts"]["reasons"]["pii:error"] == 1
    assert verify(str(output)) == []
