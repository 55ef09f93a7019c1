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

from support.hardening_support import child_env, dataset_bytes, reference_dataset

from pipeline.cli import main
from pipeline.dataset.verify import verify

POLL_SECONDS = 0.02
SEED = int(os.environ.get("CODECURATE_KILL_SEED", "8"))


# The CLI with a slow disk under the manifest: publishing (shards renamed into place, card
# written) is otherwise over in milliseconds, too short for a poll to land a kill inside it.
# The child marks that it reached the manifest write, then waits there to be killed.
_SLOW_MANIFEST_MAIN = """
import sys, time
import pipeline.dataset.publish as publish
write_file, marker = publish.write_file, sys.argv[1]
def slow_write(path, data):
    if path.endswith("/manifest.json"):
        open(marker, "w").close()
        time.sleep(60)
    write_file(path, data)
publish.write_file = slow_write
from pipeline.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _start(dumps: Path, output: Path, workers: int, log: Path, manifest_marker: Path | None = None) -> subprocess.Popen:
    """The CLI in its own process group; with `manifest_marker`, it stops before writing the manifest."""
    entry = ["-c", _SLOW_MANIFEST_MAIN, str(manifest_marker)] if manifest_marker else ["-m", "pipeline.cli"]
    with open(log, "wb") as handle:
        return subprocess.Popen([sys.executable, *entry, "run", str(dumps), "--output", str(output),
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


def _phase(output: Path) -> str:
    """How far a run got, read from what it left: the phases follow one another on disk."""
    if (output / "manifest.json").exists():
        return "published"
    if (output / "data").exists() or (output / "provenance").exists():
        return "publishing"
    if (output / ".tmp").exists() and any(path.is_file() for path in (output / ".tmp").rglob("*")):
        return "writing shards"
    return "before writing"


def _trial(dumps: Path, output: Path, log: Path, signal_number: int, workers: int, ready,
           manifest_marker: Path | None = None) -> tuple[bool, float, str]:
    """Start a run, kill it once `ready()` holds; (killed, seconds, phase it was left in)."""
    started = time.monotonic()
    process = _start(dumps, output, workers, log, manifest_marker)
    killed = _kill_when(process, lambda: ready(time.monotonic() - started), signal_number)
    assert killed or process.returncode == 0, f"the run failed on its own:\n{log.read_text()[-2000:]}"
    return killed, time.monotonic() - started, _phase(output)


def test_killed_runs_never_publish_a_broken_dataset_and_a_rerun_repairs_them(tmp_path) -> None:
    dumps, clean = reference_dataset()
    output = tmp_path / "out"
    rng = random.Random(SEED)
    outcomes = []

    def check(label: str, intended: str | None, result: tuple[bool, float, str]) -> float:
        killed, seconds, phase = result
        outcomes.append((label, killed, round(seconds, 1), phase, _assert_incomplete_or_valid(output, label)))
        assert killed, f"{label}: the run finished before it was killed: {outcomes}"
        assert phase != "published", f"{label}: killed after the manifest was written: {outcomes}"
        if intended is not None:
            assert phase == intended, f"{label}: killed while {phase!r}, meant while {intended!r}: {outcomes}"
        return seconds

    label = "SIGKILL while shards are written under .tmp/"
    check(label, "writing shards", _trial(dumps, output, tmp_path / "trial-0.log", signal.SIGKILL, 1,
                                          lambda _: _phase(output) == "writing shards"))
    label = "SIGKILL once publishing has begun (data/ renamed into place, manifest pending)"
    marker = tmp_path / "reached-manifest"
    publishing_at = check(label, "publishing", _trial(dumps, output, tmp_path / "trial-1.log", signal.SIGKILL, 1,
                                                      lambda _: marker.exists(), manifest_marker=marker))
    # Random moments inside a run: before the time the previous run took to reach publishing, so
    # every one is a kill (imports, ingest, stages or shard writing), never a finished run.
    for number, (label, signal_number, workers) in enumerate([
        ("SIGTERM at a random moment, two workers", signal.SIGTERM, 2),
        ("SIGKILL at a random moment", signal.SIGKILL, 1),
    ], start=2):
        moment = rng.uniform(1.0, 0.7 * publishing_at)
        for attempt in range(3):  # a neighbour's load can make this run faster than the one timed
            result = _trial(dumps, output, tmp_path / f"trial-{number}-{attempt}.log", signal_number, workers,
                            lambda elapsed: elapsed >= moment)
            if result[0]:
                break
            moment /= 2
        check(f"{label} ({moment:.1f} s)", None, result)
    print(outcomes)  # shown with -s: which trial was killed when, and what it left

    assert main(["run", str(dumps), "--output", str(output), "--workers", "1", "--overwrite", "--quiet"]) == 0
    assert verify(str(output)) == []
    rerun, reference = dataset_bytes(output), dataset_bytes(clean)
    assert sorted(rerun) == sorted(reference), "the rerun left or lost files"
    assert [name for name in reference if rerun[name] != reference[name]] == []
    assert not (output / ".tmp").exists()
