"""`read_repository(..., only=ids)`: how `update` reads the few stored files it promotes.  Each
asked-for record is exactly the record a whole read gives (its licence decided from the whole
repository's evidence, including a LICENSE met after it in the dump and a vendored folder's own
licence), nothing else is yielded, and the repository's notices are gathered all the same."""

from __future__ import annotations

from support.dumps import write_tar

from pipeline.config import Config
from pipeline.ingest.repository import read_repository
from pipeline.records import RepoSource

# A project under Apache-2.0 whose LICENSE comes last in the archive, with a vendored MIT library.
FILES = {
    "src/server.py": "import socket\n\n\ndef serve(port):\n    return socket.create_server(('', port))\n",
    "src/util.py": "def clamp(x, lo, hi):\n    return max(lo, min(hi, x))\n",
    "vendor/tinyjson/LICENSE": "MIT License\n\nCopyright (c) 2019 Tiny Json Authors\n\nPermission is hereby granted, "
                               "free of charge, to any person obtaining a copy of this software\n",
    "vendor/tinyjson/tinyjson.py": "def dumps(value):\n    return repr(value)\n",
    "logo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
    "LICENSE": "Apache License\nVersion 2.0, January 2004\nhttp://www.apache.org/licenses/\n",
}


def _source(tmp_path) -> RepoSource:
    location = write_tar(tmp_path / "project.tar.gz", FILES)
    return RepoSource(repo_name="acme/server", location=str(location), kind="tar", commit="a" * 40)


def _read(source: RepoSource, only=None) -> tuple[dict, dict]:
    notices = {}
    records = read_repository(source, Config(), lambda found: notices.__setitem__(found.repo_name, found), only=only)
    return {record.path: record for record in records}, notices


def test_only_the_asked_records_come_out_each_as_a_whole_read_gives_it(tmp_path) -> None:
    source = _source(tmp_path)
    whole, whole_notices = _read(source)
    wanted = {whole["src/util.py"].id, whole["vendor/tinyjson/tinyjson.py"].id, whole["logo.png"].id}
    some, some_notices = _read(source, only=wanted)
    assert set(some) == {"src/util.py", "vendor/tinyjson/tinyjson.py", "logo.png"}
    assert {path: record for path, record in some.items()} == {path: whole[path] for path in some}
    assert some["vendor/tinyjson/tinyjson.py"].license != some["src/util.py"].license  # the evidence was read whole
    assert some["logo.png"].reason == "ingest:binary"
    assert some_notices == whole_notices and set(whole_notices["acme/server"].files) >= {"LICENSE", "vendor/tinyjson/LICENSE"}


def test_nothing_asked_still_gathers_the_notices(tmp_path) -> None:
    source = _source(tmp_path)
    _, whole_notices = _read(source)
    records, notices = _read(source, only=())
    assert records == {} and notices == whole_notices
