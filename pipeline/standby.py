"""Local workers started before Beam asks for them: their imports overlap the launcher's planning.

A local run with several workers pays, before the first bundle, the launcher's imports and plan
and then each worker's start: Python, Beam's SDK harness and the pipeline's modules (1.5–3 s of
imports per worker on this project's 2-core machines) while the launcher waits.  `Standbys`
starts one process per worker as soon as the command line is read: each binds a Unix socket,
imports what a worker imports, and waits.  When Beam's runner later starts a worker
(`python -m pipeline.local_worker`, with the control and logging addresses in its environment),
that process claims a standby (renames its socket: one claimant wins), hands it its environment
and waits for its exit code; the standby then serves Beam exactly as the worker would have
(`local_worker.serve`).  With no standby left (or none started), the worker serves itself.

Which process serves a worker decides nothing: the same code runs the same bundles with the same
environment; only the imports happened earlier.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading


from pipeline.local_worker import CLAIMED as _CLAIMED
from pipeline.local_worker import DIRECTORY, READY as _READY
from pipeline.local_worker import listing, quiet_logging, receive, serve, watch_launcher
PRELOAD = ("apache_beam.runners.worker.sdk_worker_main", "pipeline.graph", "pipeline.curate", "pipeline.finish",
           "pipeline.write", "pipeline.snapshot.graph", "dedup.stage")
"""What a worker imports before its first bundle (Beam's harness, the modules of the DoFns it unpickles)."""


class Standbys:
    """`count` standby workers of this launcher, started now; `close` ends those never claimed."""

    def __init__(self, count: int, debug: bool = False) -> None:
        self.directory = tempfile.mkdtemp(prefix="codecurate-standby-")
        # As `runner.make_runner` sets them for the workers Beam starts (which hand theirs over).
        environment = dict(os.environ, CODECURATE_LAUNCHER_PID=str(os.getpid()),
                           CODECURATE_WORKER_LOG_LEVEL="DEBUG" if debug else "WARNING")
        self._processes = [
            subprocess.Popen([sys.executable, "-m", "pipeline.standby", os.path.join(self.directory, f"{_READY}{index}")],
                             env=environment, stdin=subprocess.DEVNULL)
            for index in range(count)]
        self._previous = os.environ.get(DIRECTORY)
        os.environ[DIRECTORY] = self.directory

    def close(self) -> None:
        """End the standbys no worker claimed (they would wait forever); reap the others (they end
        with their worker)."""
        if self._previous is None:
            os.environ.pop(DIRECTORY, None)
        else:
            os.environ[DIRECTORY] = self._previous
        claimed = {name.removeprefix(_CLAIMED) for name in listing(self.directory) if name.startswith(_CLAIMED)}
        for index, process in enumerate(self._processes):
            if str(index) not in claimed and process.poll() is None:
                process.kill()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> Standbys:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _end_with(pid: int) -> None:
    """The worker that claimed this standby is the process Beam watches: if it is gone, so is the work."""
    import time

    while True:
        time.sleep(0.5)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass


def standby(path: str) -> None:
    """A standby's life: listen, import, wait for a worker's environment, serve, report the exit code."""
    signal.signal(signal.SIGINT, lambda *_: os._exit(130))
    watch_launcher()
    quiet_logging()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(1)
    import importlib

    for module in PRELOAD:
        importlib.import_module(module)
    connection, _ = listener.accept()
    listener.close()
    try:
        request = json.loads(receive(connection))
    except (OSError, ValueError):
        os._exit(1)
    threading.Thread(target=_end_with, args=(request["pid"],), name="worker-watch", daemon=True).start()
    os.environ.clear()
    os.environ.update(request["environment"])
    code = 1
    try:
        serve()
        code = 0
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            connection.sendall(bytes([code]))
        finally:
            os._exit(code)


if __name__ == "__main__":
    standby(sys.argv[1])
