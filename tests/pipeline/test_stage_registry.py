"""A stage is one registry line: a toy stage registered here shows up in the graph, the dry run,
the manifest, the card and the report, and its drops carry its reason (docs/ARCHITECTURE.md §4)."""

from __future__ import annotations

import json
from pathlib import Path

import apache_beam as beam
import pyarrow.parquet as pq
import pytest

from support.built_datasets import deliberately_broken
from support.dumps import write_tar
from pipeline import stages
from pipeline.cli import main
from pipeline.config import Config
from pipeline.dataset.report import write_report
from pipeline.dataset.verify import verify
from pipeline.graph import build
from pipeline.spec import RunSpec
from pipeline.optout.entries import OptoutList
from pipeline.stages import STAGES, RunContext, Stage, per_file_steps, stage_names, stage_of_reason
from pipeline.runner import removes_its_temp_dir


class ShoutStep:
    name = "shout"

    def setup(self) -> None:
        pass

    def process(self, record) -> str | None:
        return "shout:loud" if "LOUD" in record.content else None


TOY = Stage("shout", "shout", None, "per_file", lambda run: True, "Files that shout are removed.",
            lambda run: ShoutStep(), rules=("loud",))


@pytest.fixture()
def toy_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    registry = list(STAGES)
    registry.insert([stage.name for stage in registry].index("pii"), TOY)
    monkeypatch.setattr(stages, "STAGES", registry)


def test_the_registry_orders_steps_and_names_reasons() -> None:
    run = RunContext(Config(), OptoutList())
    assert stage_names(run) == ["ingest", "licenses", "filters", "dedup", "policy", "pii", "write"]
    assert [step.name for step in per_file_steps(run, after_grouping=False)] == ["filters"]
    assert [step.name for step in per_file_steps(run, after_grouping=True)] == ["policy", "pii"]
    assert stage_of_reason("license:no_license") == "policy"
    assert stage_of_reason("dedup:near") == "dedup"


def test_a_toy_stage_appears_everywhere(toy_registry: None, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    write_tar(dumps / "octo__toy.tar.gz", {
        "LICENSE": "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy",
        "quiet.py": "def quiet():\n    return 'calm words here'\n",
        "loud.py": "def loud():\n    return 'LOUD words here'\n",
    })
    output = tmp_path / "out"
    args = ["run", str(dumps), "--output", str(output), "--workers", "1", "--quiet", "--config", "keep-all"]
    assert main([*args, "--dry-run"]) == 0
    assert "filters → dedup → policy → shout → pii → write" in capsys.readouterr().out
    pipeline = removes_its_temp_dir(beam.Pipeline())  # built, never run
    build(pipeline, RunSpec([], [], Config(), OptoutList(), str(output)))
    labels = [transform.full_label for transform in pipeline.transforms_stack[0].parts]
    assert "Finish[policy+shout+pii]" in labels
    assert main(args) == 0
    manifest = json.loads((output / "manifest.json").read_text())
    names = [stage["name"] for stage in manifest["stages"]]
    assert names.index("policy") < names.index("shout") < names.index("pii")
    assert manifest["counts"]["reasons"]["shout:loud"] == 1
    assert "| shout | yes | 1 | Files that shout are removed. |" in (output / "README.md").read_text()
    provenance = pq.read_table(output / "provenance").to_pylist()
    assert {row["path"]: row["reason"] for row in provenance}["loud.py"] == "shout:loud"
    assert "after shout" in Path(write_report(str(output))).read_text()
    assert verify(str(output)) == []
    deliberately_broken(output)  # verified here, under the registry that built it; not after the test
