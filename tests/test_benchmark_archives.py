"""benchmarks/archives.py: the licence benchmarks read a package's text files from its archive, keyed by
their path inside the package, whatever the archive's kind, skipping members over the size limit."""

from __future__ import annotations

import io
import sys
import tarfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from archives import archive_files  # noqa: E402

MEMBERS = {"demo-1.0/LICENSE": b"MIT License\n", "demo-1.0/src/demo.py": b"print('hi')\n",
           "demo-1.0/data/big.bin": b"x" * 64}


def _tar() -> bytes:
    sink = io.BytesIO()
    with tarfile.open(fileobj=sink, mode="w:gz") as archive:
        for name, data in MEMBERS.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return sink.getvalue()


def _zip() -> bytes:
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w") as archive:
        archive.writestr("demo-1.0/", "")
        for name, data in MEMBERS.items():
            archive.writestr(name, data)
    return sink.getvalue()


def test_paths_are_inside_the_package_and_big_members_are_skipped() -> None:
    for data, name in ((_tar(), "demo-1.0.tar.gz"), (_zip(), "demo-1.0.zip")):
        files = archive_files(data, name, max_file_bytes=32)
        assert files == {"LICENSE": "MIT License\n", "src/demo.py": "print('hi')\n"}, name


def test_an_archive_without_one_top_folder_keeps_its_paths() -> None:
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w") as archive:
        archive.writestr("LICENSE", "MIT License\n")
        archive.writestr("pkg/mod.py", "x = 1\n")
    assert set(archive_files(sink.getvalue(), "flat.zip")) == {"LICENSE", "pkg/mod.py"}
