"""Made-up personas on made-up domains (pii/placeholder_addresses.py, pii/idna_validity.py).

Fixtures model the situations read in real test suites: a captured mail whose author wrote
placeholder personas in the headers, a validator's table of valid and invalid addresses, a swapped
domain that leaves a real recipient's local part behind. All names and domains are invented."""

import pytest

from pii.email_recognizer import EmailRecognizer
from pii.idna_validity import is_invalid_idn
from pii.placeholder_addresses import (
    is_invented_persona,
    is_made_up_local,
    is_masked_address,
    is_placeholder_label,
    registrable_label,
    split_words,
)

REC = EmailRecognizer()
MAIL_FIXTURE = "tests/email_testfiles/mail_3.eml"


def found(text: str, path: str | None = MAIL_FIXTURE, language: str | None = "Text") -> list[str]:
    return [text[f.start : f.end] for f in REC.find_at(text, language, path)]


HEADERS = (
    "From: Tess Testerson <test@test-sample.com>\n"
    "To: Try Tryerson <try@test-sample.com>\n"
    "Cc: TryTwo Tryerson <trytwo@test-sample.com>\n"
    "Reply-To: evilreply@thisisthebaddomain.com\n"
    "Bcc: Marisol Quintero <marisol.quintero@test-sample.com>\n"
    "Delivered-To: quintero1987_m@fake-domain.it\n"
    "Return-Path: <noreply@ggg-invented.com>\n"
)


def test_placeholder_personas_in_a_captured_mail_stay_and_real_local_parts_go() -> None:
    # The swapped domain keeps a real recipient's local part: a name or a handle is still a person.
    assert found(HEADERS) == [
        "marisol.quintero@test-sample.com", "quintero1987_m@fake-domain.it", "noreply@ggg-invented.com"
    ]


def test_personas_are_kept_in_code_as_in_fixtures_and_documentation() -> None:
    """Both halves made up say "nobody" wherever they stand (a docstring's sample response in library
    code as much as a fixture); a surname on the same domain is still somebody."""
    line = "To: Try Tryerson <try@test-sample.com>\n"
    assert found(line, path="mailer/send.py", language="Python") == []
    assert found(line, path="docs/usage.md", language="Markdown") == []
    surname = line.replace("try@", "tryerson@")
    assert found(surname, path="mailer/send.py", language="Python") == ["tryerson@test-sample.com"]


def test_a_validators_table_of_made_up_addresses() -> None:
    text = (
        "    ('Abc.123@dummy-sample.org', 'Abc.123'),\n"
        "    ('me@1.xn--4dbc.com', 'not valid IDNA'),\n"
        "    ('me@xn--4dbc.1.com', 'not valid IDNA'),\n"
        "    ('jo.brandt@brandt-invented.com', 'valid'),\n"
    )
    assert found(text, path="tests/test_syntax.py", language="Python") == ["jo.brandt@brandt-invented.com"]


@pytest.mark.parametrize(
    ("text", "words"),
    [("trytwo", ["try", "two"]), ("evilreply", ["evil", "reply"]),
     ("thisisthebaddomain", ["this", "is", "the", "bad", "domain"]),
     ("ana", None), ("quintero", None), ("noreply", ["no", "reply"])],
)
def test_split_words(text: str, words: list[str] | None) -> None:
    assert split_words(text) == words


@pytest.mark.parametrize(
    ("domain", "label"),
    [("test-example.com", "test-example"), ("mail.test.co.uk", "test"), ("a.b.fake.org", "fake"), ("test.it", "test")],
)
def test_registrable_label(domain: str, label: str) -> None:
    assert registrable_label(domain) == label


@pytest.mark.parametrize(
    ("label", "placeholder"),
    [("test", True), ("test-example", True), ("testdomain", True), ("thisisthebaddomain", True),
     ("ggg", False), ("xxx", False), ("found", False), ("brandt-invented", False), ("mail", False),
     ("testerhaus", False)],
)
def test_placeholder_labels_need_a_placeholder_noun_and_nothing_else(label: str, placeholder: bool) -> None:
    assert is_placeholder_label(label) is placeholder


@pytest.mark.parametrize(
    ("local", "made_up"),
    [("try", True), ("trytwo", True), ("Abc.123", True), ("test2", True), ("a.b", True), ("123", True),
     ("marisol.quintero", False), ("quintero1987_m", False), ("ana", False), ("jo", False), ("john", False)],
)
def test_made_up_local_parts(local: str, made_up: bool) -> None:
    assert is_made_up_local(local) is made_up


def test_invented_persona_needs_both_halves() -> None:
    assert is_invented_persona("try", "test-sample.com")
    assert not is_invented_persona("try", "brandt-invented.com")  # a real-looking domain: somebody's mailbox
    assert not is_invented_persona("marisol.quintero", "test-sample.com")  # a swapped domain: still a person


def test_masked_addresses() -> None:
    assert is_masked_address("xxx", "xxx.com")
    assert is_masked_address("***", "test.com")
    assert not is_masked_address("xxx", "gmail-invented.com")  # a masked-looking mailbox on a real domain
    text = "    From:    xx xx <xxx@xxx.com>\n"
    assert found(text, path="dist/esm/text-format.js", language="JavaScript") == []


@pytest.mark.parametrize(
    ("domain", "invalid"),
    [("1.xn--4dbc.com", True), ("xn--4dbc.1.com", True), ("xn--0.tld", True),
     ("xn--4dbc.com", False), ("xn--bcher-kva.de", False), ("1.brandt-invented.com", False),
     ("xn--abc.com", False)],
)
def test_invalid_idn(domain: str, invalid: bool) -> None:
    assert is_invalid_idn(domain) is invalid


def test_the_authors_own_site_is_a_template_slot_and_an_example_mailbox_on_a_real_domain_is_not() -> None:
    """A push library's JSDoc writes `contact@my-site.com` beside `https://my-site.com`; its README's
    VAPID subject `mailto:example@…` on a webmail provider is deliverable, and stays redacted
    (privacy first: labellers disagree on such placeholders)."""
    jsdoc = " * address. For example: 'https://my-site.com/contact' or\n * 'mailto: contact@my-site.com'\n"
    assert found(jsdoc, path="src/push-lib.js", language="JavaScript") == []
    readme = "web-push send-notification --vapid-subject=mailto:example@mailbox-invented.com \\\n"
    assert found(readme, path="README.md", language="Markdown") == ["example@mailbox-invented.com"]
    # A mailbox on a site that is not "my" is somebody's.
    assert found("contact: contact@brandt-site.com\n", path="README.md", language="Markdown") == [
        "contact@brandt-site.com"
    ]


def test_a_placeholder_mailbox_on_a_real_provider_is_still_redacted() -> None:
    """A blog theme's default config: `mailto:yourname@…` beside `https://github.com/yourname` is a slot
    for the reader's own, but on a real mail provider it is a deliverable mailbox; labellers disagree
    (pii/DECISIONS.md), and privacy comes first."""
    config = "  #GitHub: https://github.com/yourname\n  #E-Mail: mailto:yourname@mailbox-invented.com\n"
    assert found(config, path="_config.yml", language="YAML") == ["yourname@mailbox-invented.com"]
