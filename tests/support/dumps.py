"""Builders of small repository dumps in every supported format (shared by the tests)."""

from __future__ import annotations

import io
import tempfile
import subprocess
import tarfile
import zipfile
from pathlib import Path

import zstandard

FILES = {"LICENSE": "MIT License\n", "src/app.py": "print('hello')\n", "src/util.go": "package util\n"}


def write_tar(path: Path, files: dict[str, bytes | str], top: str | None = "repo-main", mode: str = "w:gz") -> Path:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as archive:
        for name, content in files.items():
            data = content.encode() if isinstance(content, str) else content
            info = tarfile.TarInfo(f"{top}/{name}" if top else name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    data = raw.getvalue()
    if mode == "w:gz":
        import gzip

        data = gzip.compress(data)
    elif mode == "w:zst":
        data = zstandard.ZstdCompressor().compress(data)
    path.write_bytes(data)
    return path


def write_zip(path: Path, files: dict[str, bytes | str], top: str | None = "repo-main") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(f"{top}/{name}" if top else name, content)
    return path


def write_dir(path: Path, files: dict[str, bytes | str]) -> Path:
    for name, content in files.items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def write_bare_git(path: Path, files: dict[str, bytes | str]) -> Path:
    work = Path(tempfile.mkdtemp(prefix="git-work-"))
    write_dir(work, files)
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "HOME": str(path.parent), "PATH": "/usr/bin:/bin"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "init"]):
        subprocess.run(["git", *args], cwd=work, env=env, check=True)
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(path)], env=env, check=True)
    return path
