"""Entry point of the local runner's worker processes: Beam's SDK worker, logging at WARNING.

FnApiRunner starts `python -m apache_beam.runners.worker.sdk_worker_main` without the pipeline's
options, so each worker logs dozens of INFO lines into the user's terminal; this entry point sets
the worker log level through the variable Beam's worker main reads, then hands over.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import struct
import sys
import threading
import time


LAUNCHER_PID = "CODECURATE_LAUNCHER_PID"
"""Set by the launcher (`pipeline.runner`): Beam starts workers through `sh -c`, so the parent
of a worker is a shell, not the process that owns the run."""


STANDBY = "CODECURATE_STANDBY"
"""The socket where the launcher's standby listens (`pipeline/standby.py`); set in the launcher's
environment, which Beam passes on to the workers it starts."""


class _StartupNoise(logging.Filter):
    """Beam's worker start-up chatter, logged before the configured level applies, and its
    notice that optional GCP client libraries are absent."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            return True
        return not record.name.startswith(("__main__", "apache_beam")) and "apitools" not in record.getMessage()


def end_with(pid: int) -> None:
    """End this process once process `pid` is gone (polled): a worker whose launcher is gone has no
    one to work for (an interrupted launcher ends its workers itself, but one could be started in
    the instant before it exited, and a launcher killed outright ends nothing); a standby's child
    serves a worker Beam watches, and without it the work is gone."""
    while True:
        time.sleep(0.5)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass  # alive, under another user (cannot happen for our own processes; never fatal)


def watch_launcher() -> None:
    launcher = int(os.environ.get(LAUNCHER_PID) or os.getppid())
    threading.Thread(target=end_with, args=(launcher,), name="launcher-watch", daemon=True).start()


def hand_over() -> None:
    """In a worker Beam started: hand this process's environment to the standby the launcher
    started early (`pipeline/standby.py`), which forks a process to serve it, and leave with that
    process's exit code.  Returns (having done nothing) when there is no standby to reach."""
    path = os.environ.get(STANDBY)
    if not path:
        return
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(address(path))
    except OSError:
        connection.close()
        return  # the standby is gone (or failed before listening): serve here
    try:
        environment = dict(os.environ)
        environment.pop(STANDBY, None)
        send(connection, json.dumps({"environment": environment, "pid": os.getpid()}).encode())
        code = connection.recv(1)
    except OSError:
        code = b""
    os._exit(code[0] if code else 1)


def address(path: str) -> str:
    """A socket name as `socket` takes it: "@name" is Linux's abstract namespace (nothing on disk)."""
    return "\0" + path[1:] if path.startswith("@") else path


def send(connection: socket.socket, payload: bytes) -> None:
    connection.sendall(struct.pack("<Q", len(payload)) + payload)


def receive_exactly(connection: socket.socket, size: int) -> bytes:
    parts = []
    while size:
        part = connection.recv(min(size, 1 << 16))
        if not part:
            raise ConnectionError("the other side left mid-message")
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def receive(connection: socket.socket) -> bytes:
    """One message `send` sent (length-prefixed)."""
    return receive_exactly(connection, struct.unpack("<Q", receive_exactly(connection, 8))[0])


def die_on_interrupt() -> None:
    """Ctrl-C reaches the whole process group: a worker ends at once and silently (the CLI prints
    the one line), killed by the signal itself.  A Python handler would run only when the main
    thread next runs Python code, and a worker's main thread waits inside gRPC: the worker lived
    on until the launcher closed its servers and printed gRPC's and Beam's notices of that (1 run
    in 8).  A signal ignored since the process started (`nohup`, a script's `&`) stays ignored,
    as the launcher's does."""
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.SIG_DFL)


def main() -> None:
    die_on_interrupt()
    hand_over()  # a process forked by the launcher's standby serves instead, when there is one (`standby.py`)
    watch_launcher()
    serve()
    # The harness has drained its work, torn its DoFns down and flushed its log handler.  What
    # is left is interpreter teardown (gRPC and thread pools, thousands of modules: 1–2 s under
    # load), during which the launcher waits on this process before ending the next worker.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def quiet_logging() -> None:
    """WARNING and above, without Beam's start-up chatter (unless the worker log level is DEBUG)."""
    if os.environ.get("CODECURATE_WORKER_LOG_LEVEL", "WARNING") != "DEBUG" and not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING)
        for handler in logging.getLogger().handlers:
            handler.addFilter(_StartupNoise())


def serve() -> None:
    """Beam's SDK harness for the runner whose addresses are in the environment, until it is done."""
    level = os.environ.get("CODECURATE_WORKER_LOG_LEVEL", "WARNING")
    options = json.loads(os.environ.get("PIPELINE_OPTIONS") or "{}")
    options = options.get("options", options)
    options["default_sdk_harness_log_level"] = level
    os.environ["PIPELINE_OPTIONS"] = json.dumps({"options": options})
    quiet_logging()
    from apache_beam.runners.worker import sdk_worker_main

    sdk_worker_main.main(None)


if __name__ == "__main__":
    main()
