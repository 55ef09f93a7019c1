"""Runner selection: the local default never touches the network (no Prism download)."""

from __future__ import annotations

import os
import shutil
import sys
import weakref

import apache_beam as beam
from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions

LOCAL = "local"


def pipeline_options(beam_args: list[str], runner: str | None, workers: int | None) -> PipelineOptions:
    """Beam options from the pass-through arguments; `--runner` absent means the local runner."""
    args = list(beam_args)
    if runner and runner != LOCAL:
        args.append(f"--runner={runner}")
    options = PipelineOptions(args)
    if not runner or runner == LOCAL:
        count = workers or os.cpu_count() or 1
        direct = options.view_as(DirectOptions)
        direct.direct_num_workers = count
        # Several workers run as processes started by `make_runner`'s environment; the running
        # mode is left unset there so that FnApiRunner does not replace that environment.
        direct.direct_running_mode = "in_memory" if count == 1 else None
    return options


def make_runner(runner: str | None, workers: int | None = None, debug: bool = False):
    """FnApiRunner for local runs (Beam's DirectRunner would first try to fetch Prism); with more
    than one worker, one process each, started through `pipeline.local_worker`."""
    if runner and runner != LOCAL:
        return None  # Beam resolves --runner from the options
    from apache_beam.runners.portability.fn_api_runner import FnApiRunner

    if (workers or os.cpu_count() or 1) == 1:
        return FnApiRunner()
    from apache_beam.transforms.environments import SubprocessSDKEnvironment

    os.environ["CODECURATE_WORKER_LOG_LEVEL"] = "DEBUG" if debug else "WARNING"
    os.environ["CODECURATE_LAUNCHER_PID"] = str(os.getpid())  # workers end with it (pipeline.local_worker)
    command = f"{sys.executable} -m pipeline.local_worker"
    return FnApiRunner(default_environment=SubprocessSDKEnvironment.from_command_string(command))


def new_pipeline(beam_args: list[str], runner: str | None, workers: int | None,
                 debug: bool = False) -> beam.Pipeline:
    options = pipeline_options(beam_args, runner, workers)
    return removes_its_temp_dir(beam.Pipeline(runner=make_runner(runner, workers, debug), options=options))


_TEMP_DIRS: list[weakref.finalize] = []


def removes_its_temp_dir(pipeline: beam.Pipeline) -> beam.Pipeline:
    """Every Beam pipeline makes a `beam-pipeline-temp*` folder in the system's temp dir and removes it
    only in `run()`; a pipeline that is only described (a dry run, the runner-API round trip) or
    refused before it runs would leave it behind. It goes when the pipeline is collected, or when the
    process leaves (`remove_temp_dirs`, called by `cli.entry.leave` and the signal handler, which skip the
    interpreter's exit)."""
    _TEMP_DIRS[:] = [finalizer for finalizer in _TEMP_DIRS if finalizer.alive]  # a long-lived caller's list stays short
    _TEMP_DIRS.append(weakref.finalize(pipeline, shutil.rmtree, pipeline.local_tempdir, True))
    return pipeline


def remove_temp_dirs() -> None:
    """Remove the temp folders of this process's pipelines now (each once; a run's is gone already)."""
    while _TEMP_DIRS:
        _TEMP_DIRS.pop()()
