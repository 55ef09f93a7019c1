"""Runner selection: the local default never touches the network (no Prism download)."""

from __future__ import annotations

import os

import apache_beam as beam
from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions, StandardOptions

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
        direct.direct_running_mode = "in_memory" if count == 1 else "multi_processing"
    return options


def make_runner(runner: str | None):
    """FnApiRunner for local runs (Beam's DirectRunner would first try to fetch Prism)."""
    if not runner or runner == LOCAL:
        from apache_beam.runners.portability.fn_api_runner import FnApiRunner

        return FnApiRunner()
    return None  # Beam resolves --runner from the options


def new_pipeline(beam_args: list[str], runner: str | None, workers: int | None) -> beam.Pipeline:
    options = pipeline_options(beam_args, runner, workers)
    options.view_as(StandardOptions)
    return beam.Pipeline(runner=make_runner(runner), options=options)
