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
import sys
import threading
import time


LAUNCHER_PID = "CODECURATE_LAUNCHER_PID"
"""Set by the launcher (`pipeline.runner`): Beam starts workers through `sh -c`, so the parent
of a worker is a shell, not the process that owns the run."""


class _StartupNoise(logging.Filter):
    """Beam's worker start-up chatter, logged before the configured level applies, and its
    notice that optional GCP client libraries are absent."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            return True
        return not record.name.startswith(("__main__", "apache_beam")) and "apitools" not in record.getMessage()


def _end_with_the_launcher(launcher: int) -> None:
    """A worker whose launcher is gone has no one to work for: end it (an interrupted launcher
    ends its workers itself, but one could be started in the instant before it exited, and a
    launcher killed outright ends nothing)."""
    while True:
        time.sleep(0.5)
        try:
            os.kill(launcher, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass  # alive, under another user (cannot happen for our own launcher; never fatal)


def main() -> None:
    # Ctrl-C reaches the whole process group: end quietly, the CLI prints the one line.
    signal.signal(signal.SIGINT, lambda *_: os._exit(130))
    launcher = int(os.environ.get(LAUNCHER_PID) or os.getppid())
    threading.Thread(target=_end_with_the_launcher, args=(launcher,), name="launcher-watch", daemon=True).start()
    level = os.environ.get("CODECURATE_WORKER_LOG_LEVEL", "WARNING")
    options = json.loads(os.environ.get("PIPELINE_OPTIONS") or "{}")
    options = options.get("options", options)
    options["default_sdk_harness_log_level"] = level
    os.environ["PIPELINE_OPTIONS"] = json.dumps({"options": options})
    if level != "DEBUG":
        logging.basicConfig(level=logging.WARNING)
        for handler in logging.getLogger().handlers:
            handler.addFilter(_StartupNoise())
    from apache_beam.runners.worker import sdk_worker_main

    sdk_worker_main.main(None)
    # The harness has drained its work, torn its DoFns down and flushed its log handler.  What
    # is left is interpreter teardown (gRPC and thread pools, thousands of modules: 1–2 s under
    # load), during which the launcher waits on this process before ending the next worker.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
