"""Print what a human labeller reads to decide a package's licence (labelling aid, not a detector).

Why: labelling 300+ packages by reading needs their licence files, README licence sections and
headers in one place. This prints, per package, the names of every licence-like file, the opening
lines of each plus the later lines that change their meaning (choices, exceptions, scopes, other
licence names), the README's licence section, the SPDX tags found in file headers (counted), the
headers of a few source files when no licence file exists, the metadata as a HINT only, and for
Debian sources the `Files: *` stanza of `debian/copyright`. It decides nothing: the labeller reads and
writes the label. It must not import `licenses/` (the code under test) and it does not.

Run: python benchmarks/license_truth_read.py LIST.tsv [--from N --to M] (LIST has the first five
columns of license_truth_labels.tsv).
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from license_truth_data import Entry, archive_files, debian_copyright, fetch  # noqa: E402

LICENCE_NAME = re.compile(r"(^|[-_.])(licen[cs]e|copying|copyright|notice|unlicense|patents|legal|eula)s?([-_.]|$)", re.I)
LATER_WORDS = re.compile(
    r"\b(either|except|unless|exception|or later|any later|gpl|lgpl|agpl|mozilla|mpl|apache|mit|bsd|isc|"
    r"public domain|cc0|creative commons|commercial|vendor|third[- ]party|bundled|files? in|director|"
    r"dual|choice|option|python software|psf|unlicense|eclipse|epl|zlib|artistic|proprietary|all rights reserved)\b",
    re.I)
SOURCE_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".py", ".c", ".h", ".rs", ".go", ".java", ".rb", ".cc", ".cpp")
SKIP_DIRS = ("node_modules/",)


def _clip(line: str, width: int = 150) -> str:
    line = " ".join(line.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def show_licence_file(path: str, text: str, head: int = 12, later: int = 14) -> list[str]:
    lines = text.splitlines()
    out = [f"--- {path} ({len(lines)} lines)"]
    shown = 0
    index = 0
    for index, line in enumerate(lines):
        if line.strip():
            out.append(f"  {index + 1:>4}| {_clip(line)}")
            shown += 1
            if shown >= head:
                break
    # A long text's body is the licence itself: only its opening and its tail (where preambles,
    # addenda and scope notes sit) are searched for the words that change its meaning.
    window = range(index + 1, len(lines)) if len(lines) <= 120 else [*range(index + 1, 40), *range(max(40, len(lines) - 25), len(lines))]
    extra = [(number + 1, lines[number]) for number in window if LATER_WORDS.search(lines[number])]
    for number, line in extra[:later]:
        out.append(f"  {number:>4}: {_clip(line)}")
    if len(extra) > later:
        out.append(f"  … {len(extra) - later} more keyword lines")
    return out


def readme_section(text: str) -> list[str]:
    """The README's licence/copyright section (heading + 10 lines), else lines naming a licence."""
    lines = text.splitlines()
    out: list[str] = []
    for index, line in enumerate(lines):
        stripped = line.strip().lower()
        underline = index + 1 < len(lines) and re.fullmatch(r"[=\-~^]{3,}", lines[index + 1].strip() or "x")
        heading = stripped.startswith(("#", "==", "**")) or underline or stripped.startswith(".. ")
        if heading and re.search(r"licen[cs]|copyright|legal", stripped):
            block = [line_ for line_ in lines[index: index + 14] if line_.strip()][:11]
            out += [f"  {_clip(line_)}" for line_ in block]
            out.append("  ..")
    if not out:
        hits = [line for line in lines if re.search(r"licen[cs]", line, re.I)]
        out = [f"  ~ {_clip(line)}" for line in hits[:5]]
    return out[:40]


def metadata_hint(entry: Entry, files: dict[str, str]) -> str:
    if entry.ecosystem == "npm":
        try:
            doc = json.loads(files.get("package.json", "{}"))
            return f"package.json license={doc.get('license') or doc.get('licenses')!r}"
        except ValueError:
            return "package.json unreadable"
    if entry.ecosystem == "pypi":
        info = files.get("PKG-INFO", "").split("\n\n", 1)[0]
        fields = [line for line in info.splitlines() if line.lower().startswith(("license", "classifier: license"))]
        return " | ".join(_clip(field, 90) for field in fields[:4]) or "PKG-INFO: no licence field"
    return ""


def debian_stanzas(copyright_text: str) -> list[str]:
    paragraphs = [p for p in re.split(r"\n\s*\n", copyright_text) if p.strip()]
    out = []
    for paragraph in paragraphs:
        fields = dict(re.findall(r"^([A-Za-z-]+):[ \t]*(.*)$", paragraph, re.M))
        if "Files" in fields:
            out.append(f"  Files: {_clip(fields['Files'], 90)} -> License: {fields.get('License', '?')}")
    if not out:
        out = ["  (not DEP-5) " + _clip(line) for line in copyright_text.splitlines()[:12]]
    return out[:25]


def describe(entry: Entry) -> list[str]:
    files = archive_files(fetch(entry))
    files = {path: text for path, text in files.items() if not path.startswith(SKIP_DIRS) and "/node_modules/" not in path}
    out = [f"### {entry.ecosystem}:{entry.name}@{entry.version}  ({len(files)} files)  HINT {metadata_hint(entry, files)}"]
    if entry.ecosystem == "debian":
        out += debian_stanzas(debian_copyright(entry))
    licence_paths = sorted((p for p in files if LICENCE_NAME.search(p.rsplit("/", 1)[-1])), key=lambda p: (p.count("/"), p))
    out.append(f"licence-like files ({len(licence_paths)}): {', '.join(licence_paths[:25])}")
    for path in licence_paths:
        if path.count("/") <= (0 if entry.ecosystem == "debian" else 1) and len(out) < 140:
            out += show_licence_file(path, files[path], head=6 if entry.ecosystem == "debian" else 12)
    readmes = [p for p in files if "/" not in p and p.lower().startswith("readme")]
    for path in readmes[:1]:
        section = readme_section(files[path])
        if section:
            out.append(f"--- {path} licence section")
            out += section
    tags = collections.Counter()
    for path, text in files.items():
        for match in re.finditer(r"SPDX-License-Identifier:\s*([^\n*]+?)\s*(?:\*/|-->|$)", text[:3000], re.M):
            tags[match.group(1)] += 1
    if tags:
        out.append("SPDX tags in files: " + ", ".join(f"{k} x{v}" for k, v in tags.most_common(6)))
    if not licence_paths:
        sources = [p for p in sorted(files, key=lambda p: (p.count("/"), p)) if p.endswith(SOURCE_SUFFIXES)][:2]
        for path in sources:
            head = [line for line in files[path].splitlines()[:15] if line.strip()][:8]
            out.append(f"--- head of {path}")
            out += [f"  {_clip(line)}" for line in head]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("list", type=Path)
    parser.add_argument("--from", dest="start", type=int, default=0)
    parser.add_argument("--to", dest="stop", type=int, default=10**9)
    args = parser.parse_args()
    rows = [line.split("\t")[:5] for line in args.list.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [row for row in rows if row[0] != "ecosystem"]
    for number, row in enumerate(rows[args.start: args.stop], start=args.start):
        try:
            print(f"\n[{number}]", "\n".join(describe(Entry(*row))))
        except Exception as error:  # noqa: BLE001 — one unreadable package must not stop the reading
            print(f"\n[{number}] {row[0]}:{row[1]} unreadable: {error}")


if __name__ == "__main__":
    main()
