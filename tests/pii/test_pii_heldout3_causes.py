"""General causes the third held-out PII labels revealed (benchmarks/README.md, "A third held-out
set"). Each test models the situation with invented names, reserved domains and values generated
from a seeded RNG; no third-party code or real value is copied."""

import random
import string

from pii.key_recognizer import KeyRecognizer
from pii.masked_value import is_masked
from pii.password_recognizer import PasswordRecognizer
from pii.secret_recognizer import SecretRecognizer
from pii.text_checks import is_placeholder

SECRETS = SecretRecognizer()
KEYS = KeyRecognizer()
PASSWORDS = PasswordRecognizer()
_RNG = random.Random(3333)
MIXED = string.ascii_letters + string.digits


def _random(length: int, alphabet: str = MIXED) -> str:
    return "".join(_RNG.choice(alphabet) for _ in range(length))


def found(recognizer, text: str, language: str | None, path: str | None) -> list[str]:
    return [text[f.start : f.end] for f in recognizer.find_at(text, language, path)]


# An app bearer token whose base64 head encodes zero bytes: a long run of `A`, then random characters
# with a percent-encoded `=` in the middle.
APP_BEARER = "A" * 22 + _random(6) + "A" * 6 + _random(30) + "%3D" + _random(42)


def test_padding_run_before_random_characters_is_still_a_credential() -> None:
    """A web client's app bearer token shared by every account, hard-coded at module level: the
    run of one letter is the encoded header, the rest is random — a credential, not a stand-in."""
    text = (
        "# Every account uses this token; it does not need changing.\n"
        f"TOKEN = '{APP_BEARER}'\n\nDOMAIN = 'social.example'\n"
    )
    assert found(SECRETS, text, "Python", "appclient/constants.py") == [APP_BEARER]


def test_padding_alone_is_still_a_placeholder() -> None:
    """Runs with nothing random beside them stay stand-ins (`ghp_AAAA…`, `0000…`, `xxxx…`)."""
    assert is_placeholder("ghp_" + "A" * 36)
    assert is_placeholder("0" * 40)
    assert is_placeholder("A" * 20 + "abc123")
    text = f"TOKEN = '{'A' * 30}{'B' * 30}'\n"
    assert found(SECRETS, text, "Python", "appclient/constants.py") == []


CHAT_TOKEN = "xoxb-" + _random(10, string.digits) + "-" + _random(24)


def test_provider_token_cut_short_with_dots_is_not_a_key() -> None:
    """A commented config template shows the token's start and cuts it with `...`: the provider shape
    matches the prefix and stops at the dots, so the cut is read past the match."""
    cut = CHAT_TOKEN[:28]
    assert found(KEYS, f'"token": "{cut}"', "Python", "bot/config.py") == [cut]  # the prefix has the shape
    template = (
        "BOT_IDENTITY = {\n"
        "    ## Chat mode (comment the others above if using this mode)\n"
        f'    # "token": "{cut}...",\n'
        f'    # "other": "{cut}\u2026",\n'
        "}\n"
    )
    assert found(KEYS, template, "Python", "bot/config-template.py") == []
    assert found(SECRETS, template, "Python", "bot/config-template.py") == []
    whole = f'BOT_IDENTITY = {{"token": "{CHAT_TOKEN}"}}  # ...\n'
    assert found(KEYS, whole, "Python", "bot/config.py") == [CHAT_TOKEN]


def test_masked_value_is_not_a_credential() -> None:
    """A deploy tool's test fixture lists each command as run and as logged: the logged form prints
    `'*MASKED*'` in the password's place. A mask is not a credential; the real value beside it is."""
    real = _random(6) + "7q" + _random(6)
    fixture = (
        f'{{"kwargs": {{"db_password": "{real}"}},\n'
        '"commands": [{\n'
        '    "raw": "dbdump -d shop -U app",\n'
        "    \"masked\": \"DBPASSWORD='*MASKED*' dbdump -d shop -U app\"\n"
        "}]}\n"
    )
    assert found(PASSWORDS, fixture, "JSON", "tests/operations/db.dump/dump.json") == [real]
    for mask in ("[REDACTED]", "<hidden>", "***removed***", "••••••••", "########", "'masked'"):
        assert is_masked(mask), mask
        assert found(SECRETS, f'API_TOKEN = "{mask}"\n', "Python", "app/settings.py") == []
        assert found(PASSWORDS, f'db_password = "{mask}"\n', "Python", "app/settings.py") == []
    for value in ("unmasked42", "Masked-9xQ", "hiddenValley7", "#a1b2c3d4"):
        assert not is_masked(value), value


def test_auth_mechanism_keyword_in_the_password_slot_is_not_a_password(redactor) -> None:
    """A mail library's docs tell users to write the literal `oauth2` as the password of a mailbox
    URI to select OAuth login. The keyword opens nothing; a real password in the same slot does."""
    docs = (
        "Build your URI accordingly::\n\n"
        "    mailhub+ssl://youraddress%40mail.example:oauth2@imap.mailhub.test?archive=Done\n"
        "    cloudmail://youraddress%40yourdomain.example:XOAUTH2@imap.cloudmail.test?tenant_id=t\n"
    )
    assert found(PASSWORDS, docs, "reStructuredText", "docs/topics/mailbox_types.rst") == []
    assert redactor.redact(docs, "reStructuredText", "docs/topics/mailbox_types.rst").text == docs
    config = 'MAILBOX_PASSWORD = "gssapi"\nSMTP_PASS_MODE = "oauth2"\n'
    assert found(PASSWORDS, config, "Python", "app/settings.py") == []
    real = "Qz8" + _random(9)
    uri = f"    mailhub+ssl://youraddress%40mail.example:{real}@imap.mailhub.test?archive=Done\n"
    assert found(PASSWORDS, uri, "reStructuredText", "docs/topics/mailbox_types.rst") == [real]
    assert found(PASSWORDS, 'db_password = "oauth2Pa55w0rdQ"\n', "Python", "app/settings.py") == ["oauth2Pa55w0rdQ"]


def test_three_equal_octets_are_a_placeholder_address() -> None:
    """A DNS provider's docstring lists example records with hand-typed addresses `123.123.123.N`:
    a placeholder like the all-equal `123.123.123.123`. A host beside them is still an address."""
    from pii.ip_recognizer import IpRecognizer

    docstring = (
        '"""\nProvider DNS records syntax\n\n'
        "- A record\n"
        "  - a www 123.123.123.3        : A record for www.<YOUR-DOMAIN>\n"
        "  - a * 111.111.111.25         : A record for any sub domain\n"
        "  - a @ 45.45.7.46             : A record for <YOUR-DOMAIN>\n"
        "  - mx 198.51.100.7 10 / 23.94.107.22 : a relay\n"
        '"""\n'
    )
    assert found(IpRecognizer(), docstring, "Python", "lexicon/providers/somedns.py") == ["45.45.7.46", "23.94.107.22"]


def test_irc_message_target_is_not_a_mailbox_but_a_hostmask_with_a_real_host_is_redacted() -> None:
    """A bot's config docstring sends `PRIVMSG Q@CServe.network.org :AUTH …` on connect: an IRC message
    target, no mailbox. A hostmask with a real host (a config template's example of what its ACL
    pattern yields, a sample config's own mask) names a person's account and machine: two labellers
    split on it (heldout3 KEEP, heldout23 REDACT) and privacy decides. A `!` before an address in a text
    that is not about IRC is an address too."""
    from pii.email_recognizer import EmailRecognizer

    emails = EmailRecognizer()
    template = (
        "# IRC_ACL_PATTERN: the pattern to build a user representation for ACL matches.\n"
        '# The default is "{nick}!{user}@{host}" which results in "kiwi!kiwi@box1.kiwinet.dev"\n'
        "# for the user kiwi connecting from box1.kiwinet.dev.\n"
        "# Questions: dana.whitfield@kiwinet.dev\n"
    )
    assert found(emails, template, "Python", "bot/config-template.py") == ["kiwi@box1.kiwinet.dev",
                                                                          "dana.whitfield@kiwinet.dev"]
    docstring = (
        '    """Commands to send once connected::\n\n'
        "        on_connect =\n"
        "            PRIVMSG Q@CServe.chatnet.dev :AUTH my_username\n"
        "            NOTICE helper@services.chatnet.dev :hello\n"
        '    """\n'
    )
    assert found(emails, docstring, "Python", "bot/config/core_section.py") == []
    mail = "Forwarded by gateway!jo.brandt@mail.brandt-family.dev on Monday\n"
    assert found(emails, mail, "Text", "notes/history.txt") == ["jo.brandt@mail.brandt-family.dev"]


def test_srs_rewrite_is_judged_by_the_sender_it_wraps() -> None:
    """A captured mail fixture whose author masked the sender (`example.net`): the forwarder's SRS
    rewrite `SRS0=hash=TT=example.net=person2@bounce.forwarder.dev` in Return-Path and SPF headers
    relays to that masked sender, nobody. The same rewrite around a real sender is redacted whole, so
    the sender's domain does not stay in front of the stand-in."""
    from pii.email_recognizer import EmailRecognizer

    emails = EmailRecognizer()
    masked = (
        "Return-Path: <SRS0=Qw3e=LY=example.net=person2@bounce.forwarder.dev>\n"
        "Received-SPF: pass (mx.mailhost.dev: domain of SRS0=Qw3e=LY=example.net=person2@bounce.forwarder.dev "
        "designates 192.0.2.7 as permitted sender) client-ip=192.0.2.7;\n"
        "       spf=pass smtp.mail=SRS0=Qw3e=LY=example.net=person2@bounce.forwarder.dev\n"
        "Return-Path: <SRS1=Zx9c=relay.dev==Qw3e=LY=example.net=person2@bounce.forwarder.dev>\n"
    )
    assert found(emails, masked, "E-mail", "tests/messages/forwarded.eml") == []
    real = "Return-Path: <SRS0=Qw3e=LY=brandt-family.dev=jo.brandt@bounce.forwarder.dev>\n"
    assert found(emails, real, "E-mail", "tests/messages/forwarded.eml") == [
        "SRS0=Qw3e=LY=brandt-family.dev=jo.brandt@bounce.forwarder.dev"
    ]


def test_notice_heading_before_an_address_outside_irc_is_an_address() -> None:
    from pii.email_recognizer import EmailRecognizer

    text = "COPYRIGHT NOTICE jo.brandt@brandt-family.dev 2024\n"
    assert found(EmailRecognizer(), text, "Text", "NOTICE.txt") == ["jo.brandt@brandt-family.dev"]
