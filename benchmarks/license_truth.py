"""Licence decisions on real packages against labels read from their files (issue 24, deliverable 1).

Data: `license_truth_labels.tsv` — real npm tarballs, PyPI sdists and Debian upstream tarballs,
pinned by sha256, each labelled by a person who read its licence files, file headers and README
(the registry metadata was a hint only; `license_truth_read.py` printed what was read) or, for
Debian source packages with a machine-readable `debian/copyright`, by its `Files: *` stanza (the
Debian maintainers' curation). Each row says which files the label rests on and why. Archives are
downloaded at run time into the benchmark cache and checked against the pinned sha256; nothing in
them is built or run.

What runs: the pipeline's licence logic (`RepoLicenseScanner`) reads each package as a repository
(licence files, NOTICE, README, manifests, per-path declarations) and decides a source file at the
package root with no header of its own — as `license_real.py` does. Twice: with the files as
published, and with every manifest hidden (package.json, pyproject.toml, setup.py/cfg, Cargo.toml,
PKG-INFO/METADATA, *.gemspec, composer.json …; the list below is this benchmark's own, not the
classifier's), so the decision has to come from licence texts, headers and README alone.

Scores per label type: type agreement, id agreement (`-only`/`-or-later`/`+` folded), false-permissive
(a non-permissive or no-licence label decided permissive) and permissive lost; then every type
disagreement with the label's reason and the decided expression and evidence.

Run: nice -n 10 .venv/bin/python benchmarks/license_truth.py [--codecurate-root PATH]
[--labels FILE] [--only npm,pypi,debian] [--show-ids]. `--labels benchmarks/license_heldout_labels.tsv`
scores the held-out set (labelled before the classifier was run on it; see benchmarks/README.md). `--codecurate-root` grades another checkout's `licenses/`.
"""

from __future__ import annotations

import argparse
import collections
import importlib
import posixpath
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from license_truth_data import LABELS, Label, fetch, load_labels, package_files  # noqa: E402

PROBE = "__probe__.c"
READINGS = ("with manifests", "manifests hidden")
MANIFEST_NAMES = frozenset({
    "package.json", "pyproject.toml", "setup.py", "setup.cfg", "cargo.toml", "pkg-info", "metadata",
    "composer.json", "pom.xml", "build.gradle", "build.gradle.kts", "go.mod", "bower.json", "component.json",
    "description", "package.swift", "meson.build", "pubspec.yaml", "mix.exs", "project.clj", "stack.yaml",
    "package.yaml", "dub.json", "dub.sdl", "shard.yml", "deno.json", "jsr.json", "pixi.toml", "environment.yml",
})
MANIFEST_SUFFIXES = (".gemspec", ".nuspec", ".cabal", ".podspec", ".csproj", ".rockspec", ".opam")
"""Every file that declares a package's metadata, whether or not the classifier reads it."""


def is_manifest(path: str) -> bool:
    name = posixpath.basename(path).lower()
    return name in MANIFEST_NAMES or name.endswith(MANIFEST_SUFFIXES)


@dataclass
class Code:
    """The code under test, imported from the chosen checkout."""

    root: Path
    config_cls: type
    scanner_cls: type
    policy_cls: type
    normalise: object
    canonical_id: object


def load_code(root: Path) -> Code:
    """Import `licenses/` from `root` (another worktree when --codecurate-root is given)."""
    sys.path.insert(0, str(root))
    for name in [name for name in sys.modules if name == "licenses" or name.startswith("licenses.")]:
        del sys.modules[name]
    config: ModuleType = importlib.import_module("licenses.config")
    scanner: ModuleType = importlib.import_module("licenses.repo_licenses")
    policy: ModuleType = importlib.import_module("licenses.policy")
    spdx: ModuleType = importlib.import_module("licenses.spdx")
    loaded = Path(scanner.__file__).resolve()
    if not loaded.is_relative_to(root.resolve()):
        raise SystemExit(f"licenses/ was imported from {loaded}, not from {root}")
    return Code(root, config.LicensesConfig, scanner.RepoLicenseScanner, policy.LicensePolicy,
                spdx.normalise_expression, spdx.canonical_id)


def scan(code: Code, config: object, files: dict[str, str], with_manifests: bool) -> object:
    scanner = code.scanner_cls(config)
    observe_source = getattr(scanner, "observe_source", None)  # ingest shows it every other file's header
    for path, text in files.items():
        if not scanner.wants(path):
            if observe_source is not None and not is_manifest(path):
                observe_source(path, text)
            continue
        if not with_manifests and is_manifest(path):
            continue
        scanner.observe(path, text)
    return scanner


def decide(code: Code, config: object, files: dict[str, str], with_manifests: bool, folder: str = "") -> object:
    return scan(code, config, files, with_manifests).decide(posixpath.join(folder, PROBE) if folder else PROBE, "")


DECLARED_ONLY = "declared_only"
"""The type (licenses.manifests: with_text) of a permissive licence only a manifest declares: no
licence was read from the files, so it is graded as the label `no_license` says, and a permissive
label decided so counts as permissive lost (licenses/DECISIONS.md)."""


def graded(license_type: str) -> str:
    return "no_license" if license_type == DECLARED_ONLY else license_type


def declared_only_files(code: Code, config: object, files: dict[str, str], folder: str) -> collections.Counter:
    """Every file of the package's code folder that is not itself licence evidence, decided with
    the manifests: how many are declared_only, and how many their own header decides otherwise."""
    scanner = scan(code, config, files, True)
    counts: collections.Counter = collections.Counter()
    for path, text in files.items():
        if folder and not path.startswith(folder.rstrip("/") + "/") or scanner.wants(path):
            continue
        counts[scanner.decide(path, text).license_type] += 1
    return counts


def folded_ids(code: Code, expression: str) -> set[str]:
    """Ids of an expression with `-only` / `-or-later` / `+` folded (one licence text)."""
    if not expression or expression == "NONE":
        return set()
    parsed = code.normalise(expression)
    if parsed is None:
        return {expression}
    keys = {code.canonical_id(leaf.key) or leaf.key for leaf in parsed.leaves()}
    return {re.sub(r"(?:-only|-or-later|\+)$", "", key) for key in keys}


@dataclass
class Row:
    label: Label
    decisions: dict[str, object]
    manifest_only: bool
    """No licence text outside the manifests, yet a manifest declares one (label NONE)."""
    declared_files: collections.Counter | None = None
    """Types of the package's files when the probe is declared_only (see declared_only_files)."""


def evaluate(code: Code, config: object, label: Label) -> Row | None:
    try:
        files = package_files(fetch(label.entry))
    except Exception as error:  # noqa: BLE001 — a package that cannot be read is reported, not scored
        print(f"unreadable {label.entry.ecosystem}:{label.entry.name}: {error}", file=sys.stderr)
        return None
    folder = label.code_folder
    decisions = {READINGS[0]: decide(code, config, files, True, folder), READINGS[1]: decide(code, config, files, False, folder)}
    manifest_only = label.label_type == "no_license" and decisions[READINGS[0]].license_type == "permissive" and \
        all(part.startswith("manifest:") for part in decisions[READINGS[0]].evidence.split(";"))
    declared = declared_only_files(code, config, files, folder) if decisions[READINGS[0]].license_type == DECLARED_ONLY else None
    return Row(label, decisions, manifest_only, declared)


def table(code: Code, rows: list[Row], reading: str) -> list[Row]:
    """Print one reading's table; return its type disagreements."""
    print(f"\n== {reading}: {len(rows)} packages")
    print("| label type | packages | type agreement | id agreement | false-permissive | permissive lost |")
    print("|---|---|---|---|---|---|")
    groups: dict[str, list[Row]] = collections.defaultdict(list)
    for row in rows:
        groups[row.label.label_type].append(row)
    for name in ["permissive", "non_permissive", "no_license", "all"]:
        members = rows if name == "all" else groups.get(name, [])
        if not members:
            continue
        decided = [row.decisions[reading] for row in members]
        agree = sum(graded(d.license_type) == row.label.label_type for d, row in zip(decided, members))
        ids = sum(folded_ids(code, d.expression) == folded_ids(code, row.label.expression) for d, row in zip(decided, members))
        false_permissive = [row for d, row in zip(decided, members) if row.label.label_type != "permissive" and d.license_type == "permissive"]
        manifest_only = sum(row.manifest_only for row in false_permissive) if reading == READINGS[0] else 0
        permissive = [d for d, row in zip(decided, members) if row.label.label_type == "permissive"]
        lost = sum(d.license_type != "permissive" for d in permissive)
        fp_text = f"{len(false_permissive)}" + (f" ({manifest_only} by a manifest alone)" if manifest_only else "")
        lost_text = f"{lost}/{len(permissive)} = {lost / len(permissive):.1%}" if permissive else "-"
        print(f"| {name} | {len(members)} | {agree}/{len(members)} = {agree / len(members):.3f} | "
              f"{ids}/{len(members)} = {ids / len(members):.3f} | {fp_text} | {lost_text} |")
    for ecosystem in sorted({row.label.entry.ecosystem for row in rows}):
        members = [row for row in rows if row.label.entry.ecosystem == ecosystem]
        agree = sum(graded(row.decisions[reading].license_type) == row.label.label_type for row in members)
        permissive = [row for row in members if row.label.label_type == "permissive"]
        lost = sum(row.decisions[reading].license_type != "permissive" for row in permissive)
        print(f"  {ecosystem}: type {agree}/{len(members)} = {agree / len(members):.3f}, permissive lost {lost}/{len(permissive)}")
    declared = [row for row in rows if row.decisions[reading].license_type == DECLARED_ONLY]
    if declared:
        by_label = collections.Counter(row.label.label_type for row in declared)
        print(f"  declared_only (a permissive licence only a manifest declares): {len(declared)} packages, labelled "
              + ", ".join(f"{kind} {count}" for kind, count in sorted(by_label.items())))
        for row in declared:
            counts = row.declared_files or collections.Counter()
            print(f"    {row.label.entry.ecosystem}:{row.label.entry.name} ({row.label.label_type}): files "
                  + ", ".join(f"{kind} {count}" for kind, count in sorted(counts.items())))
    return [row for row in rows if graded(row.decisions[reading].license_type) != row.label.label_type]


def describe(row: Row, reading: str) -> str:
    entry, decision = row.label.entry, row.decisions[reading]
    return (f"  {entry.ecosystem}:{entry.name}@{entry.version}: label {row.label.expression} ({row.label.label_type}) "
            f"-> {decision.expression or '-'} ({decision.license_type}) from {decision.evidence or '-'}\n"
            f"      label rests on {row.label.files or '-'}: {row.label.reason}")


def _git_commit(root: Path) -> str:
    done = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%h %s"], capture_output=True, text=True)
    return done.stdout.strip()[:100] or "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--codecurate-root", type=Path, default=HERE.parent,
                        help="checkout whose licenses/ is graded (default: this one)")
    parser.add_argument("--labels", type=Path, default=LABELS,
                        help="label file with license_truth_labels.tsv's columns (e.g. license_heldout_labels.tsv)")
    parser.add_argument("--only", default="", help="comma-separated ecosystems (npm, pypi, debian)")
    parser.add_argument("--show-ids", action="store_true", help="also list packages whose type agrees but ids differ")
    parser.add_argument("--workers", type=int, default=4, help="download threads")
    args = parser.parse_args()
    code = load_code(args.codecurate_root)
    labels = load_labels(args.labels)
    if args.only:
        wanted = {item.strip() for item in args.only.split(",")}
        labels = [label for label in labels if label.entry.ecosystem in wanted]
    started = time.perf_counter()
    with ThreadPoolExecutor(args.workers) as pool:  # downloads only; deciding is sequential below
        list(pool.map(lambda label: _quiet_fetch(label), labels))
    kinds = collections.Counter(label.entry.ecosystem for label in labels)
    print(f"code under test: {code.root} ({_git_commit(code.root)}); labels: {args.labels.name}")
    print(f"{len(labels)} labelled packages ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}) "
          f"ready in {time.perf_counter() - started:.1f}s")
    config = code.config_cls()
    started, cpu = time.perf_counter(), time.process_time()
    rows = [row for label in labels if (row := evaluate(code, config, label)) is not None]
    print(f"decided {len(rows)} packages twice in {time.perf_counter() - started:.1f}s wall, "
          f"{time.process_time() - cpu:.1f}s CPU")
    for reading in READINGS:
        disagreements = table(code, rows, reading)
        print(f"type disagreements ({len(disagreements)}):")
        for row in disagreements:
            print(describe(row, reading))
        if args.show_ids:
            id_only = [row for row in rows if row not in disagreements and
                       folded_ids(code, row.decisions[reading].expression) != folded_ids(code, row.label.expression)]
            print(f"type agrees, ids differ ({len(id_only)}):")
            for row in id_only:
                print(describe(row, reading))


def _quiet_fetch(label: Label) -> None:
    try:
        fetch(label.entry)
    except Exception as error:  # noqa: BLE001 — reported again when the package is evaluated
        print(f"download failed {label.entry.ecosystem}:{label.entry.name}: {error}", file=sys.stderr)


if __name__ == "__main__":
    main()
