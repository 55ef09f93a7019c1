"""Per-file licence decisions on Debian source packages, against their DEP-5 `debian/copyright`.

Data: the Debian source packages pinned below (name, version, sha256 of the upstream tarball),
fetched at run time with `apt-get source --download-only NAME=VERSION` (a `deb-src` entry is added
when missing) into the benchmark cache's registry/ (bench_paths.py)/debian-src/ and read with tarfile: nothing is built or run.
Who made the ground truth: the Debian maintainers, whose machine-readable `debian/copyright` says
per path which licence applies. The pipeline's licence logic reads the upstream files only (the
`debian/` folder is left out, so its copyright file cannot decide anything) and decides every file;
the DEP-5 patterns, read with `licenses.dep5` (the last matching paragraph wins), give the expected
licence. Files whose DEP-5 licence name cannot be read as SPDX are not compared.

Run: nice -n 10 .venv/bin/python benchmarks/license_debian.py [--show 20] [--packages rust-ripgrep,libgit2]
[--decisions 8] [--codecurate-root PATH]. `--codecurate-root` grades another checkout's
`licenses/`; `--packages` runs a subset of the pinned list; `--decisions N` also prints, per package,
what a header-less file gets in the root and in each top-level folder (the repository-level decision:
expression, type, evidence) and the N most common per-file decisions.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import subprocess
import sys
import tarfile
from pathlib import Path

def _code_root(argv: list[str]) -> Path:
    """The checkout whose `licenses/` is graded: `--codecurate-root PATH`, else this one. Read
    before the imports below, which must come from that checkout."""
    for index, argument in enumerate(argv):
        if argument == "--codecurate-root" and index + 1 < len(argv):
            return Path(argv[index + 1]).resolve()
        if argument.startswith("--codecurate-root="):
            return Path(argument.split("=", 1)[1]).resolve()
    return Path(__file__).resolve().parents[1]


CODE_ROOT = _code_root(sys.argv)
sys.path.insert(0, str(CODE_ROOT))

from archives import strip_top, tar_members  # noqa: E402  (reads no code under test)
from licenses.classify import classify_text  # noqa: E402
from licenses.config import LicensesConfig  # noqa: E402
from licenses.dep5 import matching, parse_dep5  # noqa: E402
from licenses.policy import PERMISSIVE, LicensePolicy  # noqa: E402
from licenses.repo_licenses import RepoLicenseScanner  # noqa: E402
from licenses.spdx import UNKNOWN  # noqa: E402
from bench_paths import REGISTRY  # noqa: E402

CACHE = REGISTRY / "debian-src"
SOURCES = Path("/etc/apt/sources.list.d/debian-src.sources")
FSF_ALL_PERMISSIVE = (
    "the free software foundation gives unlimited permission to copy",  # FSFUL, FSFULLR, FSFULLRWD
    "gives unlimited permission to copy and/or distribute it",  # FSFULLR wording by other holders
    "copying and distribution of this file, with or without modification, are permitted in any medium "
    "without royalty provided the copyright notice and this notice are preserved",  # FSFAP
)
"""Opening words of the FSF all-permissive notices, written for this benchmark (`--fsf-headers`)."""
GNU_LICENCE = ("general public license", "gnu gpl", "gnu lgpl")


def fsf_all_permissive_header(text: str, lines: int = 60) -> bool:
    """The file's own first lines carry an FSF all-permissive notice and name no GNU (L)GPL: a reader
    of the file takes it as permissive even where a `Files: *` stanza says GPL."""
    head = " ".join(" ".join(text.splitlines()[:lines]).lower().replace("#", " ").replace("dnl", " ").split())
    return any(phrase in head for phrase in FSF_ALL_PERMISSIVE) and not any(word in head for word in GNU_LICENCE)
# name, version, sha256 of the upstream (orig) tarball
PINNED = [
    ("zlib", "1:1.2.13.dfsg-1", "71feb7947e3c00ef125f83b79a4e529bde31171e5babe48b391f06758d1ab0a1"),
    ("expat", "2.5.0-1+deb12u2", "ab00ee05c7067fd10a35c5d2a4922ebba746ddd50ff83b79c828da17bbdf1757"),
    ("jq", "1.6-2.1+deb12u2", "3ba940b97571c866923f0409678033d33b5a98758dfc174fad8397ed908bc4d9"),
    ("lz4", "1.9.4-1", "0b0e3aa07c8c063ddf40b082bdf7e37a1562bda40a0ff5272957f3e987e0e54b"),
    ("libyaml", "0.2.5-1", "fa240dbf262be053f3898006d502d514936c818e422afdcf33921c63bed9bf2e"),
    ("nano", "7.2-1+deb12u1", "86f3442768bd2873cec693f83cdf80b4b444ad3cc14760b74361474fc87a4526"),
    ("less", "590-2.1~deb12u2", "6aadf54be8bf57d0e2999a3c5d67b1de63808bb90deb8f77b028eafae3a08e10"),
    ("bc", "1.07.1-3", "62adfca89b0a1c0164c2cdca59ca210c1d44c3ffc46daf9931cf4942664cb02a"),
    ("zstd", "1.5.4+dfsg2-5", "8cf4bbb65e77ec348d052c8d6230eba66d435bddf64c8b5be2fcb16880c19953"),
    ("libpng1.6", "1.6.39-2+deb12u5", "a00e9d2f2f664186e4202db9299397f851aea71b36a35e74910b8820e380d441"),
    ("xz-utils", "5.4.1-1+deb12u1", "5d9827aa1875b21c288f78864bb26d2650b436ea8d2cad364e4921eb6266a5a5"),
    ("redis", "5:7.0.15-1~deb12u7", "4b1dc4ee6d622a09fff9c6777191209750fb5e5a725ef78ea012d6eef4c22982"),
    # issue 12's named repositories: the crates.io releases of ripgrep and serde, libgit2's upstream release
    ("rust-ripgrep", "13.0.0-4", "f37c9d2c2bc7e00bd2653e13771397b94e452583da9b9494eabef627618d64bf"),
    ("rust-serde", "1.0.152-2", "bb7d1f0d3021d347a83e556fc4683dea2ea09d87bccdf88ff5c12545d89d5efb"),
    ("libgit2", "1.5.1+ds-1+deb12u1", "96369433500bb528f036c16be9921bd437c098b745f1aaeccb91290815518970"),
]


def ensure_sources() -> None:
    """Add Debian's deb-src entry (same mirror and suites as the binary one) when missing."""
    if SOURCES.exists():
        return
    binary = Path("/etc/apt/sources.list.d/debian.sources").read_text(encoding="utf-8")
    SOURCES.write_text(binary.replace("Types: deb", "Types: deb-src", 1), encoding="utf-8")
    subprocess.run(["apt-get", "update", "-qq"], check=True)


def download(name: str, version: str) -> Path:
    folder = CACHE / f"{name}_{version.replace(':', '%3a')}"
    if not any(folder.glob("*.dsc")):
        folder.mkdir(parents=True, exist_ok=True)
        try:
            subprocess.run(["apt-get", "source", "--download-only", "-qq", f"{name}={version}"], cwd=folder, check=True,
                           stdout=subprocess.DEVNULL)
        except subprocess.CalledProcessError:
            # Some mirrors lack a package's debian.tar (rust-serde here): the upstream tarball, whose
            # pinned digest still decides, is read without ground truth.
            if not any(".orig." in path.name for path in folder.iterdir()):
                raise
    return folder


def read_package(folder: Path, pinned_sha256: str) -> tuple[dict[str, str], str]:
    """(upstream files, debian/copyright text; "" when the mirror did not serve debian.tar)."""
    orig = sorted(p for p in folder.iterdir() if ".orig." in p.name and not p.name.endswith(".asc"))
    debian = sorted(p for p in folder.iterdir() if ".debian.tar" in p.name)
    if not orig:
        raise ValueError(f"{folder.name}: not a 3.0 (quilt) source package")
    if pinned_sha256 and hashlib.sha256(orig[0].read_bytes()).hexdigest() != pinned_sha256:
        raise ValueError(f"{folder.name}: sha256 mismatch")
    upstream = strip_top(tar_members(orig[0].read_bytes()))
    copyright_text = tar_members(debian[0].read_bytes()).get("debian/copyright", "") if debian else ""
    return upstream, copyright_text


def _decision_lines(scanner: RepoLicenseScanner, upstream: dict[str, str], top: int) -> list[str]:
    """What header-less files get per top-level folder, and the most common per-file decisions."""
    folders = sorted({""} | {path.split("/", 1)[0] for path in upstream if "/" in path})
    lines = []
    for folder in folders:
        probe = scanner.decide(f"{folder}/header-less.c" if folder else "header-less.c", "")
        lines.append(f"  header-less in {folder or '.'}/: {probe.expression or '-'} ({probe.license_type}) from {probe.evidence or '-'}")
    groups: collections.Counter[str] = collections.Counter()
    for path, text in upstream.items():
        decision = scanner.decide(path, text)
        groups[f"{decision.expression or '-'} ({decision.license_type}) from {decision.evidence or '-'}"] += 1
    lines += [f"  {count:>5} files: {line}" for line, count in groups.most_common(top)]
    return lines


def evaluate(show: int, packages: set[str] | None = None, decisions: int = 0, fsf_headers: bool = False) -> None:
    ensure_sources()
    config = LicensesConfig()
    policy = LicensePolicy(config)
    totals: collections.Counter[str] = collections.Counter()
    print("| package | files compared | type agreement | false-permissive | permissive lost |")
    print("|---|---|---|---|---|")
    confusions: collections.Counter[str] = collections.Counter()
    details: list[str] = []
    fsf_files: list[str] = []
    for name, version, sha256 in PINNED:
        if packages is not None and name not in packages:
            continue
        try:
            upstream, copyright_text = read_package(download(name, version), sha256)
        except (OSError, ValueError, subprocess.CalledProcessError, tarfile.TarError) as error:
            print(f"| {name} | skipped: {error} | | | |")
            continue
        rules = parse_dep5(copyright_text, "", lambda body: list(classify_text(body, threshold=75.0, max_chars=65_536).ids))
        scanner = RepoLicenseScanner(config)
        for path, text in upstream.items():
            if scanner.wants(path):
                scanner.observe(path, text)
        counts: collections.Counter[str] = collections.Counter()
        for path, text in sorted(upstream.items()):
            expected = matching(rules, path)
            if expected is None or any(item.key == UNKNOWN for item in expected.leaves()):
                continue
            expected_type = policy.license_type([expected])
            truth = f"DEP-5 {policy.expression([expected])}"
            if fsf_headers and expected_type != PERMISSIVE and fsf_all_permissive_header(text):
                expected_type = PERMISSIVE  # the file's own notice is finer than the Files: stanza
                fsf_files.append(f"{name}: {path} ({truth})")
                truth = f"own FSF all-permissive header ({truth})"
            decision = scanner.decide(path, text)
            counts["files"] += 1
            counts["agree"] += decision.license_type == expected_type
            counts["false_permissive"] += expected_type != PERMISSIVE and decision.license_type == PERMISSIVE
            if expected_type == PERMISSIVE:
                counts["permissive"] += 1
                counts["lost"] += decision.license_type != PERMISSIVE
            if decision.license_type != expected_type:
                confusions[f"{name}: {truth} ({expected_type}) -> "
                           f"{decision.expression or '-'} ({decision.license_type}) from {decision.evidence or '-'}"] += 1
        totals.update(counts)
        if not copyright_text:
            print(f"| {name} {version} | no ground truth: the mirror did not serve its debian.tar | | | |")
        if decisions:
            details += [f"{name} {version}:", *_decision_lines(scanner, upstream, decisions)]
        if counts["files"]:
            print(f"| {name} {version} | {counts['files']} | {counts['agree'] / counts['files']:.3f} | "
                  f"{counts['false_permissive']} | {counts['lost']}/{counts['permissive']} |")
    if totals["files"]:
        print(f"| all | {totals['files']} | {totals['agree'] / totals['files']:.3f} | {totals['false_permissive']} | "
              f"{totals['lost']}/{totals['permissive']} |")
    if fsf_headers:
        print(f"files whose own header is an FSF all-permissive notice, expected permissive ({len(fsf_files)}):")
        for line in fsf_files:
            print(f"  {line}")
    print(f"confusions (files), top {show}:")
    for line, count in confusions.most_common(show):
        print(f"  {count:>5} × {line}")
    if details:
        print("decisions per package:")
        print("\n".join(details))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", type=int, default=20)
    parser.add_argument("--packages", default="", help="comma-separated subset of the pinned source package names")
    parser.add_argument("--decisions", type=int, default=0, help="print header-less and common per-file decisions")
    parser.add_argument("--fsf-headers", action="store_true",
                        help="expect permissive for files whose own header is an FSF all-permissive notice")
    parser.add_argument("--codecurate-root", type=Path, default=CODE_ROOT,
                        help="checkout whose licenses/ is graded (default: this one), e.g. another worktree")
    args = parser.parse_args()
    chosen = {item.strip() for item in args.packages.split(",") if item.strip()} or None
    unknown_names = (chosen or set()) - {name for name, _, _ in PINNED}
    if unknown_names:
        parser.error(f"not pinned: {', '.join(sorted(unknown_names))}")
    import licenses  # noqa: PLC0415 — only to say which checkout was graded

    print(f"code under test: {Path(licenses.__file__).resolve().parent}")
    evaluate(args.show, chosen, args.decisions, args.fsf_headers)
