"""Second reader for the file-read licence labels: Debian's `licensecheck` on each package's licence files.

Why: a label read by one person can be wrong where the printed extract hid a sentence. `licensecheck`
(Debian package `licensecheck`, its own Perl patterns; not the code under test, which this script does
not import) names the licences it recognises in the same files; every package where its names do not
loosely match the label's ids is printed, and each was read again by hand. Run once while labelling:
`apt-get install licensecheck; python benchmarks/license_truth_xcheck.py [--labels FILE]`.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from license_truth_data import LABELS, archive_files, fetch, load_labels  # noqa: E402
from license_truth_read import LICENCE_NAME  # noqa: E402


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", re.sub(r"-(only|or-later)$", "", name).lower())


def licensecheck_names(texts: dict[str, str]) -> set[str]:
    """Licence names `licensecheck` reports for these files (written to a scratch folder)."""
    with tempfile.TemporaryDirectory() as folder:
        for index, (path, text) in enumerate(texts.items()):
            Path(folder, f"{index}_{posixpath_name(path)}").write_text(text, encoding="utf-8")
        done = subprocess.run(["licensecheck", "--machine", "--lines", "0", "-r", folder], capture_output=True, text=True)
    names: set[str] = set()
    for line in done.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) > 1:
            names |= {item.strip() for item in re.split(r" and/or | or | and ", parts[1])}
    return names - {"UNKNOWN", ""}


def posixpath_name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labels", type=Path, default=LABELS, help="label file (e.g. license_heldout_labels.tsv)")
    args = parser.parse_args()
    for label in load_labels(args.labels):
        files = archive_files(fetch(label.entry))
        texts = {path: text for path, text in files.items()
                 if (path.rsplit("/", 1)[0] if "/" in path else "") == label.code_folder
                 and LICENCE_NAME.search(posixpath_name(path))}
        if not texts:
            continue
        names = licensecheck_names(texts)
        ids = {key for key in re.split(r"[ ()]+", label.expression) if key and key not in ("AND", "OR", "WITH")}
        wanted = {_norm(key) for key in ids}
        found = {_norm(name) for name in names}
        def close(a: str, b: str) -> bool:
            return a in b or b in a or a[:3] == b[:3]
        if any(not any(close(n, w) for w in wanted) for n in found) or (found and any(not any(close(w, n) for n in found) for w in wanted)):
            print(f"{label.entry.ecosystem}:{label.entry.name} label={label.expression} | licensecheck={sorted(names)}")


if __name__ == "__main__":
    os.environ.setdefault("LC_ALL", "C.UTF-8")
    main()
