"""`codecurate` command line (DESIGN §3.1).

Errors a user can act on become one line on stderr and a non-zero exit; tracebacks only with
`--debug`.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import sys
import time

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
    if extra and args.command != "run":
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
        if args.command == "audit":
            from pipeline.dataset.audit import run_audit

            return run_audit(args)
        if args.command == "report":
            from pipeline.dataset.report import write_report

            print(write_report(args.dataset))
            return 0
    except Exception as error:  # the one place where every failure becomes a readable line
        if args.debug:
            raise
        # One line whatever the error text holds (YAML errors span several, with a caret diagram).
        print(f"codecurate {args.command}: error: {' '.join(_describe(error).split())}", file=sys.stderr)
        return 1
    return 2


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
    from pipeline.graph import RunSpec, build, stage_names
    from pipeline.ingest.sources import discover
    from pipeline.dataset.manifest import read_manifest
    from pipeline.optout.entries import load_optout
    from pipeline.runner import new_pipeline
    from pipeline.cli.summary import summary_table

    config = load_config(args.config)
    optout = load_optout(args.optout)
    sources = discover(args.inputs)
    if not sources:
        raise UsageError("the inputs hold no repository dumps or file tables")
    output = args.output.rstrip("/") if "://" in args.output else os.path.abspath(args.output)
    names = sorted(os.path.basename(source.location.rstrip("/")) for source in sources)
    spec = RunSpec(sources, names, config, optout, output, progress=not args.quiet)
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    pipeline = _checked_pipeline(new_pipeline, beam_args, args.runner, args.workers)
    if args.dry_run:
        from pipeline.cli.dry_run import describe

        build(pipeline, spec)
        print(describe(pipeline, stage_names(config, optout), sources))
        return 0
    from pipeline.dataset.publish import prepare_output

    prepare_output(output, args.overwrite)
    started = time.time()
    build(pipeline, spec)
    if not args.quiet:
        print(f"codecurate: {len(sources)} sources, stages: {' → '.join(stage_names(config, optout))}",
              file=sys.stderr)
    result = pipeline.run()
    result.wait_until_finish()
    elapsed = time.time() - started
    manifest = read_manifest(output)
    _write_run_json(output, elapsed, args, manifest)
    print(f"dataset: {output}")
    print(summary_table(manifest["counts"]))
    print(f"elapsed: {elapsed:.1f}s")
    return 0


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
    from pipeline.optout.entries import load_optout
    from pipeline.dataset.verify import verify

    failures = verify(args.dataset, load_optout(args.optout) if args.optout else None)
    if failures:
        print(f"{args.dataset}: {len(failures)} problem(s)", file=sys.stderr)
        for failure in failures:
            print(f"  - {failure}", file=sys.stderr)
        return 1
    print(f"{args.dataset}: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
