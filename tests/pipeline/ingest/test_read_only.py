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


# Notices in nested folders, a second LICENSE entry for one path (a duplicate entry: not read), a
# NOTICE that is not text, a README (licence evidence, not a notice), files whose headers carry licences.
NOTICE_FILES = {
    "NOTICE": "Acme Server\nCopyright 2020 The Acme Server Authors\n"
              + "".join(f"This product bundles component {n} under its own licence.\n" for n in range(40)),
    "lib/core/NOTICE.txt": "Acme Core\nThis product includes software developed at Acme (contact: ops@acme.test).\n",
    "lib/core/engine.c": "/* SPDX-License-Identifier: Apache-2.0 */\nint engine(void) { return 0; }\n",
    "lib/extra/COPYING.md": "GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007\n",
    "lib/extra/extra.c": "// Copyright 2018 Extra Authors\n// SPDX-License-Identifier: GPL-3.0-only\nint extra;\n",
    "docs/NOTICE": b"\xff\xfe\x00binary notice\x00",
    "README.md": "# Acme Server\n\n## License\n\nApache-2.0, see LICENSE.\n",
    **FILES,
}


def _notices_of(location, kind: str, config: Config) -> tuple[RepoSource, object]:
    source = RepoSource(repo_name="acme/server", location=str(location), kind=kind, commit="b" * 40, license="apache-2.0")
    found = {}
    for _ in read_repository(source, config, lambda notices: found.__setitem__(notices.repo_name, notices), only=()):
        pass
    return source, found["acme/server"]


def test_read_notices_gives_the_notices_a_whole_read_gives(tmp_path) -> None:
    """`update` remakes an unchanged repository's attribution rows from these: given the root
    expression the whole read computed (stored in the state), the light read must hand over the
    very same licence-like files, texts cut at the same length."""
    from pipeline.ingest.repository import read_notices

    config = Config.model_validate({"licenses": {"max_license_chars": 1024}})
    for name, files, top in (("nested.tar.gz", NOTICE_FILES, "repo-main"), ("flat.tar.gz", NOTICE_FILES, None),
                             ("plain.tar.gz", FILES, "x")):
        source, whole = _notices_of(write_tar(tmp_path / name, files, top=top), "tar", config)
        assert whole.files  # the fixture has licence-like files to hand over
        light = read_notices(source, config, whole.root_expression)
        assert light == whole
        assert light.files == whole.files and light.root_expression == whole.root_expression
    assert set(whole.files) == {"LICENSE", "vendor/tinyjson/LICENSE"}
    assert len(NOTICE_FILES["NOTICE"]) > 1024  # cut in both reads


def test_the_nested_fixture_has_every_kind_of_notice(tmp_path) -> None:
    config = Config()
    _, whole = _notices_of(write_tar(tmp_path / "n.tar.gz", NOTICE_FILES), "tar", config)
    assert {"NOTICE", "lib/core/NOTICE.txt", "lib/extra/COPYING.md", "LICENSE"} <= set(whole.files)
    assert "docs/NOTICE" not in whole.files and "README.md" not in whole.files
