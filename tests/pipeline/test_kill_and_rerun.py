"""A run killed at any point never publishes a broken dataset, and a rerun repairs it (issue 8 §3).

`codecurate run` is started as a child process in its own process group (as a preempted worker
or a Ctrl-C'd laptop run would lose all of its processes) and killed at chosen and random points:
while shards are being written under `.tmp/`, once publishing has begun, and at random moments
(seeded: `CODECURATE_KILL_SEED`).
After every kill the output must be either incomplete by the one rule users rely on (no
`manifest.json`) or a dataset that verifies.  A last rerun with `--overwrite` into the same
output must give bytes identical to a clean run's.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from hardening_support import child_env, dataset_bytes, reference_dataset

from pipeline.cli import main
from pipeline.dataset.verify import verify

POLL_SECONDS = 0.02
SEED = int(os.environ.get("CODECURATE_KILL_SEED", "8"))


def _start(dumps: Path, output: Path, workers: int, log: Path) -> subprocess.Popen:
    with open(log, "wb") as handle:
        return subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", str(dumps), "--output", str(output),
                                 "--workers", str(workers), "--overwrite", "--quiet"],
                                env=child_env(), stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


def _kill_when(process: subprocess.Popen, ready, signal_number: int, timeout: float = 120) -> bool:
    """Kill the child's whole process group once `ready()` holds; False if it finished first."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        if ready():
            os.killpg(process.pid, signal_number)
            process.wait(timeout=30)
            return True
        time.sleep(POLL_SECONDS)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    return False


def _assert_incomplete_or_valid(output: Path, label: str) -> str:
    if not (output / "manifest.json").exists():
        return "no manifest"
    failures = verify(str(output))
    assert failures == [], f"{label}: a manifest was published for a dataset that does not verify: {failures}"
    return "verifies"


def test_killed_runs_never_publish_a_broken_dataset_and_a_rerun_repairs_them(tmp_path) -> None:
    dumps, clean = reference_dataset()
    output = tmp_path / "out"
    rng = random.Random(SEED)
    started_at = {}

    def after(seconds: float):
        return lambda: time.monotonic() - started_at["t"] >= seconds

    trials = [
        ("SIGKILL while shards are written under .tmp/", signal.SIGKILL, 1,
         lambda: (output / ".tmp").exists()),
        ("SIGKILL once publishing has begun (data/ renamed into place, manifest pending)", signal.SIGKILL, 1,
         lambda: (output / "data").exists() and not (output / "manifest.json").exists()),
        # A clean child run takes ~10-15 s here (imports included): random points inside it.
        ("SIGTERM at a random moment, two workers", signal.SIGTERM, 2, after(rng.uniform(2.0, 12.0))),
        ("SIGKILL at a random moment", signal.SIGKILL, 1, after(rng.uniform(2.0, 12.0))),
    ]
    outcomes = []
    for number, (label, signal_number, workers, ready) in enumerate(trials):
        started_at["t"] = time.monotonic()
        log = tmp_path / f"trial-{number}.log"
        process = _start(dumps, output, workers, log)
        killed = _kill_when(process, ready, signal_number)
        assert killed or process.returncode == 0, f"{label}: the run failed on its own:\n{log.read_text()[-2000:]}"
        outcomes.append((label, killed, round(time.monotonic() - started_at["t"], 1),
                         _assert_incomplete_or_valid(output, label)))
    print(outcomes)  # shown with -s: which trial was killed when, and what it left
    assert outcomes[0][1], f"the run finished before its shards were caught half-written: {outcomes}"

    assert main(["run", str(dumps), "--output", str(output), "--workers", "1", "--overwrite", "--quiet"]) == 0
    assert verify(str(output)) == []
    rerun, reference = dataset_bytes(output), dataset_bytes(clean)
    assert sorted(rerun) == sorted(reference), "the rerun left or lost files"
    assert [name for name in reference if rerun[name] != reference[name]] == []
    assert not (output / ".tmp").exists()
