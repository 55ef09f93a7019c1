"""The sixth held-out PII set's committed lists: wired to `--set heldout6` and consistent.

The lists are the truth the lead scores against; a slip (a label for a file that is not listed, a
second label for one candidate, a value written where only its hash belongs, a package shared with
an earlier set) would change or leak what the set measures. Only the committed TSVs are read: no
download, nothing from `pii/`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import pii_truth_corpus as corpus  # noqa: E402

HEX64 = re.compile(r"[0-9a-f]{64}")
MAILBOX = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
KEYLIKE = re.compile(r"AIza[\w-]{20,}|sk_(?:test|live)_\w{12,}|[A-Za-z0-9+/_-]{32,}")
EARLIER = ("pii_truth", "pii_heldout", "pii_heldout2", "pii_heldout3", "pii_heldout4", "pii_heldout5",
           "pii_real", "pii_suites")


def _rows(name: str) -> list[list[str]]:
    lines = (BENCHMARKS / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines[1:] if line]


def test_heldout6_is_wired_to_its_own_lists_and_shares_no_package(monkeypatch):
    monkeypatch.setattr(corpus, "PINNED", corpus.PINNED)  # use_set rebinds it; undone after the test
    assert corpus.use_set("heldout6") == "pii_heldout6"
    assert corpus.PINNED == BENCHMARKS / "pii_heldout6_packages.tsv"
    pins = corpus.pinned()
    assert len(pins) == 19 and all(HEX64.fullmatch(p.sha256) for p in pins)  # 15 + 4 reserve (batch 3)
    names = set()
    for prefix in EARLIER:
        for row in _rows(f"{prefix}_packages.tsv"):
            names.add(row[0].lower() if prefix == "pii_suites" else row[1].lower())
    norm = lambda name: name.lower().replace("_", "-")  # noqa: E731
    assert not {norm(p.name) for p in pins} & {norm(n) for n in names}


def _check_label_rows(rows: list[list[str]], files: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    seen = set()
    for row in rows:
        assert len(row) == 10
        package, version, path, file_hash, offset, length, value_hash, kind, decision, reason = row
        assert (package, version, path, file_hash) in files
        assert int(offset) >= 0 and int(length) > 0
        assert HEX64.fullmatch(value_hash) and kind in {"EMAIL", "IP", "SECRET", "NONE"}
        assert decision in {"REDACT", "KEEP"} and reason and not (kind == "NONE" and decision == "REDACT")
        assert not MAILBOX.search(reason) and not KEYLIKE.search(reason)  # a reason describes, never holds
        seen.add((package, path, offset, length, kind))
    return seen


def test_heldout6_labels_cover_each_listed_candidate_once_with_hashes_only():
    files = {tuple(row[:4]) for row in _rows("pii_heldout6_files.tsv")}
    labels = _rows("pii_heldout6_labels.tsv")
    assert len(files) == 84 and len(labels) == 720
    assert len(_check_label_rows(labels, files)) == len(labels)  # one label per candidate and type
    assert {row[2] for row in labels} == {path for _, _, path, _ in files}  # every listed file has labels


def test_heldout6_missed_values_are_in_listed_files_and_no_candidate():
    files = {tuple(row[:4]) for row in _rows("pii_heldout6_files.tsv")}
    missed = _rows("pii_heldout6_missed.tsv")
    assert missed and all(row[8] == "REDACT" for row in missed)
    spans = {}
    for row in _rows("pii_heldout6_labels.tsv"):
        spans.setdefault(row[2], []).append((int(row[4]), int(row[4]) + int(row[5])))
    _check_label_rows(missed, files)
    for row in missed:
        start, end = int(row[4]), int(row[4]) + int(row[5])
        assert not any(a < end and start < b for a, b in spans.get(row[2], []))
