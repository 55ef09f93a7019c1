"""Tests of the corpus builder's offline logic (no network): run with
`.venv/bin/python -m pytest benchmarks/test_corpus.py -q` (not part of `make test`).

Fixtures model what the registries hand out: a Debian upstream tarball with a component tarball
(multi-orig source), an npm tarball (`package/` top folder), binaries, Latin-1 text, an oversized
file and a symlink.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import sys
import tarfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402
from corpus_fetch import Package, _digest_ok  # noqa: E402


def _tarball(path: Path, top: str, files: dict[str, bytes], symlink: str | None = None) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(f"{top}/{name}")
            info.size, info.mtime = len(data), 1_700_000_000
            archive.addfile(info, io.BytesIO(data))
        if symlink:
            link = tarfile.TarInfo(f"{top}/{symlink}")
            link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
            archive.addfile(link)
    return path


def _package(source: str, name: str, files: tuple[tuple[str, str], ...] = (("a.tar.gz", "sha256:" + "0" * 64),)):
    return Package(source, name, "1.0", "C", files)


@pytest.fixture()
def debian_archives(tmp_path: Path) -> list[Path]:
    main = _tarball(tmp_path / "tool_1.0.orig.tar.gz", "tool-1.0", {
        "src/main.c": b"int main(void) { return 0; }\n",
        "README": b"tool\n",
        "doc/logo.png": b"\x89PNG\r\n\x1a\n\0\0\0",
        "po/de.po": "Übersetzung\n".encode("latin-1"),
        "data/huge.txt": b"x" * (corpus.MAX_FILE_BYTES + 1),
    }, symlink="src/link.c")
    vendor = _tarball(tmp_path / "tool_1.0.orig-vendor.tar.gz", "vendor", {"lib/lib.rs": b"pub fn f() {}\n"})
    return [main, vendor]


def test_package_files_keeps_utf8_text_and_counts_the_rest(debian_archives: list[Path]) -> None:
    files, skipped = corpus.package_files(_package("debian", "tool"), debian_archives)
    assert list(files) == ["README", "src/main.c", "vendor/lib/lib.rs"]  # top folder stripped, component nested
    assert skipped == {"binary": 1, "not UTF-8": 1, "larger than 1 MB": 1}


def test_npm_tarball_loses_its_package_folder(tmp_path: Path) -> None:
    archive = _tarball(tmp_path / "x-1.0.tgz", "package", {"index.js": b"module.exports = 1;\n"})
    files, _ = corpus.package_files(_package("npm", "@scope/x"), [archive])
    assert list(files) == ["index.js"]
    assert _package("npm", "@scope/x").dump == "npm__scope-x"


def test_dumps_are_deterministic_and_under_one_sorted_top_folder(tmp_path: Path) -> None:
    files = {"b.py": b"print(2)\n", "a/c.py": b"print(1)\n"}
    corpus.write_dump(tmp_path / "one.tar.gz", "pypi__x", files)
    corpus.write_dump(tmp_path / "two.tar.gz", "pypi__x", dict(reversed(files.items())))
    assert (tmp_path / "one.tar.gz").read_bytes() == (tmp_path / "two.tar.gz").read_bytes()
    with tarfile.open(tmp_path / "one.tar.gz") as archive:
        members = archive.getmembers()
    assert [m.name for m in members] == ["pypi__x/a/c.py", "pypi__x/b.py"]
    assert {(m.mtime, m.uname, m.mode) for m in members} == {(0, "", 0o644)}
    assert gzip.decompress((tmp_path / "one.tar.gz").read_bytes())  # a plain gzip stream, mtime 0 header
    assert (tmp_path / "one.tar.gz").read_bytes()[4:8] == b"\0\0\0\0"


def test_subsets_are_nested_prefixes() -> None:
    summaries = [{"dump": f"d{i}", "bytes": size} for i, size in enumerate([100e6, 90e6, 120e6, 300e6, 500e6])]
    small, large = corpus.select(summaries, 256), corpus.select(summaries, 1024)
    assert [s["dump"] for s in small] == ["d0", "d1", "d2"]  # 310 MB: the last package overshoots
    assert large[: len(small)] == small
    assert corpus.select(summaries, None) == summaries


def test_near_copy_removes_exactly_one_line() -> None:
    original = {"a.c": b"one\ntwo\nthree\nfour\n"}
    first, second = corpus.near_copy(original, 1)["a.c"], corpus.near_copy(original, 2)["a.c"]
    assert first != second and first != original["a.c"]
    assert len(first.split(b"\n")) == len(original["a.c"].split(b"\n")) - 1


def test_pad_mode_labels_near_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpus, "DUMPS", tmp_path / "dumps")
    corpus.DUMPS.mkdir()
    package = _package("pypi", "x")
    files = {f"m{i}.py": b"".join(b"line %d\n" % j for j in range(200)) for i in range(5)}
    corpus.write_dump(corpus.DUMPS / "pypi__x.tar.gz", "pypi__x", files)
    size = sum(map(len, files.values()))
    summary = {"dump": "pypi__x.tar.gz", "bytes": size, "files": 5, "by_language": {"Python": size}}
    meta = corpus.make_subset([summary], {"pypi__x.tar.gz": package}, tmp_path / "out", None, 3.5 * size / 1e9)
    index = [json.loads(line) for line in (tmp_path / "out" / "index.jsonl").read_text().splitlines()]
    assert [e["dump"] for e in index] == ["pypi__x.tar.gz", "nearcopy__pypi-x-1.tar.gz", "nearcopy__pypi-x-2.tar.gz",
                                          "nearcopy__pypi-x-3.tar.gz"]
    assert all(e["repo"].startswith("nearcopy/") and e["ref"].startswith("near-copy") for e in index[1:])
    assert meta["distinct_bytes"] == size and meta["near_copy_bytes"] > 2 * size
    assert "near-copies" in meta["what"]
    assert (tmp_path / "out" / "pypi__x.tar.gz").stat().st_ino == (corpus.DUMPS / "pypi__x.tar.gz").stat().st_ino


def test_digests_of_both_registries(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"payload")
    assert _digest_ok(path, "sha256:" + hashlib.sha256(b"payload").hexdigest())
    assert _digest_ok(path, "sha512-" + base64.b64encode(hashlib.sha512(b"payload").digest()).decode())
    assert not _digest_ok(path, "sha256:" + hashlib.sha256(b"other").hexdigest())
