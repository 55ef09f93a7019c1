"""CPU time of the licence logic alone, as ingest runs it: observe the evidence files of each dump,
then decide every file (`RepoLicenseScanner`), over a corpus built by `benchmarks/corpus.py`.

    python benchmarks/corpus.py --megabytes 50 && nice -n 10 python benchmarks/license_stage_cost.py benchmarks/.corpus/mb-50

Prints the best of `--runs` CPU times (process time: other helpers' load on the 2 shared cores does
not count), after one warm-up pass that builds the classifier's and the near-reader's references.
"""

from __future__ import annotations

import argparse
import sys
import tarfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from licenses.config import LicensesConfig  # noqa: E402
from licenses.repo_licenses import RepoLicenseScanner  # noqa: E402


def dumps(corpus: Path) -> list[dict[str, str]]:
    repositories = []
    for path in sorted(corpus.glob("**/*.tar.gz")):
        files: dict[str, str] = {}
        with tarfile.open(path, "r:gz") as archive:
            for member in archive:
                handle = archive.extractfile(member) if member.isfile() else None
                if handle is not None:
                    name = member.name.split("/", 1)[1] if "/" in member.name else member.name
                    files[name] = handle.read().decode("utf-8", "replace")
        repositories.append(files)
    return repositories


def run(repositories: list[dict[str, str]], config: LicensesConfig) -> tuple[float, int]:
    start, decided = time.process_time(), 0
    for files in repositories:
        scanner = RepoLicenseScanner(config, read_text=files.get)
        observe_source = getattr(scanner, "observe_source", None)  # header consensus, as ingest feeds it
        for path, text in files.items():
            if scanner.wants(path):
                scanner.observe(path, text)
            elif observe_source is not None:
                observe_source(path, text)
        for path, text in files.items():
            scanner.decide(path, text)
            decided += 1
    return time.process_time() - start, decided


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    repositories = dumps(args.corpus)
    config = LicensesConfig()
    run(repositories[:1], config)
    times = []
    for _ in range(args.runs):
        seconds, decided = run(repositories, config)
        times.append(seconds)
    megabytes = sum(len(text) for files in repositories for text in files.values()) / 1e6
    print(f"{len(repositories)} dumps, {decided} files, {megabytes:.1f} MB: licence logic CPU "
          f"best {min(times):.2f} s, runs {', '.join(f'{t:.2f}' for t in times)}")


if __name__ == "__main__":
    main()
