"""E-mail addresses the pipeline leaves in its published output, on a label set's real packages.

For issue 23's "default config on real repositories: no real person's e-mail left": every text file
of the set's pinned packages (`pii_truth_corpus`, e.g. `--set heldout3`) is written as one
repository dump per package (`ecosystem__name`, paths as a repository holds them), the real pipeline
of the checkout runs on them (`python -m pipeline.cli run DUMPS --output OUT --config CONFIG`), and
every address-like span in the published `content` is found by the independent plain `@` search and
stock Presidio's e-mail recognizer of `pii_truth_candidates` (nothing from `pii/`). The stage's own
stand-ins (`redactedN@example.com`) are counted apart. The rest is written, with values and context,
to the cache (pii_emails_left/left.tsv) to be decided by reading; decisions are committed without
values (value sha256 only) in `pii_emails_left_<set>.tsv`.

    python benchmarks/pii_emails_left.py --set heldout3 --codecurate-root CHECKOUT [--config default]

With `--corpus FOLDER` instead of `--set`, the pipeline runs on a folder of repository dumps as it is
(e.g. the benchmark corpus `benchmarks/.corpus/mb-1024`, which nobody chose for PII), and the work
folder is named after it.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_paths import CACHE  # noqa: E402
import pii_truth_corpus  # noqa: E402
from pii_truth_candidates import _presidio_recognizers, merge, plain, presidio  # noqa: E402

WORK = CACHE / "pii_emails_left"
STAND_IN = re.compile(r"^redacted\d*@example\.com$")
SHAPED = re.compile(r"^[A-Za-z0-9._%+\-]{1,64}@([A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,24})$")
"""An address's shape (local part, dotted domain, alphabetic last label): on a large corpus the plain
`@` search also returns every decorator, annotation and npm scope, so `shaped.tsv` keeps these alone."""
RESERVED = ("example", "test", "invalid", "localhost", "example.com", "example.org", "example.net")
"""RFC 2606 / RFC 6761 names: a domain equal to or under one of them is nobody's."""


def shaped_unreserved(value: str) -> bool:
    match = SHAPED.match(value)
    if not match:
        return False
    domain = match.group(1).lower()
    return not any(domain == name or domain.endswith("." + name) for name in RESERVED)


def build_dumps(dumps: Path) -> int:
    shutil.rmtree(dumps, ignore_errors=True)
    n = 0
    for f in pii_truth_corpus.files():
        target = dumps / f.package.replace(":", "__") / f.repo_path
        if not target.resolve().is_relative_to(dumps.resolve()):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f.text, encoding="utf-8")
        n += 1
    return n


def run_pipeline(root: Path, dumps: Path, output: Path, config: str) -> float:
    shutil.rmtree(output, ignore_errors=True)
    python = root / ".venv" / "bin" / "python"
    if not python.exists():
        python = Path(sys.executable)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(PYTHONPATH=str(root), HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS="")
    started = time.monotonic()
    subprocess.run([str(python), "-m", "pipeline.cli", "run", str(dumps), "--output", str(output),
                    "--config", config, "--workers", "1", "--quiet"],
                   cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def published(output: Path) -> list[tuple[str, str, str]]:
    import pyarrow.parquet as pq

    rows = []
    for part in sorted((output / "data").rglob("*.parquet")):
        names = pq.read_schema(part).names
        repo_col = next(c for c in ("repo", "repo_name", "repository") if c in names)
        for row in pq.read_table(part, columns=[repo_col, "path", "content"]).to_pylist():
            rows.append((row[repo_col], row["path"], row["content"]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument("--set", choices=sorted(pii_truth_corpus.SETS), default="heldout3")
    chosen.add_argument("--corpus", type=Path, help="folder of repository dumps (run's INPUT) instead of a set")
    parser.add_argument("--codecurate-root", type=Path, required=True)
    parser.add_argument("--config", default="default")
    args = parser.parse_args()
    if args.corpus:
        work = WORK / args.corpus.resolve().name
        dumps = args.corpus.resolve()
        files = sum(1 for entry in dumps.iterdir() if entry.name != "index.jsonl" and not entry.name.startswith("."))
    else:
        pii_truth_corpus.use_set(args.set)
        work = WORK / args.set
        dumps = work / "dumps"
        files = build_dumps(dumps)
    work.mkdir(parents=True, exist_ok=True)
    seconds = run_pipeline(args.codecurate_root.resolve(), dumps, work / "out", args.config)
    rows = published(work / "out")
    recognizers = _presidio_recognizers()
    stand_ins, left = Counter(), []
    for repo, path, text in rows:
        spans = [s for s in list(plain(text)) + list(presidio(text, recognizers)) if s[0] == "email"]
        for start, end, detectors in merge(spans):
            value = text[start:end]
            if "@" not in value:
                continue  # obfuscated forms are read separately
            if STAND_IN.match(value.strip("<>`'\" ")):
                stand_ins[repo] += 1
                continue
            context = text[max(0, start - 80):end + 80].replace("\n", "⏎").replace("\t", " ")
            left.append((repo, path, start, value, ",".join(sorted(detectors)), context))
    with (work / "left.tsv").open("w", encoding="utf-8") as out:
        out.write("repo\tpath\toffset\tvalue\tvalue_sha256\tdetectors\tcontext\n")
        for repo, path, start, value, detectors, context in left:
            digest = hashlib.sha256(value.encode()).hexdigest()
            out.write(f"{repo}\t{path}\t{start}\t{value}\t{digest}\t{detectors}\t{context}\n")
    shaped = [row for row in left if shaped_unreserved(row[3])]
    with (work / "shaped.tsv").open("w", encoding="utf-8") as out:
        out.write("repo\tpath\toffset\tvalue\tvalue_sha256\tdetectors\tcontext\n")
        for repo, path, start, value, detectors, context in shaped:
            context = context.replace("\r", " ")
            digest = hashlib.sha256(value.encode()).hexdigest()
            out.write(f"{repo}\t{path}\t{start}\t{value}\t{digest}\t{detectors}\t{context}\n")
    what = "dumps" if args.corpus else "text files"
    print(f"{files} {what} in {len(set(r for r, _, _ in rows))} published repos; {len(rows)} files published; "
          f"pipeline {seconds:.0f} s (--config {args.config})")
    print(f"{sum(stand_ins.values())} stand-ins; {len(left)} address-like spans left "
          f"({len({v for _, _, _, v, _, _ in left})} distinct) -> {work / 'left.tsv'}")
    print(f"of them address-shaped on a domain that is not reserved: {len(shaped)} "
          f"({len({(r, v) for r, _, _, v, _, _ in shaped})} distinct per repository) -> {work / 'shaped.tsv'}")


if __name__ == "__main__":
    main()
