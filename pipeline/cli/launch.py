"""Launching a built graph, shared by `run` and `update`: Dataflow's location check, and the run
itself in a thread the launcher joins in short waits (signals, `pipeline.cli.interrupt`)."""

from __future__ import annotations

import threading
import time

from pipeline.errors import RunFailed, UsageError

WORKER_THREAD = "run_worker"
"""Beam's name for the launcher thread that waits on one local worker process
(`SubprocessSdkWorkerHandler.start_worker`); it fails with a RuntimeError when that process ends
with a code other than 0."""


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
    handled at once (`pipeline.cli.interrupt`); also how `update` runs its graph.

    A local worker process that dies during the run (the system's out-of-memory killer, a crash)
    ends the run with `RunFailed`: Beam's runner notices only the thread that waited on it failing,
    and went on waiting for the dead worker's answer, for ever (2 runs in 3 with one worker
    killed), while its other threads printed tracebacks of their broken streams (kept quiet now:
    `consequences`).  Ctrl-C kills the workers too: the signal's handler, which runs while this
    thread waits out `consequences.GRACE`, ends the process first."""
    from pipeline.cli.consequences import GRACE, QuietAfter
    from pipeline.cli.interrupt import end_descendants
    from pipeline.dataset.publish import remove_staging

    failure: list[BaseException] = []

    def run() -> None:
        try:
            pipeline.run().wait_until_finish()
        except BaseException as error:  # noqa: BLE001 - handed to the launcher's thread below
            failure.append(error)

    worker_died = threading.Event()
    quiet = QuietAfter(worker_died, is_cause=lambda hook_args: (getattr(hook_args.thread, "name", None) == WORKER_THREAD
                                                                and isinstance(hook_args.exc_value, RuntimeError)))
    runner = threading.Thread(target=run, name="codecurate-pipeline", daemon=True)
    quiet.install()
    try:
        runner.start()
        while runner.is_alive() and not worker_died.is_set():
            runner.join(timeout=0.25)
        if worker_died.is_set():
            time.sleep(GRACE)
            end_descendants()  # the other workers wait for a run that will not go on
            failure[:] = [RunFailed(f"a worker process died during the run ({quiet.causes[0]}; the system may have "
                                    "killed it for lack of memory); nothing was published")]
    finally:
        quiet.restore()
    if failure:
        remove_staging(output)  # staged contents are unredacted: a failed run leaves none
        raise failure[0]
