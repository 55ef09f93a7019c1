import pytest

from pii.email_recognizer import EmailRecognizer

REC = EmailRecognizer()


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ('__author__ = "Maria Garcia <maria.garcia@gmail.com>"', "Python", "maria.garcia@gmail.com"),
        ("// Contact: olga.petrova@proton.me for access", "JavaScript", "olga.petrova@proton.me"),
        ('String to = "kenji+dev@company.co.uk";', "Java", "kenji+dev@company.co.uk"),
        ("/* Maintainer: rahul@uni-heidelberg.de */", "C", "rahul@uni-heidelberg.de"),
        ('git config user.email "noah@fastmail.fm"', "Shell", "noah@fastmail.fm"),
        ("maintainer: ingrid.jensen@web.de", "YAML", "ingrid.jensen@web.de"),
        ('{"email": "li.wang@yahoo.co.jp"}', "JSON", "li.wang@yahoo.co.jp"),
        ('"\\nfatima@outlook.com"', "Python", "fatima@outlook.com"),  # escape letter not included
    ],
)
def test_addresses_found(text: str, language: str, expected: str, matched) -> None:
    assert matched(REC, text, language) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        'email = "jane@example.com"',
        "send to someone@example.org or a@b.co",
        "user@localhost",
        'placeholder="user@domain.com"',
        "foo@bar.com",
        "git clone git@github.com:owner/repo.git",
        "@property.setter",
        "self@property.setter",
        '"lodash@4.17.21"',
        "postgres://app:hunter2@db.acmecorp.io/prod",
        "https://jo:s3cr~et@mail.acmecorp.io/inbox",
        "x" * 80 + "@gmail.com",  # blob, not an address
        "team@service.test",
    ],
)
def test_non_addresses_ignored(text: str, matched) -> None:
    assert matched(REC, text) == []
