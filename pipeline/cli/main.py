"""`codecurate` command line (README "Command line"): parse, hand the command to its module, and
turn what happens around it into a process's answer: logging, signals (`interrupt.py`), a closed
stdout, and errors.  Errors a user can act on become one line on stderr and a non-zero exit;
tracebacks only with `--debug`.

The arguments are declared in `parser.py` (their help in `help_texts.py`); `run` is `run.py`,
`verify` `verify.py`, `update` `update.py`; the other commands live with the dataset tools.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from typing import NoReturn

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

from pipeline.cli.parser import build_parser  # noqa: E402
from pipeline.errors import RunFailed, UsageError  # noqa: E402

PUBLISHING_COMMANDS = ("run", "optout", "update")
"""Commands that publish a dataset into --output: a signal leaves the old version whole."""


def main(argv: list[str] | None = None) -> int:
    args, extra = build_parser().parse_known_args(argv)
    if extra and args.command not in ("run", "update"):
        print(f"codecurate {args.command}: unknown arguments: {' '.join(extra)}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING)
    if not args.debug:
        logging.getLogger().addFilter(_drop_optional_gcp_notice)
        # Worker log lines relayed by the local runner; --debug shows them.
        logging.getLogger("apache_beam.runners.portability.local_job_service").setLevel(logging.ERROR)
    interruption = _interruption(args, extra)
    if not args.debug:
        interruption.install()
    standby = _standby(args, extra)
    try:
        if args.command == "run":
            from pipeline.cli.run import run_command

            return run_command(args, extra)
        if args.command == "verify":
            from pipeline.cli.verify import run_verify

            return run_verify(args)
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
        if standby is not None:
            standby.close()
        interruption.restore()
    return 2


def _standby(args: argparse.Namespace, extra: list[str]):
    """A local run or update with several workers: the standby that forks its workers, started
    now so that their imports overlap the launcher's (`pipeline/standby.py`); None for anything else."""
    if args.command not in ("run", "update") or _dry_run(args, extra):
        return None
    if getattr(args, "runner", None) not in (None, "", "local"):
        return None
    workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
    if workers < 2:
        return None  # one worker runs inside the launcher
    from pipeline.standby import Standby

    return Standby(debug=args.debug)


def _dry_run(args: argparse.Namespace, extra: list[str]) -> bool:
    """`--dry-run`, or Beam's own `--dry_run=True`: the graph is built and checked, nothing runs."""
    return bool(getattr(args, "dry_run", False)) or "--dry_run=True" in extra


def _interruption(args: argparse.Namespace, extra: list[str]):
    """The handler of SIGINT/SIGTERM for this command (`pipeline.cli.interrupt`). A dry run
    publishes nothing, so its --output is never read (a `gs://` one would wait on the network)."""
    from pipeline.cli.interrupt import Interruption
    from pipeline.cli.run import output_location

    output = getattr(args, "output", None)
    publishes = args.command in PUBLISHING_COMMANDS and output and not _dry_run(args, extra)
    location = output_location(output) if publishes else None
    if not location:
        return Interruption(args.command, None)
    local = None if "://" in location else os.path.join(location, ".tmp")
    return Interruption(args.command, location, lambda: _remove_staging(location), sweep=local)


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

    if isinstance(error, (UsageError, RunFailed, ConfigError, InputError, OptoutListError)):
        return str(error)
    return f"{type(error).__name__}: {error} (rerun with --debug for the traceback)"


if __name__ == "__main__":
    sys.exit(main())
