"""Launching a built graph, shared by `run` and `update`: Dataflow's location check, and the run
itself in a thread the launcher joins in short waits (signals, `pipeline.cli.interrupt`)."""

from __future__ import annotations

import threading

from pipeline.errors import UsageError


def check_dataflow_locations(beam_args: list[str], runner: str | None) -> None:
    """Dataflow stages through gs://.  Without a gs:// temp or staging location, Beam (with the gcp
    extra) tries to create a default bucket with the user's credentials, retrying for minutes; say
    what is missing instead."""
    from apache_beam.options.pipeline_options import GoogleCloudOptions, PipelineOptions

    from pipeline.cli.dataflow_check import is_dataflow

    if not is_dataflow(runner):
        return
    cloud = PipelineOptions(beam_args).view_as(GoogleCloudOptions)
    locations = [value for value in (cloud.temp_location, cloud.staging_location) if value]
    if not any(value.startswith("gs://") for value in locations):
        given = " ".join([f"--runner {runner}", *beam_args])
        raise UsageError(f"Beam rejected the pipeline options {given}: DataflowRunner needs --temp_location "
                         f"gs://BUCKET/PATH (got {', '.join(locations) or 'none'}); correct or remove them "
                         "(they are passed to Beam unchanged)")


def run_graph(pipeline, output: str) -> None:
    """Run a built graph in a thread the launcher joins in short waits, so that a signal is
    handled at once (`pipeline.cli.interrupt`); also how `update` runs its graph."""
    from pipeline.dataset.publish import remove_staging

    failure: list[BaseException] = []

    def run() -> None:
        try:
            pipeline.run().wait_until_finish()
        except BaseException as error:  # noqa: BLE001 - handed to the launcher's thread below
            failure.append(error)

    runner = threading.Thread(target=run, name="codecurate-pipeline", daemon=True)
    runner.start()
    while runner.is_alive():
        runner.join(timeout=0.25)
    if failure:
        remove_staging(output)  # staged contents are unredacted: a failed run leaves none
        raise failure[0]
