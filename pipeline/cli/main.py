"""`codecurate` command line (README "Command line").

Errors a user can act on become one line on stderr and a non-zero exit; tracebacks only with
`--debug`.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import signal
import sys
import threading
import time
from typing import NoReturn

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

from pipeline.errors import UsageError  # noqa: E402


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="codecurate", description="Curate source-code training datasets.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="build a dataset from repository dumps")
    run.add_argument("inputs", nargs="+", metavar="INPUT")
    run.add_argument("--output", required=True, metavar="DIR")
    run.add_argument("--config", default=None, help="YAML file or preset name (default: configs/default.yaml)")
    run.add_argument("--optout", default=None, metavar="FILE")
    run.add_argument("--workers", type=int, default=None, help="local worker processes (default: all cores)")
    run.add_argument("--runner", default=None, help="Beam runner (default: local FnApiRunner)")
    run.add_argument("--overwrite", action="store_true", help="replace a dataset already in --output")
    run.add_argument("--dry-run", action="store_true", help="build and check the graph, run nothing")
    run.add_argument("--quiet", action="store_true", help="no progress lines")
    run.add_argument("--debug", action="store_true", default=argparse.SUPPRESS)

    verify = commands.add_parser("verify", help="check a dataset against its manifest")
    verify.add_argument("dataset")
    verify.add_argument("--optout", default=None, metavar="FILE")
    verify.add_argument("--debug", action="store_true", default=argparse.SUPPRESS)

    optout = commands.add_parser("optout", help="make the next version of a dataset with an opt-out list applied")
    optout.add_argument("dataset")
    optout.add_argument("--optout", required=True, metavar="FILE")
    optout.add_argument("--output", required=True, metavar="NEWDIR")
    optout.add_argument("--sources", nargs="+", default=None, metavar="INPUT",
                        help="the original inputs: promote the next-ranked duplicate of removed keepers")
    optout.add_argument("--overwrite", action="store_true")
    optout.add_argument("--debug", action="store_true", default=argparse.SUPPRESS)

    update = commands.add_parser("update", help="make the next version of a dataset from a new snapshot")
    update.add_argument("dataset", metavar="DATASET", help="the parent dataset (made by 'run' or 'update')")
    update.add_argument("inputs", nargs="+", metavar="INPUT", help="the new snapshot, in the forms 'run' reads")
    update.add_argument("--output", required=True, metavar="NEWDIR")
    update.add_argument("--workers", type=int, default=None, help="local worker processes (default: all cores)")
    update.add_argument("--runner", default=None, help="Beam runner (default: local FnApiRunner)")
    update.add_argument("--overwrite", action="store_true", help="replace a dataset already in --output")
    update.add_argument("--dry-run", action="store_true", help="build the graph, run nothing")
    update.add_argument("--quiet", action="store_true", help="no progress lines")
    update.add_argument("--debug", action="store_true", default=argparse.SUPPRESS)

    audit = commands.add_parser("audit", help="why files are in or out of a dataset")
    audit.add_argument("dataset", nargs="?")
    target = audit.add_mutually_exclusive_group(required=True)
    target.add_argument("--repo", metavar="OWNER/NAME")
    target.add_argument("--user", metavar="OWNER")
    target.add_argument("--file", metavar="PATH", help="a path inside a repository (OWNER/NAME:PATH or PATH)")
    target.add_argument("--content", metavar="FILE", help="a local file: exact and near matches")
    audit.add_argument("--history", nargs="+", default=None, metavar="DIR",
                       help="several dataset versions: in which of them the files appear")
    audit.add_argument("--json", action="store_true")
    audit.add_argument("--debug", action="store_true", default=argparse.SUPPRESS)

    report = commands.add_parser("report", help="write report.html beside the dataset")
    report.add_argument("dataset")
    report.add_argument("--debug", action="store_true", default=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args, extra = _parser().parse_known_args(argv)
    if extra and args.command not in ("run", "update"):
        print(f"codecurate {args.command}: unknown arguments: {' '.join(extra)}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING)
    if not args.debug:
        logging.getLogger().addFilter(_drop_optional_gcp_notice)
        # Worker log lines relayed by the local runner; --debug shows them.
        logging.getLogger("apache_beam.runners.portability.local_job_service").setLevel(logging.ERROR)
    try:
        if args.command == "run":
            return _run(args, extra)
        if args.command == "verify":
            return _verify(args)
        if args.command == "optout":
            from pipeline.optout.version import run_optout

            return run_optout(args)
        if args.command == "update":
            from pipeline.cli.update import run_update

            return run_update(args, extra)
        if args.command == "audit":
            from pipeline.dataset.audit import run_audit

            return run_audit(args)
        if args.command == "report":
            from pipeline.dataset.report import write_report

            print(write_report(args.dataset))
            return 0
    except KeyboardInterrupt:
        if args.debug:
            raise
        _interrupted(args)
    except BrokenPipeError:
        _stdout_closed()
    except Exception as error:  # the one place where every failure becomes a readable line
        if args.debug:
            raise
        # One line whatever the error text holds (YAML errors span several, with a caret diagram).
        print(f"codecurate {args.command}: error: {' '.join(_describe(error).split())}", file=sys.stderr)
        return 1
    return 2


def _on_interrupt(signum: int, frame: object) -> None:
    """Ctrl-C during a run: Beam's runner threads then die with tracebacks of their own (their
    workers got the same SIGINT), which are not the user's news; silence them first."""
    threading.excepthook = lambda hook_args: None
    logging.disable(logging.CRITICAL)
    raise KeyboardInterrupt


def _interrupted(args: argparse.Namespace) -> None:
    """Ctrl-C: one line and exit 130.  Beam's runner threads and worker processes would print a
    dozen tracebacks while the interpreter shuts down, so the process ends here at once; the
    workers end on the same SIGINT (pipeline.local_worker), git children with their group."""
    output = getattr(args, "output", None)
    published = False
    if args.command in ("run", "optout", "update") and output:
        try:  # Ctrl-C may have cut an import short: Beam is used only when it loaded whole
            if "://" in output:
                from apache_beam.io.filesystems import FileSystems

                published = FileSystems.exists(FileSystems.join(output, "manifest.json"))
            else:
                published = os.path.exists(os.path.join(output, "manifest.json"))
        except Exception:  # noqa: BLE001 - the one line must come out whatever the store says
            published = False
    message = ("interrupted after the dataset was published (its run record may be missing)" if published
               else "interrupted; nothing was published")
    logging.disable(logging.CRITICAL)
    sys.stderr.write(f"codecurate {args.command}: {message}\n")
    sys.stderr.flush()
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    os._exit(130)


def _stdout_closed() -> NoReturn:
    """`codecurate audit … | head`: the reader left; say nothing more (Python would print a
    BrokenPipeError while flushing stdout at exit), as other Unix tools do."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.stderr.flush()
    # Leave at once, as on Ctrl-C: finalizing the interpreter after a broken pipe can abort in a
    # native library's thread teardown ("terminate called without an active exception", SIGABRT).
    os._exit(141)


def _drop_optional_gcp_notice(record: logging.LogRecord) -> bool:
    """Beam warns at import that its optional GCP client libraries are absent; not our user's concern."""
    return "apitools not found" not in record.getMessage()


def _describe(error: Exception) -> str:
    from pipeline.config import ConfigError
    from pipeline.ingest.sources import InputError
    from pipeline.optout.entries import OptoutListError

    if isinstance(error, (UsageError, ConfigError, InputError, OptoutListError)):
        return str(error)
    return f"{type(error).__name__}: {error} (rerun with --debug for the traceback)"


def _run(args: argparse.Namespace, beam_args: list[str]) -> int:
    from pipeline.config import load_config
    from pipeline.dataset.manifest import dataset_digest, read_manifest
    from pipeline.graph import build
    from pipeline.ingest.sources import discover_all
    from pipeline.optout.entries import load_optout
    from pipeline.spec import RunSpec
    from pipeline.stages import stage_names
    from pipeline.runner import new_pipeline
    from pipeline.cli.summary import summary_table

    config = load_config(args.config)
    optout = load_optout(args.optout)
    sources, skipped = discover_all(args.inputs)
    if not sources:
        raise UsageError("the inputs hold no repository dumps or file tables")
    output = args.output.rstrip("/") if "://" in args.output else os.path.abspath(args.output)
    _refuse_output_inside_inputs(output, args.inputs)
    names = sorted(os.path.basename(source.location.rstrip("/")) for source in sources)
    spec = RunSpec(sources, names, config, optout, output, progress=not args.quiet, skipped=tuple(skipped))
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.dry_run and "--dry_run=True" not in beam_args:
        # Beam validates options when a pipeline is made; with the gcp extra that validation
        # reaches GCS (bucket policy checks) unless Beam knows nothing will run.
        beam_args = [*beam_args, "--dry_run=True"]
    _check_dataflow_locations(beam_args, args.runner)
    pipeline = _checked_pipeline(new_pipeline, beam_args, args.runner, args.workers)
    if args.dry_run or _beam_dry_run(pipeline):
        from pipeline.cli.dataflow_check import dataflow_report, is_dataflow
        from pipeline.cli.dry_run import describe

        build(pipeline, spec)
        print(describe(pipeline, stage_names(spec.context), sources))
        if is_dataflow(args.runner):
            print(dataflow_report(lambda fresh: build(fresh, spec), beam_args, args.workers))
        return 0
    from pipeline.dataset.publish import prepare_output, remove_staging

    prepare_output(output, args.overwrite)
    started = time.time()
    build(pipeline, spec)
    if not args.quiet:
        print(f"codecurate: {len(sources)} sources, stages: {' → '.join(stage_names(spec.context))}",
              file=sys.stderr)
    previous = signal.signal(signal.SIGINT, _on_interrupt)
    try:
        pipeline.run().wait_until_finish()
    except BaseException:
        remove_staging(output)  # staged contents are unredacted: a failed or interrupted run leaves none
        raise
    finally:
        signal.signal(signal.SIGINT, previous)
    elapsed = time.time() - started
    manifest = read_manifest(output)
    _write_run_json(output, elapsed, args, manifest)
    print(f"dataset: {output}")
    print(f"digest: {dataset_digest(manifest)}")
    print(summary_table(manifest["counts"]))
    if skipped:
        print(f"not dumps, not read ({len(skipped)}): {', '.join(skipped)}")
    print(f"elapsed: {elapsed:.1f}s")
    return 0


def _check_dataflow_locations(beam_args: list[str], runner: str | None) -> None:
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


def _verify(args: argparse.Namespace) -> int:
    from pipeline.dataset.manifest import dataset_digest, read_manifest
    from pipeline.dataset.verify import verify
    from pipeline.optout.entries import load_optout

    failures = verify(args.dataset, load_optout(args.optout) if args.optout else None)
    if failures:
        print(f"{args.dataset}: {len(failures)} problem(s)", file=sys.stderr)
        for failure in failures:
            print(f"  - {failure}", file=sys.stderr)
        return 1
    print(f"{args.dataset}: OK")
    print(f"digest: {dataset_digest(read_manifest(args.dataset))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
