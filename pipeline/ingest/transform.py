"""Ingest as a Beam transform: sources → records (alive, dropped), spread over workers."""

from __future__ import annotations

import sys
import time

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipeline.config import Config
from pipeline.ingest.repository import read_repository
from pipeline.ingest.tables import read_table
from pipeline.records import RepoSource
from pipeline.steps import DROPPED, KEPT, NAMESPACE


class _ReadSource(beam.DoFn):
    def __init__(self, config: Config, progress: bool) -> None:
        self._config = config
        self._progress = progress

    def setup(self) -> None:
        self._files = Metrics.counter(NAMESPACE, "files_in")
        self._bytes = Metrics.counter(NAMESPACE, "bytes_in")
        self._seen = [0, 0]
        self._started = self._last = time.monotonic()

    def process(self, source: RepoSource):
        reader = read_table if source.kind == "table" else read_repository
        for record in reader(source, self._config):
            self._files.inc()
            self._bytes.inc(record.size)
            self._report(record.size)
            if record.dropped:
                Metrics.counter(NAMESPACE, record.reason).inc()
                yield beam.pvalue.TaggedOutput(DROPPED, record)
            else:
                yield record

    def _report(self, size: int) -> None:
        """A per-worker progress line on stderr, at most every two seconds (silenced by --quiet)."""
        self._seen[0] += 1
        self._seen[1] += size
        now = time.monotonic()
        if self._progress and now - self._last >= 2.0:
            self._last = now
            elapsed = now - self._started
            megabytes = self._seen[1] / 1e6
            print(f"[ingest] {self._seen[0]:,} files, {megabytes:,.1f} MB read, "
                  f"{megabytes / max(elapsed, 1e-9):.2f} MB/s, {elapsed:.0f}s", file=sys.stderr, flush=True)


class Ingest(beam.PTransform):
    """PCollection[RepoSource] → (alive records, dropped records)."""

    def __init__(self, config: Config, progress: bool = True) -> None:
        super().__init__()
        self._config = config
        self._progress = progress

    def expand(self, sources):
        outputs = (
            sources
            | "SpreadSources" >> beam.Reshuffle()
            | "Read" >> beam.ParDo(_ReadSource(self._config, self._progress)).with_outputs(DROPPED, main=KEPT)
        )
        # One huge repository must not serialise the run: spread its files over the workers.
        return outputs[KEPT] | "SpreadFiles" >> beam.Reshuffle(), outputs[DROPPED]
