"""Grade codecurate's PII redaction on the independent truth set (`pii_truth_labels.tsv`).

The labels were made by reading each candidate in context (see `pii_truth_candidates.py` for where
the candidates came from); no code under test took part. This script is the only part that imports
`pii/`: it runs the PII stage as the pipeline publishes it (default `PiiConfig`, the stage's
`Redactor.redact`, the language go-enry gives the file's repository path, a file over
`max_redacted_fraction` dropped as `pii:too_many`) on each labelled file, in-process, and compares
the published text with the original.

Per type it prints recall (REDACT spans any of whose characters changed) and look-alikes kept
(KEEP spans left byte-for-byte untouched); for IP addresses the KEEP side is also split into the
documented public infrastructure (labels whose reason starts `public infrastructure`) and the rest,
and every REDACT address is outside that list. Then every miss: package:path:offset, what the label
says and why (never the value). Labels whose file or value hash no longer matches are reported and
not scored. A file the stage drops counts as redacted for its REDACT spans and lost for its KEEP
spans (and is listed). A KEEP label that overlaps a REDACT label of the same file (an e-mail
candidate `password@host` over the password it holds, a secret detector's span inside an author's
e-mail) cannot be honoured together with it: the REDACT label wins and the KEEP one is listed, not
scored.

    python benchmarks/pii_truth.py [--codecurate-root CHECKOUT] [--set heldout]

`--set heldout` grades the held-out labels (`pii_heldout_labels.tsv`, packages pinned in
`pii_heldout_packages.tsv`), labelled after the recognizers were tuned and never used to tune them.
`--set heldout2` grades the second held-out set (`pii_heldout2_*`), built after the first one's misses
were read and fixed, to test whether those fixes generalise. `--set heldout3` grades the third
(`pii_heldout3_*`, labelled by a helper who never read `pii/`).
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
LABELS = HERE / "pii_truth_labels.tsv"
INFRASTRUCTURE = "public infrastructure"
FRAGMENT = "not an address"  # e.g. Presidio's IP pattern on `::` of Python classifiers: easy look-alikes
TYPES = ("EMAIL", "SECRET", "IP")


class Label(NamedTuple):
    package: str
    version: str
    path: str
    file_sha256: str
    offset: int
    length: int
    value_sha256: str
    type: str
    decision: str
    reason: str


def load_labels(path: Path = LABELS) -> list[Label]:
    labels = []
    for row in path.read_text(encoding="utf-8").splitlines()[1:]:
        if row.strip():
            f = row.split("\t")
            labels.append(Label(f[0], f[1], f[2], f[3], int(f[4]), int(f[5]), f[6], f[7], f[8], f[9]))
    return labels


def changed_offsets(before: str, after: str) -> list[tuple[int, int]]:
    """Character ranges of `before` that are not in `after` unchanged: a line diff, then a character
    diff inside each changed block (redactions are short replacements, so blocks are small)."""
    old_lines, new_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    starts = [0]
    for line in old_lines:
        starts.append(starts[-1] + len(line))
    ranges = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old_block, new_block = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        ranges += [(starts[i1] + a1, starts[i1] + a2) for a1, a2 in _changed_in_block(old_block, new_block)]
    return ranges


LONG_BLOCK = 20_000
_PIECE_END = re.compile(r"(?<=[,;\s])")


def _changed_by_pieces(old: str, new: str) -> list[tuple[int, int]]:
    """A long changed block of different lengths (a one-line JSON or YAML cassette): diffed like lines,
    by pieces ending after `,`, `;` or whitespace, then by characters inside the changed pieces."""
    old_pieces, new_pieces = _PIECE_END.split(old), _PIECE_END.split(new)
    starts = [0]
    for piece in old_pieces:
        starts.append(starts[-1] + len(piece))
    ranges = []
    matcher = difflib.SequenceMatcher(None, old_pieces, new_pieces, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            inner = _changed_in_block("".join(old_pieces[i1:i2]), "".join(new_pieces[j1:j2]))
            ranges += [(starts[i1] + a1, starts[i1] + a2) for a1, a2 in inner]
    return ranges


def _changed_in_block(old: str, new: str) -> list[tuple[int, int]]:
    """Changed character ranges of `old` in one changed block. Same length (the stage's same-length
    stand-ins): the positions that differ, in linear time — a character diff of a one-line 500 KB
    JSON cassette takes minutes. Otherwise the common prefix and suffix are cut off and the rest is
    diffed by characters."""
    if len(old) == len(new):
        ranges: list[tuple[int, int]] = []
        for i, (a, b) in enumerate(zip(old, new)):
            if a != b:
                if ranges and ranges[-1][1] == i:
                    ranges[-1] = (ranges[-1][0], i + 1)
                else:
                    ranges.append((i, i + 1))
        return ranges
    if len(old) > LONG_BLOCK:
        return _changed_by_pieces(old, new)
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    inner = difflib.SequenceMatcher(None, old[head:len(old) - tail], new[head:len(new) - tail], autojunk=False)
    ranges = []
    for tag, a1, a2, _, _ in inner.get_opcodes():
        if tag != "equal":
            # an insertion (a1 == a2) changes the text at a1: count the character it stands before
            ranges.append((head + a1, head + max(a2, a1 + 1)))
    return ranges


def _touched(label: Label, ranges: list[tuple[int, int]]) -> bool:
    end = label.offset + label.length
    return any(start < end and label.offset < stop for start, stop in ranges)


def publish(root: Path):  # type: ignore[no-untyped-def]
    """The stage's plain functions from the codecurate checkout at `root`: (text, path) → text or None."""
    sys.path.insert(0, str(root))
    from filters.language import detect_language
    from pii.config import PiiConfig
    from pii.redact import Redactor

    import pii

    print(f"code under test: {Path(pii.__file__).parent}")
    config = PiiConfig()
    redactor = Redactor(config)

    def run(text: str, path: str) -> str | None:
        result = redactor.redact(text, detect_language(path, text), path)
        return None if result.redacted_fraction > config.max_redacted_fraction else result.text

    return run


def _texts(labels: list[Label], label_set: str = "truth") -> dict[tuple[str, str, str], tuple[str, str]]:
    """(package, version, path) → (text, repository path) for every labelled file of the set."""
    sys.path.insert(0, str(HERE))
    from pii_truth_corpus import files, pinned, use_set

    use_set(label_set)

    wanted = {(label.package, label.version, label.path) for label in labels}
    packages = [p for p in pinned() if any(p.package == w[0] and p.version == w[1] for w in wanted)]
    return {(f.package, f.version, f.path): (f.text, f.repo_path) for f in files(packages)
            if (f.package, f.version, f.path) in wanted}


def score(labels: list[Label], run, label_set: str = "truth") -> None:  # type: ignore[no-untyped-def]
    texts = _texts(labels, label_set)
    by_file: dict[tuple[str, str, str], list[Label]] = defaultdict(list)
    for label in labels:
        by_file[(label.package, label.version, label.path)].append(label)
    total, good, stale, dropped, overruled = Counter(), Counter(), [], [], []
    misses: list[tuple[Label, str]] = []
    for key, file_labels in sorted(by_file.items()):
        text, repo_path = texts.get(key, ("", ""))
        file_hash = hashlib.sha256(text.encode()).hexdigest()
        fresh = []
        for label in file_labels:
            value = text[label.offset: label.offset + label.length]
            if file_hash != label.file_sha256 or hashlib.sha256(value.encode()).hexdigest() != label.value_sha256:
                stale.append(label)
            else:
                fresh.append(label)
        if not fresh:
            continue
        published = run(text, repo_path)
        if published is None:
            dropped.append(key)
        ranges = changed_offsets(text, published) if published is not None else [(0, len(text))]
        redact_spans = [(label.offset, label.offset + label.length) for label in fresh
                        if label.decision == "REDACT" and label.type in TYPES]
        for label in fresh:
            if label.type not in TYPES:
                continue  # NONE: decided, but not a type the scorer grades (always KEEP)
            if label.decision != "REDACT" and _touched(label, redact_spans):
                overruled.append(label)  # cannot stay untouched while the span it overlaps is redacted
                continue
            side = "recall" if label.decision == "REDACT" else "kept"
            group = label.type
            if label.type == "IP" and side == "kept":
                group = ("IP infra" if label.reason.startswith(INFRASTRUCTURE)
                         else "IP frag" if label.reason.startswith(FRAGMENT) else "IP other")
            total[(label.type, side)] += 1
            total[(group, side)] += group != label.type
            ok = _touched(label, ranges) == (side == "recall")
            good[(label.type, side)] += ok
            good[(group, side)] += ok and group != label.type
            if not ok:
                misses.append((label, "left" if side == "recall" else "changed"))
    files = len(by_file)
    packages = len({key[0] for key in by_file})
    print(f"{len(labels)} labels in {files} files of {packages} packages; {len(stale)} stale (hash mismatch, "
          f"not scored); {len(dropped)} files dropped as pii:too_many")
    print(f"{'type':10s} {'REDACT':>6s} {'recall':>7s} {'KEEP':>6s} {'kept':>6s}")
    for group in ("EMAIL", "SECRET", "IP", "IP infra", "IP frag", "IP other"):
        n_r, n_k = total[(group, "recall")], total[(group, "kept")]
        recall = f"{good[(group, 'recall')] / n_r:.3f}" if n_r else "-"
        kept = f"{good[(group, 'kept')] / n_k:.3f}" if n_k else "-"
        print(f"{group:10s} {n_r:6d} {recall:>7s} {n_k:6d} {kept:>6s}")
    print("(IP recall: every REDACT address is outside the documented public-infrastructure list; "
          "'IP infra' = kept public infrastructure, 'IP frag' = fragments of other tokens (`::` of classifiers, "
          "reverse-DNS labels), 'IP other' = versions, private/documentation ranges, toy values, ...)")
    for key in dropped:
        print(f"dropped: {key[0]}:{key[2]}")
    for label in stale:
        print(f"stale: {label.package}:{label.path}:{label.offset}")
    if overruled:
        print(f"{len(overruled)} KEEP labels overlap a REDACT label of the same file (both cannot hold; the REDACT "
              "one wins, privacy first) and are not scored:")
    for label in overruled:
        print(f"  overruled: {label.type} {label.package}:{label.path}:{label.offset} - {label.reason}")
    print(f"\n{len(misses)} misses:")
    for label, what in sorted(misses, key=lambda m: (m[0].type, m[0].decision, m[0].package, m[0].path, m[0].offset)):
        print(f"  {label.type:6s} {label.decision:6s} {what:7s} {label.package}:{label.path}:{label.offset} "
              f"- {label.reason}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codecurate-root", type=Path, default=HERE.parent,
                        help="checkout whose pii/ is graded (default: this one)")
    parser.add_argument("--set", choices=("truth", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15", "heldout16", "heldout17", "heldout18", "heldout19", "heldout20", "heldout21", "heldout22", "heldout23", "heldout24", "heldout25", "heldout26"), default="truth",
                        help="label set: truth (pii_truth_*, used while tuning), heldout, heldout2 or heldout3 "
                             "(pii_heldoutN_*)")
    parser.add_argument("--labels", type=Path, help="label file (default: the set's PREFIX_labels.tsv)")
    args = parser.parse_args()
    labels = args.labels or HERE / f"pii_{args.set}_labels.tsv"
    run = publish(args.codecurate_root.resolve())
    score(load_labels(labels), run, args.set)


if __name__ == "__main__":
    main()
