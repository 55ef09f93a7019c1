import io
import tarfile
import zipfile

from support.dumps import FILES, write_dir, write_tar, write_zip

from pipeline.config import Config, parse_config
from pipeline.ingest.repository import read_repository, safe_path, strip_top_folder
from pipeline.records import RepoSource


def source(path, kind, repo="octo/repo") -> RepoSource:
    return RepoSource(repo_name=repo, location=str(path), kind=kind, commit="abc")


def by_path(records) -> dict[str, object]:
    return {r.path: r for r in records}


def test_archive_top_folder_is_stripped_and_files_decoded(tmp_path):
    records = by_path(read_repository(source(write_tar(tmp_path / "r.tar.gz", FILES), "tar"), Config()))
    assert set(records) == set(FILES)
    assert records["src/app.py"].content == FILES["src/app.py"]
    assert records["src/app.py"].reason is None
    assert len({r.id for r in records.values()}) == len(records)


def test_hostile_archive_entries_become_provenance_reasons(tmp_path):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as archive:
        def add(name, data=b"x = 1\n", kind=tarfile.REGTYPE, link=""):
            info = tarfile.TarInfo(name)
            info.type, info.linkname, info.size = kind, link, len(data) if kind == tarfile.REGTYPE else 0
            archive.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
        add("ok.py")
        add("../escape.py")
        add("/etc/passwd")
        add("C:\\windows\\evil.py")
        add("sub\\..\\..\\evil2.py")
        add("link.py", kind=tarfile.SYMTYPE, link="/etc/shadow")
        add("hard.py", kind=tarfile.LNKTYPE, link="ok.py")
        add("dev", kind=tarfile.CHRTYPE)
        add("fifo", kind=tarfile.FIFOTYPE)
        add("ok.py", b"y = 2\n")
        add("blob.bin", b"\x00\x01\x02" * 100)
    (tmp_path / "h.tar").write_bytes(raw.getvalue())
    records = list(read_repository(source(tmp_path / "h.tar", "tar"), Config()))
    reasons = sorted(((r.path, r.reason) for r in records), key=str)
    assert reasons == sorted([
        ("ok.py", None), ("../escape.py", "ingest:unsafe_path"), ("/etc/passwd", "ingest:unsafe_path"),
        ("C:/windows/evil.py", "ingest:unsafe_path"), ("sub/../../evil2.py", "ingest:unsafe_path"),
        ("link.py", "ingest:symlink"), ("hard.py", "ingest:hardlink"), ("dev", "ingest:special_file"),
        ("fifo", "ingest:special_file"), ("ok.py", "ingest:duplicate_entry"), ("blob.bin", "ingest:binary"),
    ], key=str)
    assert len({r.id for r in records}) == len(records)
    assert all(r.content == "" for r in records if r.reason)


def test_large_files_are_skipped_before_being_read(tmp_path):
    config = parse_config({"ingest": {"max_file_bytes": 1000}})
    dump = write_dir(tmp_path / "d", {"small.py": "x = 1\n", "big.py": "x = 1\n" * 1000})
    records = by_path(read_repository(source(dump, "directory"), config))
    assert records["big.py"].reason == "ingest:too_large"
    assert records["big.py"].size == 6000
    assert records["small.py"].reason is None


def test_zip_bomb_is_stopped_by_the_dump_budget(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for index in range(50):
            archive.writestr(f"z{index:02d}.py", b"0" * 900_000)
    assert path.stat().st_size < 200_000
    config = parse_config({"ingest": {"max_dump_bytes": 5_000_000}})
    records = list(read_repository(source(path, "zip"), config))
    assert records[-1].reason == "ingest:dump_budget" and records[-1].path == ""
    assert sum(r.size for r in records if r.reason is None) <= 5_000_000
    assert len(records) < 10


def test_lying_zip_header_cannot_force_a_huge_read(tmp_path):
    path = write_zip(tmp_path / "lie.zip", {"a.py": b"1" * 3_000_000}, top=None)
    data = bytearray(path.read_bytes())
    # Patch the central directory's uncompressed size to claim a tiny file.
    index = data.rfind(b"PK\x01\x02")
    data[index + 24:index + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    records = list(read_repository(source(path, "zip"), parse_config({"ingest": {"max_file_bytes": 1000}})))
    assert all(r.content == "" or len(r.content) <= 1000 for r in records)
    assert any(r.reason for r in records)


def test_corrupt_archive_is_a_repository_level_record(tmp_path):
    path = tmp_path / "bad.zip"
    path.write_bytes(b"PK\x03\x04 this is not a zip archive at all")
    records = list(read_repository(source(path, "zip"), Config()))
    assert [(r.path, r.reason) for r in records] == [("", "ingest:corrupt_archive")]


def test_licences_are_decided_per_file(tmp_path):
    mit = open("sample/dumps/octo__geometry/LICENSE").read()
    dump = write_dir(tmp_path / "d", {"LICENSE": mit, "a.py": "x = 1\n",
                                      "gpl.py": "# SPDX-License-Identifier: GPL-3.0-only\nx = 1\n"})
    records = by_path(read_repository(source(dump, "directory"), Config()))
    assert records["a.py"].license == ["MIT"] and records["a.py"].license_type == "permissive"
    assert records["gpl.py"].license_type == "non_permissive"


def test_safe_path_and_top_folder():
    assert safe_path("a/./b//c.py") == "a/b/c.py"
    assert safe_path("a/../../b") is None and safe_path("/abs") is None and safe_path("D:x") is None
    assert strip_top_folder(["top/a", "top/b/c"]) == 4
    assert strip_top_folder(["top/a", "other/b"]) == 0 and strip_top_folder(["a"]) == 0


def test_licence_like_files_reach_the_attribution_sink_before_the_first_record(tmp_path):
    """The attribution table needs each repository's licence, NOTICE and DEP-5 texts (not manifests,
    READMEs or code) and its root licence, handed over before any of its records is staged."""
    mit = open("sample/dumps/octo__geometry/LICENSE").read()
    files = {"LICENSE-MIT": mit, "NOTICE": "Octo\nCopyright 2024 Octo Ltd\n", "README.md": "# Octo\n",
             "package.json": '{"name": "octo", "license": "MIT"}', "src/app.py": "x = 1\n",
             "vendor/lib/COPYING.LIB": mit}
    received = []
    records = read_repository(source(write_dir(tmp_path / "octo__repo", files), "directory"), Config(),
                              lambda notices: received.append((notices, len(seen))))
    seen: list = []
    for record in records:
        seen.append(record)
    [(notices, records_before)] = received
    assert records_before == 0
    assert (notices.repo_name, notices.commit, notices.root_expression) == ("octo/repo", "abc", "MIT")
    assert {path: kind for path, (kind, _) in notices.files.items()} == {
        "LICENSE-MIT": "license", "NOTICE": "notice", "vendor/lib/COPYING.LIB": "license"}
    assert notices.files["LICENSE-MIT"][1] == mit


def test_ingest_shows_the_scanner_every_files_header_for_the_packages_consensus(tmp_path):
    """A package with no licence file whose modules all carry the same SPDX tag: ingest feeds every
    file's header before deciding, so the header-less `__init__.py` takes that licence
    (licenses/header_consensus.py), and a tagged file keeps its own."""
    tag = "# SPDX-License-Identifier: Apache-2.0\n"
    dump = write_dir(tmp_path / "d", {
        "pyproject.toml": '[project]\nname = "example"\nlicense = "Apache-2.0"\n',
        "example/__init__.py": "",
        "example/core.py": tag + "x = 1\n", "example/util.py": tag + "y = 2\n", "example/io.py": tag + "z = 3\n",
    })
    records = by_path(read_repository(source(dump, "directory"), Config()))
    init = records["example/__init__.py"]
    assert (init.license, init.license_type) == (["Apache-2.0"], "permissive")
    assert records["example/core.py"].license_type == "permissive"
