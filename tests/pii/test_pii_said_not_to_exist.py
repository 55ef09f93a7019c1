"""An address whose own line carries a comment denying it exists (pii/said_not_to_exist.py).

Fixtures model a validator's test input chosen to fail a DNS lookup, and a maintainer's old address
noted as gone — still a person. Domains are invented."""

import pytest

from pii.email_recognizer import EmailRecognizer
from pii.said_not_to_exist import said_not_to_exist

REC = EmailRecognizer()


def found(text: str) -> list[str]:
    return [text[f.start : f.end] for f in REC.find_at(text, "Python", "tests/test_main.py")]


def test_a_test_input_said_not_to_exist_stays() -> None:
    text = "    test_email = 'test@qzxvkwjrtplm-invented.com'  # this domain does not exist in DNS\n"
    assert found(text) == []


def test_the_comment_must_be_on_the_addresses_own_line() -> None:
    text = "    # this domain does not exist in DNS\n    test_email = 'test@qzxvkwjrtplm-invented.com'\n"
    assert found(text) == ["test@qzxvkwjrtplm-invented.com"]


def test_a_maintainers_old_address_is_still_the_maintainer() -> None:
    text = '__author_email__ = "jo@brandt-invented.dev"  # this domain does not exist any more\n'
    assert found(text) == ["jo@brandt-invented.dev"]


@pytest.mark.parametrize(
    ("line", "denied"),
    [("x = 'a@q.com'  # domain does not exist", True), ("x = 'a@q.com'  // nonexistent mailbox", True),
     ("x = 'a@q.com'  # not a real address", True), ("x = 'a@q.com'  # doesn't exist anymore", False),
     ("x = 'a@q.com'  # exists", False), ("x = 'a@q.com does not exist'", False)],
)
def test_denials(line: str, denied: bool) -> None:
    assert said_not_to_exist(line, line.find("@")) is denied


def test_only_a_comment_near_the_address_counts() -> None:
    # A bounded window after the address: a minified line holds many addresses, and a remark far
    # along it is about something else.
    text = "x = 'test@qzxvkwjrtplm-invented.com'" + " " * 250 + "# the domain does not exist\n"
    assert found(text) == ["test@qzxvkwjrtplm-invented.com"]
