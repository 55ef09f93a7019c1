"""Imports that take seconds, started ahead in a background thread while the process idles.

Finishing a chunk sets up the PII analyzers, whose import (presidio, spaCy) takes ~1.3 s in a
fresh process (1.5–3.9 s per worker under load, traced on the 1 GB update benchmark), and each
local worker did it only when its first chunk to finish arrived: after curating, the workers wait
for `Reached`, the stored state and dedup (seconds in which one core idles), then both paid the
import at once.  A worker that has curated its share starts the import then (`CurateBundles`);
whoever needs the module calls `settle` first, which lets a waiting warm-up go at once and joins
it, so two threads never import it at the same moment.  Nothing here decides anything: the
module imported is the one the step imports anyway.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable

REDACTION = "pii.redact"
"""The PII analyzers' module (`pii.stage` and `pipeline.attribution.email_redactor` import it)."""
LICENCE_REFERENCES = "licenses.attribution.references"
"""ScanCode's licence texts, read once per process (`licenses.attribution.load_references`): what
rendering and filling attribution rows reads on first use (~0.5 s: two passes over 5,430 files)."""

_lock = threading.Lock()
_started: dict[str, tuple[threading.Thread, threading.Event]] = {}


def warm(module: str, ready: Callable[[], bool] | None = None, poll: float = 0.25,
         load: Callable[[], object] | None = None) -> None:
    """Import `module` in a background thread, once per process; with `ready`, only once it
    says so (asked every `poll` seconds) or `settle` is called.  With `load`, `module` only
    names the warm-up and `load()` is what runs (a cached table read ahead, say)."""
    with _lock:
        if module in _started:
            return
        go = threading.Event()
        work = load or (lambda: importlib.import_module(module))
        thread = threading.Thread(target=_load, args=(work, ready, poll, go), name=f"warm {module}", daemon=True)
        _started[module] = (thread, go)
    thread.start()


def settle(module: str) -> None:
    """Before importing `module` in this thread: finish a warm-up of it (if one was started)."""
    with _lock:
        started = _started.get(module)
    if started is not None and started[0] is not threading.current_thread():
        started[1].set()
        started[0].join()


def _load(work: Callable[[], object], ready: Callable[[], bool] | None, poll: float, go: threading.Event) -> None:
    try:
        while ready is not None and not go.is_set() and not ready():
            go.wait(poll)
        work()
    except Exception:  # noqa: BLE001 - the step that needs the module imports it again and reports
        pass
