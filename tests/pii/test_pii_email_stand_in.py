"""E-mail stand-ins (`pii.email_replacement: reserved`, the default): an address becomes
`redactedN@example.com`, still an address, so code that validates or round-trips one keeps running;
nothing of the original is kept. Fixtures model an address validator's own test list (the case that
flipped e-mail validators' and URL libraries' suites in issue 23's test-suite benchmark)."""

import re

from pii.config import PiiConfig
from pii.email_recognizer import EmailRecognizer
from pii.email_stand_in import EmailStandIns
from pii.redact import Redactor

VALIDATOR_TESTS = '''import pytest
from mailcheck import is_valid

@pytest.mark.parametrize("value", [
    "greta.lindqvist@telia-invented.se",
    "Örjan.berg@posten-invented.se",
    "ops-team@lindqvist-invented.io",
])
def test_valid(value):
    assert is_valid(value)

def test_round_trip():
    assert normalise("greta.lindqvist@telia-invented.se") == "greta.lindqvist@telia-invented.se"

def test_mailto():
    assert parse("mailto:ops-team@lindqvist-invented.io").path == "ops-team@lindqvist-invented.io"
'''
ORIGINALS = ("greta.lindqvist@telia-invented.se", "Örjan.berg@posten-invented.se", "ops-team@lindqvist-invented.io")
# RFC 5322 dot-atom on a domain with a dot: what an address validator accepts.
_ADDRESS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[a-z0-9-]+(?:\.[a-z0-9-]+)+")


def test_addresses_become_valid_reserved_stand_ins(redactor: Redactor) -> None:
    result = redactor.redact(VALIDATOR_TESTS, "Python", "tests/test_valid.py")
    assert result.counts == {"EMAIL": 7}
    for original in ORIGINALS:
        assert original not in result.text
        assert original.split("@")[0] not in result.text and original.split("@")[1] not in result.text
    stand_ins = re.findall(r"redacted\d+@example\.com", result.text)
    assert len(stand_ins) == 7 and all(_ADDRESS.fullmatch(s) for s in stand_ins)
    assert list(EmailRecognizer().find_at(result.text, "Python", "tests/test_valid.py")) == []  # stays on a 2nd pass


def test_same_address_same_stand_in_within_a_file(redactor: Redactor) -> None:
    text = redactor.redact(VALIDATOR_TESTS, "Python", "tests/test_valid.py").text
    assert 'normalise("redacted1@example.com") == "redacted1@example.com"' in text  # a round trip still holds
    assert 'parse("mailto:redacted3@example.com").path == "redacted3@example.com"' in text
    assert '"redacted2@example.com"' in text  # a second address gets a second stand-in


def test_stand_ins_do_not_depend_on_the_address_or_link_files(redactor: Redactor) -> None:
    one = redactor.redact('AUTHOR = "greta.lindqvist@telia-invented.se"\n', "Python").text
    other = redactor.redact('AUTHOR = "hakon.dahl@uio-invented.no"\n', "Python").text
    assert one == other == 'AUTHOR = "redacted1@example.com"\n'  # no hash of the original: nothing to confirm


def test_a_stand_in_already_in_the_file_is_not_reused() -> None:
    stand_ins = EmailStandIns('DOC = "redacted1@example.com"')
    assert stand_ins.stand_in("jo@brandt-invented.dev") == "redacted2@example.com"
    assert stand_ins.stand_in("jo@brandt-invented.dev") == "redacted2@example.com"


def test_tag_style_keeps_the_email_placeholder() -> None:
    tagged = Redactor(PiiConfig(email_replacement="tag")).redact(VALIDATOR_TESTS, "Python", "tests/test_valid.py")
    assert tagged.text.count("<EMAIL>") == 7 and "example.com" not in tagged.text
