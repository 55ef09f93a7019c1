"""What must travel with copies (`licenses/attribution.py`), as plain functions.

The redaction passed in here is a stand-in that marks what it was given: the real one (the
pipeline's e-mail redaction) is exercised end to end in `tests/pipeline/test_attribution.py`.
"""

from __future__ import annotations

import re

import pytest

from licenses.attribution import (
    FILE,
    REPOSITORY,
    ChunkAttribution,
    RepoNotices,
    evidence_sources,
    header_copyright_lines,
    merge_rows,
    requires_notice,
    text_paths,
)

_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def redact(text: str) -> str:
    return _ADDRESS.sub("<EMAIL>", text)


MIT_TEXT = "MIT License\n\nCopyright (c) 2023 Dana Whitfield <dana@whitfield-labs.net>\n\nPermission is hereby granted …\n"
BSD_HEADER = (
    "/*\n * Copyright (c) 2019, Northwind Systems\n * All rights reserved.\n *\n"
    " * Redistribution and use in source and binary forms, with or without modification, are permitted …\n */\n"
    "int checksum(const char *data) { return 0; }\n"
)


@pytest.mark.parametrize("ids, expected", [
    (["MIT"], True), (["Apache-2.0"], True), (["BSD-3-Clause"], True), (["ISC"], True), (["Zlib"], True),
    (["BSD-2-Clause", "Unlicense"], True), (["GPL-2.0-only WITH Classpath-exception-2.0"], True),
    (["CC0-1.0"], False), (["Unlicense"], False), ([], False),
])
def test_notice_is_required_by_every_licence_but_public_domain_dedications(ids, expected):
    assert requires_notice(ids) is expected


def test_evidence_is_split_on_semicolons_outside_notes():
    evidence = "header;LICENSE[near ISC: +mind; -the];manifest:package.json;dep5:debian/copyright"
    assert evidence_sources(evidence) == ["header", "LICENSE[near ISC: +mind; -the]", "manifest:package.json",
                                          "dep5:debian/copyright"]
    assert text_paths(evidence) == ["LICENSE", "debian/copyright"]
    assert text_paths("readme:README.md;metadata") == []


def test_header_copyright_lines_lose_comment_marks_and_addresses():
    source = "# Copyright 2021 Ola Nordmann <ola@nordmann-data.no>\n# SPDX-License-Identifier: MIT\nx = 1\n"
    assert header_copyright_lines(source, 50, 8192, redact) == ["Copyright 2021 Ola Nordmann <<EMAIL>>"]
    assert header_copyright_lines(BSD_HEADER, 50, 8192, redact) == ["Copyright (c) 2019, Northwind Systems"]
    assert header_copyright_lines("x = 1\n", 50, 8192, redact) == []


def _chunk() -> ChunkAttribution:
    mit = RepoNotices("mixed/tool", "c1", root_expression="MIT", files={"LICENSE": ("license", MIT_TEXT)})
    apache = RepoNotices("apache/svc", "c2", root_expression="Apache-2.0", files={
        "LICENSE": ("license", "Apache License\nVersion 2.0, January 2004\n…"),
        "NOTICE": ("notice", "Svc\nCopyright 2022 The Svc Authors\n"),
        "docs/NOTICE": ("notice", "Docs only\n"),
    })
    return ChunkAttribution({("mixed/tool", "c1"): mit, ("apache/svc", "c2"): apache}, redact, 50, 8192)


def test_rows_per_repository_and_per_file_whose_own_licence_differs():
    chunk = _chunk()
    assert chunk.add("mixed/tool", "c1", "src/a.py", "x = 1\n", ["MIT"], "MIT", "LICENSE")
    assert chunk.add("mixed/tool", "c1", "src/tagged.py", "# SPDX-License-Identifier: MIT\n", ["MIT"], "MIT", "header")
    assert chunk.add("mixed/tool", "c1", "src/bsd.c", BSD_HEADER, ["BSD-3-Clause"], "BSD-3-Clause", "header")
    assert chunk.add("apache/svc", "c2", "src/main.py", "print(1)\n", ["Apache-2.0"], "Apache-2.0", "LICENSE")
    assert not chunk.add("apache/svc", "c2", "data/x.txt", "x\n", ["CC0-1.0"], "CC0-1.0", "header")
    rows = {(row["repo_name"], row["scope"], row["path"]): row for row in merge_rows(chunk.rows())}
    assert sorted(rows) == [("apache/svc", REPOSITORY, None), ("mixed/tool", FILE, "src/bsd.c"),
                            ("mixed/tool", REPOSITORY, None)]
    mit = rows[("mixed/tool", REPOSITORY, None)]
    assert mit["license_expression"] == "MIT" and [item["path"] for item in mit["license_texts"]] == ["LICENSE"]
    assert mit["copyright_lines"] == ["Copyright (c) 2023 Dana Whitfield <<EMAIL>>"]
    assert "<EMAIL>" in mit["license_texts"][0]["text"] and "whitfield-labs" not in mit["license_texts"][0]["text"]
    bsd = rows[("mixed/tool", FILE, "src/bsd.c")]
    assert bsd["license_expression"] == "BSD-3-Clause"
    # No licence file to copy: the LicenseDB's reference text stands in for it.
    assert [item["path"] for item in bsd["license_texts"]] == ["licensedcode:bsd-new.LICENSE"]
    assert "Redistributions of source code must retain" in bsd["license_texts"][0]["text"]
    assert bsd["copyright_lines"] == ["Copyright (c) 2019, Northwind Systems"]
    apache = rows[("apache/svc", REPOSITORY, None)]
    assert [item["path"] for item in apache["notices"]] == ["NOTICE"]  # docs/NOTICE is not above src/main.py
    assert apache["copyright_lines"] == ["Copyright 2022 The Svc Authors"]


def test_rows_of_one_repository_from_two_chunks_merge_into_one():
    first, second = _chunk(), _chunk()
    first.add("mixed/tool", "c1", "src/a.py", "# Copyright 2020 Lee Chan\n", ["MIT"], "MIT", "LICENSE")
    second.add("mixed/tool", "c1", "vendor/x/b.py", "x = 2\n", ["MIT", "ISC"], "MIT AND ISC", "vendor/x/LICENSE;LICENSE")
    merged = merge_rows(first.rows() + second.rows())
    assert len(merged) == 1
    row = merged[0]
    assert row["license"] == ["ISC", "MIT"] and row["license_expression"] == "MIT AND ISC"
    assert row["copyright_lines"] == ["Copyright (c) 2023 Dana Whitfield <<EMAIL>>", "Copyright 2020 Lee Chan"]
    assert [item["path"] for item in row["license_texts"]] == ["LICENSE"]  # vendor/x/LICENSE was not read here
