"""Publishing into a location that holds a dataset never destroys it (issue 25 §5).

Every filesystem operation a publish makes (create, copy, rename, delete, mkdirs through Beam's
FileSystems) is counted; the publish is run again and again, interrupted just before operation
1, 2, 3, … until one run completes.  After every interruption the location must hold the old
dataset or the new one, whole: `verify` passes and the manifest's digest is one of the two.
Leftovers of the interrupted publish are allowed (and named by `verify`), and the next complete
publish removes them.

Two ways in: `optout --overwrite` into a location holding another version (the whole command,
interrupted), and `run --overwrite` onto an existing dataset (the run's staged state is captured
when its publish begins, then that publish is replayed and interrupted at every step).
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from apache_beam.io.filesystems import FileSystems
from support.built_datasets import deliberately_broken
from support.optout_dataset import first_version, optout

import pipeline.finalize as finalize
from pipeline.cli import main
from pipeline.dataset.manifest import dataset_digest
from pipeline.dataset.publish import publish
from pipeline.dataset.verify import publish_leftovers, verify

OPERATIONS = ("create", "copy", "rename", "delete", "mkdirs")


class Interrupted(BaseException):
    """What a kill looks like to the code: it stops between two operations and never resumes."""


class InterruptAt:
    """Makes the `at`-th filesystem operation (0-based) raise, and counts them all."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, at: int) -> None:
        self.at, self.count, self.log = at, 0, []
        for name in OPERATIONS:
            monkeypatch.setattr(FileSystems, name, self._wrap(name, getattr(FileSystems, name)))

    def _wrap(self, name: str, real):
        def operation(*args, **kwargs):
            if self.count == self.at:
                raise Interrupted(f"before {name} {args[0]!r}")
            self.count += 1
            self.log.append(f"{name} {args[0]!r}")
            return real(*args, **kwargs)

        return operation


def digest(dataset: Path) -> str:
    return dataset_digest(json.loads((dataset / "manifest.json").read_text()))


def assert_old_or_new(dataset: Path, old: str, new: str, label: str) -> str:
    failures = verify(str(dataset))
    assert failures == [], f"{label}: the location does not verify: {failures}"
    found = digest(dataset)
    assert found in (old, new), f"{label}: the manifest is neither the old version nor the new one"
    return "old" if found == old else "new"


def interrupt_every_step(monkeypatch: pytest.MonkeyPatch, prepare, attempt, old: str, new: str) -> list[str]:
    """prepare() → a location holding the old dataset; attempt(location) publishes the new one.
    Interrupt before each operation in turn; returns what each interruption left."""
    outcomes = []
    for at in range(500):
        location = prepare()
        with monkeypatch.context() as patch:
            injected = InterruptAt(patch, at)
            try:
                attempt(location)
                finished = True
            except Interrupted:
                finished = False
        label = f"interrupted before operation {at} ({injected.log[-1] if injected.log else 'none before'})"
        outcomes.append(assert_old_or_new(location, old, new, label))
        if finished:
            assert outcomes[-1] == "new" and publish_leftovers(str(location)) == []
            assert not (location / ".tmp").exists()
            print(f"{at} operations interrupted in turn: {outcomes.count('old')} left the old version, "
                  f"{outcomes.count('new') - 1} the new one")  # shown with -s
            return outcomes
    raise AssertionError("the publish never completed")


def test_optout_overwrite_interrupted_at_every_step_leaves_old_or_new(tmp_path, monkeypatch) -> None:
    built = first_version()
    listing = tmp_path / "list.txt"
    listing.write_text("alice\nbob/lib\n")
    reference = tmp_path / "reference"
    assert optout(built.v1, listing, reference) == 0
    old, new = digest(built.v1), digest(reference)
    assert old != new
    trials = iter(range(1000))

    def prepare() -> Path:
        location = tmp_path / f"trial-{next(trials)}"
        shutil.copytree(built.v1, location)
        return location

    def attempt(location: Path) -> None:
        # the CLI turns most exceptions into an exit code; an interruption is not one of them
        assert main(["optout", str(built.v1), "--optout", str(listing), "--output", str(location),
                     "--overwrite"]) == 0

    outcomes = interrupt_every_step(monkeypatch, prepare, attempt, old, new)
    assert "old" in outcomes and "new" in outcomes, outcomes
    assert len(outcomes) > 10, f"too few operations to have interrupted every step: {outcomes}"


def test_run_overwrite_interrupted_at_every_publish_step_leaves_old_or_new(tmp_path, monkeypatch) -> None:
    """The old dataset is an opt-out version; `run --overwrite` rebuilds the first version over it."""
    built = first_version()
    listing = tmp_path / "list.txt"
    listing.write_text("alice\n")
    old_dataset = tmp_path / "old"
    assert optout(built.v1, listing, old_dataset) == 0
    old, new = digest(old_dataset), digest(built.v1)
    captured = tmp_path / "captured"
    staged: dict = {}
    real_publish = finalize.publish

    def capture(output: str, manifest: dict) -> dict:
        """The run reached its publish: the old dataset and the new staged objects side by side."""
        shutil.copytree(output, captured)
        staged["manifest"] = copy.deepcopy(manifest)
        return real_publish(output, manifest)

    location = tmp_path / "run-output"
    shutil.copytree(old_dataset, location)
    monkeypatch.setattr(finalize, "publish", capture)
    assert main(["run", str(built.dumps), "--output", str(location), "--config", str(built.config),
                 "--optout", str(built.base_list), "--workers", "1", "--quiet", "--overwrite"]) == 0
    monkeypatch.undo()
    assert digest(location) == new and verify(str(location)) == [] and publish_leftovers(str(location)) == []
    # While the pipeline ran (everything new staged under .tmp/), the old dataset stood whole.
    assert assert_old_or_new(captured, old, new, "the run's staged state") == "old"
    assert publish_leftovers(str(captured)), "the staged objects are leftovers until published"
    trials = iter(range(1000))

    def prepare() -> Path:
        trial = tmp_path / f"trial-{next(trials)}"
        shutil.copytree(captured, trial)
        return trial

    outcomes = interrupt_every_step(monkeypatch, prepare,
                                    lambda trial: publish(str(trial), copy.deepcopy(staged["manifest"])), old, new)
    assert "old" in outcomes and "new" in outcomes, outcomes


def test_verify_names_leftovers_apart_from_tampering(tmp_path, capsys) -> None:
    """An object of another version beside a dataset is a leftover (exit 0, named); a file that is
    no version's object is tampering (exit 1), as before."""
    built = first_version()
    dataset = deliberately_broken(tmp_path / "dataset")  # tampered at the end: the session's check skips it
    shutil.copytree(built.v1, dataset)
    manifest = json.loads((dataset / "manifest.json").read_text())
    shard = manifest["shards"]["data"][0]["path"]
    stem = shard.rsplit(".", 2)[0]
    other_version = f"{stem}.{'0' * 16}.parquet"
    shutil.copy(dataset / shard, dataset / other_version)
    (dataset / ".tmp" / "staging").mkdir(parents=True)
    (dataset / ".tmp" / "staging" / "chunk.records.parquet").write_bytes(b"unfinished")
    capsys.readouterr()
    assert main(["verify", str(dataset)]) == 0
    err = capsys.readouterr().err
    assert "2 leftover(s) of an interrupted publish" in err
    assert f"~ {other_version}" in err and "~ .tmp/staging/chunk.records.parquet" in err
    shutil.copy(dataset / shard, dataset / f"{stem}-copy.parquet")  # not a published name
    assert main(["verify", str(dataset)]) == 1
    assert f"{stem}-copy.parquet: not accounted for by the manifest" in capsys.readouterr().err
