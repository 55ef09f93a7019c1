"""The arguments of every `codecurate` command; what they say lives in `help_texts.py`."""

from __future__ import annotations

import argparse
import textwrap

from pipeline.cli import help_texts as texts

NEW_VERSION = "directory for the new version (not DATASET itself); " + texts.OUTPUT.split("; ", 1)[-1]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="codecurate", description="Curate source-code training datasets.",
                                     epilog="`codecurate COMMAND --help` describes each command's arguments.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    commands = parser.add_subparsers(dest="command", required=True)

    run = _command(commands, "run", "build a dataset from repository dumps",
                   texts.RUN_DESCRIPTION, texts.RUN_EXAMPLES + texts.OPTOUT_FORMAT)
    run.add_argument("inputs", nargs="+", metavar="INPUT", help=texts.INPUT)
    run.add_argument("--output", required=True, metavar="DIR", help=texts.OUTPUT)
    run.add_argument("--config", default=None, metavar="FILE|PRESET",
                     help="YAML file or preset name: default, stack-v2, keep-all, dataflow (default: configs/default.yaml)")
    run.add_argument("--optout", default=None, metavar="FILE", help=texts.OPTOUT_FILE + "; those files are left out")
    _launch_arguments(run, "build and check the graph, project the cost, run nothing")

    verify = _command(commands, "verify", "check a dataset against its manifest",
                      texts.VERIFY_DESCRIPTION, texts.VERIFY_EXAMPLES + texts.OPTOUT_FORMAT)
    verify.add_argument("dataset", metavar="DATASET", help=texts.DATASET)
    verify.add_argument("--optout", default=None, metavar="FILE",
                        help=texts.OPTOUT_FILE + "; fail if any of its files is still published")
    _debug_argument(verify)

    optout = _command(commands, "optout", "make the next version of a dataset with an opt-out list applied",
                      texts.OPTOUT_DESCRIPTION, texts.OPTOUT_EXAMPLES + texts.OPTOUT_FORMAT)
    optout.add_argument("dataset", metavar="DATASET", help=texts.DATASET + " (the parent version; never modified)")
    optout.add_argument("--optout", required=True, metavar="FILE",
                        help=texts.OPTOUT_FILE + "; the whole cumulative list or only the new requests")
    optout.add_argument("--output", required=True, metavar="NEWDIR", help=NEW_VERSION)
    optout.add_argument("--sources", nargs="+", default=None, metavar="INPUT",
                        help="the parent's original inputs: promote the next-ranked duplicate of removed keepers")
    optout.add_argument("--overwrite", action="store_true", help="replace a dataset already in --output")
    _debug_argument(optout)

    update = _command(commands, "update", "make the next version of a dataset from a new snapshot",
                      texts.UPDATE_DESCRIPTION, texts.UPDATE_EXAMPLES + texts.OPTOUT_FORMAT)
    update.add_argument("dataset", metavar="DATASET",
                        help=texts.DATASET + " (the parent version, made by 'run' or 'update'; never modified)")
    update.add_argument("inputs", nargs="+", metavar="INPUT", help="the new snapshot: " + texts.INPUT)
    update.add_argument("--output", required=True, metavar="NEWDIR", help=NEW_VERSION)
    update.add_argument("--optout", default=None, metavar="FILE",
                        help=texts.OPTOUT_FILE + "; the requests that arrived since DATASET (e.g. requests.txt "
                        "holding 'octo/geometry'): honoured with every opt-out DATASET honours, and stored "
                        "with them for the next versions")
    _launch_arguments(update, "build and check the graph, run nothing")

    audit = _command(commands, "audit", "why files are in or out of a dataset",
                     texts.AUDIT_DESCRIPTION, texts.AUDIT_EXAMPLES)
    audit.add_argument("dataset", nargs="?", metavar="DATASET", help=texts.DATASET)
    target = audit.add_mutually_exclusive_group(required=True)
    target.add_argument("--repo", metavar="OWNER/NAME", help="one repository, with its owner (octo/geometry)")
    target.add_argument("--user", metavar="OWNER", help="every repository of a user or organisation")
    target.add_argument("--file", metavar="PATH", help="a path inside a repository (OWNER/NAME:PATH or PATH; globs)")
    target.add_argument("--content", metavar="FILE", help="a local file: exact and near matches")
    audit.add_argument("--history", nargs="+", default=None, metavar="DIR",
                       help="several dataset versions: in which of them the files appear")
    audit.add_argument("--json", action="store_true", help="machine-readable output")
    _debug_argument(audit)

    diff = _command(commands, "diff", "what changed between two versions of a dataset",
                    texts.DIFF_DESCRIPTION, texts.DIFF_EXAMPLES)
    diff.add_argument("old", metavar="OLD", help="the earlier version: " + texts.DATASET)
    diff.add_argument("new", metavar="NEW", help="the later version: " + texts.DATASET)
    diff.add_argument("--json", action="store_true", help="every file and repository as JSON")
    _debug_argument(diff)

    report = _command(commands, "report", "write report.html beside the dataset",
                      texts.REPORT_DESCRIPTION, texts.REPORT_EXAMPLES)
    report.add_argument("dataset", metavar="DATASET", help=texts.DATASET)
    report.add_argument("--parent", default=None, metavar="DIR",
                        help="the parent version, for the change section (default: found beside DATASET)")
    _debug_argument(report)
    return parser


def _command(commands, name: str, summary: str, description: str, epilog: str) -> argparse.ArgumentParser:
    """A command whose description is wrapped here and whose epilog (examples) is shown as written."""
    return commands.add_parser(name, help=summary, formatter_class=argparse.RawDescriptionHelpFormatter,
                               description=textwrap.fill(description, width=88), epilog=epilog)


def _launch_arguments(command: argparse.ArgumentParser, dry_run_help: str) -> None:
    """The options of a command that runs a Beam graph and publishes into --output (`run`, `update`)."""
    command.add_argument("--workers", type=int, default=None, metavar="N", help="local worker processes (default: all cores)")
    command.add_argument("--runner", default=None, help="Beam runner (default: local FnApiRunner, no network)")
    command.add_argument("--overwrite", action="store_true",
                         help="replace a dataset already in --output (it stays whole until the new one is published)")
    command.add_argument("--dry-run", action="store_true", help=dry_run_help)
    command.add_argument("--quiet", action="store_true", help="no progress lines")
    _debug_argument(command)


def _debug_argument(command: argparse.ArgumentParser) -> None:
    """`--debug` after the command too (`codecurate run … --debug`); SUPPRESS keeps the top-level value."""
    command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                         help="show tracebacks and debug logs")
