"""The dedup composite over chunk summaries: planted copies found, distinct files alone, copies of
opted-out files removed, hot buckets, and the same decisions as the in-memory rules that opt-out
promotion uses (`dedup/rules.py`) on random corpora."""

from __future__ import annotations

import os
import pickle
import random
import tempfile
from collections import defaultdict

import apache_beam as beam
import pytest
from apache_beam.runners.portability.fn_api_runner import FnApiRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dedup.config import DedupConfig, NearDedupConfig
from dedup.ranking import Member
from dedup.rules import FileDecision, decide, near_components, sketches, unpack_decisions
from dedup.blobs import read_blobs, stage_summaries
from dedup.stage import Deduplicate
from dedup.summaries import ALIVE, COPY_SOURCE, FILTERED, GHOST, ChunkSummary, handle_of
from pipeline.records import content_sha256

CONFIG = DedupConfig(near=NearDedupConfig(max_rounds=8))


def file_id(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def mutate(rng: random.Random, lines: list[str], edits: int) -> list[str]:
    out = list(lines)
    for _ in range(edits):
        i = rng.randrange(len(out))
        if rng.random() < 0.5:
            del out[i]
        else:
            out.insert(i, f"value_{rng.randrange(10**6)} = compute(value_{rng.randrange(10**6)})")
    return out


def corpus(seed: int, bases: int = 30, copied: int = 8) -> tuple[list[tuple[str, str]], list[set[str]]]:
    """Distinct code-like files; `copied` of them get 1-3 light copies (<= 3 edited lines of 120)."""
    rng = random.Random(seed)
    vocab = [f"name{i}" for i in range(2000)]
    files, groups = [], []
    for base in range(bases):
        lines = [f"{rng.choice(vocab)} = {rng.choice(vocab)}({rng.choice(vocab)}, {rng.choice(vocab)})" for _ in range(120)]
        group = [(file_id(rng), "\n".join(lines))]
        if base < copied:
            group += [(file_id(rng), "\n".join(mutate(rng, lines, rng.randint(1, 3)))) for _ in range(rng.randint(1, 3))]
        files += group
        if len(group) > 1:
            groups.append({i for i, _ in group})
    files.append((file_id(rng), "too short"))
    return files, groups


def summaries(files: list[tuple[str, str]], config: DedupConfig, flags: dict[str, int] | None = None,
              chunks: int = 3, stars: dict[str, int] | None = None) -> list[tuple[str, int, bytes]]:
    """The blobs the curate stage would emit for these files, spread over `chunks` chunks."""
    near = config.near
    bands, rows = near.bands_rows
    per_chunk: dict[int, ChunkSummary] = {}
    found = sketches([text for _, text in files], near.ngram, near.min_tokens, near.num_perm, near.seed, bands, rows)
    for index, ((fid, text), sketch) in enumerate(zip(files, found)):
        chunk = index % chunks
        summary = per_chunk.setdefault(chunk, ChunkSummary(chunk, bands, near.num_perm))
        file_flags = (flags or {}).get(fid, ALIVE)
        summary.add_hash(fid, content_sha256(text.encode()), file_flags)
        if file_flags & (ALIVE | GHOST):
            summary.add_member(Member(fid, content_sha256(text.encode()), "permissive", (stars or {}).get(fid, 0), 0, "",
                                      ghost=bool(file_flags & GHOST)))
            if sketch is not None:
                summary.add_sketch(fid, sketch.signature, sketch.keys)
    return [blob for summary in per_chunk.values() for blob in summary.blobs()]


def _save(decisions: list, path: str) -> None:
    with open(path, "wb") as handle:
        pickle.dump(decisions, handle)


def run_stage(blobs: list[tuple[str, int, bytes]], config: DedupConfig, copies: bool = False) -> list[tuple[int, FileDecision]]:
    """The composite's output, collected through a file (the runner pickles every function)."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "decisions.pickle")
        pipeline = beam.Pipeline(runner=FnApiRunner())
        staged = stage_summaries(os.path.join(folder, "summaries.bin"), blobs)
        decisions = pipeline | beam.Create(staged) | Deduplicate(config, copies, os.path.join(folder, "dedup"))
        _ = decisions | beam.combiners.ToList() | beam.Map(_save, path=path)
        pipeline.run().wait_until_finish()
        with open(path, "rb") as handle:
            refs = pickle.load(handle)
        return [(chunk, decision) for chunk, ref in refs for decision in unpack_decisions(read_blobs([ref]))]


def by_id(files: list[tuple[str, str]], decisions: list[tuple[int, FileDecision]]) -> dict[str, FileDecision]:
    ids = {handle_of(fid): fid for fid, _ in files}
    return {ids[decision.handle]: decision for _, decision in decisions}


def expected_decisions(files: list[tuple[str, str]], config: DedupConfig, chunks: int = 3) -> dict[str, FileDecision]:
    """What the in-memory rules decide (the path opt-out promotion takes)."""
    near = config.near
    bands, rows = near.bands_rows
    found = sketches([text for _, text in files], near.ngram, near.min_tokens, near.num_perm, near.seed, bands, rows)
    sketched = {handle_of(fid): sketch for (fid, _), sketch in zip(files, found) if sketch is not None}
    components = near_components(sketched, near.threshold, near.verify_jaccard)
    by_hash: dict[str, list[str]] = defaultdict(list)
    for fid, text in files:
        by_hash[content_sha256(text.encode())].append(fid)
    groups: dict[str, list[tuple[int, Member]]] = defaultdict(list)
    for index, (fid, text) in enumerate(files):
        sha = content_sha256(text.encode())
        member = (index % chunks, Member(fid, sha, "permissive", 0, 0, ""))
        if handle_of(fid) in components:
            groups[f"near:{components[handle_of(fid)]}"].append(member)
        elif config.exact and len(by_hash[sha]) > 1:
            groups[sha].append(member)
    return {fid: decision for members in groups.values() for _, decision in decide(members)
            for fid in [next(m.id for _, m in members if handle_of(m.id) == decision.handle)]}


def test_planted_near_copies_are_found_and_nothing_else() -> None:
    files, groups = corpus(seed=1)
    decided = by_id(files, run_stage(summaries(files, CONFIG), CONFIG))
    found_groups: dict[str, set[str]] = defaultdict(set)
    for fid, decision in decided.items():
        found_groups[decision.cluster_id].add(fid)
    assert sorted(map(sorted, found_groups.values())) == sorted(map(sorted, groups))
    for cluster, members in found_groups.items():
        assert cluster == min(members)
        assert sum(decided[fid].reason is None for fid in members) == 1
        assert {decided[fid].reason for fid in members} == {None, "dedup:near"}


def test_exact_copies_without_near_dedup() -> None:
    config = DedupConfig(near=NearDedupConfig(enabled=False))
    files = [("a" * 32, "same text here"), ("b" * 32, "same text here"), ("c" * 32, "other")]
    decided = by_id(files, run_stage(summaries(files, config, stars={"b" * 32: 5}), config))
    assert decided["a" * 32] == FileDecision(handle_of("a" * 32), "a" * 32, "b" * 32, "dedup:exact")
    assert decided["b" * 32] == FileDecision(handle_of("b" * 32), "a" * 32, None, None)
    assert "c" * 32 not in decided


def test_copies_of_opted_out_files_are_removed_filtered_or_not() -> None:
    files = [("a" * 32, "shared body " * 30), ("b" * 32, "shared body " * 30), ("c" * 32, "shared body " * 30),
             ("d" * 32, "unrelated " * 30)]
    flags = {"a" * 32: COPY_SOURCE, "c" * 32: FILTERED}
    decided = by_id(files, run_stage(summaries(files, CONFIG, flags), CONFIG, copies=True))
    assert {fid: d.reason for fid, d in decided.items()} == {"b" * 32: "optout:copy", "c" * 32: "optout:copy"}


def test_a_ghost_takes_its_near_copies_with_it() -> None:
    files, groups = corpus(seed=2, bases=6, copied=2)
    ghost = min(groups[0])
    decided = by_id(files, run_stage(summaries(files, CONFIG, {ghost: COPY_SOURCE | GHOST}), CONFIG, copies=True))
    assert {fid for fid, d in decided.items() if d.reason == "optout:copy"} == groups[0] - {ghost}
    assert all(d.duplicate_of == ghost for d in decided.values() if d.reason == "optout:copy")


def test_verification_rejects_a_candidate_below_the_threshold() -> None:
    """Two files at Jaccard ~0.6 that share an LSH bucket: joined without verification, not with it."""
    rng = random.Random(8)
    vocab = [f"name{i}" for i in range(5000)]
    lines = [f"{rng.choice(vocab)} = {rng.choice(vocab)}({rng.choice(vocab)})" for _ in range(200)]
    for attempt in range(200):
        other = list(lines)
        for i in rng.sample(range(200), 25):
            other[i] = f"{rng.choice(vocab)} = {rng.choice(vocab)}({rng.choice(vocab)})"
        files = [("a" * 32, "\n".join(lines)), ("b" * 32, "\n".join(other))]
        unverified = CONFIG.model_copy(update={"near": CONFIG.near.model_copy(update={"verify_jaccard": False})})
        if by_id(files, run_stage(summaries(files, unverified), unverified)):
            break
    else:
        pytest.fail("no pair sharing a bucket was generated")
    assert run_stage(summaries(files, CONFIG), CONFIG) == []


def test_thousands_of_identical_files_form_one_group() -> None:
    rng = random.Random(4)
    text = " ".join(f"token{rng.randrange(500)}" for _ in range(300))
    files = [(file_id(rng), text) for _ in range(1500)]
    decided = by_id(files, run_stage(summaries(files, CONFIG, chunks=7), CONFIG))
    assert len(decided) == 1500
    assert {d.cluster_id for d in decided.values()} == {min(fid for fid, _ in files)}
    assert sum(d.reason is None for d in decided.values()) == 1


@pytest.mark.parametrize("local_max_edges", [0, 10**6, None], ids=["star-rounds", "in-memory-or-star", "in-memory"])
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), copied=st.integers(0, 10), chunks=st.integers(1, 5))
def test_the_beam_stage_decides_as_the_in_memory_rules(local_max_edges: int | None, seed: int, copied: int, chunks: int) -> None:
    """Opt-out promotion re-decides clusters with `dedup/rules.py` in memory; a new version equals
    a fresh run only if that path and the staged one agree, on any corpus, whichever way the
    stage computes components."""
    config = CONFIG.model_copy(update={"near": CONFIG.near.model_copy(update={"local_components_max_edges": local_max_edges})})
    files, _ = corpus(seed, bases=14, copied=copied)
    rng = random.Random(seed)
    files += [(file_id(rng), files[0][1])]  # an exact copy, too
    decided = by_id(files, run_stage(summaries(files, config, chunks=chunks), config))
    expected = expected_decisions(files, config, chunks)
    assert {fid: (d.cluster_id, d.duplicate_of, d.reason) for fid, d in decided.items()} == \
        {fid: (d.cluster_id, d.duplicate_of, d.reason) for fid, d in expected.items()}
