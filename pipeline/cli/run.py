"""`codecurate run INPUT... --output DIR`: read the request, make the pipeline, then either describe
it (dry run) or prepare the output, run it (publishing is its last step) and summarise what was
published."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from dataclasses import dataclass

from pipeline.cli.launch import check_dataflow_locations, run_graph
from pipeline.errors import UsageError


@dataclass
class _RunRequest:
    """What `codecurate run` was asked to do, checked: the spec of the graph and where it goes."""

    spec: object
    sources: list
    skipped: list[str]
    output: str


def run_command(args: argparse.Namespace, beam_args: list[str]) -> int:
    request = _read_run_request(args)
    beam_args = beam_arguments(args, beam_args)
    pipeline = _make_pipeline(args, beam_args)
    if args.dry_run or _beam_dry_run(pipeline):
        return _describe_run(pipeline, request, args, beam_args)
    _prepare_output(request, args)
    elapsed = _execute(pipeline, request, args)
    _summarise(request, args, elapsed)
    return 0


def _read_run_request(args: argparse.Namespace) -> _RunRequest:
    from pipeline.config import load_config
    from pipeline.ingest.sources import discover_all
    from pipeline.optout.entries import load_optout
    from pipeline.spec import RunSpec

    config = load_config(args.config)
    optout = load_optout(args.optout)
    sources, skipped = discover_all(args.inputs)
    if not sources:
        raise UsageError("the inputs hold no repository dumps or file tables")
    output = output_location(args.output)
    _refuse_output_inside_inputs(output, args.inputs)
    names = sorted(os.path.basename(source.location.rstrip("/")) for source in sources)
    spec = RunSpec(sources, names, config, optout, output, progress=not args.quiet, skipped=tuple(skipped))
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    return _RunRequest(spec, sources, list(skipped), output)


def output_location(output: str) -> str:
    """--output as one spelling: an absolute local path, or a URL without a trailing /."""
    return output.rstrip("/") if "://" in output else os.path.abspath(output)


def beam_arguments(args: argparse.Namespace, beam_args: list[str]) -> list[str]:
    """Beam's arguments for this command: `--dry_run=True` on a dry run, Dataflow locations checked."""
    if args.dry_run and "--dry_run=True" not in beam_args:
        # Beam validates options when a pipeline is made; with the gcp extra that validation
        # reaches GCS (bucket policy checks) unless Beam knows nothing will run.
        beam_args = [*beam_args, "--dry_run=True"]
    check_dataflow_locations(beam_args, args.runner)
    return beam_args


def _make_pipeline(args: argparse.Namespace, beam_args: list[str]):
    from pipeline.runner import new_pipeline

    return _checked_pipeline(new_pipeline, beam_args, args.runner, args.workers)


def _describe_run(pipeline, request: _RunRequest, args: argparse.Namespace, beam_args: list[str]) -> int:
    from pipeline.cli.dataflow_check import dataflow_report, is_dataflow
    from pipeline.cli.dry_run import describe
    from pipeline.graph import build
    from pipeline.stages import stage_names

    build(pipeline, request.spec)
    print(describe(pipeline, stage_names(request.spec.context), request.sources))
    if is_dataflow(args.runner):
        print(dataflow_report(lambda fresh: build(fresh, request.spec), beam_args, args.workers))
    return 0


def _prepare_output(request: _RunRequest, args: argparse.Namespace) -> None:
    from pipeline.dataset.publish import prepare_output

    prepare_output(request.output, args.overwrite)


def _execute(pipeline, request: _RunRequest, args: argparse.Namespace) -> float:
    """Build and run the graph; seconds it took.  The launcher waits in short joins, so a signal
    is handled at once (`pipeline.cli.interrupt`) whatever Beam's threads are waiting for."""
    from pipeline.graph import build
    from pipeline.stages import stage_names

    started = time.time()
    build(pipeline, request.spec)
    if not args.quiet:
        print(f"codecurate: {len(request.sources)} sources, stages: {' → '.join(stage_names(request.spec.context))}",
              file=sys.stderr)
    run_graph(pipeline, request.output)
    return time.time() - started


def _summarise(request: _RunRequest, args: argparse.Namespace, elapsed: float) -> None:
    from pipeline.cli.summary import summary_table
    from pipeline.dataset.manifest import dataset_digest, read_manifest

    manifest = read_manifest(request.output)
    _write_run_json(request.output, elapsed, args, manifest)
    print(f"dataset: {request.output}")
    print(f"digest: {dataset_digest(manifest)}")
    print(summary_table(manifest["counts"]))
    if request.skipped:
        print(f"not dumps, not read ({len(request.skipped)}): {', '.join(request.skipped)}")
    print(f"elapsed: {elapsed:.1f}s")


def _beam_dry_run(pipeline) -> bool:
    """Beam's own `--dry_run=True` among the pass-through options: a run that writes nothing, so
    it takes codecurate's dry-run path (there will be no manifest to read)."""
    from apache_beam.options.pipeline_options import TestOptions

    return bool(pipeline.options.view_as(TestOptions).dry_run)


def _refuse_output_inside_inputs(output: str, inputs: list[str]) -> None:
    """A dataset written inside an input folder would be read as a repository by the next run."""
    for given in inputs:
        if any(char in given for char in "*?["):
            given = given[:min(given.index(char) for char in "*?[" if char in given)].rsplit("/", 1)[0] or "/"
        folder = given.rstrip("/") if "://" in given else os.path.abspath(given)
        if output == folder or output.startswith(folder.rstrip("/") + "/"):
            raise UsageError(f"--output {output} is inside the input {given}: the next run would read the "
                             "dataset as a repository; choose an output outside the inputs")


def _checked_pipeline(new_pipeline, beam_args: list[str], runner: str | None, workers: int | None):
    """Beam checks option values with argparse, which prints its whole usage and exits; keep only
    its `error:` line, and parse every option now so a bad value cannot fail later mid-run."""
    import contextlib
    import io

    captured = io.StringIO()
    try:
        with contextlib.redirect_stderr(captured):
            pipeline = new_pipeline(beam_args, runner, workers)
            pipeline.options.get_all_options()
    except (SystemExit, ValueError) as error:
        errors = [line.split("error: ", 1)[1] for line in captured.getvalue().splitlines() if "error: " in line]
        given = " ".join(([f"--runner {runner}"] if runner else []) + beam_args)
        raise UsageError(f"Beam rejected the pipeline options {given}: {(errors[-1] if errors else str(error)).rstrip('.')}; "
                         "correct or remove them (they are passed to Beam unchanged)") from None
    sys.stderr.write(captured.getvalue())
    return pipeline


def _write_run_json(output: str, elapsed: float, args: argparse.Namespace, manifest: dict) -> None:
    from pipeline.dataset.files import write_file

    run = {"elapsed_seconds": round(elapsed, 3), "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
           "host": platform.node(), "cpus": os.cpu_count(), "python": platform.python_version(),
           "runner": args.runner or "local", "workers": args.workers or os.cpu_count(),
           "mb_per_second": round(manifest["counts"]["bytes_in"] / 1e6 / max(elapsed, 1e-9), 3)}
    write_file(f"{output}/run.json", (json.dumps(run, indent=2, sort_keys=True) + "\n").encode())
