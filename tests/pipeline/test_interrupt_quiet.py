"""Ctrl-C reaches the whole process group: the local workers die of it at once, and the runner's threads
fail on that (a worker "exited with return code -2", a broken gRPC stream) before the launcher's main
thread has run the signal handler.  Those tracebacks and errors are the signal's, not a failure: the
handler's one line must be all a user sees.  A thread's real failure is still reported."""

from __future__ import annotations

import logging
import threading

import pytest

import pipeline.cli.interrupt as interrupt
from pipeline.cli.interrupt import Interruption


@pytest.fixture()
def installed(monkeypatch):
    monkeypatch.setattr(interrupt, "SIGNAL_GRACE", 0.2)
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
