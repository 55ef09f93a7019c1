"""The PII truth benchmark's own helpers: candidate merging and the published-vs-original diff.

These decide which spans get labelled and which labels count as redacted, so a slip here changes
every figure of `benchmarks/pii_truth.py` without any recognizer changing.
"""

from __future__ import annotations

import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from pii_truth import changed_offsets  # noqa: E402
from pii_truth_candidates import merge, plain  # noqa: E402

# A bounce-style header block as mail fixtures hold it: the sender's IPv6 address comes after an
# e-mail address on one line, and a private IPv4 relay follows further down.
HEADERS = (
    "Received: from relay.example.net ([2a01:4f8:212:46::2])\n"
    "Received-SPF: pass (domain of someone@example.org designates 2a01:4f8:212:46::2 as sender)\n"
    "Received: from host (unknown [172.17.2.33]) by mx.example.net\n"
)


def test_merge_keeps_spans_of_a_later_detector_that_start_before_an_earlier_detectors_last_span():
    spans = list(plain(HEADERS))
    merged = merge(spans)
    ips = [HEADERS[start:end] for start, end, _ in merged if HEADERS[start:end][0].isdigit()]
    assert ips == ["2a01:4f8:212:46::2", "2a01:4f8:212:46::2", "172.17.2.33"]


def test_merge_unions_overlapping_spans_of_one_family():
    text = "ip4:66.39.3.0/24 and more"
    spans = [("ip", "dotted-quad", 4, 13), ("ip", "presidio-ip_address", 4, 16)]
    assert merge(spans) == [(4, 16, {"dotted-quad", "presidio-ip_address"})]
    assert text[4:16] == "66.39.3.0/24"


def _changed(before: str, after: str) -> set[int]:
    return {i for start, stop in changed_offsets(before, after) for i in range(start, stop)}


def test_same_length_replacement_in_a_long_one_line_document_marks_exactly_its_characters():
    before = '{"items": [' + ", ".join(f'{{"id": {i}, "host": "203.0.113.{i % 250}"}}' for i in range(3000)) + "]}"
    at = before.index("203.0.113.7\"")
    after = before[:at] + "10.11.12.13" + before[at + 11:]
    assert _changed(before, after) == {i for i in range(at, at + 11) if before[i] != after[i]}


def test_shorter_replacement_in_a_long_one_line_document_stays_local():
    before = '{"rows": [' + ", ".join(f'{{"n": {i}, "mail": "user{i}@mail.example"}}' for i in range(3000)) + "]}"
    value = "user1234@mail.example"
    at = before.index(value)
    after = before[:at] + "<EMAIL>" + before[at + len(value):]
    changed = _changed(before, after)
    assert changed and min(changed) >= at and max(changed) < at + len(value)


def test_a_change_on_one_line_of_many_is_found_on_that_line():
    before = "a = 1\nkey = 'abcdef123456'\nb = 2\n"
    after = "a = 1\nkey = '<KEY>'\nb = 2\n"
    changed = _changed(before, after)
    start = before.index("abcdef123456")
    assert changed and min(changed) >= start and max(changed) < start + 12


def _file(package: str, path: str, text: str):  # type: ignore[no-untyped-def]
    from pii_truth_corpus import TruthFile

    return TruthFile(package, "1.0", path, text)


def test_second_heldout_set_keeps_its_listed_files_and_chooses_only_for_new_packages(tmp_path, monkeypatch):
    """Labels are keyed to the files list: rerunning the chooser after a batch was labelled must not
    add or reorder files of packages already listed (that would leave unlabelled candidates)."""
    import pii_truth_candidates as candidates

    listed = tmp_path / "files.tsv"
    monkeypatch.setattr(candidates, "CHOSEN", listed)
    # A mail package whose fixtures each hold one relay address, and a client with a hard-coded key.
    old = [_file("pypi:mailpkg", f"mailpkg-1.0/tests/fixture{n}.eml",
                 f"Received: from relay{n}.example.net ([203.0.113.{n}])\n") for n in range(12)]
    candidates.write_chosen(candidates.choose_heldout2_batches(old))
    first = listed.read_text()
    assert 1 < len(first.splitlines()) <= 13
    new = [_file("pypi:client", "client-1.0/client/keys.py", 'CLIENT_SECRET = "q8Zr2XvLm4Tn7Wp1"\n')]
    candidates.write_chosen(candidates.choose_heldout2_batches(old + new))
    second = listed.read_text()
    assert second.startswith(first)  # batch 1 unchanged, in its order
    assert second[len(first):].count("pypi:client") == 1
    assert "pypi:mailpkg" not in second[len(first):]
    candidates.write_chosen(candidates.choose_heldout2_batches(old + new))
    assert listed.read_text() == second  # a rerun changes nothing


def test_third_heldout_set_is_wired_to_its_own_lists(monkeypatch):
    """`--set heldout3` must read the third set's pinned packages and labels, not another set's."""
    import pii_truth
    import pii_truth_corpus as corpus

    monkeypatch.setattr(corpus, "PINNED", corpus.PINNED)  # use_set rebinds it; undone after the test
    assert corpus.use_set("heldout3") == "pii_heldout3"
    assert corpus.PINNED == BENCHMARKS / "pii_heldout3_packages.tsv" and corpus.PINNED.exists()
    monkeypatch.setattr(sys, "argv", ["pii_truth.py", "--set", "heldout3", "--labels", "x.tsv"])
    seen = {}
    monkeypatch.setattr(pii_truth, "publish", lambda root: None)
    monkeypatch.setattr(pii_truth, "load_labels", lambda path: seen.setdefault("labels", path))
    monkeypatch.setattr(pii_truth, "score", lambda labels, run, label_set: seen.setdefault("set", label_set))
    pii_truth.main()
    assert seen == {"labels": Path("x.tsv"), "set": "heldout3"}


def test_third_heldout_set_adds_batch_two_after_batch_one_unchanged(tmp_path, monkeypatch):
    """Batch 2 (`choose_more`) is appended after the listed batch 1; a rerun changes nothing."""
    import pii_truth_candidates as candidates

    listed = tmp_path / "files.tsv"
    monkeypatch.setattr(candidates, "CHOSEN", listed)
    # A mail package: header fixtures with a relay address, plus client code with a hard-coded key.
    items = [_file("pypi:mailpkg", f"mailpkg-1.0/tests/fixture{n}.eml",
                   f"Received: from relay{n}.example.net ([203.0.113.{n}])\n") for n in range(6)]
    items += [_file("pypi:mailpkg", f"mailpkg-1.0/mailpkg/keys{n}.py", f'CLIENT_SECRET = "q8Zr2XvLm4Tn7Wp{n}"\n')
              for n in range(3)]
    candidates.write_chosen(candidates.choose_heldout3_batches(items))
    first = listed.read_text()
    assert len(first.splitlines()) == 1 + 4  # 3 best + 1 random
    candidates.write_chosen(candidates.choose_heldout3_batches(items, batch2=True))
    second = listed.read_text()
    assert second.startswith(first) and len(second.splitlines()) > len(first.splitlines())
    candidates.write_chosen(candidates.choose_heldout3_batches(items, batch2=True))
    assert listed.read_text() == second
