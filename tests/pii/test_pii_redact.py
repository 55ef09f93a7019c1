"""End to end through Presidio: counts, fraction, overlaps, switches, and the no-leak guarantee."""

import ipaddress
import logging
import random
import string

import pytest
from presidio_analyzer import RecognizerResult

from pii.config import PiiConfig
from pii.ip_stand_in import private_ip_stand_in
from pii.redact import RedactionResult, Redactor, Span, merge_overlaps

EMAIL = "maria.garcia@gmail.com"
IP = "95.217.163.246"
TOKEN = "ghp_" + "a8Kd02LmQz7XwP4nB9cT1vRy6HsE3uJg5FiO"
PASSWORD = "Tr0ub4dor.3x"
SECRET = "q7Ld9Zx2Vn4Bt8Rw1Ks6Mh3P"
SOURCE = f'''"""Service client. Maintainer: Maria Garcia <{EMAIL}>"""
HOST = "{IP}"
GITHUB_TOKEN = "{TOKEN}"
DB_URL = "postgres://app:{PASSWORD}@db.acmecorp.io/orders"
SECRET_KEY = "{SECRET}"
__version__ = "1.22.3.4"
evens = values[::2]
'''
PLANTED = (EMAIL, IP, TOKEN, PASSWORD, SECRET)


def _pem() -> str:
    rng = random.Random(7)
    body = ["".join(rng.choice(string.ascii_letters + string.digits + "+/") for _ in range(64)) for _ in range(20)]
    return "\n".join(["-----BEGIN PRIVATE KEY-----", *body, "-----END PRIVATE KEY-----"]) + "\n"


def test_end_to_end_counts_and_text(redactor: Redactor) -> None:
    result = redactor.redact(SOURCE, "Python")
    assert result.counts == {"EMAIL": 1, "IP_ADDRESS": 1, "KEY": 2, "PASSWORD": 1}
    for value in PLANTED:
        assert value not in result.text
    assert 'GITHUB_TOKEN = "<KEY>"' in result.text
    assert "postgres://app:<PASSWORD>@db.acmecorp.io/orders" in result.text
    assert '__version__ = "1.22.3.4"' in result.text and "values[::2]" in result.text
    replaced = sum(len(v) for v in PLANTED)
    assert result.redacted_fraction == pytest.approx(replaced / len(SOURCE))


def test_clean_text_unchanged(redactor: Redactor) -> None:
    text = "def add(a, b):\n    return a + b  # 1.2.3.4 is a version\n"
    assert redactor.redact(text, "Python") == RedactionResult(text, {}, 0.0)
    assert redactor.redact("").redacted_fraction == 0.0


def test_whole_file_pem_key(redactor: Redactor) -> None:
    key = _pem()
    result = redactor.redact(key, None)
    assert result.text == "<PRIVATE_KEY>\n"
    assert result.counts == {"PRIVATE_KEY": 1}
    assert result.redacted_fraction > 0.99  # the stage drops such a file (pii:too_many)


def test_overlaps_merge_into_highest_priority() -> None:
    results = [
        RecognizerResult("EMAIL", 10, 30, 0.9),
        RecognizerResult("PASSWORD", 5, 15, 0.9),
        RecognizerResult("IP_ADDRESS", 40, 50, 0.9),
        RecognizerResult("PRIVATE_KEY", 45, 60, 0.9),
        RecognizerResult("KEY", 70, 80, 0.9),
        RecognizerResult("KEY", 70, 80, 0.9),
    ]
    assert merge_overlaps(results) == [Span("PASSWORD", 5, 30), Span("PRIVATE_KEY", 40, 60), Span("KEY", 70, 80)]
    assert merge_overlaps(list(reversed(results))) == merge_overlaps(results)


def test_key_inside_password_assignment_counted_once(redactor: Redactor) -> None:
    result = redactor.redact(f'password = "{TOKEN}"', "Python")
    assert result.text == 'password = "<KEY>"'
    assert result.counts == {"KEY": 1}


def test_unicode_offsets(redactor: Redactor) -> None:
    text = f"# Grüße von Jürgen 🚀 <{EMAIL}> — 服务器 {IP}\nİstanbul ß ﬁ"
    result = redactor.redact(text, None)
    assert result.text == f"# Grüße von Jürgen 🚀 <redacted1@example.com> — 服务器 {private_ip_stand_in(IP)}\nİstanbul ß ﬁ"


def test_default_ip_replacement_is_the_same_length_stand_in(redactor: Redactor) -> None:
    assert redactor.redact(f'HOST = "{IP}"', "Python").text == f'HOST = "{private_ip_stand_in(IP)}"'
    tagged = Redactor(PiiConfig(ip_replacement="tag")).redact(f'HOST = "{IP}"', "Python")
    assert tagged.text == 'HOST = "<IP_ADDRESS>"'


def test_very_long_line(redactor: Redactor) -> None:
    filler = "x = [" + ", ".join(str(i) for i in range(60_000)) + "]"
    text = filler + f" # {EMAIL} " + filler
    result = redactor.redact(text, "Python")
    assert result.counts == {"EMAIL": 1}
    assert result.text == filler + " # redacted1@example.com " + filler


def test_entity_switches_and_replacements() -> None:
    config = PiiConfig(
        entities={"EMAIL": False, "IP_ADDRESS": True, "KEY": True, "PASSWORD": True, "PRIVATE_KEY": True},
        replacements={"KEY": "[secret]"},
        ip_replacement="tag",
    )
    result = Redactor(config).redact(SOURCE, "Python")
    assert EMAIL in result.text and "EMAIL" not in result.counts
    assert 'GITHUB_TOKEN = "[secret]"' in result.text
    assert 'HOST = "<IP_ADDRESS>"' in result.text


def test_private_ip_style_is_stable_and_same_length() -> None:
    redactor = Redactor(PiiConfig(ip_replacement="private"))
    text = f"a = '{IP}'\nb = '{IP}'\nc = '2a00:1450:4001:81c::200e'\n"
    first = redactor.redact(text, "Python")
    assert first == redactor.redact(text, "Python")
    assert len(first.text) == len(text)
    lines = first.text.splitlines()
    assert lines[0][5:-1] == lines[1][5:-1] != IP
    assert ipaddress.ip_address(lines[0][5:-1]).is_private and ipaddress.ip_address(lines[2][5:-1]).is_private
    assert first.counts == {"IP_ADDRESS": 3}


@pytest.mark.parametrize(
    "address",
    ["8.8.4.44", "95.217.163.246", "151.101.1.69", "101.102.103.104", "1.10.100.200", "64.233.160.100",
     "2a00:1450:4001:81c::200e", "2606:4700:4700::1111", "2001:4860:4860::8888", "2a03:2880:f12f:83:face:b00c::25de"],
)
def test_stand_in_keeps_length_and_family(address: str) -> None:
    stand_in = private_ip_stand_in(address)
    parsed = ipaddress.ip_address(stand_in)
    assert len(stand_in) == len(address) and stand_in != address
    assert parsed.version == ipaddress.ip_address(address).version and parsed.is_private


@pytest.mark.parametrize(
    "spellings",
    [("2001:503:83eb:0:0:0:0:30", "2001:503:83eb::30", "2001:0503:83EB:0000:0000:0000:0000:0030"),
     ("2a03:2880:f12f:83:face:b00c:0:25de", "2a03:2880:f12f:83:face:b00c::25de")],
)
def test_one_address_spelled_two_ways_gets_one_stand_in(spellings: tuple[str, ...]) -> None:
    """Keyed by the value, written in each spelling's layout: a test that canonicalises an address
    (dnspython's `inet` round trips) still finds the compressed form of the full one."""
    stand_ins = [private_ip_stand_in(spelling) for spelling in spellings]
    assert len({ipaddress.ip_address(stand_in) for stand_in in stand_ins}) == 1
    assert [len(stand_in) for stand_in in stand_ins] == [len(spelling) for spelling in spellings]
    assert ipaddress.ip_address(stand_ins[0]) != ipaddress.ip_address(spellings[0])


def test_unknown_entity_type_rejected() -> None:
    with pytest.raises(ValueError, match="unknown PII entity types"):
        PiiConfig(entities={"PHONE": True})


def test_values_never_logged_or_raised(redactor: Redactor, caplog: pytest.LogCaptureFixture) -> None:
    """Run with every logger at DEBUG; no planted value may appear in any record or error."""
    text = SOURCE + _pem()
    with caplog.at_level(logging.DEBUG):
        fresh = Redactor(PiiConfig())  # construction logs too
        results = [fresh.redact(text, language) for language in ("Python", None, "YAML", "")]
        redactor.redact(text, "Python")
        errors = []
        for bad in (None, 42):
            try:
                fresh.redact(bad, "Python")  # type: ignore[arg-type]
            except Exception as error:  # noqa: BLE001 - any error message must be value-free
                errors.append(repr(error) + str(error))
    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    for value in (*PLANTED, _pem().splitlines()[3]):
        assert value not in logged
        assert all(value not in error for error in errors)
        assert all(value not in result.text and value not in repr(result.counts) for result in results)


def test_licence_header_address_redacted_and_not_in_licence_evidence(redactor: Redactor) -> None:
    """A maintainer's address in a licence header is personal data like any other; the licence
    decision records only where the licence was read, never header text."""
    from licenses.config import LicensesConfig
    from licenses.repo_licenses import RepoLicenseScanner

    address = "jo@brandt-invented.dev"
    text = f"# Copyright (c) 2021 Jo Brandt <{address}>\n# SPDX-License-Identifier: MIT\n\nx = 1\n"
    decision = RepoLicenseScanner(LicensesConfig()).decide("src/a.py", text)
    assert address not in repr(decision)
    assert address not in redactor.redact(text, "Python").text
