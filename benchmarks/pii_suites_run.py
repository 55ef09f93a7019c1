"""The mechanics of the test-suite benchmark (`pii_suites.py`): fetch and unpack a pinned sdist,
build its throwaway venv, run its pytest suite with a JUnit report, and make the tree "as the
pipeline publishes it" by running the real pipeline on it and writing the published rows back.

Everything lands in the benchmark cache (`bench_paths.py`), under `pii_suites/`. No code of
`pii/` is imported here: the pipeline runs as a subprocess of the checkout being graded, and the
judge is the package's own test suite.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from bench_paths import CACHE
from pii_registry import Package, download

WORK = CACHE / "pii_suites"
PYTEST = "pytest==8.3.5"  # the same runner for every suite
SUITE_TIMEOUT = 900  # seconds; a suite that needs longer is not "a minute or two"
PIPELINE_TIMEOUT = 1800
SUITE_ENV = {"PYTHONDONTWRITEBYTECODE": "1", "NO_INTERNET": "1", "PYTHONHASHSEED": "0", "TZ": "UTC",
             "LC_ALL": "C.UTF-8"}  # NO_INTERNET: dnspython's suite skips its network tests


@dataclass(frozen=True)
class Suite:
    """One row of `pii_suites_packages.tsv`: the pinned sdist and how its tests run offline."""

    name: str
    version: str
    filename: str
    sha256: str
    import_root: str  # folder (relative to the sdist root) put first on PYTHONPATH: "." or "src"
    module: str  # imported once to prove the tests import the files on disk
    deps: str  # pinned test and runtime requirements, space separated
    pytest_args: str  # test paths and deterministic deselections, space separated

    @property
    def key(self) -> str:
        return f"{self.name}-{self.version}"

    @property
    def dump_name(self) -> str:
        return f"pypi__{self.name}"

    def fingerprint(self) -> str:
        """Changes when anything that decides the "before" run changes (cache key)."""
        fields = [self.name, self.version, self.sha256, self.import_root, self.module, self.deps,
                  self.pytest_args, PYTEST, sys.version, json.dumps(SUITE_ENV, sort_keys=True)]
        return hashlib.sha256("\n".join(fields).encode()).hexdigest()[:16]


def load_suites(path: Path) -> list[Suite]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    return [Suite(*row) for row in rows]


def unpacked(suite: Suite) -> Path:
    """The original tree (sdist top folder stripped), unpacked once with tarfile's `data` filter
    (no links out of the tree, no devices, no absolute paths)."""
    target = WORK / "src" / suite.key
    if (target / ".complete").exists():
        return target
    data = download(Package("pypi", suite.name, suite.version, suite.filename, suite.sha256, "-"))
    staging = target.with_name(target.name + ".part")
    shutil.rmtree(staging, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
        archive.extractall(staging, filter="data")
    tops = list(staging.iterdir())
    root = tops[0] if len(tops) == 1 and tops[0].is_dir() else staging
    shutil.rmtree(target, ignore_errors=True)
    shutil.move(str(root), str(target))
    shutil.rmtree(staging, ignore_errors=True)
    (target / ".complete").write_text(suite.sha256)
    return target


def fresh_copy(source: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".complete"))
    return target


def venv(suite: Suite) -> Path:
    """A throwaway venv with pytest and the suite's pinned requirements (the package itself is
    not installed: the tests import it from the tree through PYTHONPATH)."""
    home = WORK / "venvs" / suite.key
    marker = home / ".ready"
    wanted = f"{PYTEST} {suite.deps}".strip()
    if marker.exists() and marker.read_text() == wanted:
        return home
    if not (home / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(home)], check=True)
    subprocess.run([str(home / "bin" / "python"), "-m", "pip", "install", "-q", *wanted.split()], check=True,
                   stderr=subprocess.DEVNULL if marker.exists() else None)
    marker.write_text(wanted)
    return home


def _env(suite: Suite, tree: Path) -> dict[str, str]:
    """The same environment for the run before and after: only PATH and HOME from outside (a
    variable such as TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS would change what a suite tests)."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/root"),
            **SUITE_ENV, "PYTHONPATH": str((tree / suite.import_root).resolve())}


@dataclass(frozen=True)
class SuiteRun:
    outcomes: dict[str, str]  # test id -> passed | failed | error | skipped
    failures: dict[str, str]  # test id -> failure/error text (traceback)
    collection_errors: dict[str, str]  # module -> error text
    seconds: float
    exit_code: int
    module_file: str  # where `suite.module` was imported from


def run_suite(suite: Suite, tree: Path, report: Path) -> SuiteRun:
    """pytest on `tree` with a JUnit XML report; per-test outcomes read from the report."""
    python = str(venv(suite) / "bin" / "python")
    env = _env(suite, tree)
    probe = subprocess.run([python, "-c", f"import {suite.module} as m; print(m.__file__)"], cwd=tree, env=env,
                           capture_output=True, text=True)
    module_file = probe.stdout.strip()
    if not Path(module_file).resolve().is_relative_to(tree.resolve()):
        raise RuntimeError(f"{suite.key}: {suite.module} imported from {module_file or probe.stderr!r}, not {tree}")
    command = [python, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-o", "junit_family=xunit1",
               f"--junitxml={report}", *suite.pytest_args.split()]
    started = time.monotonic()
    log = report.with_suffix(".log")
    with log.open("w") as out:
        done = subprocess.run(command, cwd=tree, env=env, stdout=out, stderr=subprocess.STDOUT,
                              timeout=SUITE_TIMEOUT, check=False)
    seconds = time.monotonic() - started
    outcomes, failures, collection = read_junit(report)
    return SuiteRun(outcomes, failures, collection, round(seconds, 1), done.returncode,
                    str(Path(module_file).resolve().relative_to(tree.resolve())))


def read_junit(report: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    outcomes: dict[str, str] = {}
    failures: dict[str, str] = {}
    collection: dict[str, str] = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        classname, name = case.get("classname", ""), case.get("name", "")
        test_id = f"{classname}::{name}" if classname else name
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome = {"failure": "failed"}.get(child.tag, child.tag)
                text = (child.get("message") or "") + "\n" + (child.text or "")
                if child.tag != "skipped":
                    failures[test_id] = text
                break
        if not classname and outcome == "error":  # a module that failed to import or collect
            collection[name] = failures.get(test_id, "")
        outcomes[test_id] = outcome
    return outcomes, failures, collection


def run_pipeline(root: Path, tree: Path, suite: Suite, place: Path) -> tuple[Path, float]:
    """The real pipeline of checkout `root` on the tree as one dump named OWNER__NAME; returns the
    output folder and the wall seconds."""
    dumps = place / "dumps"
    shutil.rmtree(dumps, ignore_errors=True)
    fresh_copy(tree, dumps / suite.dump_name)
    output = place / "out"
    shutil.rmtree(output, ignore_errors=True)
    python = root / ".venv" / "bin" / "python"
    if not python.exists():
        python = Path(sys.executable)  # a checkout without its own venv (a worktree): this interpreter
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(PYTHONPATH=str(root), HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS="")
    started = time.monotonic()
    subprocess.run([str(python), "-m", "pipeline.cli", "run", str(dumps), "--output", str(output),
                    "--config", "keep-all", "--workers", "1", "--quiet"],
                   cwd=root, env=env, check=True, timeout=PIPELINE_TIMEOUT, stdout=subprocess.DEVNULL)
    return output, round(time.monotonic() - started, 1)


@dataclass(frozen=True)
class Published:
    contents: dict[str, str]  # path -> published (redacted) text, kept files only
    pii: dict[str, dict[str, int]]  # path -> redactions per type (provenance `pii`)
    dropped: dict[str, str]  # path -> provenance reason, files the pipeline did not publish
    redactions: int  # sum of the data rows' `pii_redactions`


def read_published(output: Path) -> Published:
    import pyarrow.parquet as pq  # the shared venv has it (the pipeline writes Parquet)

    contents: dict[str, str] = {}
    redactions = 0
    for part in sorted((output / "data").rglob("*.parquet")):
        table = pq.read_table(part, columns=["path", "content", "pii_redactions"]).to_pylist()
        for row in table:
            contents[row["path"]] = row["content"]
            redactions += int(row["pii_redactions"] or 0)
    pii: dict[str, dict[str, int]] = {}
    dropped: dict[str, str] = {}
    for part in sorted((output / "provenance").rglob("*.parquet")):
        for row in pq.read_table(part, columns=["path", "status", "reason", "pii"]).to_pylist():
            counts = dict(row["pii"] or [])
            if counts:
                pii[row["path"]] = {str(k): int(v) for k, v in counts.items()}
            if row["path"] not in contents:
                dropped[row["path"]] = f"{row['status']}:{row['reason']}"
    return Published(contents, pii, dropped, redactions)


def write_back(published: Published, original: Path, target: Path) -> dict[str, int]:
    """A fresh copy of the original tree with every kept file's published content written in place;
    dropped files stay original. Returns counts: kept, changed, unchanged, dropped."""
    fresh_copy(original, target)
    changed = unchanged = 0
    for path, text in published.contents.items():
        file = (target / path).resolve()
        if not file.is_relative_to(target.resolve()):
            raise ValueError(f"published path outside the tree: {path}")
        data = text.encode("utf-8")
        if data == file.read_bytes():
            unchanged += 1
            continue
        file.write_bytes(data)
        changed += 1
    return {"kept": len(published.contents), "changed": changed, "unchanged": unchanged,
            "dropped": len(published.dropped)}


def save_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
