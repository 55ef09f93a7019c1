"""A generated multi-repository dump and its first dataset version, shared by the opt-out tests.

The dump holds what opt-outs must get right: exact copies vendored into other repositories, near
copies (a few lines changed), an identical MIT LICENSE and an empty `__init__.py` everywhere
(boilerplate that must survive an opt-out), and owners with several repositories.  It is built
once per test session (a Beam run costs seconds), then every test derives versions from it with
`codecurate optout`, which runs no pipeline.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq
import yaml
from support.built_datasets import register_root

from pipeline.cli import main
from pipeline.config import load_config

MIT = ("MIT License\n\nCopyright (c) 2024 The Authors\n\nPermission is hereby granted, free of charge, to any "
       "person obtaining a copy of this software and associated documentation files (the \"Software\"), to deal "
       "in the Software without restriction, including without limitation the rights to use, copy, modify, "
       "merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to "
       "whom the Software is furnished to do so, subject to the following conditions:\n\nThe above copyright "
       "notice and this permission notice shall be included in all copies or substantial portions of the "
       "Software.\n\nTHE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, "
       "INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND "
       "NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR "
       "OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN "
       "CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.\n")
WORDS = ("alpha beta gamma delta epsilon zeta theta kappa lambda sigma omega vector matrix buffer cursor "
         "parser token window bucket record column shard").split()
REPOS = {  # repo → stars; owners with several repositories test user-level opt-outs
    "alice/one": 50, "alice/two": 5, "bob/lib": 40, "bob/app": 3, "carol/tools": 30,
    "dave/vendorer": 1, "erin/fork": 2, "frank/misc": 8,
}


def code(seed: str, lines: int = 24) -> str:
    rng = random.Random(seed)
    body = [f"# module {seed}"]
    for n in range(lines):
        a, b, c = (rng.choice(WORDS) for _ in range(3))
        body.append(f"def {a}_{b}_{n}({c}, size={rng.randint(1, 999)}):\n    return {c} * size + {rng.randint(0, 99)}")
    return "\n".join(body) + "\n"


def near_copy(text: str, seed: str) -> str:
    """Replace two of the many lines: well above the 0.7 Jaccard threshold, never a superset."""
    lines = text.splitlines()
    rng = random.Random(seed)
    for index in rng.sample(range(2, len(lines)), 2):
        lines[index] = f"    return {seed.replace('/', '_').replace('.', '_')} + {index}"
    return "\n".join(lines) + "\n"


def repo_files() -> dict[str, dict[str, str]]:
    files: dict[str, dict[str, str]] = {}
    for repo in REPOS:
        files[repo] = {"LICENSE": MIT, "pkg/__init__.py": "",
                       **{f"pkg/mod_{k}.py": code(f"{repo}/mod_{k}") for k in range(3)}}
    files["dave/vendorer"]["src/one_mod_0.py"] = files["alice/one"]["pkg/mod_0.py"]
    files["dave/vendorer"]["src/lib_mod_1.py"] = files["bob/lib"]["pkg/mod_1.py"]
    files["carol/tools"]["copied/lib_mod_1.py"] = files["bob/lib"]["pkg/mod_1.py"]
    files["erin/fork"]["pkg/near_lib.py"] = near_copy(files["bob/lib"]["pkg/mod_2.py"], "erin")
    files["frank/misc"]["pkg/near_lib.py"] = near_copy(files["bob/lib"]["pkg/mod_2.py"], "frank")
    files["frank/misc"]["pkg/near_one.py"] = near_copy(files["alice/one"]["pkg/mod_1.py"], "frank")
    files["frank/misc"]["pkg/contact.py"] = code("frank/contact") + 'OWNER = "frank.misc@corp-mail.io"\n'
    return files


def write_dump(root: Path) -> Path:
    dumps = root / "dumps"
    index = []
    for repo, repo_files_ in repo_files().items():
        folder = dumps / repo.replace("/", "__")
        for path, text in repo_files_.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text)
        index.append({"repo": repo, "dump": folder.name, "commit": hashlib.sha1(repo.encode()).hexdigest()[:7],
                      "stars": REPOS[repo], "license": "MIT"})
    (dumps / "index.jsonl").write_text("".join(json.dumps(entry) + "\n" for entry in index))
    return dumps


def write_config(root: Path, shard_bytes: int = 2500) -> Path:
    """keep-all (more rows kept, more to check), few component rounds (tiny graphs), small shards."""
    config = load_config("keep-all").resolved()
    config["dedup"]["near"]["max_rounds"] = 4
    config["write"]["shard_bytes"] = shard_bytes
    config["write"]["row_group_bytes"] = 3000  # several row groups per shard, closed by bytes
    path = root / "config.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def run(dumps: Path, output: Path, config: Path, optout: Path) -> None:
    assert main(["run", str(dumps), "--output", str(output), "--config", str(config), "--optout", str(optout),
                 "--workers", "1", "--quiet"]) == 0


@dataclass(frozen=True)
class Built:
    root: Path
    dumps: Path
    config: Path
    base_list: Path
    v1: Path


BASE_LIST = "# the first version already excludes one requester\ncarol\n"


@functools.lru_cache(maxsize=1)
def first_version() -> Built:
    root = register_root(Path(tempfile.mkdtemp(prefix="codecurate-optout-")))
    dumps, config = write_dump(root), write_config(root)
    base_list = root / "base.txt"
    base_list.write_text(BASE_LIST)
    run(dumps, root / "v1", config, base_list)
    return Built(root, dumps, config, base_list, root / "v1")


def optout(dataset: Path, listing: Path, output: Path, sources: Path | None = None) -> int:
    args = ["optout", str(dataset), "--optout", str(listing), "--output", str(output)]
    return main(args + (["--sources", str(sources)] if sources else []))


def tables(dataset: Path, kind: str) -> dict[str, dict]:
    """id → row of every shard of `kind` (data or provenance), read as a consumer would."""
    manifest = json.loads((dataset / "manifest.json").read_text())
    rows: dict[str, dict] = {}
    for shard in manifest["shards"][kind]:
        for row in pq.read_table(io.BytesIO((dataset / shard["path"]).read_bytes())).to_pylist():
            rows[row["id"]] = row
    return rows


def manifest(dataset: Path) -> dict:
    return json.loads((dataset / "manifest.json").read_text())


def change_config(dataset: Path, section: str, key: str, value) -> None:
    """Edit a copied dataset's config as a run with that setting would have recorded it (the
    config_sha256 follows), for tests that vary a setting without a new Beam run."""
    from pipeline.config import parse_config

    data = manifest(dataset)
    data["config"][section][key] = value
    data["config_sha256"] = parse_config(data["config"]).sha256()
    (dataset / "manifest.json").write_text(json.dumps(data))
