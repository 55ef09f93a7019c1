"""Shared by the hardening tests (issue 8): a normal repository, the CLI run in a child process
with its peak memory, snapshots of a directory tree, and byte comparison of two datasets.

Whole runs go through a child process when the test needs what only a process boundary gives:
a clean peak-RSS figure (pytest's own peak is polluted by earlier tests), a signal to kill it
with, or its own TMPDIR and working directory to watch for stray writes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
MIT = (REPO_ROOT / "sample" / "dumps" / "octo__geometry" / "LICENSE").read_text()

# Runs `pipeline.cli.main` and records the peak RSS of this process and of its waited-for
# children (git, Beam workers) in the JSON file named by the first argument.
_MEASURED_MAIN = """
import json, resource, sys
from pipeline.cli import main
code = main(sys.argv[2:])
usage = {"self_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
         "children_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}
with open(sys.argv[1], "w") as handle:
    json.dump(usage, handle)
sys.exit(code)
"""


def module_text(seed: int, lines: int = 30) -> str:
    """A plausible, unique Python module: survives every filter and is no near-duplicate of another seed."""
    body = [f"def step_{seed}_{index}(value):\n    return value * {index} + {seed * 7919 % 1000}  # {seed}-{index}\n"
            for index in range(lines)]
    return f'"""Module number {seed}."""\n\n' + "".join(body)


def normal_repository(seed: int) -> dict[str, str]:
    """An ordinary MIT repository whose files are all kept under the default config."""
    return {"LICENSE": MIT, "src/core.py": module_text(seed), "src/helpers.py": module_text(seed + 1000)}


def child_env(tmpdir: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")]))
    env.update(HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS="")
    if tmpdir is not None:
        env["TMPDIR"] = str(tmpdir)
    return env


@dataclass(frozen=True)
class ChildRun:
    returncode: int
    stdout: str
    stderr: str
    peak_rss_mib: float
    """The larger of the CLI process's and its children's peak resident set size."""


def run_cli_measured(args: list[str], cwd: Path, tmpdir: Path, timeout: float = 300,
                     spill_log: Path | None = None) -> ChildRun:
    """`spill_log`: record every spool spill of every process of the run there (tests/spill_probe)."""
    usage_file = tmpdir / "rusage.json"
    env = child_env(tmpdir)
    if spill_log is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT / "tests" / "support" / "spill_probe"), env["PYTHONPATH"]])
        env["CODECURATE_SPILL_LOG"] = str(spill_log)
    done = subprocess.run([sys.executable, "-c", _MEASURED_MAIN, str(usage_file), *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=timeout)
    usage = json.loads(usage_file.read_text()) if usage_file.exists() else {"self_kib": 0, "children_kib": 0}
    usage_file.unlink(missing_ok=True)
    peak = max(usage["self_kib"], usage["children_kib"]) / 1024
    return ChildRun(done.returncode, done.stdout, done.stderr, peak)


def snapshot(root: Path, exclude: tuple[Path, ...] = ()) -> dict[str, tuple[str, int, int]]:
    """Every entry under `root` (links not followed) → (type, size, mtime_ns)."""
    excluded = {str(path) for path in exclude}
    entries: dict[str, tuple[str, int, int]] = {}
    stack = [str(root)]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as listing:
            for item in listing:
                if item.path in excluded:
                    continue
                info = item.stat(follow_symlinks=False)
                kind = "link" if item.is_symlink() else "dir" if item.is_dir(follow_symlinks=False) else "file"
                entries[os.path.relpath(item.path, root)] = (kind, info.st_size if kind != "dir" else 0,
                                                             info.st_mtime_ns if kind != "dir" else 0)
                if kind == "dir":
                    stack.append(item.path)
    return entries


def dataset_bytes(dataset: Path) -> dict[str, bytes]:
    """Every published file of a dataset except run.json (timings and host, by design not reproducible)."""
    return {str(path.relative_to(dataset)): path.read_bytes()
            for path in sorted(dataset.rglob("*")) if path.is_file() and path.name != "run.json"}


def remove_deep_tree(root: Path) -> None:
    """Delete a folder nested thousands of levels deep, which `shutil.rmtree` (recursive in
    Python 3.11) and pytest's own temp-dir cleanup cannot: every sub-folder is first renamed up to
    `root`'s level, so no path grows long and nothing recurses."""
    if not root.exists():
        return
    queue, flat, hoisted = [root], [], 0
    while queue:
        folder = queue.pop()
        flat.append(folder)
        with os.scandir(folder) as listing:
            children = [entry.path for entry in listing if entry.is_dir(follow_symlinks=False)]
        for child in children:
            hoisted += 1
            target = root.parent / f".{root.name}-hoisted-{hoisted}"
            os.rename(child, target)
            queue.append(target)
    for folder in flat:
        shutil.rmtree(folder)


def build_mixed_inputs(dumps: Path) -> list[Path]:
    """Five repositories in five formats, with exact and near duplicates across them (so keeper
    ranking and tie-breaks matter) and no index.jsonl (so a folder and a list of its dumps name the
    same repositories).  Returns the dumps in name order."""
    from support.dumps import write_bare_git, write_dir, write_tar, write_zip

    from licenses.template_texts import template_text

    shared = module_text(500)
    near = module_text(501)
    near_variant = near.replace("# 501-3\n", "# 501-3 changed\n")
    dumps.mkdir(parents=True, exist_ok=True)
    made = [
        write_tar(dumps / "alpha__lib.tar.gz", {**normal_repository(510), "lib/shared.py": shared, "lib/near.py": near}),
        write_dir(dumps / "beta__app", {**normal_repository(520), "vendored.py": shared,
                                         "settings.py": 'ADMIN = "ops-team@contoso-mail.org"\nHOST = "203.0.113.50"\n'}),
        write_zip(dumps / "gamma__gpl.zip", {"COPYING": template_text("GPL-3.0"), "near_copy.py": near_variant,
                                             "main.c": "int main(void) { return 0; }\n"}),
        write_tar(dumps / "delta__tools.tar.zst", {**normal_repository(530), "shared_again.py": shared}, mode="w:zst"),
        write_bare_git(dumps / "epsilon__git.git", {**normal_repository(540), "near_again.py": near_variant}),
    ]
    return sorted(made)


_reference: dict[str, Path] = {}


def reference_dataset() -> tuple[Path, Path]:
    """(dumps folder, dataset) of one clean `--workers 1` run over `build_mixed_inputs`, made once
    per test session and shared by the determinism and kill-and-rerun tests (a run costs ~20 s)."""
    import atexit
    import tempfile

    from pipeline.cli import main

    if "dataset" not in _reference:
        from support.built_datasets import register_root

        root = register_root(Path(tempfile.mkdtemp(prefix="codecurate-reference-")))
        atexit.register(shutil.rmtree, root, True)
        build_mixed_inputs(root / "dumps")
        assert main(["run", str(root / "dumps"), "--output", str(root / "dataset"), "--workers", "1", "--quiet"]) == 0
        _reference.update(dumps=root / "dumps", dataset=root / "dataset")
    return _reference["dumps"], _reference["dataset"]
