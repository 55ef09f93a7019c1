"""The same pipeline on other runners and filesystems gives the local runner's bytes (README "Runners, scale and Dataflow").

- a Beam filesystem registered under `fakefs://` (in-process runner, `--workers 1`): every read
  and write must go through `FileSystems`;
- Beam's portable runner with the embedded job service and SDK workers in a worker pool process
  started here (the Fn API path of Dataflow Runner v2);
- Beam's Dask runner on a `distributed.LocalCluster` of two worker processes: Beam 2.77's Dask
  runner cannot run this pipeline (see the tests at the end for the two reasons, each reproduced
  on its own); the full run is kept as a strict xfail so that a Beam fix shows up at once.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.fake_filesystem import STORE
from pipeline import cli

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample"
BIN = Path(sys.executable).parent
TABLE_ROWS = [
    {"repo_name": "tables/utils", "path": "utils/paths.py", "license": "MIT", "stars": 3,
     "content": "import os\n\n\ndef parent(path):\n    return os.path.dirname(os.path.abspath(path))\n"},
    {"repo_name": "tables/utils", "path": "utils/mail.py", "license": "Apache-2.0",
     "content": "CONTACT = 'maintainer@corp-mail.org'\n\n\ndef contact():\n    return CONTACT\n"},
    {"repo_name": "tables/gpl", "path": "gpl.c", "license": "GPL-3.0-only",
     "content": "int main(void) {\n    return 0;\n}\n"},
]
DASK_RUNNER = "apache_beam.runners.dask.dask_runner.DaskRunner"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample dumps (directories, .tar.gz, .zip, index.jsonl), a JSONL table and the opt-out list."""
    root = tmp_path_factory.mktemp("inputs")
    shutil.copytree(SAMPLE / "dumps", root / "dumps")
    (root / "tables").mkdir()
    (root / "tables" / "extra.jsonl").write_text("".join(json.dumps(row) + "\n" for row in TABLE_ROWS))
    shutil.copy(SAMPLE / "optout.txt", root / "optout.txt")
    return root


def _arguments(inputs: Path | str, output: str) -> list[str]:
    return ["run", f"{inputs}/dumps/", f"{inputs}/tables/extra.jsonl", "--output", output,
            "--optout", f"{inputs}/optout.txt", "--quiet"]


def _codecurate(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """The CLI in its own process, as a user runs it (the venv's bin first: SDK workers run `python`)."""
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.run([str(BIN / "codecurate"), *args], capture_output=True, text=True, env=env, timeout=timeout)


def _dataset_files(folder: Path) -> dict[str, bytes]:
    """Every file of a dataset but run.json (timings and host: different by design)."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file() and path.name != "run.json"}


def _assert_identical(expected: dict[str, bytes], actual: dict[str, bytes]) -> None:
    assert sorted(actual) == sorted(expected)
    different = [name for name in expected if expected[name] != actual[name]]
    assert not different, f"files differ from the local runner's: {different}"
    assert "manifest.json" in expected and any(name.startswith("data/") for name in expected)


@pytest.fixture(scope="module")
def local_dataset(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The reference: the default local runner, all cores."""
    output = tmp_path_factory.mktemp("local") / "ds"
    result = _codecurate(*_arguments(inputs, str(output)))
    assert result.returncode == 0, result.stderr[-3000:]
    return _dataset_files(output)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("localhost", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "the worker pool exited"
        try:
            with socket.create_connection(("localhost", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing listens on port {port}")


@pytest.mark.slow
def test_every_read_and_write_goes_through_beam_filesystems(inputs, local_dataset, tmp_path, monkeypatch) -> None:
    STORE.clear()
    uploaded = []
    for path in sorted(inputs.rglob("*")):
        if path.is_file():
            name = f"fakefs://in/{path.relative_to(inputs)}"
            STORE.objects[name] = path.read_bytes()
            uploaded.append(name)
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)  # a local os.makedirs("fakefs://…") would land here

    assert cli.main([*_arguments("fakefs://in", "fakefs://out/ds"), "--workers", "1"]) == 0

    assert not list(workdir.iterdir()), "something was written to a local path"
    assert set(uploaded) <= set(STORE.reads), "an input was read without FileSystems"
    prefix = "fakefs://out/ds/"
    written = {name[len(prefix):]: data for name, data in STORE.objects.items()
               if name.startswith(prefix) and not name.endswith("/run.json")}
    _assert_identical(local_dataset, written)
    assert cli.main(["verify", "fakefs://out/ds", "--optout", "fakefs://in/optout.txt"]) == 0


@pytest.mark.slow
def test_portable_runner_with_external_sdk_workers_matches_local(inputs, local_dataset, tmp_path) -> None:
    port = _free_port()
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    pool = subprocess.Popen(
        [sys.executable, "-m", "apache_beam.runners.worker.worker_pool_main", f"--service_port={port}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, pool)
        output = tmp_path / "ds"
        result = _codecurate(*_arguments(inputs, str(output)), "--runner", "PortableRunner",
                             "--job_endpoint", "embed", "--environment_type", "EXTERNAL",
                             "--environment_config", f"localhost:{port}")
        assert result.returncode == 0, result.stderr[-3000:]
    finally:
        pool.terminate()
        pool.wait(timeout=30)
    _assert_identical(local_dataset, _dataset_files(output))


@pytest.fixture(scope="module")
def dask_address():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.mark.slow
@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="Beam 2.77 DaskRunner sends every output of a multi-output ParDo to each tagged "
                          "PCollection (README 'Runners'): the odd numbers arrive as 'even' too")
def test_dask_runner_keeps_tagged_outputs_apart(dask_address) -> None:
    """The limitation on its own: a two-output ParDo, nothing from codecurate."""
    import apache_beam as beam
    from apache_beam.options.pipeline_options import PipelineOptions

    def split(number: int):
        yield number if number % 2 == 0 else beam.pvalue.TaggedOutput("odd", number)

    options = PipelineOptions([f"--runner={DASK_RUNNER}", f"--dask_client_address={dask_address}"])
    pipeline = beam.Pipeline(options=options)
    parts = pipeline | beam.Create(range(6)) | beam.FlatMap(split).with_outputs("odd", main="even")
    seen = (parts.even | "Even" >> beam.Map(lambda n: ("even", n)),
            parts.odd | "Odd" >> beam.Map(lambda n: ("odd", n))) | beam.Flatten()
    collected = seen | beam.combiners.ToList()
    result_file = Path(os.environ.get("TMPDIR", "/tmp")) / f"dask-tagged-{os.getpid()}.json"
    _ = collected | beam.Map(lambda rows: result_file.write_text(json.dumps(sorted(rows))))
    result = pipeline.run()
    try:
        result.wait_until_finish()
    finally:
        result.client.close()
    rows = json.loads(result_file.read_text())
    result_file.unlink()
    assert rows == sorted([["even", 0], ["even", 2], ["even", 4], ["odd", 1], ["odd", 3], ["odd", 5]])


DASK_SECONDS = 120
"""The local runner builds this dataset in ~15-30 s; a Dask run that takes longer hit the side-input
defect (earlier graphs did not finish in 8 minutes), which this test does not expect."""


@pytest.mark.slow
@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="Beam 2.77 DaskRunner sends the curate stage's chunk references to its summaries "
                          "output too (the tagged-output defect above), so dedup meets a ChunkRef (README 'Runners')")
def test_dask_runner_matches_local(inputs, tmp_path, dask_address) -> None:
    """The default config: the Dask run fails at once on the mixed tagged outputs (a TimeoutExpired,
    the side-input defect, would be a different failure and fail this test)."""
    local, dask = tmp_path / "local", tmp_path / "dask"
    result = _codecurate(*_arguments(inputs, str(local)))
    assert result.returncode == 0, result.stderr[-3000:]
    result = _codecurate(*_arguments(inputs, str(dask)), "--runner", DASK_RUNNER,
                         "--dask_client_address", dask_address, timeout=DASK_SECONDS)
    if result.returncode:
        assert "ChunkRef" not in result.stderr, "the tagged-output defect: " + result.stderr[-300:]
    assert result.returncode == 0, result.stderr[-3000:]
    _assert_identical(_dataset_files(local), _dataset_files(dask))
