"""Errors a user can act on (README "Command line", issue 8 §6): each is one line on stderr that names the
problem and the fix, a non-zero exit, and no traceback unless `--debug`.

In-process through `main`, plus one child process to see exactly what a terminal shows (Beam's
own argparse would otherwise print its whole usage, and YAML errors span several lines).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.dumps import write_dir
from support.hardening_support import child_env, normal_repository

from pipeline.cli import main
from pipeline.config import ConfigError


@pytest.fixture
def dumps(tmp_path: Path) -> Path:
    write_dir(tmp_path / "dumps" / "octo__repo", normal_repository(1))
    return tmp_path / "dumps"


def _one_error_line(capsys: pytest.CaptureFixture, argv: list[str]) -> str:
    code = main(argv)
    captured = capsys.readouterr()
    errors = [line for line in captured.err.splitlines() if line.startswith("codecurate ")]
    assert code != 0
    assert len(errors) == 1, captured.err
    assert "Traceback" not in captured.err and "Traceback" not in captured.out
    return errors[0]


def _cases(tmp_path: Path, dumps: Path) -> dict[str, tuple[list[str], tuple[str, ...]]]:
    """label → (argv, words the message must hold: the problem and what to change)."""
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("filters: {nope: 1\n  bad: [\n")
    unknown_key = tmp_path / "unknown.yaml"
    unknown_key.write_text("ingest: {max_file_bytez: 10}\n")
    bad_value = tmp_path / "value.yaml"
    bad_value.write_text("ingest: {max_file_bytes: -1}\n")
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "manifest.json").write_text("{}\n")
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder\n")
    bad_optout = tmp_path / "optout.txt"
    bad_optout.write_text("octo\nnot a valid line\n")
    run = ["run", str(dumps), "--output"]
    out = str(tmp_path / "out")
    return {
        "config is not YAML": ([*run, out, "--config", str(bad_yaml)], ("bad.yaml", "not valid YAML", "line 1")),
        "unknown config key": ([*run, out, "--config", str(unknown_key)], ("ingest.max_file_bytez", "unknown key")),
        "bad config value": ([*run, out, "--config", str(bad_value)], ("ingest.max_file_bytes", "greater than 0")),
        "missing config": ([*run, out, "--config", str(tmp_path / "nope.yaml")], ("cannot read config", "nope.yaml")),
        "missing input": (["run", str(tmp_path / "missing"), "--output", out], ("input not found", "missing")),
        "output is a file": ([*run, str(a_file)], ("cannot create output directory", "a-file")),
        "output under a file": ([*run, str(a_file / "out")], ("cannot create output directory", "Not a directory")),
        "output holds a dataset": ([*run, str(existing)], ("already holds a dataset", "--overwrite")),
        "unknown runner": ([*run, out, "--runner", "NoSuchRunner"], ("Beam rejected", "NoSuchRunner", "Valid values")),
        "bad Beam option value": ([*run, out, "--max_num_workers=lots"], ("Beam rejected", "--max_num_workers",
                                                                          "invalid int value", "correct or remove")),
        "bad worker count": ([*run, out, "--workers", "0"], ("--workers", "at least 1")),
        "bad opt-out line": ([*run, out, "--optout", str(bad_optout)], ("optout.txt, line 2", "OWNER/NAME")),
        "no such preset": ([*run, out, "--config", "nosuch"], ("'nosuch'", "presets: dataflow, default, keep-all, stack-v2")),
        "output inside an input": ([*run, str(dumps / "out")], ("is inside the input", "outside the inputs")),
        "output is an input": ([*run, str(dumps)], ("is inside the input", "outside the inputs")),
    }


def test_each_user_error_is_one_actionable_line(tmp_path: Path, dumps: Path, capsys) -> None:
    for label, (argv, words) in _cases(tmp_path, dumps).items():
        line = _one_error_line(capsys, argv)
        assert all(word in line for word in words), f"{label}: {line}"
        assert not (tmp_path / "out" / "manifest.json").exists(), label


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through any permission bits")
def test_unwritable_output_directory(tmp_path: Path, dumps: Path, capsys) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        line = _one_error_line(capsys, ["run", str(dumps), "--output", str(locked / "out")])
    finally:
        locked.chmod(0o700)
    assert "cannot create output directory" in line and "Permission denied" in line


def test_debug_shows_the_traceback(tmp_path: Path, dumps: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("ingest: {max_file_bytez: 10}\n")
    with pytest.raises(ConfigError):
        main(["--debug", "run", str(dumps), "--output", str(tmp_path / "out"), "--config", str(bad)])


def test_what_a_terminal_shows_for_a_rejected_beam_option(tmp_path: Path, dumps: Path) -> None:
    """A child process, as a user runs it: Beam's argparse usage dump must not reach the terminal."""
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(dumps), "--output", str(tmp_path / "o"),
                           "--direct_num_workers=abc"], env=child_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "usage:" not in done.stderr and "Traceback" not in done.stderr
    ours = [line for line in done.stderr.splitlines() if line.startswith("codecurate")]
    assert ours == ["codecurate run: error: Beam rejected the pipeline options --direct_num_workers=abc: argument "
                    "--direct_num_workers: invalid int value: 'abc'; correct or remove them (they are passed to "
                    "Beam unchanged)"]
