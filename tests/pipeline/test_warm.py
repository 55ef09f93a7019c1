"""`pipeline/warm.py`: a slow import started ahead in a thread, joined before anyone imports it."""

from __future__ import annotations

import sys
import threading

from pipeline import warm


def _slow_module(tmp_path, name: str) -> None:
    """A module whose import takes a moment and counts how often it ran."""
    (tmp_path / f"{name}.py").write_text(
        "import time\nimport builtins\n"
        f"builtins.{name}_imports = getattr(builtins, '{name}_imports', 0) + 1\n"
        "time.sleep(0.3)\nLOADED = True\n")


def test_settle_waits_for_the_warm_up_and_the_module_is_imported_once(tmp_path, monkeypatch) -> None:
    import builtins

    monkeypatch.syspath_prepend(str(tmp_path))
    _slow_module(tmp_path, "uc_warm_a")
    warm.warm("uc_warm_a")
    warm.warm("uc_warm_a")  # once per process
    warm.settle("uc_warm_a")
    assert "uc_warm_a" in sys.modules and sys.modules["uc_warm_a"].LOADED
    assert builtins.uc_warm_a_imports == 1
    warm.settle("never_warmed")  # nothing started: nothing to wait for


def test_a_gated_warm_up_waits_for_its_signal_or_for_settle(tmp_path, monkeypatch) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    _slow_module(tmp_path, "uc_warm_b")
    _slow_module(tmp_path, "uc_warm_c")
    ready = threading.Event()
    warm.warm("uc_warm_b", ready.is_set, poll=0.01)
    warm.warm("uc_warm_c", lambda: False, poll=0.01)
    threading.Event().wait(0.2)
    assert "uc_warm_b" not in sys.modules  # not yet asked for
    ready.set()
    warm._started["uc_warm_b"][0].join(5)
    assert "uc_warm_b" in sys.modules
    warm.settle("uc_warm_c")  # its signal never came: settle lets it go and waits
    assert "uc_warm_c" in sys.modules


def test_a_failing_warm_up_is_silent(tmp_path, monkeypatch) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "uc_warm_d.py").write_text("raise ImportError('missing dependency')\n")
    warm.warm("uc_warm_d")
    warm.settle("uc_warm_d")  # the step that needs it imports it again and reports the error there
    assert "uc_warm_d" not in sys.modules


def test_a_warm_up_with_a_loader_runs_it_once_and_settle_joins_it() -> None:
    calls: list[int] = []
    ready = threading.Event()

    def load() -> None:
        threading.Event().wait(0.2)
        calls.append(1)

    warm.warm("uc_warm_table", ready.is_set, poll=0.01, load=load)
    warm.warm("uc_warm_table", load=load)  # once per process, whatever the loader
    threading.Event().wait(0.05)
    assert calls == []  # gated: not yet
    warm.settle("uc_warm_table")  # lets it go and waits for the loader, not for an import
    assert calls == [1] and "uc_warm_table" not in sys.modules
