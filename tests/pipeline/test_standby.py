"""The local workers' standby (`pipeline/standby.py`): a worker Beam starts hands its environment
to the standby and leaves with the exit code of the child that served it; a worker that finds no
standby serves itself; a CLI run with two workers is served by two forked children and gives the
dataset one worker gives; nothing of the standby is left when a command returns."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import uuid
from pathlib import Path

from support.dumps import write_dir
from support.hardening_support import MIT, module_text

from pipeline.cli import main
from pipeline.local_worker import STANDBY, address, receive

ROOT = Path(__file__).resolve().parents[2]
# What a worker does when no standby takes it: here, say so (Beam's harness is not started in these tests).
WORKER = "from pipeline.local_worker import hand_over; hand_over(); print('served here')"


class FakeStandby:
    """A standby's socket answering one worker with `code` (what it received is kept)."""

    def __init__(self, code: int) -> None:
        self.path = f"@codecurate-test-{uuid.uuid4().hex}"
        self.received: dict = {}
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(address(self.path))
        self._listener.listen(1)
        self._code = code
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        connection, _ = self._listener.accept()
        self.received = json.loads(receive(connection))
        connection.sendall(bytes([self._code]))
        connection.close()
        self._listener.close()


def _worker(path: str, **extra: str) -> subprocess.Popen:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), STANDBY: path, **extra}
    return subprocess.Popen([sys.executable, "-c", WORKER], env=environment, stdout=subprocess.PIPE, text=True)


def test_a_worker_hands_its_environment_to_the_standby_and_leaves_with_its_code() -> None:
    standby = FakeStandby(code=7)
    worker = _worker(standby.path, CONTROL_API_SERVICE_DESCRIPTOR="url: \"localhost:41234\"")
    out, _ = worker.communicate(timeout=60)
    assert worker.returncode == 7 and out == ""
    assert standby.received["environment"]["CONTROL_API_SERVICE_DESCRIPTOR"] == "url: \"localhost:41234\""
    assert STANDBY not in standby.received["environment"]  # the child serves; it hands over to no one
    assert standby.received["pid"] == worker.pid


def test_without_a_standby_listening_the_worker_serves_itself() -> None:
    worker = _worker(f"@codecurate-test-{uuid.uuid4().hex}")  # the standby ended (or never listened)
    out, _ = worker.communicate(timeout=60)
    assert worker.returncode == 0 and out == "served here\n"


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


def test_a_cli_run_with_two_workers_is_served_by_two_forked_children_and_leaves_nothing(tmp_path: Path,
                                                                                     monkeypatch) -> None:
    import pipeline.standby as standby

    served: list[int] = []
    close = standby.Standby.close

    def watched(self) -> None:
        served.append(self.served())
        close(self)

    monkeypatch.setattr(standby.Standby, "close", watched)
    dumps = tmp_path / "dumps"
    write_dir(dumps / "acme__tools", {"LICENSE": MIT, **{f"src/m{i}.py": module_text(i) for i in range(4)}})
    before = _children()
    assert main(["run", str(dumps), "--output", str(tmp_path / "two"), "--workers", "2", "--quiet"]) == 0
    assert served == [2]
    assert _children() <= before and STANDBY not in os.environ
    assert main(["run", str(dumps), "--output", str(tmp_path / "one"), "--workers", "1", "--quiet"]) == 0
    assert served == [2]  # one worker runs in the launcher: no standby
    two, one = (json.loads((tmp_path / name / "manifest.json").read_text()) for name in ("two", "one"))
    assert two["counts"] == one["counts"] and two["shards"] == one["shards"]


def test_a_standby_no_worker_reached_is_ended() -> None:
    from pipeline.standby import Standby

    standby = Standby()
    process = standby._process
    standby.close()
    assert process.returncode is not None and STANDBY not in os.environ


def test_what_the_standby_imports_before_forking_loads_no_go_runtime() -> None:
    # go-enry (the language filter) carries a Go runtime, whose threads a fork does not copy: a
    # worker forked after loading it hung in the Go garbage collector.
    from pipeline.standby import FORK_UNSAFE, PRELOAD

    check = (f"import importlib, sys\nfor name in {PRELOAD!r}: importlib.import_module(name)\n"
             f"print([name for name in {FORK_UNSAFE!r} if name in sys.modules])\n"
             "print(sum('enry' in line for line in open('/proc/self/maps')))")
    out = subprocess.run([sys.executable, "-c", check], env={**os.environ, "PYTHONPATH": str(ROOT)},
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == ["[]", "0"]
    loaded = subprocess.run([sys.executable, "-c", "import filters.language, sys; print('enry' in sys.modules)"],
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "True"  # the check above would see it
