"""`codecurate run --runner DataflowRunner --dry-run`: Beam's own Dataflow translation, offline.

Beam's `--dry_run=True` (TestOptions) takes the graph through everything DataflowRunner does before
submission — its transform overrides, side-input and combiner rewrites, the Runner v2 portable
proto, the Docker environment and its container image, the Dataflow job request — and returns
without staging or submitting anything.  This needs the Google Cloud client libraries (the `gcp`
extra); without them the dry run says it could not check, instead of pretending.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import apache_beam as beam
from apache_beam.portability import common_urns
from apache_beam.portability.api import beam_runner_api_pb2

DATAFLOW = "DataflowRunner"
STOCK_IMAGE = re.compile(r"(^|/)beam_python[0-9.]+_sdk:")
"""Beam's SDK images (Dataflow's default `gcr.io/cloud-dataflow/v1beta3/beam_python3.11_sdk`, Docker
Hub's `apache/beam_python3.11_sdk`): no codecurate, no git; the README's Dockerfile builds the one to use."""


def is_dataflow(runner: str | None) -> bool:
    return bool(runner) and runner.rsplit(".", 1)[-1] == DATAFLOW


def gcp_extra_installed() -> bool:
    try:
        import apache_beam.runners.dataflow.internal.apiclient  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class DataflowJob:
    name: str
    job_type: str
    steps: list[str]
    """Top-level transforms of the translated graph, in graph order."""
    transforms: int
    images: list[str]
    """Container images of the job's environments (one, once Beam merges them)."""


def _images(proto: beam_runner_api_pb2.Pipeline) -> list[str]:
    images = set()
    for environment in proto.components.environments.values():
        if environment.urn == common_urns.environments.DOCKER.urn:
            images.add(beam_runner_api_pb2.DockerPayload.FromString(environment.payload).container_image)
    return sorted(images)


def _steps(proto: beam_runner_api_pb2.Pipeline) -> list[str]:
    transforms = proto.components.transforms
    roots = [transforms[i] for i in proto.root_transform_ids]
    top = [transforms[i] for root in roots for i in root.subtransforms] if len(roots) == 1 and roots[0].subtransforms \
        else roots
    return [transform.unique_name.rsplit("/", 1)[-1] for transform in top]


def translate(build: Callable[[beam.Pipeline], None], beam_args: list[str], workers: int | None) -> DataflowJob:
    """Build the graph on a DataflowRunner pipeline with `--dry_run=True` and return the job it
    would have submitted."""
    from pipeline.runner import new_pipeline

    args = beam_args if "--dry_run=True" in beam_args else [*beam_args, "--dry_run=True"]
    pipeline = new_pipeline(args, DATAFLOW, workers)
    build(pipeline)
    job = pipeline.run().job
    proto = job.proto_pipeline
    job_type = getattr(job.proto.type_, "name", str(job.proto.type_))
    return DataflowJob(job.proto.name, job_type, _steps(proto), len(proto.components.transforms), _images(proto))


def dataflow_report(build: Callable[[beam.Pipeline], None], beam_args: list[str], workers: int | None) -> str:
    if not gcp_extra_installed():
        return ("dataflow: job translation NOT checked: the Google Cloud client libraries are missing "
                "(pip install -e '.[gcp]'); only the portable graph above was checked")
    job = translate(build, beam_args, workers)
    lines = [
        "dataflow: Beam's DataflowRunner translated the job offline (--dry_run=True): overrides, Runner v2 "
        "proto, environment; nothing was staged or submitted",
        f"  job: {job.name} ({job.job_type}), {job.transforms} transforms after Dataflow's rewrites",
        f"  steps: {' → '.join(job.steps)}",
        f"  container image: {', '.join(job.images) or '(none)'}",
    ]
    if any(STOCK_IMAGE.search(image) for image in job.images):
        lines.append("  warning: that is Beam's stock SDK image, without codecurate or git: build the Dockerfile "
                     "and pass --sdk_container_image (README 'Runners, scale and Dataflow')")
    return "\n".join(lines)
