import os

import pytest
from support.dumps import FILES, write_bare_git, write_dir, write_tar, write_zip

from pipeline.ingest.entries import FILE, SPECIAL, SYMLINK, DumpError, archive_kind, iter_entries


def read_all(location: str, kind: str) -> dict[str, bytes]:
    return {e.path: e.read(1 << 20) for e in iter_entries(location, kind) if e.kind == FILE}


def test_every_format_yields_the_same_files(tmp_path):
    files = FILES
    expected = {name: content.encode() for name, content in files.items()}
    dumps = {
        "tar": write_tar(tmp_path / "a.tar.gz", files, top=None),
        "tar-zst": write_tar(tmp_path / "a.tar.zst", files, top=None, mode="w:zst"),
        "tar-plain": write_tar(tmp_path / "a.tar", files, top=None, mode="w"),
        "zip": write_zip(tmp_path / "a.zip", files, top=None),
        "directory": write_dir(tmp_path / "dir", files),
        "git": write_bare_git(tmp_path / "b.git", files),
    }
    for label, path in dumps.items():
        kind = "directory" if label == "directory" else archive_kind(path.name)
        assert read_all(str(path), kind) == expected, label


def test_symlinks_and_special_files_are_never_followed(tmp_path):
    root = write_dir(tmp_path / "repo", {"a.py": "x = 1\n"})
    (tmp_path / "secret.txt").write_text("outside")
    os.symlink(tmp_path / "secret.txt", root / "link.py")
    os.symlink(tmp_path, root / "linkdir")
    os.mkfifo(root / "pipe")
    kinds = {e.path: e.kind for e in iter_entries(str(root), "directory")}
    assert kinds == {"a.py": FILE, "link.py": SYMLINK, "linkdir": SYMLINK, "pipe": SPECIAL}


def test_reads_are_bounded_by_the_limit(tmp_path):
    path = write_zip(tmp_path / "bomb.zip", {"zeros.txt": b"0" * 5_000_000}, top=None)
    entries = iter_entries(str(path), "zip")
    entry = next(entries)
    assert entry.size == 5_000_000
    assert len(entry.read(1000)) == 1000


@pytest.mark.parametrize("name", ["t.tar.gz", "t.tar.zst", "t.zip"])
def test_truncated_archives_raise_a_dump_error(tmp_path, name):
    files = FILES
    content = {**files, "big.py": bytes(range(256)) * 400}
    if name.endswith(".zip"):
        path = write_zip(tmp_path / name, content)
    else:
        path = write_tar(tmp_path / name, content, mode="w:zst" if name.endswith(".zst") else "w:gz")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(DumpError) as error:
        read_all(str(path), archive_kind(name))
    assert error.value.reason == "corrupt_archive"


def test_archive_kind_by_name():
    assert archive_kind("o__r.tgz") == "tar" and archive_kind("o__r@v1.tar.zst") == "tar"
    assert archive_kind("o__r.zip") == "zip" and archive_kind("o__r.git") == "git"
    assert archive_kind("notes.txt") is None


def test_a_zip_needing_a_newer_zip_version_is_a_corrupt_archive(tmp_path) -> None:
    """zipfile raises NotImplementedError for a central directory that asks for a version it lacks
    (found by the fuzz test): that is a dump we cannot read, not a crash."""
    path = write_zip(tmp_path / "repo.zip", {"a.py": b"print(1)\n"})
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 6] = 84  # "version needed to extract": 8.4
    path.write_bytes(bytes(data))
    with pytest.raises(DumpError) as error:
        read_all(str(path), "zip")
    assert error.value.reason == "corrupt_archive"
