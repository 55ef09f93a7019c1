"""The first fused stage: a bundle of sources → staged chunks and their dedup summaries.

One DoFn reads every source of a bundle (ingest, with licence detection reading the same tree),
runs the per-file steps that precede dedup (opt-out, filters) on each record, cuts the records
into chunks of at most `ingest.chunk_bytes` of content, stages each chunk's records (contents
included) and its dedup summaries (hashes, band keys, signatures, ranking facts, packed by
partition) under `.tmp/staging/`, and emits only a `ChunkRef` per chunk plus references to the
summaries' partitions.  File contents never
leave the worker that read them until the chunk is finished (`pipeline/finish.py`).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator

import apache_beam as beam

from dedup.blobs import stage_summaries
from dedup.minhash import shingle_batch, signatures
from dedup.ranking import Member
from dedup.summaries import ALIVE, GHOST, ChunkSummary, band_keys, handle_of
from licenses.attribution import RepoNotices
from pipeline.attribution import stage_notices
from pipeline.ingest.bundles import SourceBundle
from pipeline.ingest.repository import read_repository
from pipeline.ingest.tables import read_table
from pipeline.memory import release_freed_memory
from pipeline.optout.copies import DedupFlags
from pipeline.records import FileRecord
from pipeline.snapshot.state import hash_wanted, source_key, state_row, state_table
from pipeline.stages import RunContext, dedup_enabled, per_file_steps
from pipeline.staging import ChunkRef, chunk_file, chunk_handle, write_records, write_table
from pipeline.steps import Counters, StepRunner, on_fields_alone
from pipeline.warm import REDACTION, warm

SUMMARIES = "summaries"
_CHUNK_MAX_RECORDS = 50_000
# Bytes of content hashed per numpy pass: big enough to amortise numpy's per-call overhead over
# many small files, small enough for the per-byte arrays to stay in cache (measured).
_SIGN_BATCH_BYTES = 256 * 1024


def chunks(records: Iterator[FileRecord], chunk_bytes: int) -> Iterator[list[FileRecord]]:
    """Consecutive runs of records of at most `chunk_bytes` of input (or a record cap): cut by input
    size, not by what survives the steps, so a run with more opt-outs stages the same chunks."""
    current: list[FileRecord] = []
    size = 0
    for record in records:
        length = record.size
        if current and (size + length > chunk_bytes or len(current) >= _CHUNK_MAX_RECORDS):
            yield current
            current, size = [], 0
        current.append(record)
        size += length
    if current:
        yield current


class CurateBundles(beam.DoFn):
    """SourceBundle → ChunkRef (main) and (family, partition, BlobRef) on the `summaries` output."""

    def __init__(self, run: RunContext, output: str, progress: bool, chunk_bytes: int | None = None) -> None:
        self._run = run
        self._output = output
        self._progress = progress
        self._chunk_bytes = chunk_bytes or run.config.ingest.chunk_bytes
        """`ingest.chunk_bytes`, or less for `update`'s small new input (`snapshot/graph.py`): which
        files are staged together decides no output, only how finishing spreads over workers."""

    def setup(self) -> None:
        run = self._run
        self._counters = Counters()
        self._steps = StepRunner(per_file_steps(run, after_grouping=False), self._counters)
        self._steps.setup()
        self._screens = [step for step in per_file_steps(run, after_grouping=True) if on_fields_alone(step)]
        for step in self._screens:
            step.setup()
        self._dedup_flags = DedupFlags(self._steps, run.config.optout, bool(run.optout))
        self._grouping = dedup_enabled(run)
        self._copies = run.config.optout.copies if run.optout else "none"
        self._near = run.config.dedup.near
        self._flags: dict[str, tuple[int, FileRecord | None]] = {}
        """Per record read but not yet staged: its dedup flags and, for a ghost, its intact copy."""
        self._source_keys: dict[str, str] = {}
        """Per record read but not yet staged: what identifies its dump (`snapshot/state.py`)."""
        self._notices: dict[tuple[str, str], RepoNotices] = {}
        """Licence-like files of the bundle's repositories, staged beside each chunk holding their files."""
        self._seen = [0, 0]
        self._started = self._last = time.monotonic()

    def process(self, bundle: SourceBundle) -> Iterator[object]:
        for index, records in enumerate(chunks(self._read(bundle), self._chunk_bytes)):
            key = f"{bundle.key}#{index:05d}"
            work = sum(record.size for record in records if not record.dropped and self._scanned_later(record))
            ref = ChunkRef(key, chunk_handle(key), chunk_file(self._output, key, "records"), work)
            yield from self._stage(ref, records)
            records.clear()  # `chunks` still holds the list until the next chunk: let the files go now
            release_freed_memory()
        self._notices.clear()

    def _scanned_later(self, record: FileRecord) -> bool:
        """Whether finishing will scan the file if dedup keeps it: no step after dedup that decides
        on fields alone (the policy) drops it.  Only `ChunkRef.work` asks (at 1 GB an update's
        chunk of 11 MB alive before dedup held 17 kB of files the policy keeps)."""
        return all(step.process(record) is None for step in self._screens)

    def finish_bundle(self) -> None:
        # This worker's share of the input is curated (the local runner hands a worker its whole
        # share as one bundle): finishing chunks needs the PII analyzers next, after dedup.
        warm(REDACTION)

    def _read(self, bundle: SourceBundle) -> Iterator[FileRecord]:
        for source in bundle.sources:
            if source.kind == "table":
                records = read_table(source, self._run.config)
            else:
                records = read_repository(source, self._run.config, self._keep_notices)
            key = source_key(source)
            for record in records:
                self._source_keys[record.id] = key
                self._counters.inc("files_in")
                self._counters.inc("bytes_in", record.size)
                self._report(record.size)
                if record.dropped:
                    self._counters.inc(record.reason)
                else:
                    self._apply_steps(record)
                yield record

    def _keep_notices(self, notices: RepoNotices) -> None:
        self._notices[(notices.repo_name, notices.commit)] = notices

    def _apply_steps(self, record: FileRecord) -> None:
        """Run the pre-dedup steps; note what dedup must know (`_flags`, the opt-out copy rule) on the side."""
        content = record.content
        self._flags[record.id] = self._dedup_flags.of(record, content, self._steps.run(record))

    def _stage(self, ref: ChunkRef, records: list[FileRecord]) -> Iterator[object]:
        flags = {record.id: self._flags.pop(record.id) for record in records if record.id in self._flags}
        sketches: dict[str, tuple] = {}
        if self._grouping:
            path = chunk_file(self._output, ref.key, "summaries", "bin")
            for summary in stage_summaries(path, self._summaries(ref, records, flags, sketches)):
                yield beam.pvalue.TaggedOutput(SUMMARIES, summary)
        roots = {key: notices.root_expression for key, notices in self._notices.items()}
        write_table(chunk_file(self._output, ref.key, "state"), state_table([
            state_row(record, flags.get(record.id, (0, None))[0], record.reason,
                      self._source_keys.pop(record.id, ""), sketches.get(record.id),
                      roots.get((record.repo_name, record.commit)))
            for record in records]))
        repositories = dict.fromkeys((record.repo_name, record.commit) for record in records)
        stage_notices(chunk_file(self._output, ref.key, "notices"),
                      [self._notices[key] for key in repositories if key in self._notices])
        write_records(ref.path, records)
        yield ref

    def _summaries(self, ref: ChunkRef, records: list[FileRecord], flags: dict,
                   sketches: dict[str, tuple]) -> Iterator[tuple[str, int, bytes]]:
        """The chunk's dedup summaries; `sketches` gets each signed file's (b-bit signature, band keys)."""
        bands, rows = self._near.bands_rows
        summary = ChunkSummary(ref.handle, bands, self._near.num_perm)
        to_sign: list[FileRecord] = []
        exact_hashes = self._run.config.dedup.exact or self._copies != "none"
        for record in records:
            record_flags, ghost = flags.get(record.id, (0, None))
            if not record_flags:
                continue
            if hash_wanted(record_flags, exact_hashes, self._copies):
                summary.add_hash(record.id, record.content_sha256, record_flags)
            member = ghost if record_flags & GHOST else record if record_flags & ALIVE else None
            if member is not None:
                summary.add_member(Member(member.id, member.content_sha256, member.license_type, member.stars,
                                          member.forks, member.timestamp, ghost=member is ghost))
                to_sign.append(member)
        if self._near.enabled:
            self._sign(summary, to_sign, bands, rows)
            ids = {handle_of(member.id): member.id for member in to_sign}
            for (handle, low), (_, keys) in zip(summary.signatures, summary.band_rows):
                sketches[ids[handle]] = (low, keys)
        yield from summary.blobs()

    def _sign(self, summary: ChunkSummary, members: list[FileRecord], bands: int, rows: int) -> None:
        near = self._near
        start = 0
        while start < len(members):
            end, size = start, 0
            while end < len(members) and (end == start or size < _SIGN_BATCH_BYTES):
                size += len(members[end].content)
                end += 1
            batch_members = members[start:end]
            batch = shingle_batch([member.content for member in batch_members], near.ngram, near.min_tokens)
            sigs = signatures(batch, near.num_perm, near.seed)
            self._counters.inc("dedup_files_signed", len(sigs))
            for k, index in enumerate(batch.indices):
                summary.add_signature(batch_members[int(index)].id, sigs[k], band_keys(sigs[k], bands, rows))
            start = end

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
