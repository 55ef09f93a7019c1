"""Hostile dumps, end to end (issue 8 §1): one `codecurate run` over a folder of hostile dumps and
one normal repository must finish, write nothing outside its output, stay within a memory bound,
give every affected file or repository a precise `ingest:` reason, and process the normal
repository exactly as it would alone.

The corpus is generated here, never checked in.  Entry-level behaviour of each reader is covered in
`test_entries.py` / `test_repository.py`; this file adds the cases they lack and the whole-run view.
"""

from __future__ import annotations

import io
import os
import stat
import subprocess
import tarfile
import time
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml
import zstandard
from support.dumps import write_bare_git, write_dir
from support.hardening_support import (REPO_ROOT, ChildRun, module_text, normal_repository, remove_deep_tree, run_cli_measured,
                               snapshot)

from pipeline.config import Config
from pipeline.ingest.repository import read_repository
from pipeline.records import RepoSource

MIB = 1 << 20
GIB = 1 << 30
# Peak RSS of the whole run (one worker, in-process): this run peaks near 0.75 GiB here;
# the corpus holds > 8 GiB of expansion (a 2 GiB sparse file, a 3 GiB tar member, bombs), so a
# reader that buffered any of it whole would cross this bound by gigabytes.
PEAK_RSS_BOUND_MIB = 1536
DUMP_BUDGET = 24 * MIB
MANY_FILES_IN_RUN = 5_000  # the 100k-file case runs below at the reader level (a full run of it takes ~60 s)
ESCAPE_MARKER = f"codecurate-escape-{uuid.uuid4().hex}"


# ----------------------------------------------------------------------------- archive builders

def tar_entry(name: str, data: bytes = b"", kind: bytes = tarfile.REGTYPE, link: str = "") -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    if kind in (tarfile.CHRTYPE, tarfile.BLKTYPE):
        info.devmajor, info.devminor = 1, 3
    return info, data


def tar_bytes(entries: list[tuple[tarfile.TarInfo, bytes]]) -> bytes:
    """A GNU tar built by hand so names may hold any bytes (tarfile would refuse some on write)."""
    blocks = []
    for info, data in entries:
        blocks.append(info.tobuf(tarfile.GNU_FORMAT, encoding="utf-8", errors="surrogateescape"))
        blocks.append(data + b"\0" * (-len(data) % 512))
    blocks.append(b"\0" * 1024)
    return b"".join(blocks)


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def huge_member_tar_zst(path: Path, member_bytes: int, after: bytes) -> None:
    """A tar.zst of ~100 KB holding one member of `member_bytes` zeros, then a normal file:
    streamed through the compressor so the test itself never holds the expansion."""
    compressor = zstandard.ZstdCompressor(level=1)
    with open(path, "wb") as raw, compressor.stream_writer(raw) as stream:
        info = tarfile.TarInfo("huge.py")
        info.size = member_bytes
        stream.write(info.tobuf(tarfile.GNU_FORMAT))
        zeros = bytes(4 * MIB)
        for _ in range(member_bytes // len(zeros)):
            stream.write(zeros)
        stream.write(bytes(member_bytes % len(zeros) + (-member_bytes % 512)))
        stream.write(tar_bytes([tar_entry("after.py", after)]))


def encrypted_zip(files: dict[str, bytes]) -> bytes:
    """Python cannot write encrypted zips: set the 'encrypted' flag bit in every header instead."""
    data = bytearray(zip_bytes(files))
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (index := data.find(signature, start)) >= 0:
            data[index + flag_offset] |= 0x01
            start = index + 4
    return bytes(data)


def mutate_middle(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes(b ^ 0x5A for b in data[middle:middle + 64]) + data[middle + 64:]


def many_files_tar(count: int) -> bytes:
    """`count` one-line files.  Every header differs from the first only in the name's digits, so
    it is patched from a template (tarfile's per-entry encoder would take longer than the read)."""
    template = bytearray(tar_entry("many-main/f000000.py", b"v = 000000\n")[0].tobuf(tarfile.USTAR_FORMAT))
    name_digits = slice(len("many-main/f"), len("many-main/f000000"))
    blocks = []
    for index in range(count):
        digits = b"%06d" % index
        header = template[:]
        header[name_digits] = digits
        header[148:156] = b" " * 8  # the checksum is computed with its own field as spaces
        header[148:156] = b"%06o\0 " % sum(header)
        blocks.append(bytes(header))
        blocks.append((b"v = " + digits + b"\n").ljust(512, b"\0"))
    blocks.append(b"\0" * 1024)
    return b"".join(blocks)


def deep_folder(root: Path, depth: int, leaf_name: str, content: bytes, folder_name: str = "d") -> str:
    """`depth` nested folders built with directory fds (the full path may exceed what a single
    path-based call accepts); returns the leaf's path relative to `root`."""
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir(folder_name, dir_fd=fd)
            child = os.open(folder_name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = child
        leaf = os.open(leaf_name, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(leaf, content)
        os.close(leaf)
    finally:
        os.close(fd)
    return "/".join([folder_name] * depth + [leaf_name])


def broken_git(path: Path, files: dict[str, str], delete: str) -> None:
    """A bare repository with the loose object of `delete` ("HEAD" or a path) removed."""
    write_bare_git(path, files)
    spec = "HEAD" if delete == "HEAD" else f"HEAD:{delete}"
    sha = subprocess.run(["git", "--git-dir", str(path), "rev-parse", spec], capture_output=True, text=True,
                         check=True).stdout.strip()
    (path / "objects" / sha[:2] / sha[2:]).unlink()


# ----------------------------------------------------------------------------- the corpus

INVALID_UTF16 = b"\xff\xfe" + "x = 1\n".encode("utf-16-le") + b"\x00\xd8" + "y\n".encode("utf-16-le")
LONG_LINE = b"x = '" + b"a" * 900_000 + b"'\n"
LATIN1_NAME = "caf\udce9.py"  # the bytes b"caf\xe9.py" as os and tarfile hand them over


Outcome = str | None | tuple[str | None, ...]


def build_corpus(root: Path) -> tuple[Path, dict[str, dict[str, Outcome]], dict[str, str]]:
    """Writes the dumps; returns (dumps folder, expected {repo: {path: reason}} for files whose outcome
    is exact, a tuple where one path occurs several times, and the repository-level reason per repo)."""
    dumps = root / "dumps"
    outside = root / "outside"
    dumps.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("outside the dump: must never be read\n")
    expected: dict[str, dict[str, Outcome]] = {}
    repo_level: dict[str, str] = {}

    write_dir(dumps / "good__repo", normal_repository(1))
    expected["good/repo"] = {"LICENSE": None, "src/core.py": None, "src/helpers.py": None}

    (dumps / "evil__paths.tar").write_bytes(tar_bytes([
        tar_entry("ok.py", module_text(2).encode()),
        tar_entry("../escape.py", b"x = 1\n"),
        tar_entry(f"../../../../../../tmp/{ESCAPE_MARKER}-rel.py", b"x = 1\n"),
        tar_entry(f"/tmp/{ESCAPE_MARKER}-abs.py", b"x = 1\n"),
        tar_entry("C:\\Windows\\evil.py", b"x = 1\n"),
        tar_entry("D:/evil.py", b"x = 1\n"),
        tar_entry("sub\\..\\..\\evil.py", b"x = 1\n"),
        tar_entry("..\\evil.py", b"x = 1\n"),
    ]))
    expected["evil/paths"] = {
        "ok.py": None, "../escape.py": "ingest:unsafe_path",
        f"../../../../../../tmp/{ESCAPE_MARKER}-rel.py": "ingest:unsafe_path",
        f"/tmp/{ESCAPE_MARKER}-abs.py": "ingest:unsafe_path", "C:/Windows/evil.py": "ingest:unsafe_path",
        "D:/evil.py": "ingest:unsafe_path", "sub/../../evil.py": "ingest:unsafe_path", "../evil.py": "ingest:unsafe_path",
    }

    (dumps / "evil__links.tar.gz").write_bytes(_gzip(tar_bytes([
        tar_entry("links-main/real.py", module_text(3).encode()),
        tar_entry("links-main/etc.py", kind=tarfile.SYMTYPE, link="/etc/passwd"),
        tar_entry("links-main/up", kind=tarfile.SYMTYPE, link="../../../.."),
        tar_entry("links-main/hard.py", kind=tarfile.LNKTYPE, link="../../../etc/passwd"),
        tar_entry("links-main/dev/null", kind=tarfile.CHRTYPE),
        tar_entry("links-main/dev/sda", kind=tarfile.BLKTYPE),
        tar_entry("links-main/pipe", kind=tarfile.FIFOTYPE),
        tar_entry("links-main/dup.py", module_text(4).encode()),
        tar_entry("links-main/./dup.py", b"print('second copy')\n"),
    ])))
    expected["evil/links"] = {
        "real.py": None, "etc.py": "ingest:symlink", "up": "ingest:symlink", "hard.py": "ingest:hardlink",
        "dev/null": "ingest:special_file", "dev/sda": "ingest:special_file", "pipe": "ingest:special_file",
        "dup.py": (None, "ingest:duplicate_entry"),
    }

    hostile_dir = dumps / "evil__dir"
    write_dir(hostile_dir, {"ok.py": module_text(5), "nul.py": b"x = 1\n\x00\x00\x00y = 2\n", "utf16.py": INVALID_UTF16,
                            "long.py": LONG_LINE})
    os.symlink(outside / "secret.txt", hostile_dir / "leak.py")
    os.symlink(outside, hostile_dir / "leakdir")
    os.mkfifo(hostile_dir / "pipe")
    os.link(outside / "secret.txt", hostile_dir / "hardlink.txt")
    with open(hostile_dir / "sparse.py", "wb") as handle:
        handle.truncate(2 * GIB)
    (hostile_dir / os.fsencode(LATIN1_NAME).decode("utf-8", "surrogateescape")).write_bytes(module_text(6).encode())
    deep_path = deep_folder(hostile_dir, 1200, "deep.py", module_text(7).encode())
    expected["evil/dir"] = {
        "ok.py": None, "nul.py": "ingest:binary", "utf16.py": "ingest:undecodable", "long.py": "filters:max_line_length",
        "leak.py": "ingest:symlink", "leakdir": "ingest:symlink", "pipe": "ingest:special_file",
        "sparse.py": "ingest:too_large", "caf\\xe9.py": None, deep_path: None,
        # A hard link inside a directory dump is an ordinary file of that dump: the inode is in
        # the dump and no name is "the link", so it is read like any other (see the report).
        "hardlink.txt": None,
    }
    if _can_mknod():
        os.mknod(hostile_dir / "null", stat.S_IFCHR | 0o600, os.makedev(1, 3))
        expected["evil/dir"]["null"] = "ingest:special_file"

    (dumps / "evil__zipbomb.zip").write_bytes(zip_bytes({f"z{index:03d}.py": b"0" * 999_000 for index in range(400)}))
    repo_level["evil/zipbomb"] = "ingest:dump_budget"

    huge_member_tar_zst(dumps / "evil__tarbomb.tar.zst", 3 * GIB, module_text(8).encode())
    expected["evil/tarbomb"] = {"huge.py": "ingest:too_large", "after.py": None}

    (dumps / "evil__manybig.tar.gz").write_bytes(_gzip(tar_bytes(
        [tar_entry(f"big{index:03d}.py", f"# {index}\n".encode() + b"1" * 999_000) for index in range(200)])))
    repo_level["evil/manybig"] = "ingest:dump_budget"

    sample = tar_bytes([tar_entry(f"t-main/m{index}.py", module_text(100 + index).encode()) for index in range(20)])
    (dumps / "evil__truncated.tar.gz").write_bytes(_gzip(sample)[: len(_gzip(sample)) // 2])
    repo_level["evil/truncated"] = "ingest:corrupt_archive"
    (dumps / "evil__corrupt.tar.zst").write_bytes(mutate_middle(zstandard.ZstdCompressor().compress(sample)))
    repo_level["evil/corrupt"] = "ingest:corrupt_archive"
    normal_zip = zip_bytes({f"m{index}.py": module_text(200 + index).encode() for index in range(20)})
    (dumps / "evil__truncatedzip.zip").write_bytes(normal_zip[: len(normal_zip) * 2 // 3])
    repo_level["evil/truncatedzip"] = "ingest:corrupt_archive"
    (dumps / "evil__wrongext.tar.gz").write_bytes(normal_zip)
    repo_level["evil/wrongext"] = "ingest:corrupt_archive"

    (dumps / "evil__encrypted.zip").write_bytes(encrypted_zip({"a.py": b"x = 1\n", "b.py": b"y = 2\n"}))
    expected["evil/encrypted"] = {"a.py": "ingest:encrypted", "b.py": "ingest:encrypted"}

    (dumps / "evil__nested.tar").write_bytes(tar_bytes([
        tar_entry("inner.zip", normal_zip), tar_entry("inner.tar.gz", _gzip(sample)),
        tar_entry("inner.tar.zst", zstandard.ZstdCompressor().compress(sample)), tar_entry("top.py", module_text(9).encode()),
    ]))
    expected["evil/nested"] = {"inner.zip": "ingest:binary", "inner.tar.gz": "ingest:binary",
                               "inner.tar.zst": "ingest:binary", "top.py": None}

    (dumps / "evil__names.tar").write_bytes(tar_bytes([
        tar_entry("names-main/" + LATIN1_NAME, module_text(10).encode()),
        tar_entry("names-main/naïve.py", module_text(11).encode()),
        tar_entry("names-main/" + "日本".encode("shift_jis").decode("utf-8", "surrogateescape") + ".py",
                  module_text(12).encode()),
        tar_entry("names-main/latin1_body.py", "# café crème brûlée\nname = 'Zoë'\n".encode("latin-1")
                  + module_text(13).encode()),
    ]))
    expected["evil/names"] = {"caf\\xe9.py": None, "naïve.py": None, "\\x93\\xfa\\x96{.py": None,
                              "latin1_body.py": None}

    (dumps / "evil__many.tar").write_bytes(many_files_tar(MANY_FILES_IN_RUN))

    git_files = {"LICENSE": "MIT License\n", "a.py": module_text(14), "b.py": module_text(15)}
    broken_git(dumps / "evil__brokenblob.git", git_files, delete="b.py")
    expected["evil/brokenblob"] = {"a.py": None, "b.py": "ingest:corrupt_git"}
    broken_git(dumps / "evil__brokencommit.git", git_files, delete="HEAD")
    repo_level["evil/brokencommit"] = "ingest:corrupt_git"
    return dumps, expected, repo_level


def _gzip(data: bytes) -> bytes:
    import gzip

    return gzip.compress(data, compresslevel=1, mtime=0)


def _can_mknod() -> bool:
    return hasattr(os, "mknod") and os.geteuid() == 0


def hostile_config(path: Path) -> Path:
    """keep-all (so a hostile repository's good files stay visible) with a small dump budget and a
    small in-memory spool, so bombs hit the budget and spill to disk within the test's time."""
    config = yaml.safe_load((REPO_ROOT / "configs" / "keep-all.yaml").read_text())
    config["ingest"].update(max_dump_bytes=DUMP_BUDGET, spool_memory_bytes=4 * MIB)
    path.write_text(yaml.safe_dump(config))
    return path


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory) -> Iterator[tuple[Path, ChildRun, dict, dict, dict, dict, float]]:
    root = tmp_path_factory.mktemp("hostile")
    try:
        dumps, expected, repo_level = build_corpus(root)
    except BaseException:
        remove_deep_tree(root / "dumps" / "evil__dir" / "d")
        raise
    config = hostile_config(root / "hostile.yaml")
    jail, child_tmp, output = root / "cwd", root / "child-tmp", root / "out"
    jail.mkdir()
    child_tmp.mkdir()
    before = snapshot(root)
    started = time.monotonic()
    run = run_cli_measured(["run", str(dumps), "--output", str(output), "--config", str(config), "--workers", "1",
                            "--quiet"], cwd=jail, tmpdir=child_tmp)
    elapsed = time.monotonic() - started
    after = snapshot(root, exclude=(output,))
    yield root, run, expected, repo_level, before, after, elapsed
    remove_deep_tree(dumps / "evil__dir" / "d")  # pytest's own cleanup would hit a RecursionError


def provenance_by_repo(output: Path) -> dict[str, dict[str, dict]]:
    rows: dict[str, dict[str, dict]] = {}
    for row in pq.read_table(output / "provenance").to_pylist():
        rows.setdefault(row["repo_name"], {})[row["path"]] = row
    return rows


def outcomes(output: Path) -> dict[str, dict[str, Outcome]]:
    """{repo: {path: reason}}, with a sorted tuple of reasons for a path that occurs more than once."""
    reasons: dict[str, dict[str, list[str | None]]] = {}
    for row in pq.read_table(output / "provenance", columns=["repo_name", "path", "reason"]).to_pylist():
        reasons.setdefault(row["repo_name"], {}).setdefault(row["path"], []).append(row["reason"])
    return {repo: {path: found[0] if len(found) == 1 else tuple(sorted(found, key=str)) for path, found in paths.items()}
            for repo, paths in reasons.items()}


def test_the_run_finishes_and_verifies(hostile_run) -> None:
    root, run, *_ , elapsed = hostile_run
    assert run.returncode == 0, run.stderr[-3000:]
    assert (root / "out" / "manifest.json").exists()
    from pipeline.dataset.verify import verify

    assert verify(str(root / "out")) == []
    assert elapsed < 180, f"hostile run took {elapsed:.0f}s"


def test_every_affected_file_has_its_precise_reason(hostile_run) -> None:
    root, run, expected, repo_level, *_ = hostile_run
    assert run.returncode == 0, run.stderr[-3000:]
    found = outcomes(root / "out")
    for repo, files in expected.items():
        assert {path: found.get(repo, {}).get(path, "<missing>") for path in files} == files, repo
    for repo, reason in repo_level.items():
        assert found[repo][""] == reason, repo


def test_bombs_stop_at_the_budget(hostile_run) -> None:
    root, run, *_ = hostile_run
    rows = provenance_by_repo(root / "out")
    for repo in ("evil/zipbomb", "evil/manybig"):
        read = [row for path, row in rows[repo].items() if path]
        assert sum(row["size"] for row in read) <= DUMP_BUDGET + MIB
        assert len(read) < 40, repo


def test_the_normal_repository_is_processed_normally(hostile_run) -> None:
    root, run, *_ = hostile_run
    data = {row["path"]: row for row in pq.read_table(root / "out" / "data").to_pylist() if row["repo_name"] == "good/repo"}
    files = normal_repository(1)
    assert {path: row["content"] for path, row in data.items()} == files
    assert {row["license_type"] for row in data.values()} == {"permissive"}
    assert data["src/core.py"]["license"] == ["MIT"] and data["src/core.py"]["language"] == "Python"


def test_many_tiny_files_are_all_accounted_for(hostile_run) -> None:
    root, run, *_ = hostile_run
    rows = provenance_by_repo(root / "out")["evil/many"]
    assert len(rows) == MANY_FILES_IN_RUN


def test_nothing_is_written_outside_the_output(hostile_run) -> None:
    root, run, expected, repo_level, before, after, _ = hostile_run
    assert after == before
    assert not list(Path("/tmp").glob(f"{ESCAPE_MARKER}*"))
    assert not (root.parent / "escape.py").exists()


def test_memory_stays_bounded(hostile_run) -> None:
    root, run, *_ = hostile_run
    assert run.returncode == 0, run.stderr[-3000:]
    print(f"hostile run: peak RSS {run.peak_rss_mib:.0f} MiB (bound {PEAK_RSS_BOUND_MIB} MiB)")
    assert 0 < run.peak_rss_mib < PEAK_RSS_BOUND_MIB, f"peak RSS {run.peak_rss_mib:.0f} MiB"


def test_a_hundred_thousand_tiny_files_are_read_in_bounded_time_and_memory(tmp_path) -> None:
    """The reader alone over 100k entries (a full run of that many records is ~60 s): every entry
    becomes one record, no entry is held beyond its record, and it takes seconds."""
    import resource

    path = tmp_path / "many.tar"
    path.write_bytes(many_files_tar(100_000))
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.monotonic()
    count = sum(1 for _ in read_repository(RepoSource("many/files", str(path), "tar"), Config()))
    elapsed = time.monotonic() - started
    assert count == 100_000
    assert elapsed < 30, f"{elapsed:.1f}s"
    # Growth of the process's lifetime peak: records are streamed, so reading 100k entries adds
    # little (only the per-entry bookkeeping, ~100 bytes each).
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - peak_before < 256


def test_directory_walk_records_unlistable_folders(tmp_path) -> None:
    """A folder that cannot be listed (here: too deep for one path) is a record, not silence."""
    root = tmp_path / "repo"
    root.mkdir()
    try:
        deep_folder(root, 25, "lost.py", b"x = 1\n", folder_name="d" * 200)  # 5 KB: past PATH_MAX
        records = list(read_repository(RepoSource("deep/repo", str(root), "directory"), Config()))
    finally:
        remove_deep_tree(root)
    assert records and all(record.reason in (None, "ingest:unreadable") for record in records)
    assert any(record.reason == "ingest:unreadable" for record in records)


def test_bare_git_config_cannot_run_commands(tmp_path) -> None:
    """A hostile repository's own config (fsmonitor, pager, hooks) must not execute while reading it."""
    repo = write_bare_git(tmp_path / "evil.git", {"a.py": "x = 1\n"})
    marker = tmp_path / "executed"
    with open(repo / "config", "a") as handle:
        handle.write(f"[core]\n\tfsmonitor = touch {marker}\n\tpager = touch {marker}\n"
                     f"\thooksPath = {tmp_path}\n[diff]\n\texternal = touch {marker}\n")
    (tmp_path / "post-checkout").write_text(f"#!/bin/sh\ntouch {marker}\n")
    (tmp_path / "post-checkout").chmod(0o755)
    records = list(read_repository(RepoSource("evil/git", str(repo), "git"), Config()))
    assert [(record.path, record.reason) for record in records] == [("a.py", None)]
    assert not marker.exists()

