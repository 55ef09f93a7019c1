"""Licence text classification (licenses/classify.py)."""

from licenses.classify import classify_text, looks_binary, text_evidence_ids
from licenses.spdx import UNKNOWN
from licenses.template_texts import template_text

LIMITS = {"threshold": 75.0, "max_chars": 65_536}


def test_a_licence_text_is_recognised_completely() -> None:
    result = classify_text("Copyright (c) 2024 Jane Doe\n\n" + template_text("MIT"), **LIMITS)
    assert result.ids == ("MIT",) and result.complete
    assert text_evidence_ids(result) == ["MIT"]


def test_deprecated_ids_are_canonicalised() -> None:
    assert classify_text(template_text("GPL-3.0"), **LIMITS).ids == ("GPL-3.0-only",)


def test_two_licences_in_one_file_are_both_reported() -> None:
    text = template_text("MIT") + "\n\n" + template_text("BSD-2-Clause")
    result = classify_text(text, **LIMITS)
    assert set(result.ids) == {"MIT", "BSD-2-Clause"} and result.complete


def test_a_licence_buried_in_prose_is_incomplete_and_keeps_an_unknown_part() -> None:
    prose = "This software may only be used for non-commercial purposes by registered users.\n" * 40
    result = classify_text(prose + template_text("MIT"), **LIMITS)
    assert result.ids == ("MIT",) and not result.complete
    assert text_evidence_ids(result) == ["MIT", UNKNOWN]


def test_empty_and_binary_texts_match_nothing() -> None:
    assert classify_text("  \n ", **LIMITS).ids == ()
    binary = "\x00\x01\x02PK\x03\x04" * 500
    assert looks_binary(binary)
    assert classify_text(binary, **LIMITS).ids == ()
    assert text_evidence_ids(classify_text(binary, **LIMITS)) == [UNKNOWN]


def test_huge_text_is_cut_to_the_configured_prefix() -> None:
    """Only the first `max_chars` characters are read: what lies beyond changes nothing."""
    mit = template_text("MIT")
    filler = "filler words that are not a licence "
    huge = mit + filler * 40_000  # ~1.4 MB
    assert not looks_binary(huge)
    # The prefix is the licence and ~900 characters of filler: MIT named, but not the whole text.
    prefix = classify_text(huge, threshold=75.0, max_chars=2_000)
    assert prefix.ids == ("MIT",) and not prefix.complete and prefix.spans == ((0, len(mit)),)
    # Cut right after the licence, the 1.4 MB of filler is never seen: a complete licence text.
    assert classify_text(huge, threshold=75.0, max_chars=len(mit)) == classify_text(mit, threshold=75.0, max_chars=len(mit))
    assert classify_text(huge, threshold=75.0, max_chars=len(mit)).complete
    # A licence that starts past the prefix is not found at all.
    late = filler * 100 + mit
    assert classify_text(late, threshold=75.0, max_chars=2_000).ids == ()
    assert classify_text(late, threshold=75.0, max_chars=len(late)).ids == ("MIT",)


def test_results_are_cached_by_text() -> None:
    text = template_text("ISC")
    assert classify_text(text, **LIMITS) is classify_text(text, **LIMITS)


def test_binary_means_control_characters_in_bulk() -> None:
    # More than 1% of the first 4096 characters (and more than 8) are NULs, other C0 controls
    # except whitespace, DEL or U+FFFD (what a decoder puts for bytes it cannot read).
    assert not looks_binary("x = 1\n" * 20 + "\x01" * 8)  # a few escape bytes in a text file
    assert looks_binary("x = 1\n" * 20 + "\x01" * 9)
    assert looks_binary("x = 1\n" * 20 + "\x7f\x1b\x0e\x00\x08\x1f\x10\x05\x02")
    assert looks_binary("é = 1\n" * 20 + "\ufffd" * 9)  # the same count in a non-ASCII text
    assert not looks_binary("é = 1\n" * 20 + "\ufffd" * 8)
    assert not looks_binary("\t\n\x0b\x0c\r" * 200)  # whitespace is not a control character here
    assert not looks_binary("a" * 5000 + "\x00" * 100)  # only the head is sampled
