"""What a new user hit (issue 15): Ctrl-C, `audit … | head`, and a stray file in a dumps folder.

Ctrl-C and the closed pipe are seen as a terminal sees them, through a child process.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.hardening_support import REPO_ROOT, child_env

from pipeline.cli import main


@pytest.fixture(scope="module")
def with_notes(tmp_path_factory) -> tuple[Path, Path, str]:
    """The sample dumps plus a notes.txt, built once: (dumps, dataset, stdout of the run)."""
    root = tmp_path_factory.mktemp("stray")
    shutil.copytree(REPO_ROOT / "sample" / "dumps", root / "dumps")
    (root / "dumps" / "notes.txt").write_text("ask octo about the licence\n")
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(root / "dumps"), "--output",
                           str(root / "out"), "--workers", "1", "--quiet"], env=child_env(), cwd=root,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return root / "dumps", root / "out", done.stdout


def test_a_stray_file_is_reported_in_the_summary_and_the_manifest(with_notes) -> None:
    _, dataset, stdout = with_notes
    assert "not dumps, not read (1): dumps/notes.txt" in stdout.splitlines()
    manifest = json.loads((dataset / "manifest.json").read_text())
    assert manifest["inputs"]["skipped"] == ["dumps/notes.txt"]
    assert any(line.startswith("digest: ") for line in stdout.splitlines())


def test_audit_into_a_closed_pipe_is_quiet(with_notes) -> None:
    """`codecurate audit … | head`: the reader is gone before the first line is written."""
    _, dataset, _ = with_notes
    child = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "audit", str(dataset), "--user", "octo"],
                             env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.close()
    stderr = child.stderr.read().decode()
    child.wait(timeout=120)
    assert "BrokenPipeError" not in stderr and "Traceback" not in stderr, stderr
    assert child.returncode == 141


def test_ctrl_c_prints_one_line_and_exits_130(with_notes, tmp_path) -> None:
    dumps, _, _ = with_notes
    output = tmp_path / "out"
    # The terminal sends SIGINT to the whole foreground group: the CLI, its workers and git.
    child = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", str(dumps), "--output", str(output),
                              "--workers", "2"], env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             start_new_session=True)
    deadline = time.monotonic() + 120
    staging = output / ".tmp" / "staging"
    # Inside the run, once chunks are staged (contents unredacted, under .tmp/staging).
    while not (staging.exists() and any(staging.iterdir())) and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
    assert child.poll() is None, "the run ended before it could be interrupted"
    import os

    os.killpg(child.pid, signal.SIGINT)
    stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 130
    lines = stderr.decode().splitlines()
    assert lines[-1] == "codecurate run: interrupted; nothing was published"
    # Before it, only what a run prints anyway (its stage line, progress); no traceback, no log.
    assert all(line.startswith(("codecurate: ", "[ingest]")) for line in lines[:-1]), lines
    assert not (output / "manifest.json").exists()
    assert not (output / ".tmp").exists(), "staged (unredacted) contents outlived the interrupted run"
    time.sleep(1)
    survivors = subprocess.run(["pgrep", "-g", str(child.pid)], capture_output=True, text=True).stdout.split()
    assert survivors == [], f"processes of the interrupted run still alive: {survivors}"


def test_an_output_inside_an_input_is_refused(with_notes, capsys) -> None:
    dumps, _, _ = with_notes
    assert main(["run", str(dumps), "--output", str(dumps / "dataset")]) == 1
    assert "is inside the input" in capsys.readouterr().err
    assert not (dumps / "dataset").exists()
