"""Ctrl-C reaches the whole process group: the local workers die of it at once, and the runner's threads
fail on that (a worker "exited with return code -2", a broken gRPC stream) before the launcher's main
thread has run the signal handler.  Those tracebacks and errors are the signal's, not a failure: the
handler's one line must be all a user sees.  A thread's real failure is still reported."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading
import time

import pytest
from support.hardening_support import child_env

import pipeline.cli.consequences as consequences
from pipeline.cli.interrupt import Interruption


@pytest.fixture()
def installed(monkeypatch):
    monkeypatch.setattr(consequences, "GRACE", 0.2)
    reported: list[str] = []
    monkeypatch.setattr(threading, "excepthook", lambda hook_args: reported.append(str(hook_args.exc_value)))
    interruption = Interruption("run", None)
    interruption.install()
    try:
        yield interruption, reported
    finally:
        interruption.restore()


def _fail_in_a_thread(message: str) -> None:
    def fail() -> None:
        raise RuntimeError(message)

    thread = threading.Thread(target=fail)
    thread.start()
    thread.join(timeout=5)


def test_a_thread_failing_while_the_signal_is_on_its_way_says_nothing(installed) -> None:
    interruption, reported = installed
    threading.Timer(0.05, interruption.interrupted.set).start()  # the handler runs a moment later
    _fail_in_a_thread("Worker subprocess exited with return code -2")
    assert reported == []


def test_a_thread_failing_without_a_signal_is_reported(installed) -> None:
    _, reported = installed
    _fail_in_a_thread("a real failure")
    assert reported == ["a real failure"]


def test_an_error_logged_by_a_thread_is_dropped_once_interrupted_and_kept_otherwise(installed) -> None:
    interruption, _ = installed
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler = Collect()
    handler.addFilter(interruption._quiet)
    logger = logging.getLogger("apache_beam.runners.worker.data_plane.test")
    logger.addHandler(handler)
    try:
        def log(message: str) -> None:
            thread = threading.Thread(target=logger.error, args=(message,))
            thread.start()
            thread.join(timeout=5)

        log("a worker's real error")
        interruption.interrupted.set()
        log("Failed to read inputs in the data plane.")
        logger.error("the main thread's own error")
    finally:
        logger.removeHandler(handler)
    assert records == ["a worker's real error", "the main thread's own error"]


# A worker's main thread waits inside gRPC (native code); `pause()` stands for that wait.  A Python
# handler would run only once the wait returns; the worker must be dead before anything of it runs.
_WORKER_WAITING_IN_NATIVE_CODE = """
import ctypes, sys
from pipeline.local_worker import die_on_interrupt
die_on_interrupt()
print("ready", flush=True)
ctypes.CDLL(None).pause()
print("Logging client failed: the launcher's servers closed", file=sys.stderr, flush=True)
"""


def _start_worker(ignore_sigint: bool = False) -> subprocess.Popen:
    def before_exec() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN if ignore_sigint else signal.SIG_DFL)

    child = subprocess.Popen([sys.executable, "-c", _WORKER_WAITING_IN_NATIVE_CODE], env=child_env(),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=before_exec)
    assert child.stdout.readline() == b"ready\n"
    return child


def test_ctrl_c_kills_a_worker_waiting_in_native_code_before_any_of_its_python_runs() -> None:
    child = _start_worker()
    child.send_signal(signal.SIGINT)
    _, stderr = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGINT, "a Python handler ran (it exits with a code of its own)"
    assert stderr == b""


def test_a_worker_started_with_ctrl_c_ignored_keeps_ignoring_it() -> None:
    child = _start_worker(ignore_sigint=True)
    try:
        child.send_signal(signal.SIGINT)
        time.sleep(0.5)
        assert child.poll() is None
    finally:
        child.kill()
        child.communicate(timeout=30)


_PRINT_GRPC_VERBOSITY = """
import os, sys
import pipeline.cli
sys.modules["pipeline.cli.main"].main = lambda argv: print(os.environ.get("GRPC_VERBOSITY"))
from pipeline.cli.entry import console
console([])
"""


@pytest.mark.parametrize(("given", "seen"), [(None, "ERROR"), ("DEBUG", "DEBUG")])
def test_the_console_keeps_grpc_transport_notices_out_of_the_terminal_unless_asked(given, seen) -> None:
    env = child_env()
    env.pop("GRPC_VERBOSITY", None)
    if given is not None:
        env["GRPC_VERBOSITY"] = given
    printed = subprocess.run([sys.executable, "-c", _PRINT_GRPC_VERBOSITY], env=env, capture_output=True,
                             text=True, timeout=120, check=True).stdout
    assert printed == f"{seen}\n"
