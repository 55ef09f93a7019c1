"""`codecurate run --dry-run`: checks the graph for any runner, projects the cost, runs and contacts nothing."""

from __future__ import annotations

from pathlib import Path

import apache_beam as beam
import pytest

from pipeline import cli
from pipeline.cli.dry_run import GraphError, check_graph, measured_throughput
from pipeline.runner import new_pipeline

SAMPLE = Path(__file__).resolve().parents[2] / "sample" / "dumps"
DATAFLOW = ["--runner", "DataflowRunner", "--project", "my-project", "--region", "us-central1",
            "--temp_location", "gs://my-bucket/tmp", "--machine_type", "n2-standard-4", "--max_num_workers", "10"]


def _dry_run(tmp_path: Path, capsys: pytest.CaptureFixture, *extra: str) -> str:
    output = tmp_path / "out"
    code = cli.main(["run", str(SAMPLE), "--output", str(output), "--dry-run", *extra])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert not output.exists(), "a dry run must not create the output"
    return captured.out


def test_local_dry_run_prints_stages_graph_and_cost(tmp_path, capsys, offline) -> None:
    out = _dry_run(tmp_path, capsys, "--optout", str(SAMPLE.parent / "optout.txt"))
    assert "stages: ingest → licenses → optout → filters → dedup → policy → pii → write" in out
    assert "runner API round trip OK" in out
    assert "sources: 5 (3 directory, 1 tar, 1 zip)" in out
    measured = measured_throughput()
    assert measured is not None, "benchmarks/results/end_to_end.json is committed"
    assert f"{measured.mb_per_second_per_core} MB/s per core" in out
    assert "core-hours per TB" in out
    assert "nothing was run" in out


def test_dataflow_options_build_and_check_without_network(tmp_path, capsys, offline) -> None:
    out = _dry_run(tmp_path, capsys, *DATAFLOW)
    assert "runner: DataflowRunner" in out
    assert "with 4-vCPU workers" in out
    assert "on 10 workers (--max_num_workers)" in out


def test_portable_and_dask_options_are_accepted(tmp_path, capsys, offline) -> None:
    portable = _dry_run(tmp_path, capsys, "--runner", "PortableRunner", "--job_endpoint", "localhost:1",
                        "--environment_type", "EXTERNAL", "--environment_config", "localhost:2")
    assert "runner: PortableRunner" in portable
    dask = _dry_run(tmp_path, capsys, "--runner", "apache_beam.runners.dask.dask_runner.DaskRunner",
                    "--dask_client_address", "localhost:3")
    assert "DaskRunner" in dask


def test_rejected_beam_options_are_one_clear_error(tmp_path, capsys) -> None:
    code = cli.main(["run", str(SAMPLE), "--output", str(tmp_path / "o"), "--dry-run", "--runner", "DataflowRunner",
                     "--project", "my-project", "--region", "us-central1", "--temp_location", "/not/gcs"])
    assert code == 1
    assert "Beam rejected the pipeline options" in capsys.readouterr().err


def test_graph_that_cannot_be_serialised_is_reported() -> None:
    """Beam rejects unpicklable functions when they are applied; the round trip guards the rest
    (coders, transforms without a runner-API form), here stood in for by a pipeline that fails it."""

    class Unserialisable:
        runner = options = None

        def to_runner_api(self) -> None:
            raise ValueError("no coder for <Thing>")

    with pytest.raises(GraphError, match="runner API: ValueError: no coder"):
        check_graph(Unserialisable())  # type: ignore[arg-type]


def test_graph_check_counts_transforms() -> None:
    pipeline = new_pipeline([], None, 1)
    _ = pipeline | "Numbers" >> beam.Create([1, 2]) | "Double" >> beam.Map(lambda value: value * 2)
    check = check_graph(pipeline)
    assert check.primitives >= 2
    assert check.transforms > check.primitives


def test_the_cost_model_reads_the_recorded_benchmark(tmp_path) -> None:
    record = tmp_path / "end_to_end.json"
    record.write_text('{"mb_per_second_per_core": 3.25, "corpus": "c", "cores": 2, "date": "d"}')
    assert measured_throughput(record).mb_per_second_per_core == 3.25
    assert measured_throughput(tmp_path / "missing.json") is None


def test_projected_input_is_the_bytes_a_run_reads(capsys) -> None:
    """The five dump formats of the reference run: the projection equals the manifest's `bytes_in`
    (issue 25: 75.9 MB projected for 50.9 MB of tarballs, a ratio from another corpus)."""
    import json

    from support.hardening_support import reference_dataset

    from pipeline.cli.input_size import input_size
    from pipeline.ingest.sources import discover_all

    dumps, dataset = reference_dataset()
    sources, _ = discover_all([str(dumps)])
    assert {source.kind for source in sources} == {"directory", "tar", "zip", "git"}
    size = input_size(sources)
    bytes_in = json.loads((dataset / "manifest.json").read_text())["counts"]["bytes_in"]
    assert size.source == bytes_in and size.estimated_archives == 0
    assert size.stored != bytes_in  # compressed archives: what is stored is not what is read
    assert cli.main(["run", str(dumps), "--output", str(dumps.parent / "never"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert f"input: {size.stored / 1e3:,.2f} KB stored, {bytes_in / 1e3:,.2f} KB of source files" in out


def test_tarballs_beyond_the_budget_are_extrapolated_from_those_read() -> None:
    from support.hardening_support import reference_dataset

    from pipeline.cli.input_size import input_size, listed_bytes
    from pipeline.ingest.bundles import dump_size
    from pipeline.ingest.sources import discover_all

    dumps, _ = reference_dataset()
    tars = sorted((source for source in discover_all([str(dumps)])[0] if source.kind == "tar"),
                  key=lambda source: source.location)
    first, second = tars
    size = input_size(tars, tar_budget=dump_size(first))
    ratio = listed_bytes(first) / dump_size(first)
    assert size.estimated_archives == 1 and size.tar_ratio == pytest.approx(ratio)
    assert size.source == pytest.approx(listed_bytes(first) + dump_size(second) * ratio)
    assert "1 tar archive(s) beyond" in size.describe(str)
