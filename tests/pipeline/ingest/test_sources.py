import json

import pytest
from dumps import FILES, write_bare_git, write_dir, write_tar, write_zip

from pipeline.ingest.sources import InputError, discover, identity_from_name


def test_identity_from_dump_names():
    assert identity_from_name("octo__hello@v1.2.tar.gz") == ("octo/hello", "v1.2")
    assert identity_from_name("/x/octo__hello.git") == ("octo/hello", "")
    assert identity_from_name("octo__my__repo.zip") == ("octo/my__repo", "")


def test_collection_with_index_and_every_kind(tmp_path):
    root = tmp_path / "dumps"
    root.mkdir()
    write_tar(root / "a__one.tar.gz", FILES)
    write_zip(root / "b__two@main.zip", FILES)
    write_dir(root / "c__three", FILES)
    write_bare_git(root / "d__four.git", FILES)
    (root / "files.jsonl").write_text(json.dumps({"repo_name": "e/five", "path": "a.py", "content": "x"}) + "\n")
    (root / "index.jsonl").write_text(json.dumps(
        {"repo": "renamed/one", "dump": "a__one.tar.gz", "commit": "c1", "stars": 7, "license": "MIT"}) + "\n")
    sources = {s.location.rsplit("/", 1)[-1]: s for s in discover([str(root)])}
    assert set(sources) == {"a__one.tar.gz", "b__two@main.zip", "c__three", "d__four.git", "files.jsonl"}
    one = sources["a__one.tar.gz"]
    assert (one.repo_name, one.commit, one.stars, one.license, one.kind) == ("renamed/one", "c1", 7, "MIT", "tar")
    assert (sources["b__two@main.zip"].repo_name, sources["b__two@main.zip"].commit) == ("b/two", "main")
    assert sources["c__three"].kind == "directory"
    assert len(sources["d__four.git"].commit) == 40
    assert sources["files.jsonl"].kind == "table"


def test_single_dump_and_globs(tmp_path):
    write_tar(tmp_path / "a__one.tar.gz", FILES)
    write_tar(tmp_path / "b__two.tar.gz", FILES)
    assert [s.repo_name for s in discover([str(tmp_path / "a__one.tar.gz")])] == ["a/one"]
    assert [s.repo_name for s in discover([str(tmp_path / "*.tar.gz")])] == ["a/one", "b/two"]


def test_missing_input_and_bad_index_are_clear_errors(tmp_path):
    with pytest.raises(InputError, match="input not found"):
        discover([str(tmp_path / "nope")])
    (tmp_path / "index.jsonl").write_text("{not json}\n")
    with pytest.raises(InputError, match="index.jsonl:1"):
        discover([str(tmp_path)])
