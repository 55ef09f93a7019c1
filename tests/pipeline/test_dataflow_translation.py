"""`codecurate run --runner DataflowRunner --dry-run` goes through Beam's own Dataflow translation
(`--dry_run=True`) offline: the job has the README's stages in order and the container image the
README says to pass.  Needs the `gcp` extra (installed by `make install`); skipped without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import cli
from pipeline.config import load_config
from pipeline.cli.dataflow_check import gcp_extra_installed, translate
from pipeline.graph import RunSpec, build
from pipeline.stages import RunContext, stage_names
from pipeline.ingest.sources import discover
from pipeline.optout.entries import load_optout
from pipeline.runner import removes_its_temp_dir

pytestmark = pytest.mark.skipif(not gcp_extra_installed(), reason="the gcp extra is not installed")
SAMPLE = Path(__file__).resolve().parents[2] / "sample"
IMAGE = "us-central1-docker.pkg.dev/my-project/images/codecurate:0.1.0"
DATAFLOW = ["--project", "my-project", "--region", "us-central1", "--temp_location", "gs://my-bucket/tmp",
            "--machine_type", "n2-standard-4", "--max_num_workers", "10", "--experiments", "use_runner_v2"]
FUSED_STAGES = ["Curate[optout+filters]", "Dedup", "Finish[policy+pii]", "Write", "Finalize"]
"""The job's top-level steps: the fused stages name the per-file steps they run, in registry
order (ingest and licence detection happen inside Curate; decontam is off by default)."""


def _spec(preset: str | None = None) -> RunSpec:
    config, optout = load_config(preset), load_optout(str(SAMPLE / "optout.txt"))
    sources = discover([str(SAMPLE / "dumps")])
    assert stage_names(RunContext(config, optout)) == ["ingest", "licenses", "optout", "filters", "dedup", "policy",
                                                       "pii", "write"]
    return RunSpec(sources, [s.repo_name for s in sources], config, optout, "gs://my-bucket/datasets/v1", progress=False)


def test_the_default_graph_translates_into_the_readme_job(offline) -> None:
    spec = _spec()
    job = translate(lambda pipeline: build(pipeline, spec), [*DATAFLOW, "--sdk_container_image", IMAGE], None)
    assert job.job_type == "JOB_TYPE_BATCH"
    assert job.images == [IMAGE]
    steps = list(job.steps)
    assert steps[0] == "Bundles" and steps[-1] == "Finalize", steps
    positions = [steps.index(stage) for stage in FUSED_STAGES]
    assert positions == sorted(positions), f"stages out of the registry's order: {steps}"
    assert job.transforms > 100


def test_the_dataflow_preset_adds_the_star_rounds_and_translates(offline) -> None:
    """The README's Dataflow command uses `--config dataflow`: near components beyond 10 M edges by
    star rounds, 60 of them unrolled; the default graph has none."""
    default = translate(lambda pipeline: build(pipeline, _spec()), [*DATAFLOW, "--sdk_container_image", IMAGE], None)
    preset = translate(lambda pipeline: build(pipeline, _spec("dataflow")),
                       [*DATAFLOW, "--sdk_container_image", IMAGE], None)
    assert list(preset.steps) == list(default.steps)
    assert preset.transforms > default.transforms + 60 * 5


def test_the_cli_dry_run_reports_the_translation_and_warns_about_the_stock_image(tmp_path, capsys, offline) -> None:
    output = tmp_path / "out"
    code = cli.main(["run", str(SAMPLE / "dumps"), "--output", str(output), "--optout", str(SAMPLE / "optout.txt"),
                     "--dry-run", "--runner", "DataflowRunner", *DATAFLOW])
    out = capsys.readouterr().out
    assert code == 0 and not output.exists()
    assert "dataflow: Beam's DataflowRunner translated the job offline (--dry_run=True)" in out
    assert "steps: Bundles → SpreadBundles → BundlesOfKey → Curate[optout+filters] → " in out
    assert "container image: gcr.io/cloud-dataflow/v1beta3/beam_python3.11_sdk:2.77.0" in out
    assert "Beam's stock SDK image, without codecurate or git" in out


def test_beams_own_dry_run_flag_does_not_look_for_a_manifest(tmp_path, capsys, offline) -> None:
    output = tmp_path / "out"
    code = cli.main(["run", str(SAMPLE / "dumps"), "--output", str(output), "--runner", "DataflowRunner", *DATAFLOW,
                     "--sdk_container_image", IMAGE, "--dry_run=True"])
    out = capsys.readouterr().out
    assert code == 0 and not output.exists()
    assert f"container image: {IMAGE}" in out and "warning" not in out


@pytest.fixture(scope="module")
def sample_version(tmp_path_factory) -> Path:
    """A first version of the sample, built locally before any test goes offline."""
    output = tmp_path_factory.mktemp("update-parent") / "v1"
    assert cli.main(["run", str(SAMPLE / "dumps"), "--output", str(output), "--optout", str(SAMPLE / "optout.txt"),
                     "--workers", "1", "--quiet"]) == 0
    return output


def test_the_update_graph_translates_with_the_stored_state_joining_dedup(sample_version, tmp_path, capsys,
                                                                         offline) -> None:
    """`codecurate update --dry-run --runner DataflowRunner`: run's fused stages plus LoadState
    (the parent's stored state) feeding the same Dedup, and the staging of what the merge reads."""
    code = cli.main(["update", str(sample_version), str(SAMPLE / "dumps"), "--output", "gs://my-bucket/datasets/v2",
                     "--dry-run", "--runner", "DataflowRunner", *DATAFLOW, "--sdk_container_image", IMAGE])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "dataflow: Beam's DataflowRunner translated the job offline (--dry_run=True)" in out
    steps = next(line for line in out.splitlines() if line.strip().startswith("steps:")).split(": ", 1)[1].split(" → ")
    expected = ["Bundles", "Curate[optout+filters]", "Reached", "StateShards", "LoadState", "AllSummaries", "Dedup",
                "Finish[policy+pii]", "StagePieces", "StageStoredDecisions"]
    assert all(step in steps for step in expected), steps
    assert steps.index("LoadState") < steps.index("AllSummaries") < steps.index("Dedup") < steps.index("Finish[policy+pii]")
    assert steps.index("Curate[optout+filters]") < steps.index("Reached") < steps.index("LoadState")
    assert f"container image: {IMAGE}" in out


def test_the_stored_state_feeds_dedup_in_the_update_graph(sample_version, tmp_path) -> None:
    """LoadState's summaries are one of the two inputs of the flatten Dedup reads; which stored
    files it loads comes from Reached (the new files' summaries), a side input."""
    import apache_beam as beam

    from pipeline.dataset.reader import DatasetReader
    from pipeline.snapshot.graph import UpdateSpec, build_update
    from pipeline.snapshot.optout_state import optout_state_entry, stored_optout
    from pipeline.snapshot.plan import plan_snapshot

    reader = DatasetReader(str(sample_version))
    plan = plan_snapshot(reader, discover([str(SAMPLE / "dumps")]))
    optout = stored_optout(reader.read_shard(optout_state_entry(reader.manifest)["path"]))
    spec = RunSpec(plan.to_read, [], load_config(None), optout, str(tmp_path / "v2"), progress=False)
    pipeline = removes_its_temp_dir(beam.Pipeline())  # built, never run
    build_update(pipeline, UpdateSpec(spec, str(sample_version), plan.state_shards, frozenset(plan.unchanged)))
    transforms = pipeline.to_runner_api().components.transforms
    by_name = {transform.unique_name: transform for transform in transforms.values()}
    flatten, load = by_name["AllSummaries"], by_name["LoadState"]
    assert len(flatten.inputs) == 2 and set(load.outputs.values()) <= set(flatten.inputs.values())
    assert set(flatten.outputs.values()) <= set(by_name["Dedup/ByFamily"].inputs.values())
    assert set(by_name["Reached"].outputs.values()) <= set(load.inputs.values())
