"""`codecurate` command line (README "Command line").

Errors a user can act on become one line on stderr and a non-zero exit; tracebacks only with
`--debug`.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import os
import platform
import signal
import sys
import textwrap
import time
from dataclasses import dataclass
from typing import NoReturn

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

from pipeline.cli.launch import check_dataflow_locations, run_graph  # noqa: E402
from pipeline.errors import UsageError  # noqa: E402

PUBLISHING_COMMANDS = ("run", "optout", "update")
"""Commands that publish a dataset into --output: a signal leaves the old version whole."""


def _parser() -> argparse.ArgumentParser:
    from pipeline.cli import help_texts as texts

    parser = argparse.ArgumentParser(prog="codecurate", description="Curate source-code training datasets.",
                                     epilog="`codecurate COMMAND --help` describes each command's arguments.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    commands = parser.add_subparsers(dest="command", required=True)
    described = {"formatter_class": argparse.RawDescriptionHelpFormatter}
    wrap = functools.partial(textwrap.fill, width=88)

    run = commands.add_parser("run", help="build a dataset from repository dumps", **described,
                              description=wrap("Build a dataset from repository dumps: ingest, licences, opt-out, "
                                          "filters, dedup, PII redaction, then publish Parquet + provenance + "
                                          "manifest. Arguments not listed here go to Beam."),
                              epilog=texts.RUN_EXAMPLES + texts.OPTOUT_FORMAT)
    run.add_argument("inputs", nargs="+", metavar="INPUT", help=texts.INPUT)
    run.add_argument("--output", required=True, metavar="DIR", help=texts.OUTPUT)
    run.add_argument("--config", default=None, metavar="FILE|PRESET",
                     help="YAML file or preset name: default, stack-v2, keep-all, dataflow (default: configs/default.yaml)")
    run.add_argument("--optout", default=None, metavar="FILE", help=texts.OPTOUT_FILE + "; those files are left out")
    run.add_argument("--workers", type=int, default=None, metavar="N", help="local worker processes (default: all cores)")
    run.add_argument("--runner", default=None, help="Beam runner (default: local FnApiRunner, no network)")
    run.add_argument("--overwrite", action="store_true",
                     help="replace a dataset already in --output (it stays whole until the new one is published)")
    run.add_argument("--dry-run", action="store_true", help="build and check the graph, project the cost, run nothing")
    run.add_argument("--quiet", action="store_true", help="no progress lines")
    run.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show tracebacks and debug logs")

    verify = commands.add_parser("verify", help="check a dataset against its manifest", **described,
                                 description=wrap("Check every published byte against the manifest (checksums, "
                                             "schema, counts, card globs, config hash) and, with --optout, "
                                             "that no listed file is published. Exit 1 with the problems found; "
                                             "leftovers of an interrupted publish are named apart."),
                                 epilog=texts.VERIFY_EXAMPLES + texts.OPTOUT_FORMAT)
    verify.add_argument("dataset", metavar="DATASET", help=texts.DATASET)
    verify.add_argument("--optout", default=None, metavar="FILE",
                        help=texts.OPTOUT_FILE + "; fail if any of its files is still published")
    verify.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show tracebacks and debug logs")

    optout = commands.add_parser("optout", help="make the next version of a dataset with an opt-out list applied",
                                 **described,
                                 description=wrap("Make the next version of DATASET with an opt-out list applied, "
                                             "rewriting only the shards whose rows change. What DATASET already "
                                             "removed stays removed."),
                                 epilog=texts.OPTOUT_EXAMPLES + texts.OPTOUT_FORMAT)
    optout.add_argument("dataset", metavar="DATASET", help=texts.DATASET + " (the parent version; never modified)")
    optout.add_argument("--optout", required=True, metavar="FILE",
                        help=texts.OPTOUT_FILE + "; the whole cumulative list or only the new requests")
    optout.add_argument("--output", required=True, metavar="NEWDIR",
                        help="directory for the new version (not DATASET itself); " + texts.OUTPUT.split("; ", 1)[-1])
    optout.add_argument("--sources", nargs="+", default=None, metavar="INPUT",
                        help="the parent's original inputs: promote the next-ranked duplicate of removed keepers")
    optout.add_argument("--overwrite", action="store_true", help="replace a dataset already in --output")
    optout.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show tracebacks and debug logs")

    update = commands.add_parser("update", help="make the next version of a dataset from a new snapshot",
                                 **described,
                                 description=wrap("Make the next version of DATASET from a new snapshot of the "
                                                  "repositories, with DATASET's config and every opt-out it honours. "
                                                  "Repositories absent from the snapshot leave; new repositories and "
                                                  "new commits enter; unchanged dumps are not read. Dedup runs over "
                                                  "the new files and DATASET's stored state; only shards whose rows "
                                                  "change are rewritten. Arguments not listed here go to Beam."),
                                 epilog=texts.UPDATE_EXAMPLES)
    update.add_argument("dataset", metavar="DATASET",
                        help=texts.DATASET + " (the parent version, made by 'run' or 'update'; never modified)")
    update.add_argument("inputs", nargs="+", metavar="INPUT", help="the new snapshot: " + texts.INPUT)
    update.add_argument("--output", required=True, metavar="NEWDIR",
                        help="directory for the new version (not DATASET itself); " + texts.OUTPUT.split("; ", 1)[-1])
    update.add_argument("--workers", type=int, default=None, metavar="N", help="local worker processes (default: all cores)")
    update.add_argument("--runner", default=None, help="Beam runner (default: local FnApiRunner, no network)")
    update.add_argument("--overwrite", action="store_true",
                        help="replace a dataset already in --output (it stays whole until the new one is published)")
    update.add_argument("--dry-run", action="store_true", help="build and check the graph, run nothing")
    update.add_argument("--quiet", action="store_true", help="no progress lines")
    update.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show tracebacks and debug logs")

    audit = commands.add_parser("audit", help="why files are in or out of a dataset", **described,
                                description=wrap("Which files of a repository, owner, path or content the dataset "
                                            "holds or dropped, with the reason, licence and evidence (from "
                                            "provenance). A name the dataset never held is said so, with close names."),
                                epilog=texts.AUDIT_EXAMPLES)
    audit.add_argument("dataset", nargs="?", metavar="DATASET", help=texts.DATASET)
    target = audit.add_mutually_exclusive_group(required=True)
    target.add_argument("--repo", metavar="OWNER/NAME", help="one repository, with its owner (octo/geometry)")
    target.add_argument("--user", metavar="OWNER", help="every repository of a user or organisation")
    target.add_argument("--file", metavar="PATH", help="a path inside a repository (OWNER/NAME:PATH or PATH; globs)")
    target.add_argument("--content", metavar="FILE", help="a local file: exact and near matches")
    audit.add_argument("--history", nargs="+", default=None, metavar="DIR",
                       help="several dataset versions: in which of them the files appear")
    audit.add_argument("--json", action="store_true", help="machine-readable output")
    audit.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show tracebacks and debug logs")

    diff = commands.add_parser("diff", help="what changed between two versions of a dataset", **described,
                               description=wrap("Compare two dataset versions by their provenance: files and "
                                                "repositories added, removed (left the snapshot, opted out, or "
                                                "dropped by a stage), changed and promoted (a dropped duplicate "
                                                "that became the published copy), with counts by reason and licence."),
                               epilog=texts.DIFF_EXAMPLES)
    diff.add_argument("old", metavar="OLD", help="the earlier version: " + texts.DATASET)
    diff.add_argument("new", metavar="NEW", help="the later version: " + texts.DATASET)
    diff.add_argument("--json", action="store_true", help="every file and repository as JSON")
    diff.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                      help="show tracebacks and debug logs")

    report = commands.add_parser("report", help="write report.html beside the dataset", **described,
                                 description=wrap("Write a self-contained report.html (charts of what was kept, "
                                                  "dropped and why, and what changed since the parent version) "
                                                  "into the dataset directory."),
                                 epilog=texts.REPORT_EXAMPLES)
    report.add_argument("dataset", metavar="DATASET", help=texts.DATASET)
    report.add_argument("--parent", default=None, metavar="DIR",
                        help="the parent version, for the change section (default: found beside DATASET)")
    report.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show tracebacks and debug logs")
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
    interruption = _interruption(args)
    if not args.debug:
        interruption.install()
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
        if args.command == "diff":
            from pipeline.dataset.diff import run_diff

            return run_diff(args)
        if args.command == "report":
            from pipeline.dataset.report import write_report

            print(write_report(args.dataset, args.parent))
            return 0
    except KeyboardInterrupt:
        if args.debug:
            raise
        interruption.handle(signal.SIGINT)
    except BrokenPipeError:
        _stdout_closed()
    except Exception as error:  # the one place where every failure becomes a readable line
        if args.debug:
            raise
        # One line whatever the error text holds (YAML errors span several, with a caret diagram).
        print(f"codecurate {args.command}: error: {' '.join(_describe(error).split())}", file=sys.stderr)
        return 1
    finally:
        interruption.restore()
    return 2


def _interruption(args: argparse.Namespace):
    """The handler of SIGINT/SIGTERM for this command (`pipeline.cli.interrupt`)."""
    from pipeline.cli.interrupt import Interruption

    output = getattr(args, "output", None)
    publishes = args.command in PUBLISHING_COMMANDS and output
    location = _output_location(output) if publishes else None
    return Interruption(args.command, location, (lambda: _remove_staging(location)) if location else None)


def _remove_staging(output: str) -> None:
    """`.tmp/` of an interrupted run (unredacted contents): a local folder needs no Beam import."""
    if "://" in output:
        if "apache_beam" in sys.modules:
            from pipeline.dataset.publish import remove_staging

            remove_staging(output)
        return
    import shutil

    shutil.rmtree(os.path.join(output, ".tmp"), ignore_errors=True)


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


@dataclass
class _RunRequest:
    """What `codecurate run` was asked to do, checked: the spec of the graph and where it goes."""

    spec: object
    sources: list
    skipped: list[str]
    output: str


def _run(args: argparse.Namespace, beam_args: list[str]) -> int:
    """`codecurate run`: read the request, make the pipeline, then either describe it (dry run)
    or prepare the output, run it (publishing is its last step) and summarise what was published."""
    request = _read_run_request(args)
    beam_args = _beam_arguments(args, beam_args)
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
    output = _output_location(args.output)
    _refuse_output_inside_inputs(output, args.inputs)
    names = sorted(os.path.basename(source.location.rstrip("/")) for source in sources)
    spec = RunSpec(sources, names, config, optout, output, progress=not args.quiet, skipped=tuple(skipped))
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    return _RunRequest(spec, sources, list(skipped), output)


def _output_location(output: str) -> str:
    return output.rstrip("/") if "://" in output else os.path.abspath(output)


def _beam_arguments(args: argparse.Namespace, beam_args: list[str]) -> list[str]:
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


def _verify(args: argparse.Namespace) -> int:
    from pipeline.dataset.manifest import dataset_digest, read_manifest
    from pipeline.dataset.verify import publish_leftovers, verify
    from pipeline.optout.entries import load_optout

    failures = verify(args.dataset, load_optout(args.optout) if args.optout else None)
    left = publish_leftovers(args.dataset)
    if left:
        print(f"{args.dataset}: {len(left)} leftover(s) of an interrupted publish, not part of this dataset "
              "(the next publish into it removes them; until then the card's data/ globs reach those under data/):",
              file=sys.stderr)
        for name in left:
            print(f"  ~ {name}", file=sys.stderr)
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
