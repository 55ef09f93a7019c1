"""The one routing primitive: steps in order, the first reason drops (content cleared), every reason
counted in the one metrics namespace, inside a Beam pipeline as outside it."""

from __future__ import annotations

import apache_beam as beam
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipeline.records import FileRecord
from core import steps
from pipeline.steps import NAMESPACE, StepRunner


class DropWhen:
    def __init__(self, name: str, word: str) -> None:
        self.name = name
        self._word = word
        self.seen: list[str] = []
        self.ready = False

    def setup(self) -> None:
        self.ready = True

    def process(self, record: FileRecord) -> str | None:
        self.seen.append(record.path)
        return f"{self.name}:{self._word}" if self._word in record.content else None


def record(path: str, content: str) -> FileRecord:
    return FileRecord(id=path, repo_name="o/r", path=path, commit="", content=content, size=len(content),
                      content_sha256="")


def test_the_first_step_that_names_a_reason_drops_and_later_steps_do_not_run() -> None:
    first, second = DropWhen("first", "alpha"), DropWhen("second", "beta")
    runner = StepRunner([first, second])
    runner.setup()
    records = [record("a", "alpha beta"), record("b", "beta"), record("c", "gamma")]
    runner.run_all(records)
    assert first.ready and second.ready
    assert [r.reason for r in records] == ["first:alpha", "second:beta", None]
    assert [r.content for r in records] == ["", "", "gamma"]
    assert second.seen == ["b", "c"]
    assert runner.run(record("d", "beta"), start=1) == 1


class _Route(beam.DoFn):
    def setup(self) -> None:
        self._runner = StepRunner([DropWhen("first", "alpha"), DropWhen("second", "beta")])
        self._runner.setup()

    def process(self, element: tuple[str, str]):
        item = record(*element)
        self._runner.run(item)
        yield item.path, item.reason


def test_inside_beam_every_reason_is_a_counter_of_the_one_namespace() -> None:
    pipeline = BeamTestPipeline(runner="FnApiRunner")
    routed = (pipeline | beam.Create([("a", "alpha"), ("b", "beta"), ("c", "beta"), ("d", "-")])
              | beam.ParDo(_Route()))
    assert_that(routed, equal_to([("a", "first:alpha"), ("b", "second:beta"), ("c", "second:beta"), ("d", None)]))
    result = pipeline.run()
    result.wait_until_finish()
    counters = result.metrics().query(MetricsFilter().with_namespace(NAMESPACE))["counters"]
    assert {c.key.metric.name: c.committed for c in counters} == {"first:alpha": 1, "second:beta": 2}


class Explode:
    """A step with a bug that one kind of file triggers; it quotes the file in its message."""

    name = "explode"

    def setup(self) -> None:
        pass

    def process(self, record: FileRecord) -> str | None:
        if "boom" in record.content:
            record.content = record.content.replace("secret", "[REDACTED]", 1)  # half done when it fails
            raise ValueError(f"cannot handle {record.content!r}")
        return None


class PolicyLike(Explode):
    name = "policy"
    reason_prefix = "license"


def test_a_step_that_raises_drops_that_file_only_and_the_run_goes_on(caplog, monkeypatch) -> None:
    monkeypatch.setattr(steps, "_logged", set())  # nothing logged yet in this process
    after = DropWhen("after", "never")
    runner = StepRunner([Explode(), after])
    records = [record("a", "boom secret secret"), record("b", "fine"), record("c", "boom again")]
    runner.run_all(records)
    assert [r.reason for r in records] == ["explode:error", None, "explode:error"]
    assert records[0].content == ""  # fail closed: nothing half-redacted goes on
    assert after.seen == ["b"]
    warnings = [entry.getMessage() for entry in caplog.records if "explode:error" in entry.getMessage()]
    assert len(warnings) == 1 and "ValueError" in warnings[0] and "a in o/r" in warnings[0]
    assert "secret" not in caplog.text  # the message, which quotes the file, is not logged


def test_a_failing_step_is_named_by_its_reason_prefix() -> None:
    item = record("a", "boom")
    StepRunner([PolicyLike()]).run(item)
    assert item.reason == "license:error"
