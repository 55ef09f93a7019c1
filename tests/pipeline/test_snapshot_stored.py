"""`snapshot/stored.py`'s launcher thread: when it reads the parent and when it gives up."""

from __future__ import annotations

import threading
from pathlib import Path

from pipeline.snapshot.graph import update_file
from pipeline.snapshot.stored import decide_when_staged


def test_a_graph_that_ended_without_staging_leaves_the_parent_unread(tmp_path: Path) -> None:
    """An interrupted or failed graph staged nothing: the thread answers None at once, without
    reading the parent (here a directory that does not exist, which any read would fail on)."""
    done = threading.Event()
    done.set()
    assert decide_when_staged(done, str(tmp_path / "no-parent"), str(tmp_path / "out"), None, None, poll=0.01) is None


def test_the_parent_is_read_once_the_ids_seen_again_are_staged(tmp_path: Path) -> None:
    """`reached.json` staged, decisions not yet: the parent is read then (its failure surfaces),
    before dedup's decisions exist."""
    output = tmp_path / "out"
    reached = Path(update_file(str(output), "reached.json"))
    reached.parent.mkdir(parents=True)
    reached.write_text("[]")
    done = threading.Event()
    failure: list[BaseException] = []

    def decide() -> None:
        try:
            decide_when_staged(done, str(tmp_path / "no-parent"), str(output), None, None, poll=0.01)
        except Exception as error:  # noqa: BLE001 - what the test looks at
            failure.append(error)

    thread = threading.Thread(target=decide)
    thread.start()
    thread.join(timeout=10)
    done.set()
    assert not thread.is_alive() and failure  # it read (and failed on) the parent before any decision
