"""`--help` of every command is enough to use it without the README (issue 25 §7): every argument
described, examples, and the opt-out line format wherever a command takes an opt-out list."""

from __future__ import annotations

import argparse
import re

import pytest

from pipeline.cli.parser import build_parser
from pipeline.optout.entries import parse_optout

COMMANDS = ("run", "verify", "optout", "update", "audit", "diff", "report")


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    subparsers = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    return dict(subparsers.choices)


def _help(command: str, capsys) -> str:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args([command, "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


def test_every_command_is_covered() -> None:
    assert set(_commands()) >= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_argument_is_described_and_there_are_examples(command, capsys) -> None:
    parser = _commands()[command]
    undescribed = [action.option_strings or action.dest for action in parser._actions
                   if not action.help or action.help == argparse.SUPPRESS]
    assert undescribed == [], f"codecurate {command}: arguments without a description: {undescribed}"
    text = _help(command, capsys)
    assert parser.description and parser.description.split()[0] in text
    examples = [line.strip() for line in text.splitlines() if line.strip().startswith(f"codecurate {command} ")]
    assert examples, f"codecurate {command} --help shows no example"
    for example in examples:  # every example parses as the command it shows
        words = re.sub(r"\s+#.*$", "", example).replace("\\", "").split()[1:]
        build_parser().parse_known_args(words)


@pytest.mark.parametrize("command", ["run", "verify", "optout"])
def test_commands_taking_an_optout_list_show_its_line_format(command, capsys) -> None:
    text = _help(command, capsys)
    assert "opt-out list format" in text
    entries = re.findall(r"^  (OWNER\S*|sha256:HEX)\s.*e\.g\. (\S+)$", text, flags=re.MULTILINE)
    assert [form for form, _ in entries] == ["OWNER", "OWNER/NAME", "OWNER/NAME:GLOB", "sha256:HEX"]
    # the documented forms are the ones the parser accepts (the sha256 example is shortened)
    listing = parse_optout("\n".join(example for form, example in entries if form != "sha256:HEX") +
                           "\nsha256:" + "ab" * 32 + "\n")
    assert listing.entries == 4


def test_input_output_and_dataset_are_explained(capsys) -> None:
    run = _help("run", capsys)
    for word in (".tar.gz", ".zip", ".git", ".parquet", "OWNER__NAME", "gs://", "--overwrite"):
        assert word in run, word
    assert "manifest.json" in _help("verify", capsys)
