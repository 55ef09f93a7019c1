"""The fifth held-out PII set's committed lists: wired to `--set heldout5` and consistent.

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


def _rows(name: str) -> list[list[str]]:
    lines = (BENCHMARKS / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines[1:] if line]


def test_heldout5_is_wired_to_its_own_lists(monkeypatch):
    monkeypatch.setattr(corpus, "PINNED", corpus.PINNED)  # use_set rebinds it; undone after the test
    assert corpus.use_set("heldout5") == "pii_heldout5"
    assert corpus.PINNED == BENCHMARKS / "pii_heldout5_packages.tsv"
    pins = corpus.pinned()
    assert len(pins) == 21 and all(HEX64.fullmatch(p.sha256) for p in pins)  # 17 + 4 reserve (batch 3)
    earlier = {"pii_truth", "pii_heldout", "pii_heldout2", "pii_heldout3", "pii_heldout4", "pii_real", "pii_suites"}
    names = set()
    for prefix in earlier:
        for row in _rows(f"{prefix}_packages.tsv"):
            names.add(row[0].lower() if prefix == "pii_suites" else row[1].lower())
    assert not {p.name.lower().replace("_", "-") for p in pins} & {n.replace("_", "-") for n in names}


def test_heldout5_labels_cover_each_listed_candidate_once_with_hashes_only():
    files = {tuple(row[:4]) for row in _rows("pii_heldout5_files.tsv")}
    labels = _rows("pii_heldout5_labels.tsv")
    assert len(files) == 99 and len(labels) == 736
    seen = set()
    for row in labels:
        assert len(row) == 10
        package, version, path, file_hash, offset, length, value_hash, kind, decision, reason = row
        assert (package, version, path, file_hash) in files
        assert int(offset) >= 0 and int(length) > 0
        assert HEX64.fullmatch(value_hash) and kind in {"EMAIL", "IP", "SECRET", "NONE"}
        assert decision in {"REDACT", "KEEP"} and reason and not (kind == "NONE" and decision == "REDACT")
        assert not MAILBOX.search(reason) and not KEYLIKE.search(reason)  # a reason describes, never holds
        seen.add((package, path, offset, length, kind))
    assert len(seen) == len(labels)  # one label per candidate and type
    assert {row[2] for row in labels} == {path for _, _, path, _ in files}  # every listed file has labels


def test_heldout5_post_hoc_batch4_files_come_last():
    """Batch 4 was chosen by a rule written after batches 1-3 were read: its 12 files are listed
    after all the others, so the lead can score the rules fixed in advance alone."""
    paths = [row[2] for row in _rows("pii_heldout5_files.tsv")]
    reserve = ("facebook-scraper", "twython", "b2sdk", "musicbrainzngs")
    last_reserve_batch3 = max(n for n, path in enumerate(paths[:-12]) if path.startswith(reserve))
    assert last_reserve_batch3 == len(paths) - 13
