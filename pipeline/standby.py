"""The local workers' imports done while the launcher plans: one standby process forks them ready.

A local run with several workers pays, before the first bundle, the launcher's imports and plan
and then each worker's start: Python, Beam's SDK harness and the pipeline's modules (1.5–3 s of
imports per worker on this project's 2-core machines) while the launcher waits.  `Standby`
starts one process as soon as `run` or `update` has read its command line: it listens on a Unix
socket, imports what a worker imports (on the core the launcher leaves free) and waits.  When
Beam's runner later starts a worker (`python -m pipeline.local_worker`, with the control and
logging addresses in its environment), that process connects, hands over its environment and
waits for an exit code; the standby forks a child that takes the environment and serves Beam
exactly as the worker would have (`local_worker.serve`), then reports its exit code.  One
import serves every worker (fork shares it); no standby reachable: the worker serves itself.

Which process serves a worker decides nothing: the same code runs the same bundles with the same
environment; only the imports happened earlier.  Nothing is forked before a worker asks, so no
thread of Beam's (gRPC, the harness) exists in the standby when it forks.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import uuid

from pipeline.local_worker import (STANDBY, address, die_on_interrupt, end_with, quiet_logging, receive,
                                   receive_exactly, send, serve, watch_launcher)

PRELOAD = ("apache_beam.runners.worker.sdk_worker_main", "pydantic", "yaml", "pii.redact")
"""What is imported before forking: Beam's SDK harness (with numpy, pyarrow, pandas and gRPC: ~1 s of
a worker's ~1.3 s of imports), other libraries the pipeline's modules use, and the PII analyzers
(presidio and spaCy's tokenizer: ~0.85 s more, which every worker otherwise paid when it first
finished a chunk, on a core its other work wanted).  Not the rest of the pipeline's own modules
(~0.25 s, imported by each child as it unpickles its DoFns): `filters.language` loads go-enry, a
Go library whose runtime (its threads, its garbage collector) does not survive a fork without
exec: a forked worker hung in its first garbage collection."""
FORK_UNSAFE = ("enry",)
"""Modules that must not be loaded in a process that forks (a Go runtime in a shared library)."""
COUNT = "served?"
"""A request for how many workers the standby forked so far (what tests look at)."""


class Standby:
    """The standby of this launcher's local workers, started now; `close` ends it."""

    def __init__(self, debug: bool = False) -> None:
        # An abstract socket (Linux): nothing on disk, so nothing is left behind whatever ends the launcher.
        path = f"@codecurate-standby-{os.getpid()}-{uuid.uuid4().hex}"
        # As `runner.make_runner` sets them for the workers Beam starts (which hand theirs over).
        environment = dict(os.environ, CODECURATE_LAUNCHER_PID=str(os.getpid()),
                           CODECURATE_WORKER_LOG_LEVEL="DEBUG" if debug else "WARNING")
        self._process = subprocess.Popen([sys.executable, "-m", "pipeline.standby", path], env=environment,
                                         stdin=subprocess.DEVNULL)
        self._previous = os.environ.get(STANDBY)
        os.environ[STANDBY] = path

    def served(self) -> int:
        """How many workers the standby forked a child for so far (0 if it cannot be asked)."""
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            connection.connect(address(os.environ[STANDBY]))
            send(connection, json.dumps({COUNT: True}).encode())
            return struct.unpack("<Q", receive_exactly(connection, 8))[0]
        except (OSError, KeyError, struct.error):
            return 0
        finally:
            connection.close()

    def close(self) -> None:
        """End the standby once its children have ended (their workers are done when a command
        returns; a child may still be leaving), so that none is left to this process."""
        if self._previous is None:
            os.environ.pop(STANDBY, None)
        else:
            os.environ[STANDBY] = self._previous
        if self._process.poll() is None:
            self._process.terminate()
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


def _serve_worker(connection: socket.socket, request: dict) -> None:
    """In a forked child: take the worker's environment, serve Beam, report the exit code."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    code = 1
    try:
        watch_launcher()
        threading.Thread(target=end_with, args=(request["pid"],), name="worker-watch", daemon=True).start()
        os.environ.clear()
        os.environ.update(request["environment"])
        serve()
        code = 0
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            connection.sendall(bytes([code]))
        finally:
            os._exit(code)


def _reap(*_: object) -> None:
    """Reap the children that ended (so that their CPU time counts in this process's, and in the
    launcher's once it reaps this one: `resource.RUSAGE_CHILDREN`)."""
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if not pid:
            return


def _leave(*_: object) -> None:
    """SIGTERM (`Standby.close`): wait for the children, then end."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            os._exit(0)


def standby(path: str) -> None:
    """The standby's life: listen, import, then fork a child for each worker that connects."""
    die_on_interrupt()  # and so do the children it forks
    signal.signal(signal.SIGCHLD, _reap)
    signal.signal(signal.SIGTERM, _leave)
    watch_launcher()
    quiet_logging()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address(path))
    listener.listen(16)
    import importlib

    for module in PRELOAD:
        importlib.import_module(module)
    if any(module in sys.modules for module in FORK_UNSAFE):
        os._exit(1)  # nothing is served: each worker serves itself
    served = 0
    while True:
        connection, _ = listener.accept()
        try:
            request = json.loads(receive(connection))
        except (OSError, ValueError):
            connection.close()
            continue
        if COUNT in request:
            connection.sendall(struct.pack("<Q", served))
        else:
            served += 1
            if os.fork() == 0:
                listener.close()
                _serve_worker(connection, request)
        connection.close()


if __name__ == "__main__":
    standby(sys.argv[1])
