"""`codecurate verify --optout` proves absence, and catches every way a listed file can remain."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from support.optout_dataset import BASE_LIST, change_config, first_version, optout, repo_files
from pipeline.dataset.verify import verify
from pipeline.optout.entries import parse_optout


@pytest.fixture(scope="module")
def built():
    return first_version()


def test_the_built_dataset_verifies_against_its_own_list(built):
    assert verify(str(built.v1), parse_optout(BASE_LIST)) == []
    assert verify(str(built.v1)) == []


def test_a_listed_repository_user_path_or_content_still_present_fails(built):
    files = {"repo": "alice/one\n", "user": "bob\n", "path": "frank/misc:pkg/contact.py\n"}
    for kind, text in files.items():
        failures = verify(str(built.v1), parse_optout(text))
        assert any("matches the opt-out list" in f for f in failures), kind
        assert any("provenance keeps" in f for f in failures), kind
    sha = hashlib.sha256(repo_files()["erin/fork"]["pkg/mod_0.py"].encode()).hexdigest()
    assert any("erin/fork/pkg/mod_0.py" in f for f in verify(str(built.v1), parse_optout(f"sha256:{sha}\n")))


def test_an_exact_copy_left_elsewhere_fails(built):
    """dave vendored alice/one's mod_0.py; listing dave's copy must also catch alice's kept original."""
    failures = verify(str(built.v1), parse_optout("dave/vendorer:src/one_mod_0.py\n"))
    assert failures == [f for f in failures if "alice/one/pkg/mod_0.py is a copy of an opted-out file" in f] != []


def test_copies_none_does_not_look_for_copies(built, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(built.v1, copy)
    change_config(copy, "optout", "copies", "none")
    assert verify(str(copy), parse_optout("dave/vendorer:src/one_mod_0.py\n")) == []


def test_boilerplate_copies_do_not_fail(built, tmp_path):
    listing = tmp_path / "list.txt"
    listing.write_text("alice\n")
    assert optout(built.v1, listing, tmp_path / "v2", built.dumps) == 0
    assert verify(str(tmp_path / "v2"), parse_optout(BASE_LIST + "alice\n")) == []


def test_tampering_is_reported(built, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(built.v1, copy)
    shard = next((copy / "data" / "python").glob("*.parquet"))
    shard.write_bytes(shard.read_bytes()[:-10])
    assert any("checksum" in f or "Parquet" in f for f in verify(str(copy)))
    (copy / "manifest.json").unlink()
    assert verify(str(copy)) == ["manifest.json missing or unreadable: the dataset is incomplete"]
