"""Local workers started early (`pipeline/standby.py`): a worker Beam starts hands its environment
to a standby and leaves with the standby's exit code; one standby serves one worker; a worker that
finds none free (or only a standby that died) serves itself; the CLI's standbys are all gone, and
their folder too, when a command returns, claimed or not."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

from support.dumps import write_dir
from support.hardening_support import MIT, module_text

from pipeline.cli import main
from pipeline.local_worker import DIRECTORY, receive

ROOT = Path(__file__).resolve().parents[2]
# What a worker does when no standby takes it: here, say so (Beam's harness is not started in these tests).
WORKER = "from pipeline.local_worker import hand_over; hand_over(); print('served here')"


class FakeStandby:
    """A socket where a standby listens, answering one worker with `code` (what it received is kept)."""

    def __init__(self, directory: Path, index: int, code: int) -> None:
        self.received: dict = {}
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(str(directory / f"standby-{index}"))
        self._listener.listen(1)
        self._code = code
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        connection, _ = self._listener.accept()
        self.received = json.loads(receive(connection))
        connection.sendall(bytes([self._code]))
        connection.close()


def _worker(directory: Path, **extra: str) -> subprocess.Popen:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), DIRECTORY: str(directory), **extra}
    return subprocess.Popen([sys.executable, "-c", WORKER], env=environment, stdout=subprocess.PIPE, text=True)


def test_a_worker_hands_its_environment_to_a_standby_and_leaves_with_its_code(tmp_path: Path) -> None:
    standby = FakeStandby(tmp_path, 0, code=7)
    worker = _worker(tmp_path, CONTROL_API_SERVICE_DESCRIPTOR="url: \"localhost:41234\"")
    out, _ = worker.communicate(timeout=60)
    assert worker.returncode == 7 and out == ""
    assert standby.received["environment"]["CONTROL_API_SERVICE_DESCRIPTOR"] == "url: \"localhost:41234\""
    assert DIRECTORY not in standby.received["environment"]  # the standby serves; it hands over to no one
    assert standby.received["pid"] == worker.pid
    assert sorted(os.listdir(tmp_path)) == ["claimed-0"]


def test_one_standby_serves_one_worker_the_next_serves_itself(tmp_path: Path) -> None:
    standby = FakeStandby(tmp_path, 0, code=0)
    first = _worker(tmp_path)
    first.communicate(timeout=60)
    second = _worker(tmp_path)
    out, _ = second.communicate(timeout=60)
    assert first.returncode == 0 and standby.received["pid"] == first.pid
    assert second.returncode == 0 and out == "served here\n"


def test_a_standby_that_died_before_listening_is_passed_over(tmp_path: Path) -> None:
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(tmp_path / "standby-0"))
    dead.close()  # bound, never listened: its process is gone
    live = FakeStandby(tmp_path, 1, code=3)
    worker = _worker(tmp_path)
    worker.communicate(timeout=60)
    assert worker.returncode == 3 and live.received["pid"] == worker.pid


def _children() -> set[int]:
    found = set()
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) == os.getpid():
                        found.add(int(name))
            except (OSError, ValueError, IndexError):
                pass
    return found


def test_the_cli_run_with_two_workers_is_served_by_its_standbys_and_leaves_none(tmp_path: Path, monkeypatch) -> None:
    import pipeline.standby as standby

    seen: list[list[str]] = []
    close = standby.Standbys.close

    def watched(self) -> None:
        seen.append(sorted(os.listdir(self.directory)))
        close(self)
        assert not os.path.exists(self.directory)

    monkeypatch.setattr(standby.Standbys, "close", watched)
    dumps = tmp_path / "dumps"
    write_dir(dumps / "acme__tools", {"LICENSE": MIT, **{f"src/m{i}.py": module_text(i) for i in range(4)}})
    before = _children()
    assert main(["run", str(dumps), "--output", str(tmp_path / "two"), "--workers", "2", "--quiet"]) == 0
    assert seen == [["claimed-0", "claimed-1"]]
    assert _children() <= before
    assert DIRECTORY not in os.environ
    assert main(["run", str(dumps), "--output", str(tmp_path / "one"), "--workers", "1", "--quiet"]) == 0
    assert seen == [["claimed-0", "claimed-1"]]  # one worker runs in the launcher: none started
    two, one = (json.loads((tmp_path / name / "manifest.json").read_text()) for name in ("two", "one"))
    assert two["counts"] == one["counts"] and two["shards"] == one["shards"]


def test_standbys_no_worker_claims_are_ended(tmp_path: Path) -> None:
    from pipeline.standby import Standbys

    import time

    standbys = Standbys(2)
    processes = list(standbys._processes)
    started = time.monotonic()
    standbys.close()
    assert time.monotonic() - started < 20  # ended, not waited for (a standby never claimed waits forever)
    assert all(process.returncode is not None for process in processes)
    assert not os.path.exists(standbys.directory)
