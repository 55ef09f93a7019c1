"""Which unchanged repositories an update's new opt-out list sends back to be read
(`snapshot/plan.reopened_sources`): those holding a stored file whose decision the union of the
parent's list and the new one changes, and no other (an unchanged repository is never read for
nothing)."""

from __future__ import annotations

import hashlib

import pyarrow as pa

from pipeline.optout.entries import parse_optout
from pipeline.snapshot.optout_state import optout_table, stored_optout
from pipeline.snapshot.plan import reopened_sources

SHA_A = hashlib.sha256(b"shared helper").hexdigest()
SHA_B = hashlib.sha256(b"own module").hexdigest()
STATE = pa.Table.from_pylist([
    {"repo_name": "Octo/Geometry", "source_key": "k1", "path": "src/shapes.py", "content_sha256": SHA_B},
    {"repo_name": "octo/tools", "source_key": "k2", "path": "lib/util.py", "content_sha256": SHA_B},
    {"repo_name": "bob/app", "source_key": "k3", "path": "vendor/helper.py", "content_sha256": SHA_A},
    {"repo_name": "carol/site", "source_key": "k4", "path": "main.py", "content_sha256": SHA_B},
    {"repo_name": "left/repo", "source_key": "k5", "path": "a.py", "content_sha256": SHA_A},  # not unchanged
])
UNCHANGED = {("Octo/Geometry", "k1"), ("octo/tools", "k2"), ("bob/app", "k3"), ("carol/site", "k4")}


def _reopened(parent_list: str, new_list: str) -> set[tuple[str, str]]:
    stored = stored_optout(optout_table(parse_optout(parent_list)))  # as a dataset stores it: names hashed
    added = parse_optout(new_list)
    union = stored_optout(optout_table(stored, added))
    return reopened_sources(STATE, UNCHANGED, stored, added, union)


def test_each_kind_of_entry_reaches_the_repositories_it_covers():
    assert _reopened("", "OCTO/geometry\n") == {("Octo/Geometry", "k1")}  # names match case-insensitively
    assert _reopened("", "octo\n") == {("Octo/Geometry", "k1"), ("octo/tools", "k2")}
    assert _reopened("", "bob/app:vendor/*\n") == {("bob/app", "k3")}
    assert _reopened("", "bob/app:src/*\n") == set()  # the glob covers no stored file
    assert _reopened("", f"sha256:{SHA_A}\n") == {("bob/app", "k3")}  # left/repo is read anyway


def test_a_file_the_parent_already_left_out_for_that_reason_or_a_stronger_one_reopens_nothing():
    assert _reopened("octo/geometry\n", "octo/geometry\n") == set()
    assert _reopened("octo\n", "octo/geometry\n") == set()  # user is stronger than repo
    # a stronger reason than the parent's: a fresh run with both lists records it
    assert _reopened("octo/geometry:src/*\n", "octo\n") == {("Octo/Geometry", "k1"), ("octo/tools", "k2")}
