"""E-mail addresses: every address on a real domain goes, whatever its local part; only addresses
that reach nobody stay. Redacted fixtures use invented domains, kept ones reserved domains."""

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
        # a hex escape before the `@` is a control character, not a local part (a validator's invalid case)
        ("    ['\\x7f@quillbyte-invented.org', 'ERR_EXPECTING_ATEXT'],", "Python", None),
        ("    ['(\\x07)jo@quillbyte-invented.org', 'DEPREC_CTEXT'],", "Python", "jo@quillbyte-invented.org"),
        ('"\\u00e9lena@quillbyte-invented.org"', "Python", "lena@quillbyte-invented.org"),
        # Placeholder-looking local parts on a maintainer's own domain are that maintainer.
        ('authors = [{name = "Jo Brandt", email = "me@jobrandt-invented.dev"}]', "TOML", "me@jobrandt-invented.dev"),
        ('__author_email__ = "me@quillbyte-invented.org"', "Python", "me@quillbyte-invented.org"),
        ("- Lena Weiss <mail@lenaweiss-invented.eu>", "reStructuredText", "mail@lenaweiss-invented.eu"),
        ('"contributors": ["Tom Hale <john@hartwell-invented.net>"]', "JSON", "john@hartwell-invented.net"),
        ("    r = get('http://me@quillbyte-invented.org')  # noqa", "Python", None),  # URL user info
        ("Ask test@quillbyte-invented.io or user@quillbyte-invented.io", None, "test@quillbyte-invented.io"),
        ("git@ravensworth-invented.co.uk wrote the parser", None, "git@ravensworth-invented.co.uk"),
        # A placeholder domain with a real-looking name is still a person on a registrable domain.
        ("maria.garcia@domain.com", None, "maria.garcia@domain.com"),
        ("        svc-backup@CORP-INVENTED.COM:1000:00000000000000000000", None, "svc-backup@CORP-INVENTED.COM"),
        ("Report to the maintainer, djm@openssh.com.", None, "djm@openssh.com"),
        ("# Copyright (c) 2021 Jo Brandt <jo@brandt-invented.dev>\n# Licensed under the MIT licence", "Python",
         "jo@brandt-invented.dev"),
        ("see https://host.io:8080 and write to jo@brandt-invented.dev", None, "jo@brandt-invented.dev"),
        ('"Last-Translator: Jo <jo@brandt-invented.comLanguage-Team: \\n"', "Gettext Catalog", "jo@brandt-invented.com"),
    ],
)
def test_addresses_found(text: str, language: str | None, expected: str | None, matched) -> None:
    found = matched(REC, text, language)
    if expected is None:
        assert found == []
    else:
        assert found[0] == expected


def test_every_address_in_an_authors_file(matched) -> None:
    lines = [f"- Person {i} <{local}@site{i}-invented.org>" for i, local in enumerate(
        ["me", "mail", "john", "test", "git", "user", "hello", "dev", "contact", "x1"])]
    found = matched(REC, "Authors\n=======\n" + "\n".join(lines), "reStructuredText")
    assert len(found) == len(lines)


@pytest.mark.parametrize(
    "text",
    [
        'email = "jane@example.com"',
        "send to someone@example.org or a@b.co",
        "ops@mail.example.org",
        "jane@example.co.uk",
        "user@localhost",
        "team@service.test",
        "bounce@mx.invalid",
        "admin@printer.local",
        "dev@site.localhost",
        'placeholder="user@domain.com"',
        "foo@bar.com",
        "you@yourdomain.com",
        "49699333+dependabot[bot]@users.noreply.github.com",
        "git clone git@github.com:owner/repo.git",
        "deploy@quillbyte-invented.io:/srv/app",
        "@property.setter",
        "self@property.setter",
        '"lodash@4.17.21"',
        "postgres://app:hunter2@db.acmecorp.io/prod",
        "https://jo:s3cr~et@mail.acmecorp.io/inbox",
        "x" * 80 + "@gmail.com",  # blob, not an address
        '_CERT_SUFFIX = b"-cert-v01@openssh.com"',
        "(b'sha384@ssh.com', sha384), (b'chacha20-poly1305@openssh.com', None)",
        "kex = 'curve25519-sha256@libssh.org'",
        "Message-ID: <CAEAsyCbSF1Bk7CBuu6zp3Qs8j2iUkNi3dPkGe6z40q4d@mail.quillbyte-invented.com>",
        "In-Reply-To: <EEDDF5F5-2786-4B3F-B15A-124A9A29A8D3@quillbyte-invented.info>",
        "      'Message-Id: <B27397-0100000@mail.quillbyte-invented.edu>', CRLF,",
        'cc = ["c@foo.com", "d@test.com"]',
    ],
)
def test_non_addresses_ignored(text: str, matched) -> None:
    assert matched(REC, text) == []


def test_test_urls_with_auth_are_handled_alike(matched) -> None:
    """requests-style cases for auth parsing: the same URL shape is never an address in some and
    not others (one of five used to be redacted as `pass@complex…`)."""
    cases = [
        "http://user:pass@complex.url.com/path?query=yes",
        "http://user:pass%20pass@complex.url.com/path?query=yes",
        "http://user:pass pass@complex.url.com/path?query=yes",
        "http://user%25user:pass@complex.url.com/path?query=yes",
        "http://user:pass%23pass@complex.url.com/path?query=yes",
    ]
    text = "\n".join(f"    ('{case}', ('user', 'pass'))," for case in cases)
    assert matched(REC, text, "Python") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<a href="mailto:jo.brandt@quillbyte-invented.org">Jo</a>', "jo.brandt@quillbyte-invented.org"),
        ("# bugs: mailto://jo.brandt@quillbyte-invented.org", "jo.brandt@quillbyte-invented.org"),
        ("[Jo](MAILTO:jo@brandt-invented.dev)", "jo@brandt-invented.dev"),
        # user information ends at `/`, `?`, `#`: what follows is a path, query or fragment
        ("GET http://%HOSTIP:%HTTPPORT?email=lena.weiss@quillbyte-invented.eu HTTP/1.1", "lena.weiss@quillbyte-invented.eu"),
        ("http://%HOSTIP:%HTTPPORT#contact=lena.weiss@quillbyte-invented.eu", "lena.weiss@quillbyte-invented.eu"),
        ("https://site.quillbyte-invented.com/team/lena.weiss@quillbyte-invented.eu", "lena.weiss@quillbyte-invented.eu"),
    ],
)
def test_mailto_links_and_addresses_after_url_user_info(text: str, expected: str, matched) -> None:
    assert matched(REC, text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Maintainer: jo.brandt at quillbyte-invented dot org", "jo.brandt at quillbyte-invented dot org"),
        ("Written by Jo Brandt <jo (at) brandt-invented.dev>", "jo (at) brandt-invented.dev"),
        ("  lena [at] quillbyte-invented [dot] co [dot] uk", "lena [at] quillbyte-invented [dot] co [dot] uk"),
        ("mail ingrid (at) web-invented (dot) de", "ingrid (at) web-invented (dot) de"),
        ("KENJI AT QUILLBYTE-INVENTED DOT ORG", "KENJI AT QUILLBYTE-INVENTED DOT ORG"),
        # author and credit lines of real code (mb-1024's published output held 12 people's such forms)
        (" * Written by Jo Brandt <jbrandt at quillbyte-invented.org>, 2004", "jbrandt at quillbyte-invented.org"),
        ("# AUTHOR Lena Ostrova (lena.ostrova at uni-invented.edu)", "lena.ostrova at uni-invented.edu"),
        (" * @author Kenji Sato (ksato at web-invented.de)", "ksato at web-invented.de"),
        ("contact Ida Berg (ib) (ib at quillbyte-invented.org)", "ib at quillbyte-invented.org"),
        ("# Jo Brandt <jo.brandt (AT) web-invented.de>", "jo.brandt (AT) web-invented.de"),
        ("    Jo Brandt <jo DOT brandt AT web-invented.com>", "jo DOT brandt AT web-invented.com"),  # THANKS file
        ("# author Jo Brandt <jbrandt -at- uni-invented.edu> (2006)", "jbrandt -at- uni-invented.edu"),
    ],
)
def test_obfuscated_addresses_found(text: str, expected: str, matched) -> None:
    assert matched(REC, text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Please look at example.com for details",  # prose: a bare ` at ` needs a spelled-out ` dot `
        "jane (at) example [dot] org",  # reserved domain
        "we arrived at home dot files",  # `files` is not a top-level domain
        "The sources (hosted at github.com) build with make",  # `(…)` not after a person's name: prose
        "Builds are listed (see at quillbyte-invented.org) weekly",
        "<jane at example.org>",  # reserved domain, even enclosed
    ],
)
def test_obfuscation_look_alikes_ignored(text: str, matched) -> None:
    assert matched(REC, text) == []


@pytest.mark.parametrize(
    "text",
    [
        'REMOTE = "git@github.com:"',  # SSH remote prefix without a path
        "url = 'git@gitlab.com:' + owner + '/' + name",
        "git@github.com:${OWNER}/${REPO}.git",
        "git@bitbucket.org:team-invented/app.git",
        "ssh -T git@github.com",  # the forge's shared SSH account
        "git remote add origin git@codeberg.org:jo/parser",
    ],
)
def test_ssh_remote_prefixes_are_not_addresses(text: str, matched) -> None:
    assert matched(REC, text) == []


FIXTURE = (
    "From: Alice Liddell <alice@wonderland.foo>\n"
    "To: Bob Builder <bob@corp.foobar.org>, Carol <carol@acme.com>\n"
    "Cc: Jo Brandt <jo.brandt@quillbyte-invented.org>\n"
)


def test_fictional_personas_in_fixtures_stay_real_addresses_go() -> None:
    found = [FIXTURE[f.start : f.end] for f in REC.find_at(FIXTURE, None, "tests/data/mail/msg_3.eml")]
    assert found == ["jo.brandt@quillbyte-invented.org"]
    # Outside fixtures and docs a stand-in name gives no licence: `.foo` is a delegated TLD.
    outside = [FIXTURE[f.start : f.end] for f in REC.find_at(FIXTURE, "Python", "src/mail.py")]
    assert "alice@wonderland.foo" in outside and "jo.brandt@quillbyte-invented.org" in outside


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        ("X-Original-To: danglüe@quillbyte-invented.com", "tests/mails/mail_9", ["danglüe@quillbyte-invented.com"]),
        ("id_token_hint = 'me@email.com'", "tests/test_hint.py", ["me@email.com"]),  # email.com is a mail provider
        ('client.login("bar@foo.org", "passwd")', "pkg/client.py", []),  # metasyntactic domain, anywhere
        ("sender = (u'Me', 'me@foo.com')", "pkg/compose.py", []),
        ("To: Bob <bob@host.com>", "docs/usage.rst", []),  # a stand-in host name in documentation
        ("To: Bob <bob@host.com>", "pkg/mailer.py", ["bob@host.com"]),  # …but not in library code
        ("--username YOUR_EMAIL@gmail.com", "scripts/send.py", []),  # a template to fill in
    ],
)
def test_unicode_locals_providers_and_stand_ins(text: str, path: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in REC.find_at(text, None, path)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Return-path: <noreply@quillbyte-invented.io>", ["noreply@quillbyte-invented.io"]),  # an organisation's mailbox
        (" (Rockliffe SMTPRA 4.5.6) with ESMTP id <B0950073155@apus.quillbyte-invented.com.br> for <jo@brandt-invented.dev>;",
         ["jo@brandt-invented.dev"]),  # a queue id is not a mailbox
        ("    ('Message-Id', '<CAEAsyCbSF1Bk7CBuu6zp3Qs8=j2iUkNi3dPkG@mail.quillbyte-invented.com>'),", []),
        ("    IE_DESC = 'Видео@Mail.Ru'", []),
        ("  * Is name.@quillbyte-invented.com allowed?", []),
    ],
)
def test_organisation_mailboxes_and_identifiers(text: str, expected: list[str], matched) -> None:
    assert matched(REC, text) == expected


def test_a_swapped_domain_leaves_the_real_local_part() -> None:
    text = "Delivered-To: jocelyne.rollier-invented@fake.com\n"
    assert len(list(REC.find_at(text, None, "tests/mails/mail_test_5"))) == 1


def test_special_use_names_reach_nobody(matched) -> None:
    """`.arpa` (RFC 3172) holds infrastructure names only; `.onion` (RFC 7686) is a mailbox only under
    a real onion service name (16 or 56 base32 characters). Modelled on a validator's list of
    special-use domains it must reject."""
    reserved = '@pytest.mark.parametrize("v", ["me@anything.arpa", "ops@router.home.arpa", "me@onion.onion.onion"])'
    assert matched(REC, reserved, "Python") == []
    service = 'ADMIN = "jo@expyuzz4wqqyqhjn.onion"'
    assert matched(REC, service, "Python") == ["jo@expyuzz4wqqyqhjn.onion"]


def test_network_path_reference_is_user_info(matched) -> None:
    """`"//user:password@host"` is a URL without its scheme (RFC 3986 §4.2): user info, not a mailbox."""
    text = 'uri_reference("//user:password@quillbyte-invented.io"), uri_reference("//ops@quillbyte-invented.io")'
    assert matched(REC, text, "Python") == []
    assert matched(REC, "// ops@quillbyte-invented.io owns this", "C") == ["ops@quillbyte-invented.io"]
    assert matched(REC, "//ops@quillbyte-invented.io", "C") == ["ops@quillbyte-invented.io"]  # a comment


def test_digit_ruler_domains_are_length_tests(matched) -> None:
    """A label of 20+ digits (`1111111111222222222233…`) is a ruler that measures a validator's length
    limits; no host is named so. Modelled on an address validator's too-long cases."""
    ruler = "1111111111222222222233333333334444444444555555555"
    text = f'("me@{ruler}.{ruler[::-1]}.com", "The email address is too long (1 character too many).")'
    assert matched(REC, text, "Python") == []
    assert matched(REC, 'ADMIN = "ops@163-invented.com"', "Python") == ["ops@163-invented.com"]
    assert matched(REC, 'ADMIN = "ops@12345678901234567.com"', "Python") == ["ops@12345678901234567.com"]  # 17 digits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # package metadata naming maintainers by their GitHub no-reply address: the address names the account
        ('Author-email: Ada Quillfeather <aquillfeather-invented@users.noreply.github.com>', "aquillfeather-invented@users.noreply.github.com"),
        ('authors = [{ name = "Bo Renn", email = "1234567+bo-renn-invented@users.noreply.github.com" }]', "1234567+bo-renn-invented@users.noreply.github.com"),
    ],
)
def test_github_user_noreply_address_is_redacted(text: str, expected: str, matched) -> None:
    """A per-user no-reply address embeds the GitHub user name: it identifies a person (issue 23)."""
    assert matched(REC, text) == [expected]


def test_github_bot_noreply_address_is_kept(matched) -> None:
    assert matched(REC, "Co-authored-by: 49699333+dependabot[bot]@users.noreply.github.com") == []
