"""`read_stored`: how `update` reads the stored files it promotes without reading the dump's
licence evidence again.  Given each asked record's licence fields as a provenance row holds them
and the root expression the state holds, it must give exactly the records a whole read gives
(same ids, paths, bytes, text, licence fields) and the notices a whole read hands its sink, on
every dump kind, with duplicate and unsafe entries, a vendored licence, a LICENSE met last, files
with headers of their own, and on the sample.  And the rows it takes the fields from must hold
what ingest decided: no step after ingest changes a file's licence fields (a run on the sample).
"""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pyarrow as pa
import pytest
from support.dumps import write_bare_git, write_dir, write_tar, write_zip

from pipeline.cli import main
from pipeline.config import Config
from pipeline.dataset.schema import PROVENANCE_SCHEMA, provenance_row
from pipeline.ingest.licence_fields import LICENCE_FIELDS
from pipeline.ingest.repository import read_repository, read_stored
from pipeline.ingest.sources import discover
from pipeline.records import RepoSource

SAMPLE = Path(__file__).resolve().parents[3] / "sample"

# An Apache-2.0 project whose LICENSE comes last, with a vendored MIT library, files whose own
# headers say otherwise (GPL, BSD with a copyright line), a NOTICE, a binary and a README.
FILES = {
    "src/server.py": "import socket\n\n\ndef serve(port):\n    return socket.create_server(('', port))\n",
    "src/gpl_part.c": "// Copyright 2018 Extra Authors\n// SPDX-License-Identifier: GPL-3.0-only\nint extra;\n",
    "src/bsd_part.py": "# SPDX-License-Identifier: BSD-3-Clause\n# Copyright 2021 Example Utility Authors\nX = 1\n",
    "vendor/tinyjson/LICENSE": "MIT License\n\nCopyright (c) 2019 Tiny Json Authors\n\nPermission is hereby granted, "
                               "free of charge, to any person obtaining a copy of this software\n",
    "vendor/tinyjson/tinyjson.py": "def dumps(value):\n    return repr(value)\n",
    "NOTICE": "Acme Server\nCopyright 2020 The Acme Server Authors\n"
              + "".join(f"This product bundles component {n} under its own licence.\n" for n in range(40)),
    "README.md": "# Acme Server\n\n## License\n\nApache-2.0, see LICENSE.\n",
    "logo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
    "latin1.txt": "caf\xe9 au lait\n".encode("latin-1"),
    "LICENSE": "Apache License\nVersion 2.0, January 2004\nhttp://www.apache.org/licenses/\n",
}


def _tar_with_repeats(path: Path) -> Path:
    """A tar whose top folder wraps everything, with a path stored twice (the second is a
    duplicate entry) and an entry that points outside the repository."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w:gz") as archive:
        entries = [("src/server.py", FILES["src/server.py"]), ("src/server.py", "print('second copy')\n"),
                   ("../escape.py", "print('outside')\n"), *FILES.items()]
        for name, content in entries:
            data = content.encode() if isinstance(content, str) else content
            info = tarfile.TarInfo(name if name.startswith("..") else f"proj-1.0/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    path.write_bytes(raw.getvalue())
    return path


def _fixtures(tmp_path: Path) -> list[RepoSource]:
    def source(location: Path, kind: str) -> RepoSource:
        return RepoSource(repo_name=f"acme/{location.name}", location=str(location), kind=kind, commit="c" * 40,
                          stars=3, forks=1, license="Apache-2.0", timestamp="2024-01-02")

    return [source(write_tar(tmp_path / "top.tar.gz", FILES), "tar"),
            source(write_tar(tmp_path / "flat.tar.gz", FILES, top=None), "tar"),
            source(_tar_with_repeats(tmp_path / "repeats.tar.gz"), "tar"),
            source(write_zip(tmp_path / "top.zip", FILES), "zip"),
            source(write_dir(tmp_path / "folder", FILES), "directory"),
            source(write_bare_git(tmp_path / "bare.git", FILES), "git")]


def _whole(source: RepoSource, config: Config):
    found = {}
    records = list(read_repository(source, config, lambda notices: found.__setitem__("notices", notices)))
    return records, found["notices"]


def _stored_rows(records) -> dict[str, dict]:
    """The records' provenance rows as a dataset stores them (through Arrow: lists, nulls, types)."""
    rows = pa.Table.from_pylist([provenance_row(record, None) for record in records], schema=PROVENANCE_SCHEMA)
    return {row["id"]: row for row in rows.to_pylist()}


def _equal_to_whole(source: RepoSource, config: Config) -> list:
    records, notices = _whole(source, config)
    alive = [record for record in records if not record.dropped]
    stored, stored_notices = read_stored(source, config, _stored_rows(records), notices.root_expression)
    assert stored == records  # every record, in the dump's order: the dropped ones too
    assert stored_notices == notices
    some = alive[::2]
    stored, stored_notices = read_stored(source, config, _stored_rows(some), notices.root_expression)
    assert stored == some and stored_notices == notices
    return records


def test_fixtures_read_stored_equals_a_whole_read(tmp_path) -> None:
    config = Config.model_validate({"licenses": {"max_license_chars": 1024}})
    assert len(FILES["NOTICE"]) > 1024  # cut in both reads
    sources = _fixtures(tmp_path)
    for source in sources:
        records = _equal_to_whole(source, config)
        by_path = {record.path: record for record in records if not record.dropped}
        # the fixture exercises what the skipped evidence decides: licences differ by file
        assert by_path["vendor/tinyjson/tinyjson.py"].license != by_path["src/server.py"].license
        assert by_path["src/gpl_part.c"].license != by_path["src/server.py"].license
    repeats, _ = _whole(sources[2], config)
    assert {"ingest:duplicate_entry", "ingest:unsafe_path", "ingest:binary"} <= {record.reason for record in repeats}


def test_the_sample_read_stored_equals_a_whole_read() -> None:
    sources = discover([str(SAMPLE / "dumps")])
    assert {source.kind for source in sources} >= {"tar", "zip", "directory"}
    for source in sources:
        _equal_to_whole(source, Config())


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("sample") / "dataset"
    assert main(["run", str(SAMPLE / "dumps"), "--output", str(output), "--optout", str(SAMPLE / "optout.txt"),
                 "--workers", "1", "--quiet"]) == 0
    return output


def test_published_rows_hold_the_licence_fields_ingest_decided(sample_run) -> None:
    """What `update` restores from a provenance row is ingest's decision: after the opt-out stage,
    the filters, dedup, the policy, PII and decontamination, every row of a file ingest decided
    holds the fields that read gave it (kept, duplicate, filtered or dropped by policy)."""
    from support.optout_dataset import tables

    published = tables(sample_run, "provenance")
    compared, reasons = 0, set()
    for source in discover([str(SAMPLE / "dumps")]):
        records, _ = _whole(source, Config())
        for record in records:
            if record.dropped:
                continue
            row = published[record.id]
            assert {name: row[name] for name in LICENCE_FIELDS} == \
                {name: getattr(record, name) for name in LICENCE_FIELDS}, record.path
            compared += 1
            reasons.add((row["reason"] or "kept").split(":")[0])
    assert compared > 10 and {"kept", "dedup"} <= reasons


def test_a_promotion_the_policy_refuses_is_decided_without_its_dump(sample_run) -> None:
    """`update` does not read a promoted file's dump when the policy, first after dedup, refuses
    its stored licence type: the row it makes must be the one a run gives such a file (every
    file of the sample a run dropped by policy, with its cluster as dedup left it), and a file
    the policy keeps must still be read."""
    import json

    from dedup.rules import FileDecision
    from support.optout_dataset import tables

    from pipeline.config import parse_config
    from pipeline.optout.entries import load_optout
    from pipeline.snapshot.stored import Promotion, refused_unread
    from pipeline.stages import RunContext

    manifest = json.loads((sample_run / "manifest.json").read_text())
    run = RunContext(parse_config(manifest["config"]), load_optout(str(SAMPLE / "optout.txt")))
    sources = {source.repo_name: source for source in discover([str(SAMPLE / "dumps")])}
    outcomes = {}
    for row in tables(sample_run, "provenance").values():
        if row["reason"] is None or row["reason"].startswith("license:"):
            # dedup's verdict keeps it alive, in a cluster (the sample's refused files are singletons)
            decision = FileDecision(0, row["cluster_id"] or f"cluster-of-{row['id']}", row["duplicate_of"], None)
            # the row as the parent stored it while a duplicate: what `update` starts from
            stored = {**row, "status": "dropped", "reason": "dedup:exact", "cluster_id": None, "duplicate_of": None}
            promotion = Promotion((row["repo_name"], ""), decision, stored, "")
            record = refused_unread(promotion, sources[row["repo_name"]], run)
            outcomes[row["id"]] = record is not None
            if record is not None:
                assert provenance_row(record, None) == {**row, "cluster_id": decision.cluster_id}, row["path"]
            else:
                assert row["status"] == "kept"
    assert sum(outcomes.values()) >= 3 and not all(outcomes.values())  # refused ones, and kept ones to read
