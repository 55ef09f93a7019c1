"""benchmarks/debian_source.py: which file of a source package is the upstream tarball, which members
are upstream code, and that a cached tarball is read only when its sha256 is the pinned one.

Fixtures are written here (a tiny tarball made in the test); nothing is downloaded and apt is not run.
"""

from __future__ import annotations

import hashlib
import io
import sys
import tarfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import debian_source  # noqa: E402


@pytest.mark.parametrize("filename, expected", [
    ("mutt_2.2.12.orig.tar.gz", True),  # 3.0 (quilt): the upstream tarball
    ("lighttpd_1.4.69.orig.tar.xz", True),
    ("nativepkg_1.4.tar.xz", True),  # 3.0 (native): the only tarball
    ("mutt_2.2.12-0.1~deb12u1.debian.tar.xz", False),  # Debian's packaging
    ("mutt_2.2.12.orig.tar.gz.asc", False),  # the upstream signature
    ("pkg_1.0.orig-docs.tar.gz", False),  # an extra component, not the main tree
    ("mutt_2.2.12-0.1~deb12u1.dsc", False),
])
def test_upstream_tarball_is_the_orig_or_native_tar_only(filename, expected):
    assert debian_source.is_upstream_tarball(filename) is expected


def test_members_under_debian_are_left_out_below_the_top_folder_only():
    assert not debian_source.upstream("pkg-1.0/debian/copyright")
    assert not debian_source.upstream("pkg-1.0/debian")
    assert debian_source.upstream("pkg-1.0/src/debian.c")  # a file named after Debian is upstream code
    assert debian_source.upstream("pkg-1.0/doc/debian/README")  # a nested folder is upstream's own


def _tarball() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        data = b"listen 192.0.2.1\n"
        info = tarfile.TarInfo("pkg-1.0/pkg.conf")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_a_cached_tarball_is_read_only_against_its_pin(tmp_path):
    data = _tarball()
    folder = debian_source.folder_for(tmp_path, "pkg", "1:1.0-1")
    assert folder.name == "pkg_1%3a1.0-1"  # an epoch's colon is escaped in the folder name
    folder.mkdir(parents=True)
    (folder / "pkg_1.0.orig.tar.gz").write_bytes(data)
    good = hashlib.sha256(data).hexdigest()
    assert debian_source.download(tmp_path, "pkg", "1:1.0-1", "pkg_1.0.orig.tar.gz", good) == data
    with pytest.raises(ValueError, match="sha256 mismatch"):
        debian_source.download(tmp_path, "pkg", "1:1.0-1", "pkg_1.0.orig.tar.gz", "0" * 64)
