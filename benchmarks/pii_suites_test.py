"""Tests of the test-suite benchmark's offline logic: run with
`.venv/bin/python -m pytest benchmarks/pii_suites_test.py -q` (not part of `make test`).

Fixtures model what the benchmark meets: a parametrized e-mail test whose ids change when the
pipeline replaces the address, an IP literal replaced by a same-length private stand-in, a PEM block
that became one placeholder, a JUnit report with a collection error, and a published row written
back over a tree where a dropped file stays original.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pii_suites_flips import classify, masked, redactions_in, renamed  # noqa: E402
from pii_suites_run import Published, read_junit, write_back  # noqa: E402


def test_a_renamed_parametrized_case_is_paired_with_its_new_id() -> None:
    before = ["t.test_x::test_mail[ann@example.com]", "t.test_x::test_mail[bob@example.com]", "t.test_x::test_other"]
    after = ["t.test_x::test_mail[<EMAIL>]", "t.test_x::test_mail[<EMAIL>0]", "t.test_x::test_other"]
    assert renamed(before, after) == {before[0]: after[0], before[1]: after[1], before[2]: after[2]}


def test_cases_collected_in_another_order_keep_their_ids() -> None:
    before = ["m::t[RSA1_5-A128GCM]", "m::t[RSA-OAEP-A128GCM]", "m::t[ann@example.com]"]
    after = ["m::t[RSA-OAEP-A128GCM]", "m::t[redacted1@example.com]", "m::t[RSA1_5-A128GCM]"]
    assert renamed(before, after) == {before[0]: before[0], before[1]: before[1], before[2]: after[1]}


def test_cases_are_not_paired_when_the_counts_differ() -> None:
    assert renamed(["m::t[a]", "m::t[b]"], ["m::t[c]"]) == {}


def test_a_masked_id_keeps_the_function_and_hides_the_parameter() -> None:
    shown = masked("tests.test_email::test_valid[ann@example.com]")
    assert shown.startswith("tests.test_email::test_valid[#") and "example" not in shown
    assert masked("tests.test_a::test_b") == "tests.test_a::test_b"


def test_classify_names_the_type_and_kind_without_the_value() -> None:
    assert classify("ann@example.com", "<EMAIL>") == ("EMAIL", "e-mail address")
    assert classify("'ann@quillbyte-invented.io'", "'redacted2@example.com'") == ("EMAIL", "e-mail address")
    assert classify("'9.9.9.10'", "'10.9.9.10'") == ("IP_ADDRESS", "public IPv4")
    assert classify("192.0.2.7", "10.0.2.7") == ("IP_ADDRESS", "non-global IPv4 (private, reserved or documentation)")
    entity, kind = classify("k3Y" * 10, "<KEY>")
    assert (entity, kind) == ("KEY", "30-char token")


def test_redactions_in_gives_lines_functions_and_pem_blocks() -> None:
    pem = "-----BEGIN PRIVATE KEY-----\nAAAA\nBBBB\n-----END PRIVATE KEY-----"
    original = f'KEY = """{pem}"""\n\n@pytest.mark.parametrize("v", ["ann@example.com"])\ndef test_v(v):\n    assert f("9.9.9.10")\n'
    published = 'KEY = """<PRIVATE_KEY>"""\n\n@pytest.mark.parametrize("v", ["<EMAIL>"])\ndef test_v(v):\n    assert f("10.9.9.10")\n'
    found = redactions_in(original, published)
    assert [(r["line"], r["entity"]) for r in found] == [(1, "PRIVATE_KEY"), (6, "EMAIL"), (8, "IP_ADDRESS")]
    assert found[2]["function"] == "test_v" and found[2]["kind"] == "public IPv4"
    assert all("example" not in str(r) and "9.9.9.10" not in str(r) for r in found)


def test_read_junit_outcomes_and_collection_errors(tmp_path: Path) -> None:
    report = tmp_path / "junit.xml"
    report.write_text(
        '<testsuites><testsuite name="pytest">'
        '<testcase classname="tests.test_a" name="test_ok" file="tests/test_a.py" line="3"/>'
        '<testcase classname="tests.test_a" name="test_bad"><failure message="assert 1 == 2">tests/test_a.py:9: AssertionError</failure></testcase>'
        '<testcase classname="tests.test_a" name="test_skip"><skipped message="no network"/></testcase>'
        '<testcase classname="" name="tests.test_b"><error message="collection failure">tests/test_b.py:4: SyntaxError</error></testcase>'
        '</testsuite></testsuites>')
    outcomes, failures, collection = read_junit(report)
    assert outcomes == {"tests.test_a::test_ok": "passed", "tests.test_a::test_bad": "failed",
                        "tests.test_a::test_skip": "skipped", "tests.test_b": "error"}
    assert "tests/test_a.py:9" in failures["tests.test_a::test_bad"]
    assert list(collection) == ["tests.test_b"]


def test_write_back_replaces_kept_files_and_leaves_dropped_ones(tmp_path: Path) -> None:
    original = tmp_path / "original"
    (original / "pkg").mkdir(parents=True)
    (original / "pkg" / "a.py").write_text("HOST = '9.9.9.10'\n")
    (original / "pkg" / "same.py").write_text("x = 1\n")
    (original / "PKG-INFO").write_text("Author-email: ann@example.com\n")
    published = Published({"pkg/a.py": "HOST = '10.9.9.10'\n", "pkg/same.py": "x = 1\n"},
                          {"pkg/a.py": {"IP_ADDRESS": 1}}, {"PKG-INFO": "dropped:filters:unknown_language"}, 1)
    target = tmp_path / "after"
    counts = write_back(published, original, target)
    assert counts == {"kept": 2, "changed": 1, "unchanged": 1, "dropped": 1}
    assert (target / "pkg" / "a.py").read_text() == "HOST = '10.9.9.10'\n"
    assert (target / "PKG-INFO").read_text() == (original / "PKG-INFO").read_text()
    assert (original / "pkg" / "a.py").read_text() == "HOST = '9.9.9.10'\n"
