"""Files whose permissive licence only a package manifest declares (issue 24, licenses/DECISIONS.md),
end to end: dropped as `license:declared_only` by the default preset; kept by `stack-v2` with an
attribution row that `verify` accepts and a card that says what the type means; `permissive` again
with `licenses.manifests: alone`. Inputs model an npm platform-binding package (package.json and a
README that names no licence) beside an MIT library that ships its LICENSE."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support.dumps import write_dir

from licenses.template_texts import template_text
from pipeline.cli import main
from pipeline.dataset.verify import verify


def module(seed: int) -> str:
    return "".join(f"function f{seed}_{i}(value) {{\n  return value * {i} + {seed};\n}}\n\n" for i in range(12))


def build_inputs(root: Path) -> Path:
    dumps = root / "dumps"
    write_dir(dumps / "example__tool-linux-x64", {
        "package.json": '{"name": "@example/tool-linux-x64", "version": "1.0.0", "license": "MIT", "os": ["linux"]}\n',
        "README.md": "# @example/tool-linux-x64\n\nThe Linux x64 build of @example/tool. Install @example/tool instead.\n",
        "lib/index.js": module(1),
    })
    write_dir(dumps / "example__tool", {
        "LICENSE": "Copyright (c) 2023 Example Author\n\n" + template_text("MIT"),
        "package.json": '{"name": "@example/tool", "version": "1.0.0", "license": "MIT"}\n',
        "lib/main.js": module(2),
    })
    return dumps


def provenance(dataset: Path) -> dict[tuple[str, str], dict]:
    return {(row["repo_name"], row["path"]): row for row in pq.read_table(dataset / "provenance").to_pylist()}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("declared")
    build_inputs(root)
    return root


def run(root: Path, name: str, *config: str) -> Path:
    out = root / name
    assert main(["run", str(root / "dumps"), "--output", str(out), "--quiet", "--workers", "1", *config]) == 0
    return out


def test_the_default_drops_a_manifest_only_licence_with_its_own_reason(inputs):
    out = run(inputs, "default")
    rows = provenance(out)
    binding = rows[("example/tool-linux-x64", "lib/index.js")]
    assert (binding["status"], binding["reason"], binding["license_type"]) == ("dropped", "license:declared_only", "declared_only")
    assert binding["license"] == ["MIT"] and binding["license_evidence"] == "manifest:package.json"
    assert rows[("example/tool", "lib/main.js")]["status"] == "kept"
    assert verify(str(out)) == []
    assert "Licence type `declared_only`" not in (out / "README.md").read_text()


def test_stack_v2_keeps_it_with_an_attribution_row_and_says_what_it_is(inputs, tmp_path):
    out = run(inputs, "stack-v2", "--config", "stack-v2")
    binding = provenance(out)[("example/tool-linux-x64", "lib/index.js")]
    assert (binding["status"], binding["license_type"]) == ("kept", "declared_only")
    attribution = {row["repo_name"]: row for row in pq.read_table(out / "attribution").to_pylist()}
    row = attribution["example/tool-linux-x64"]
    # No licence file to copy and no copyright line to find: the reference text only.
    assert row["license"] == ["MIT"] and row["copyright_lines"] == []
    assert [text["path"] for text in row["license_texts"]] == ["licensedcode:mit.LICENSE"]
    card = (out / "README.md").read_text()
    assert "Licence type `declared_only`" in card and "| declared_only |" in card
    assert verify(str(out)) == []


def test_manifests_alone_restores_the_old_reading(inputs, tmp_path):
    config = tmp_path / "alone.yaml"
    config.write_text("licenses:\n  manifests: alone\n")
    out = run(inputs, "alone", "--config", str(config))
    binding = provenance(out)[("example/tool-linux-x64", "lib/index.js")]
    assert (binding["status"], binding["license_type"]) == ("kept", "permissive")
