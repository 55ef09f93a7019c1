import json

import pytest
from support.dumps import FILES, write_bare_git, write_dir, write_tar, write_zip

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


def test_git_archive_tarball_carries_its_commit_like_the_bare_repository(tmp_path):
    """`git archive` writes the commit into the pax global header (`comment=<sha>`): the same
    repository as a bare git dump and as its tarball gets the same commit, hence the same ids."""
    import subprocess

    from pipeline.config import Config
    from pipeline.ingest.repository import read_repository

    git_root, tar_root = tmp_path / "as-git", tmp_path / "as-tar"
    tar_root.mkdir()
    bare = write_bare_git(git_root / "octo__same.git", FILES)
    with open(tar_root / "octo__same.tar.gz", "wb") as handle:
        subprocess.run(["git", "--git-dir", str(bare), "archive", "--format=tar.gz", "HEAD"], stdout=handle, check=True)
    as_git, = discover([str(git_root)])
    as_tar, = discover([str(tar_root)])
    assert len(as_git.commit) == 40 and as_tar.commit == as_git.commit
    ids = [{(r.path, r.id) for r in read_repository(source, Config())} for source in (as_git, as_tar)]
    assert ids[0] == ids[1] and ids[0]
    # A tarball without the header (not made by git archive) still has no commit.
    write_tar(tar_root / "octo__plain.tar.gz", FILES)
    assert {s.repo_name: s.commit for s in discover([str(tar_root)])}["octo/plain"] == ""


def test_a_stray_file_in_a_dumps_folder_is_reported(tmp_path):
    from pipeline.ingest.sources import discover_all

    root = tmp_path / "dumps"
    write_dir(root / "a__one", FILES)
    (root / "notes.txt").write_text("to do\n")
    sources, skipped = discover_all([str(root)])
    assert [s.repo_name for s in sources] == ["a/one"] and skipped == ["dumps/notes.txt"]
