"""The stored update state's plain rules: what vouches for a dump, and the stored opt-out list."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pytest

from pipeline.optout.entries import parse_optout
from pipeline.records import RepoSource
from pipeline.snapshot.optout_state import optout_table, stored_optout
from pipeline.snapshot.state import source_key

LIST = ("octo\nAcme/Web-App\nsolo/scripts:tools/*.sh\n"
        f"sha256:{hashlib.sha256(b'shared').hexdigest()}\n")
CASES = [
    ("octo/anything", "a.py", None), ("OCTO/other", "b.py", None), ("octopus/x", "a.py", None),
    ("acme/web-app", "src/x.js", None), ("acme/web-app2", "src/x.js", None),
    ("solo/scripts", "tools/run.sh", None), ("solo/scripts", "bin/run.sh", None),
    ("someone/else", "x.txt", hashlib.sha256(b"shared").hexdigest()),
    ("someone/else", "x.txt", hashlib.sha256(b"other").hexdigest()),
]


@pytest.mark.parametrize(("repo", "path", "sha"), CASES)
def test_the_stored_list_decides_as_the_list_it_was_made_from(repo, path, sha):
    listing = parse_optout(LIST)
    stored = stored_optout(optout_table(listing))
    assert stored.reason_for(repo, path, sha) == listing.reason_for(repo, path, sha)
    assert bool(stored) and stored_optout(optout_table(stored)) == stored  # stored again: same entries


def test_the_stored_list_names_nobody_in_clear():
    table = optout_table(parse_optout(LIST))
    text = repr(table.to_pylist()).lower()
    assert "octo" not in text and "acme" not in text and "web-app" not in text and "solo" not in text


def test_only_a_commit_and_the_host_metadata_vouch_for_a_dump():
    source = RepoSource("octo/geometry", "/d/octo__geometry", "directory", commit="a1b2c3d", stars=3)
    assert source_key(source)
    assert source_key(replace(source, stars=4)) != source_key(source)  # ranking facts are part of it
    assert source_key(replace(source, license="MIT")) != source_key(source)  # host licence too
    assert source_key(replace(source, location="/elsewhere/octo__geometry.tar.gz", kind="tar")) == source_key(source)
    assert source_key(replace(source, commit="")) == ""
    assert source_key(replace(source, commit="main", ref="main")) == ""  # a branch name moves
    sha = "0123456789abcdef0123456789abcdef01234567"
    assert source_key(replace(source, commit=sha, ref=sha))
    assert source_key(RepoSource("", "/d/files.parquet", "table")) == ""


def _state_rows(count: int) -> list[dict]:
    import random

    import numpy as np

    from dedup.summaries import ALIVE, COPY_SOURCE, FILTERED, GHOST
    from pipeline.records import FileRecord
    from pipeline.snapshot.state import state_row

    rng = random.Random(7)
    rows = []
    for n in range(count):
        flags = rng.choice([0, ALIVE, FILTERED, COPY_SOURCE, COPY_SOURCE | GHOST])
        record = FileRecord(id=hashlib.sha256(str(n).encode()).hexdigest()[:32], repo_name="o/r", path=f"f{n}",
                            commit="c", content="", size=1, content_sha256=hashlib.sha256(str(n % 9).encode()).hexdigest(),
                            stars=rng.randint(0, 9), forks=rng.randint(0, 3), timestamp=rng.choice(["", "2024-05-01"]),
                            license_type=rng.choice(["permissive", "no_license", "non_permissive"]))
        signed = flags & (ALIVE | GHOST) and rng.random() < 0.8
        sketch = (np.array([rng.randrange(256) for _ in range(256)], dtype=np.uint8),
                  np.array([rng.randrange(2**63) for _ in range(32)], dtype=np.uint64)) if signed else None
        rows.append(state_row(record, flags, None if flags & ALIVE else "filters:x", "k", sketch))
    return rows


@pytest.mark.parametrize(("exact", "copies"), [(True, "exact"), (True, "none"), (False, "near")])
def test_stored_state_packs_as_the_curate_stage_summarises(exact, copies):
    """The update packs stored files in columns; the bytes are the per-row rule's (`add_to_summary`)."""
    from dedup.summaries import ChunkSummary
    from pipeline.snapshot.state import add_to_summary, state_table, stored_blobs

    table = state_table(_state_rows(300))
    summary = ChunkSummary(11, 32, 256)
    for row in table.to_pylist():
        add_to_summary(summary, row, exact, copies)
    assert list(stored_blobs(table, 11, 32, 256, exact, copies)) == list(summary.blobs())


def test_state_from_before_the_root_expression_is_read_and_verified(tmp_path):
    """State shards written before `root_expression` was stored: `update` reads them with the
    column null (its remade attribution rows then read the whole dump, as before) and `verify`
    accepts them; any other schema is still refused."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline.dataset.verify import _check_shard
    from pipeline.snapshot.state import LEGACY_STATE_SCHEMA, STATE_SCHEMA, current_state, state_table

    table = state_table(_state_rows(5))
    assert table.schema == STATE_SCHEMA and table["root_expression"].null_count == 5
    legacy = table.drop_columns(["root_expression"])
    assert legacy.schema == LEGACY_STATE_SCHEMA
    assert current_state(legacy).equals(table)
    for name, stored in (("legacy", legacy), ("current", table), ("other", legacy.drop_columns(["stars"]))):
        buffer = io.BytesIO()
        pq.write_table(stored, buffer)
        data = buffer.getvalue()
        (tmp_path / f"{name}.parquet").write_bytes(data)
        shard = {"path": f"{name}.parquet", "rows": 5, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        failures: list[str] = []
        _check_shard(str(tmp_path), shard, STATE_SCHEMA, failures, LEGACY_STATE_SCHEMA)
        assert (failures == []) == (name != "other"), (name, failures)
    assert pa.types.is_string(STATE_SCHEMA.field("root_expression").type)
