"""`codecurate run --dry-run`: check the graph the CLI built and project what a run would cost.

Nothing runs and nothing is contacted: the graph is serialised to the Beam runner API (the
protobuf every portable runner, Dataflow Runner v2 included, is submitted), read back and
serialised again, which is where unpicklable closures, bad coders or runner-incompatible transforms
show up long before a cluster is paid for.  Input sizes are the sizes of the files the dumps
hold, listed without reading any contents (`input_size.py`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions, WorkerOptions
from apache_beam.portability.api import beam_runner_api_pb2

from pipeline.cli.input_size import input_size
from pipeline.records import RepoSource
from pipeline.runner import removes_its_temp_dir

MEASURED = Path(__file__).resolve().parents[2] / "benchmarks" / "results" / "end_to_end.json"
"""The end-to-end throughput `benchmarks/end_to_end.py` measured and recorded (committed with its
corpus, date, core count and command); the cost model reads it instead of a number in the code."""


@dataclass(frozen=True)
class Throughput:
    mb_per_second_per_core: float
    source: str
    """What was measured, as the benchmark recorded it (corpus, cores, date)."""


def measured_throughput(path: Path = MEASURED) -> Throughput | None:
    try:
        record = json.loads(path.read_text())
        return Throughput(float(record["mb_per_second_per_core"]),
                          f"{record.get('corpus', '?')}, {record.get('cores', '?')} cores, {record.get('date', '?')}")
    except (OSError, ValueError, KeyError, TypeError):
        return None


class GraphError(RuntimeError):
    """The graph does not survive the runner-API round trip a submission needs."""


@dataclass(frozen=True)
class GraphCheck:
    transforms: int
    """Every transform of the serialised graph, composites included."""
    primitives: int
    """Leaf transforms: what a runner actually schedules (before fusion)."""
    proto_bytes: int


def check_graph(pipeline: beam.Pipeline) -> GraphCheck:
    """Serialise, deserialise, serialise again: the round trip must keep every transform."""
    try:
        proto = pipeline.to_runner_api()
        rebuilt = removes_its_temp_dir(beam.Pipeline.from_runner_api(proto, pipeline.runner, pipeline.options))
        again = rebuilt.to_runner_api()
    except Exception as error:  # any failure here is a graph a runner would reject
        raise GraphError(f"the graph does not serialise to the Beam runner API: {type(error).__name__}: "
                         f"{error}") from error
    if _shape(proto) != _shape(again):
        raise GraphError("the graph changed in a runner-API round trip")
    transforms = proto.components.transforms
    primitives = sum(1 for transform in transforms.values() if not transform.subtransforms)
    return GraphCheck(len(transforms), primitives, proto.ByteSize())


def _shape(proto: beam_runner_api_pb2.Pipeline) -> list[tuple[str, str]]:
    """Unique names and URNs of the transforms: ids may be renumbered by a round trip, shape not."""
    return sorted((t.unique_name, t.spec.urn) for t in proto.components.transforms.values())


def _cores_per_worker(options: PipelineOptions) -> int:
    """vCPUs of one worker machine when the options name a GCE type (`n2-standard-8` → 8)."""
    machine = options.view_as(WorkerOptions).machine_type or ""
    match = re.search(r"-(\d+)$", machine)
    return int(match.group(1)) if match else 1


def _size(value: float) -> str:
    for unit, scale in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if value >= scale:
            return f"{value / scale:,.2f} {unit}"
    return f"{value:,.0f} B"


def _duration(hours: float) -> str:
    if hours >= 1:
        return f"{hours:,.1f} h"
    return f"{hours * 60:.1f} min" if hours * 60 >= 1 else f"{hours * 3600:.1f} s"


def describe(pipeline: beam.Pipeline, stages: list[str], sources: Iterable[RepoSource]) -> str:
    """The dry-run report; raises GraphError when the graph would not submit."""
    check = check_graph(pipeline)
    sources = list(sources)
    size = input_size(sources)
    expected = size.source
    kinds: dict[str, int] = {}
    for source in sources:
        kinds[source.kind] = kinds.get(source.kind, 0) + 1
    options = pipeline.options
    runner = options.view_as(StandardOptions).runner or type(pipeline.runner).__name__
    cores = _cores_per_worker(options)
    throughput = measured_throughput()
    max_workers = options.view_as(WorkerOptions).max_num_workers
    lines = [
        f"runner: {runner}",
        f"stages: {' → '.join(stages)}",
        f"graph: {check.transforms} transforms ({check.primitives} primitive), "
        f"runner API round trip OK ({_size(check.proto_bytes)})",
        f"sources: {len(sources)} ({', '.join(f'{count} {kind}' for kind, count in sorted(kinds.items()))})",
        size.describe(_size),
    ]
    if throughput is None:
        lines.append(f"cost model: no measured throughput ({MEASURED.name} not found; run benchmarks/end_to_end.py)")
    else:
        rate = throughput.mb_per_second_per_core
        core_hours_per_tb = 1e6 / rate / 3600
        input_core_hours = expected / 1e6 / rate / 3600
        lines += [
            f"cost model: {rate} MB/s per core measured end to end by benchmarks/end_to_end.py ({throughput.source})"
            f" → {core_hours_per_tb:,.0f} core-hours per TB of source",
            f"  = {core_hours_per_tb / cores:,.0f} worker-hours per TB with {cores}-vCPU workers",
            f"this input: ~{_duration(input_core_hours)} of one core",
        ]
        if max_workers:
            lines.append(f"  ≥ {_duration(input_core_hours / (cores * max_workers))} wall time on {max_workers} workers"
                         " (--max_num_workers)")
    lines.append("nothing was run (dry run)")
    return "\n".join(lines)
