"""SIGINT or SIGTERM to the launcher alone ends a run within seconds (issue 25 §6).

`codecurate run … --overwrite` onto an existing dataset is started as a child process and sent a
signal — to the launcher only, as `kill -INT PID` or a scheduler's `timeout -s INT` sends it —
at several points: while it imports (no worker up yet), two seconds in, while chunks are staged
(workers running), and while it publishes (the new manifest about to replace the old).  Each
time: the launcher exits within seconds with 130 (SIGINT) or 143 (SIGTERM) and the one line
"interrupted; nothing was published", no process it started survives, no staged content is
left, and the previous dataset still verifies, unchanged.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from support.hardening_support import REPO_ROOT, child_env
from support.optout_dataset import first_version, optout

from pipeline.dataset.manifest import dataset_digest
from pipeline.dataset.verify import verify

EXIT_WITHIN = 10.0
"""Seconds from the signal to the launcher's exit (imports and worker start-up take longer)."""


def _digest(dataset: Path) -> str:
    return dataset_digest(json.loads((dataset / "manifest.json").read_text()))


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> tuple[Path, str, object]:
    """An opt-out version of the shared first version: the dataset a rebuild must not destroy."""
    built = first_version()
    root = tmp_path_factory.mktemp("signals")
    listing = root / "list.txt"
    listing.write_text("alice\n")
    assert optout(built.v1, listing, root / "previous") == 0
    return root / "previous", _digest(root / "previous"), built


def _start(built, output: Path, workers: int, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", str(built.dumps), "--output", str(output),
                             "--config", str(built.config), "--optout", str(built.base_list), "--workers",
                             str(workers), "--overwrite", "--quiet"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def _signal_when(child: subprocess.Popen, ready, signal_number: int) -> tuple[list[psutil.Process], float]:
    """Wait for `ready()`, note every process the launcher started, signal the launcher alone."""
    deadline = time.monotonic() + 120
    while not ready() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert child.poll() is None, f"the run ended before the signal: {child.communicate()[1].decode()[-2000:]}"
    started = psutil.Process(child.pid).children(recursive=True)
    os.kill(child.pid, signal_number)
    return started, time.monotonic()


@pytest.mark.slow  # four runs: ~50 s on an idle 2-core machine
@pytest.mark.parametrize("moment, signal_number, workers", [
    ("0.5 s in", signal.SIGINT, 2),
    ("2 s in", signal.SIGTERM, 2),
    ("while chunks are staged", signal.SIGINT, 2),
    ("while publishing", signal.SIGINT, 2),
])
def test_a_signal_to_the_launcher_ends_the_run_and_keeps_the_previous_dataset(previous, tmp_path, moment,
                                                                               signal_number, workers) -> None:
    dataset, digest, built = previous
    output = tmp_path / "out"
    shutil.copytree(dataset, output)
    env = child_env()
    marker = tmp_path / "publishing"
    if moment == "while publishing":
        env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT / "tests" / "support" / "slow_publish"), env["PYTHONPATH"]])
        env["CODECURATE_SLOW_PUBLISH"] = str(marker)
    launched = time.monotonic()
    child = _start(built, output, workers, env)
    ready = {
        "0.5 s in": lambda: time.monotonic() - launched >= 0.5,
        "2 s in": lambda: time.monotonic() - launched >= 2.0,
        "while chunks are staged": lambda: any((output / ".tmp" / "staging").glob("*.parquet")),
        "while publishing": marker.exists,
    }[moment]
    try:
        processes, signalled = _signal_when(child, ready, signal_number)
        stdout, stderr = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
    took = time.monotonic() - signalled
    assert took < EXIT_WITHIN, f"{moment}: the launcher took {took:.1f} s to end"
    assert child.returncode == 128 + signal_number, (child.returncode, stderr.decode()[-2000:])
    assert stderr.decode().splitlines()[-1] == "codecurate run: interrupted; nothing was published"
    if moment in ("while chunks are staged", "while publishing"):
        assert processes, f"{moment}: the workers were expected to be up"
    alive = [process.pid for process in processes if process.is_running()
             and process.status() != psutil.STATUS_ZOMBIE]
    assert alive == [], f"{moment}: processes of the interrupted run still alive: {alive}"
    assert verify(str(output)) == [], f"{moment}: the previous dataset no longer verifies"
    assert _digest(output) == digest
    assert not (output / ".tmp").exists(), "staged (unredacted) contents outlived the interrupted run"


def _serving_workers(launcher: int) -> list[psutil.Process]:
    """The processes that serve Beam: the standby's forked children, else the workers themselves."""
    below = psutil.Process(launcher).children(recursive=True)
    standby = [process for process in below if "pipeline.standby" in " ".join(process.cmdline())]
    if standby:
        return standby[0].children()
    return [process for process in below if "pipeline.local_worker" in " ".join(process.cmdline())]


@pytest.mark.slow  # one run: ~15 s on an idle 2-core machine
def test_a_worker_that_dies_ends_the_run_with_one_line_and_keeps_the_previous_dataset(previous, tmp_path) -> None:
    """A worker killed outright (the system's out-of-memory killer sends SIGKILL) while chunks are
    staged: Beam's runner waited for its answer for ever; the run must end, say why in one line,
    and leave the previous dataset as it was."""
    dataset, digest, built = previous
    output = tmp_path / "out"
    shutil.copytree(dataset, output)
    child = _start(built, output, 2, child_env())
    try:
        deadline = time.monotonic() + 120
        while not any((output / ".tmp" / "staging").glob("*.parquet")) and time.monotonic() < deadline:
            assert child.poll() is None, child.communicate()[1].decode()[-2000:]
            time.sleep(0.02)
        processes = psutil.Process(child.pid).children(recursive=True)
        victims = _serving_workers(child.pid)
        assert victims, "no worker process to kill"
        victims[0].kill()
        _, stderr = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
    lines = stderr.decode().splitlines()
    assert child.returncode == 1, lines[-40:]
    assert lines[-1].startswith("codecurate run: error: a worker process died during the run"), lines[-40:]
    assert lines[-1].endswith("nothing was published")
    assert len(lines) == 1, lines  # --quiet: no traceback of the runner's broken streams
    time.sleep(1)
    alive = [process.pid for process in processes if process.is_running()
             and process.status() != psutil.STATUS_ZOMBIE]
    assert alive == [], f"processes of the failed run still alive: {alive}"
    assert verify(str(output)) == []
    assert _digest(output) == digest
    assert not (output / ".tmp").exists(), "staged (unredacted) contents outlived the failed run"


WRITER_UNTIL_EXIT = """
import os, sys, threading, time
from pipeline.cli.interrupt import sweep_after_exit
folder = sys.argv[1]

def stage_forever():  # an in-process runner thread staging files until the process ends
    number = 0
    while True:
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"part-{number}"), "w") as handle:
            handle.write("unredacted")
        number += 1

threading.Thread(target=stage_forever, daemon=True).start()
time.sleep(0.3)
sweep_after_exit(folder)
sys.stderr.write("interrupted; nothing was published\\n")
sys.stderr.flush()
os._exit(130)
"""


def test_staging_written_until_the_exit_is_swept_after_it(tmp_path):
    """A thread that stages until the launcher's last instruction cannot be outrun by removing the
    folder in the launcher: the folder is removed after the exit, and waiting for the command's
    output waits for that removal too."""
    folder = tmp_path / "out" / ".tmp"
    child = subprocess.run([sys.executable, "-c", WRITER_UNTIL_EXIT, str(folder)], env=child_env(),
                           capture_output=True, timeout=60)
    assert child.returncode == 130 and b"nothing was published" in child.stderr
    assert not folder.exists()
