"""The `attribution/` table end to end: a run on repositories modelled on real layouts (an MIT
library whose licence file is `LICENSE-MIT`, an Apache-2.0 service with a NOTICE file, an MIT tool
with one BSD-3-Clause file carrying its own header), then `verify`, `audit --repo`, the card, and an
opt-out version; and the `make demo` input (`sample/dumps`)."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import string
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support.built_datasets import deliberately_broken
from support.dumps import write_dir, write_tar

from licenses.template_texts import template_text
from pipeline.cli import main
from pipeline.dataset.files import table_bytes
from pipeline.dataset.schema import ATTRIBUTION_SCHEMA
from pipeline.dataset.verify import verify
from pipeline.config import WriteConfig

ROOT = Path(__file__).resolve().parents[2]


def _address() -> str:
    """A made-up address on a made-up (non-reserved) domain, so the redaction has to act."""
    rng = random.Random(24)
    word = "".join(rng.choice(string.ascii_lowercase) for _ in range(7))
    return f"maintainer.{word}@{word}-mail.org"


ADDRESS = _address()
SAMPLE_MIT = (ROOT / "sample" / "dumps" / "octo__geometry" / "LICENSE").read_text()
MIT_TEXT = SAMPLE_MIT.replace("2024 The Sample Authors", f"2023 Dana Whitfield <{ADDRESS}>")
LEE_MIT = SAMPLE_MIT.replace("2024 The Sample Authors", "2021 Lee Chan")
BSD_3_CLAUSE = """Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation
   and/or other materials provided with the distribution.

3. Neither the name of the copyright holder nor the names of its
   contributors may be used to endorse or promote products derived from
   this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
"""
BSD_C = (
    "/*\n * Copyright (c) 2019, Northwind Systems\n * All rights reserved.\n *\n"
    + "".join(f" * {line}\n".replace(" * \n", " *\n") for line in BSD_3_CLAUSE.splitlines())
    + " */\n\nint checksum(const char *data, int size) {\n    int sum = 0;\n"
    "    for (int i = 0; i < size; i++) {\n        sum += data[i];\n    }\n    return sum;\n}\n"
)


def module(seed: int) -> str:
    return "".join(f"def function_{seed}_{i}(value):\n    return value * {i} + {seed}\n\n\n" for i in range(12))


def build_inputs(root: Path) -> Path:
    dumps = root / "dumps"
    dumps.mkdir(parents=True)
    write_dir(dumps / "whitfield__mitlib", {"LICENSE-MIT": MIT_TEXT, "mitlib/core.py": module(1),
                                            "mitlib/util.py": f"# Copyright 2024 Dana Whitfield <{ADDRESS}>\n" + module(2)})
    write_tar(dumps / "svc__apache.tar.gz", {
        "LICENSE.APACHE": template_text("Apache-2.0"),
        "NOTICE": "Apache Svc\nCopyright 2022 The Svc Authors\n\nThis product includes software developed at Svc.\n",
        "src/server.py": module(3),
    })
    write_dir(dumps / "northwind__tool", {"LICENSE": LEE_MIT,
                                          "tool/main.py": module(4), "tool/checksum.c": BSD_C})
    (root / "optout.txt").write_text("svc/apache\n")
    return dumps


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("attribution")
    build_inputs(root)
    assert main(["run", str(root / "dumps"), "--output", str(root / "out"), "--quiet", "--workers", "1"]) == 0
    return root


def rows(dataset: Path) -> dict[tuple, dict]:
    table = pq.read_table(dataset / "attribution")
    return {(row["repo_name"], row["scope"], row["path"]): row for row in table.to_pylist()}


def test_rows_hold_texts_notices_and_copyright_lines(built):
    found = rows(built / "out")
    assert sorted(found) == [("northwind/tool", "file", "tool/checksum.c"), ("northwind/tool", "repository", None),
                             ("svc/apache", "repository", None), ("whitfield/mitlib", "repository", None)]
    mit = found[("whitfield/mitlib", "repository", None)]
    assert mit["license_expression"] == "MIT" and [t["path"] for t in mit["license_texts"]] == ["LICENSE-MIT"]
    # Texts are the published files' contents: the address is the file's e-mail stand-in (pii.email_replacement).
    assert mit["copyright_lines"] == ["Copyright (c) 2023 Dana Whitfield <redacted1@example.com>",
                                      "Copyright 2024 Dana Whitfield <redacted1@example.com>"]
    apache = found[("svc/apache", "repository", None)]
    assert apache["license"] == ["Apache-2.0"] and [t["path"] for t in apache["license_texts"]] == ["LICENSE.APACHE"]
    assert [n["path"] for n in apache["notices"]] == ["NOTICE"] and "developed at Svc" in apache["notices"][0]["text"]
    assert "Copyright 2022 The Svc Authors" in apache["copyright_lines"]
    bsd = found[("northwind/tool", "file", "tool/checksum.c")]
    assert bsd["license_expression"] == "BSD-3-Clause"
    assert [t["path"] for t in bsd["license_texts"]] == ["licensedcode:bsd-new.LICENSE"]  # no file to copy
    assert bsd["copyright_lines"] == ["Copyright (c) 2019, Northwind Systems"]
    tool = found[("northwind/tool", "repository", None)]
    assert tool["license"] == ["MIT"] and tool["copyright_lines"] == ["Copyright (c) 2021 Lee Chan"]


def test_addresses_are_redacted_everywhere_in_the_table(built):
    raw = b"".join(path.read_bytes() for path in (built / "out" / "attribution").iterdir())
    table = json.dumps(pq.read_table(built / "out" / "attribution").to_pylist())
    assert ADDRESS not in table and ADDRESS.encode() not in raw
    assert "redacted1@example.com" in rows(built / "out")[("whitfield/mitlib", "repository", None)]["license_texts"][0]["text"]


def test_licence_files_of_any_suffix_are_kept_as_text(built):
    provenance = {(r["repo_name"], r["path"]): r for r in pq.read_table(built / "out" / "provenance").to_pylist()}
    for key in [("whitfield/mitlib", "LICENSE-MIT"), ("svc/apache", "LICENSE.APACHE"), ("northwind/tool", "LICENSE")]:
        assert provenance[key]["language"] == "Text", key
        # northwind's LICENSE differs from LICENSE-MIT only in its copyright line: a near duplicate.
        assert provenance[key]["status"] == "kept" or provenance[key]["reason"] == "dedup:near", key


def test_manifest_lists_the_table_and_verify_accepts_it(built):
    manifest = json.loads((built / "out" / "manifest.json").read_text())
    [shard] = manifest["shards"]["attribution"]
    data = (built / "out" / shard["path"]).read_bytes()
    assert shard["rows"] == 4 and shard["bytes"] == len(data) and shard["sha256"] == hashlib.sha256(data).hexdigest()
    assert verify(str(built / "out")) == []


@pytest.mark.parametrize("removed", [("whitfield/mitlib", "repository", None),
                                     ("northwind/tool", "file", "tool/checksum.c")])
def test_verify_fails_when_one_row_is_removed(built, tmp_path, removed):
    """The shard is rewritten without the row and the manifest updated to match it, so only the
    coverage check can notice what is missing."""
    copy = deliberately_broken(tmp_path / "copy")
    shutil.copytree(built / "out", copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    [shard] = manifest["shards"]["attribution"]
    table = pq.read_table(copy / shard["path"])
    keep = [i for i, row in enumerate(table.to_pylist()) if (row["repo_name"], row["scope"], row["path"]) != removed]
    data = table_bytes(table.take(keep).cast(ATTRIBUTION_SCHEMA), WriteConfig())
    (copy / shard["path"]).write_bytes(data)
    shard.update(rows=len(keep), bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
    (copy / "manifest.json").write_text(json.dumps(manifest, sort_keys=True, indent=2) + "\n")
    failures = verify(str(copy))
    assert any("has no attribution row" in failure for failure in failures), failures
    missing = [f for f in failures if "has no attribution row" in f]
    path = "whitfield/mitlib/" if removed[1] == "repository" else "northwind/tool/tool/checksum.c"
    assert missing and all(f.startswith(path) for f in missing), missing


def test_audit_shows_the_repository_attribution(built, capsys):
    assert main(["audit", str(built / "out"), "--repo", "svc/apache"]) == 0
    out = capsys.readouterr().out
    assert "repository: Apache-2.0 [Apache-2.0]  licence texts: LICENSE.APACHE; NOTICE: NOTICE" in out
    assert "    Copyright 2022 The Svc Authors" in out
    assert main(["audit", str(built / "out"), "--repo", "northwind/tool", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    scopes = {(row["scope"], row["path"]): row for row in answer["attribution"]}
    assert scopes[("file", "tool/checksum.c")]["copyright_lines"] == ["Copyright (c) 2019, Northwind Systems"]
    assert scopes[("repository", None)]["notice_present"] is False


def test_the_card_describes_the_table(built):
    card = (built / "out" / "README.md").read_text()
    assert "### Attribution" in card and "1 shard(s), 4 row(s)" in card and "`copyright_lines`" in card


def test_an_optout_version_drops_removed_repositories_rows_and_keeps_the_rest(built):
    assert main(["optout", str(built / "out"), "--optout", str(built / "optout.txt"),
                 "--output", str(built / "v2")]) == 0
    before, after = rows(built / "out"), rows(built / "v2")
    assert sorted(after) == sorted(key for key in before if key[0] != "svc/apache")
    assert all(after[key] == before[key] for key in after)
    assert verify(str(built / "v2")) == []


def test_an_optout_leaves_an_untouched_shard_byte_identical(built, tmp_path):
    (tmp_path / "list.txt").write_text("northwind/tool:tool/main.py\n")  # the repository keeps other files
    assert main(["optout", str(built / "out"), "--optout", str(tmp_path / "list.txt"),
                 "--output", str(tmp_path / "v2")]) == 0
    parent = json.loads((built / "out" / "manifest.json").read_text())["shards"]["attribution"]
    child = json.loads((tmp_path / "v2" / "manifest.json").read_text())["shards"]["attribution"]
    assert child == parent


def test_every_kept_file_of_the_demo_input_has_its_attribution_row(tmp_path):
    """`make demo`'s input: every kept file of a permissive repository is covered."""
    out = tmp_path / "demo"
    assert main(["run", str(ROOT / "sample" / "dumps"), "--output", str(out), "--optout",
                 str(ROOT / "sample" / "optout.txt"), "--quiet", "--workers", "1"]) == 0
    kept = [row for row in pq.read_table(out / "provenance").to_pylist() if row["status"] == "kept"]
    found = rows(out)
    assert kept and all(row["license_type"] == "permissive" for row in kept)
    for row in kept:
        assert (row["repo_name"], "file", row["path"]) in found or (row["repo_name"], "repository", None) in found
    assert {key[0] for key in found} == {row["repo_name"] for row in kept}
    assert verify(str(out), None) == []


def test_files_promoted_by_an_optout_get_their_attribution(tmp_path):
    """`copy/two` holds exact copies of `keeper/one`'s files (fewer stars: all its files are dropped
    as duplicates, so it has no row).  Opting `keeper` out promotes the copies from the sources:
    `copy/two` now needs its row, with its own licence text, as a fresh run would give it."""
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    files = {"LICENSE": LEE_MIT, "lib/shared.py": "# Copyright 2021 Lee Chan\n" + module(7)}
    write_dir(dumps / "keeper__one", files)
    write_dir(dumps / "copy__two", files)
    (dumps / "index.jsonl").write_text(json.dumps({"repo": "keeper/one", "dump": "keeper__one", "stars": 90}) + "\n"
                                       + json.dumps({"repo": "copy/two", "dump": "copy__two", "stars": 1}) + "\n")
    assert main(["run", str(dumps), "--output", str(tmp_path / "v1"), "--quiet", "--workers", "1"]) == 0
    assert sorted(rows(tmp_path / "v1")) == [("keeper/one", "repository", None)]
    (tmp_path / "list.txt").write_text("keeper\n")
    assert main(["optout", str(tmp_path / "v1"), "--optout", str(tmp_path / "list.txt"), "--output",
                 str(tmp_path / "v2"), "--sources", str(dumps)]) == 0
    assert main(["run", str(dumps), "--output", str(tmp_path / "fresh"), "--optout", str(tmp_path / "list.txt"),
                 "--quiet", "--workers", "1"]) == 0
    promoted = rows(tmp_path / "v2")
    assert sorted(promoted) == [("copy/two", "repository", None)]
    assert promoted == rows(tmp_path / "fresh")
    assert verify(str(tmp_path / "v2")) == []
