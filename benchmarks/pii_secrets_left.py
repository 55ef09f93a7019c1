"""Credentials the pipeline leaves in its published output, found by an independent detector.

For issue 23's "hard-coded credentials published": the real pipeline of a checkout runs with the
default config on a folder of repository dumps nobody here chose for PII (the benchmark corpus,
`benchmarks/.corpus/mb-256`, built by `corpus.py` from `corpus_packages.jsonl`), and detect-secrets
1.5.0 (Yelp; every plugin but the two high-entropy ones, in its own venv:
`pii_detect_secrets_worker.py`) scans every published `content`. Nothing from `pii/` decides what
is found; the stage's own stand-ins (`<KEY>`, `<PASSWORD>`, ...) are counted apart. Every other
finding is written, with its value and context, to the cache (pii_secrets_left/NAME/left.tsv) to
be decided by reading; decisions are committed without values (value sha256 only) in
`pii_secrets_left_NAME.tsv`.

    python benchmarks/pii_secrets_left.py --corpus benchmarks/.corpus/mb-256 --codecurate-root CHECKOUT
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_paths import CACHE  # noqa: E402
from pii_emails_left import published, run_pipeline  # noqa: E402
from pii_truth_candidates import detect_secrets  # noqa: E402

WORK = CACHE / "pii_secrets_left"
STAND_IN = re.compile(r"<[A-Z_]+>")


def scan(rows: list[tuple[str, str, str]], work: Path, workers: int) -> list[tuple[str, str, int, str]]:
    """(repo, path, offset, value) of every detect-secrets finding in the published files."""
    tree = work / "tree"
    shutil.rmtree(tree, ignore_errors=True)
    tree.mkdir(parents=True)
    paths = []
    for i, (_, path, text) in enumerate(rows):
        target = tree / f"{i:06d}" / Path(path).name  # the file name guides detect-secrets' file-type plugins
        target.parent.mkdir()
        target.write_text(text, encoding="utf-8")
        paths.append(target)
    found = detect_secrets(paths, [text for _, _, text in rows], workers, work=work)
    hits = []
    for i, spans in sorted(found.items()):
        repo, path, text = rows[i]
        for family, _, start, end in spans:
            if family == "secret":
                hits.append((repo, path, start, text[start:end]))
    return hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder of repository dumps (run's INPUT)")
    parser.add_argument("--codecurate-root", type=Path, required=True)
    parser.add_argument("--config", default="default")
    parser.add_argument("--workers", type=int, default=2, help="detect-secrets processes")
    args = parser.parse_args()
    work = WORK / args.corpus.resolve().name
    work.mkdir(parents=True, exist_ok=True)
    seconds = run_pipeline(args.codecurate_root.resolve(), args.corpus.resolve(), work / "out", args.config)
    rows = published(work / "out")
    hits = scan(rows, work, args.workers)
    stand_ins = Counter(repo for repo, _, _, value in hits if STAND_IN.search(value))
    left = [hit for hit in hits if not STAND_IN.search(hit[3])]
    texts = {(repo, path): text for repo, path, text in rows}
    with (work / "left.tsv").open("w", encoding="utf-8") as out:
        out.write("repo\tpath\toffset\tvalue\tvalue_sha256\tcontext\n")
        for repo, path, start, value in left:
            text = texts[(repo, path)]
            context = text[max(0, start - 100):start + len(value) + 60].replace("\n", "⏎").replace("\t", " ")
            digest = hashlib.sha256(value.encode()).hexdigest()
            out.write(f"{repo}\t{path}\t{start}\t{value}\t{digest}\t{context}\n")
    megabytes = sum(len(text.encode()) for _, _, text in rows) / 1e6
    print(f"{len(rows)} files published ({megabytes:.1f} MB) in {len({r for r, _, _ in rows})} repos; "
          f"pipeline {seconds:.0f} s (--config {args.config})")
    print(f"{sum(stand_ins.values())} findings on the stage's stand-ins; {len(left)} findings left "
          f"({len({(r, v) for r, _, _, v in left})} distinct per repository) -> {work / 'left.tsv'}")


if __name__ == "__main__":
    main()
