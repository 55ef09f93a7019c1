"""Failures that are the consequences of a known cause stay quiet.

When a run ends for a cause the launcher knows of (a signal; a worker process that died), the
runner's threads fail on it in their own ways: a broken gRPC stream, "Worker subprocess exited",
a data-plane read logged as an error, each with its traceback, and often before the launcher's
main thread has learnt the cause.  Those are the cause's, not failures of their own: the cause's
one line must be all a user sees.  So while installed, a thread's uncaught exception and an error
logged by a thread other than the main one wait up to `GRACE` seconds for the cause: dropped if
it is known by then, reported as usual otherwise.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

GRACE = 1.0
"""Seconds a failing thread waits for the cause before it reports.  Ctrl-C reaches the workers too,
they die of it at once, and the runner's threads fail on that before the main thread (which joins
the run in 0.25 s waits) has run the signal handler."""


class QuietAfter(logging.Filter):
    """Holds back other threads' failures until `cause` is set (see the module).  `is_cause`
    recognises a thread's failure that is itself the cause: it sets `cause`, is kept in `causes`
    and is not reported."""

    def __init__(self, cause: threading.Event,
                 is_cause: Callable[[threading.ExceptHookArgs], bool] | None = None) -> None:
        super().__init__()
        self.cause = cause
        self.causes: list[BaseException] = []
        self._is_cause = is_cause
        self._previous_hook: Callable[[threading.ExceptHookArgs], object] | None = None

    def install(self) -> None:
        self._previous_hook = threading.excepthook
        threading.excepthook = self._thread_failed
        for handler in logging.getLogger().handlers:
            handler.addFilter(self)

    def restore(self) -> None:
        if self._previous_hook is not None:
            threading.excepthook = self._previous_hook
            self._previous_hook = None
        for handler in logging.getLogger().handlers:
            handler.removeFilter(self)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR or threading.current_thread() is threading.main_thread():
            return True
        return not self.cause.wait(GRACE)

    def _thread_failed(self, hook_args: threading.ExceptHookArgs) -> None:
        if self._is_cause is not None and self._is_cause(hook_args):
            if hook_args.exc_value is not None:
                self.causes.append(hook_args.exc_value)
            self.cause.set()
        elif not self.cause.wait(GRACE) and self._previous_hook is not None:
            self._previous_hook(hook_args)
