"""SIGINT or SIGTERM to a publishing command: the whole run ends within seconds, the old dataset stays.

A signal may reach the launcher alone (`kill -INT`, a scheduler's `timeout -s INT`) or its whole
process group (Ctrl-C in a terminal).  Raising KeyboardInterrupt into whatever the launcher was
doing is not an answer: Beam's runner can be waiting for worker processes that never got the
signal, and the launcher then waits forever.  So the handler does the ending itself, at once:
it kills every process the launcher started (workers, and their git children), removes the
staging area (unredacted contents), says in one line whether the new version was published,
and leaves with 128 + the signal's number (130 for SIGINT, 143 for SIGTERM).

Publishing renames the new manifest over the old one as its last step (`dataset/publish.py`), so
a run killed anywhere leaves the old dataset or the new one whole; the line says which, by
comparing the manifest in place with the one there when the command started.
"""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable

from pipeline.cli.consequences import QuietAfter

HANDLED = (signal.SIGINT, signal.SIGTERM)


def manifest_sha256(output: str | None) -> str | None:
    """sha256 of the manifest in `output` now (None: none, or unreadable)."""
    if not output:
        return None
    try:
        if "://" in output:
            from apache_beam.io.filesystems import FileSystems

            with FileSystems.open(FileSystems.join(output, "manifest.json"),
                                  compression_type="uncompressed") as handle:
                return hashlib.sha256(handle.read()).hexdigest()
        with open(os.path.join(output, "manifest.json"), "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except Exception:  # noqa: BLE001 - a missing or unreachable manifest is "none"
        return None


def descendants(pid: int | None = None) -> list[int]:
    """Every process below `pid` (default: this one), children before grandchildren."""
    parents: dict[int, list[int]] = {}
    for child, parent in _process_table():
        parents.setdefault(parent, []).append(child)
    found, queue = [], [pid or os.getpid()]
    while queue:
        for child in parents.get(queue.pop(0), []):
            found.append(child)
            queue.append(child)
    return found


def _process_table() -> list[tuple[int, int]]:
    """(pid, parent pid) of every process: from /proc on Linux, else from `ps`."""
    table = []
    if os.path.isdir("/proc"):
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/stat", "rb") as handle:
                    stat = handle.read().decode("utf-8", "replace")
            except OSError:
                continue  # ended meanwhile
            # `pid (comm) state ppid …`: comm may hold spaces and parentheses, so split after the last ')'
            table.append((int(name), int(stat[stat.rindex(")") + 2:].split()[1])))
        return table
    listing = subprocess.run(["ps", "-A", "-o", "pid=,ppid="], capture_output=True, text=True).stdout
    return [(int(pid), int(ppid)) for pid, ppid in (line.split() for line in listing.splitlines() if line.strip())]


def adopt_orphans() -> None:
    """Linux: become the "child subreaper" of everything this process starts, so that a worker
    whose wrapper (`sh -c …`, how Beam starts local workers) died first is re-parented here, not
    to init, and `end_descendants` can reap it instead of leaving a zombie behind."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def end_descendants(grace: float = 3.0) -> None:
    """SIGKILL every process this one started, and reap its own children (no zombies left)."""
    for _ in range(3):  # a worker may start a child while the first sweep runs
        found = descendants()
        if not found:
            break
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # no children left
        if pid == 0:
            time.sleep(0.02)


_SWEEPER = """
import os, shutil, sys, time
parent, folder = int(sys.argv[1]), sys.argv[2]
deadline = time.monotonic() + 30
while os.getppid() == parent and time.monotonic() < deadline:  # re-parented: the command has exited
    time.sleep(0.02)
shutil.rmtree(folder, ignore_errors=True)
"""


def sweep_after_exit(folder: str) -> None:
    """Leave a process that removes `folder` once this one has exited (and with it every thread that
    could still write there). It keeps this process's stdout and stderr open until it is done, so
    whoever waits for the command's output also waits for the sweep."""
    try:
        subprocess.Popen([sys.executable, "-c", _SWEEPER, str(os.getpid()), folder], stdin=subprocess.DEVNULL,
                         start_new_session=True)
    except OSError:
        pass  # the in-process removal above has run; this one is the belt to its braces


class Interruption:
    """The handler of SIGINT/SIGTERM for one command; `install` as early as the command starts."""

    def __init__(self, command: str, output: str | None, cleanup: Callable[[], None] | None = None,
                 sweep: str | None = None) -> None:
        self.command = command
        self.output = output
        self.cleanup = cleanup
        self.sweep = sweep  # a local folder to remove again after this process has exited
        self.manifest_before = manifest_sha256(output)
        self.interrupted = threading.Event()
        self._quiet = QuietAfter(self.interrupted)

    def install(self) -> None:
        """Handle SIGINT and SIGTERM until `restore` (only the main thread may set handlers); until
        then a thread's failure or logged error waits for the handler (`consequences.GRACE`)."""
        self._previous = {}
        if threading.current_thread() is not threading.main_thread():
            return
        for number in HANDLED:
            previous = signal.getsignal(number)
            if previous is not signal.SIG_IGN:  # a process started with the signal ignored keeps ignoring it
                self._previous[number] = signal.signal(number, self.handle)
        self._quiet.install()
        if self.output is not None:
            adopt_orphans()

    def restore(self) -> None:
        """The handlers from before `install` (a command called from Python leaves none behind)."""
        for number, previous in getattr(self, "_previous", {}).items():
            signal.signal(number, previous)
        self._previous = {}
        self._quiet.restore()

    def handle(self, signum: int, frame: object = None) -> None:
        self.interrupted.set()
        # Ignore a second signal (Ctrl-C pressed twice, or a group signal after a single one).
        for number in HANDLED:
            signal.signal(number, signal.SIG_IGN)
        logging.disable(logging.CRITICAL)
        end_descendants()
        if self.cleanup is not None:
            try:
                self.cleanup()
            except Exception:  # noqa: BLE001 - the one line must come out whatever the store says
                pass
        end_descendants(grace=0.5)  # a runner thread may have started a worker meanwhile
        runner = sys.modules.get("pipeline.runner")
        if runner is not None:
            runner.remove_temp_dirs()  # Beam's own temp folder: its `run()` never returns now
        if self.sweep is not None:
            # An in-process runner thread (one worker) goes on staging until this process ends, so a
            # local staging folder is removed once more after the exit, by a process left for that.
            sweep_after_exit(self.sweep)
        self.finish(signum)

    def finish(self, signum: int) -> None:
        after = manifest_sha256(self.output)
        published = after is not None and after != self.manifest_before
        message = ("interrupted after the dataset was published (its run record may be missing)" if published
                   else "interrupted; nothing was published")
        sys.stderr.write(f"codecurate {self.command}: {message}\n")
        sys.stderr.flush()
        try:
            sys.stdout.flush()
        except (OSError, ValueError):
            pass
        os._exit(128 + signum)
