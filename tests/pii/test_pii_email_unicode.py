"""E-mail addresses written in Unicode (RFC 6530/6531 local parts, IDNA domains in U-label form, IDN
TLDs): found with the same judgement as ASCII ones, their domain judged in its A-label form.

Every address here is made up; real-looking ones sit on invented names (`-invented`, `выдумка`,
`架空`: "made up"), look-alikes on reserved, test or placeholder names."""

import pytest

from pii.config import PiiConfig
from pii.email_recognizer import EmailRecognizer
from pii.redact import Redactor
from pii.unicode_domain import a_form, unicode_domain_at

REC = EmailRecognizer()


def found_at(text: str, path: str | None = None, language: str | None = None) -> list[str]:
    return [text[f.start : f.end] for f in REC.find_at(text, language, path)]


# An AUTHORS file of a project with German, Nordic, Russian, Chinese and Japanese contributors.
AUTHORS = """\
Maintainers
===========
Jörg Müller <jörg.müller@bücherhaus-invented.de>
Björn Weiß <bjoern@straßenbau-invented.de>
Åsa Lindqvist <åsa@fjällstuga-invented.se>
Иван Петров <иван@почта-выдумка.рф>
Ivan Petrov (mirror) <ivan@почта-выдумка.xn--p1ai>
张伟 <张伟@架空公司.中国>
山田太郎 <山田@架空商店.jp>
Pål Ødegård <pal@mail.ødegård-invented.no>
"""


def test_every_unicode_address_in_an_authors_file() -> None:
    assert found_at(AUTHORS, "AUTHORS.rst", "reStructuredText") == [
        "jörg.müller@bücherhaus-invented.de",
        "bjoern@straßenbau-invented.de",
        "åsa@fjällstuga-invented.se",
        "иван@почта-выдумка.рф",
        "ivan@почта-выдумка.xn--p1ai",
        "张伟@架空公司.中国",
        "山田@架空商店.jp",
        "pal@mail.ødegård-invented.no",
    ]


def test_po_header_last_translator() -> None:
    """A gettext catalogue's header: the translator's address, its line break kept or lost."""
    po = (
        'msgid ""\nmsgstr ""\n'
        '"Project-Id-Version: werkzeugkiste 2.1\\n"\n'
        '"Last-Translator: Jörg Müller <jörg@bücherhaus-invented.de>\\n"\n'
        '"Language-Team: Deutsch <übersetzer@liste.bücherhaus-invented.de>\\n"\n'
    )
    assert found_at(po, "po/de.po", "Gettext Catalog") == [
        "jörg@bücherhaus-invented.de", "übersetzer@liste.bücherhaus-invented.de"]
    glued = '"Last-Translator: Jörg <jörg@bücherhaus-invented.deLanguage-Team: Deutsch\\n"'
    assert found_at(glued, "po/de.po", "Gettext Catalog") == ["jörg@bücherhaus-invented.de"]


def test_german_changelog() -> None:
    changelog = (
        "Änderungen\n==========\n\n"
        "2.1.0 (2024-03-02)\n"
        "* Fehler beim Einlesen behoben (gemeldet von Jörg Müller <jörg.müller@bücherhaus-invented.de>).\n"
        "* Danke an björn.weiß@straßenbau-invented.de für den Patch.\n"
        "* Beispiel in der Doku: max.mustermann@müller.example (reserviert, bleibt stehen).\n"
    )
    assert found_at(changelog, "CHANGES.rst", "reStructuredText") == [
        "jörg.müller@bücherhaus-invented.de", "björn.weiß@straßenbau-invented.de"]


# A validator's test list: valid internationalised addresses on reserved and test names, invalid
# ones it must reject, and one on a real-looking registrable name.
VALIDATOR_TESTS = """\
@pytest.mark.parametrize("address", [
    "pelé@example.com",
    "用户@例子.测试",
    "иван@пример.испытание",
    "θσερ@εχαμπλε.ψομ",
    "ñoño@müller.test",
    "δοκιμή@παράδειγμα.invalid",
])
def test_valid_international(address):
    assert validate(address)

@pytest.mark.parametrize("address", [
    "me@⒈wouldbeinvalid.com",
    "me@1.אב.com",
    "me@中1111111111222222222233333333334444444444555555555666666.com",
    "me@\u0301accent-first.de",
])
def test_invalid_international(address):
    with pytest.raises(ValueError):
        validate(address)

def test_known_contributor():
    assert validate("hana@架空商店.jp")
"""


def test_validator_test_list() -> None:
    """Reserved (`.example`, `.test`, `.invalid`) and not-delegated TLDs (the IANA IDN test TLDs
    `.测试`, `.испытание`) reach nobody; names IDNA refuses (a symbol digit, a right-to-left
    label beside a digit label, an A-label over 63 octets, a leading combining mark) hold no
    mailbox; the real-looking name is an address."""
    assert found_at(VALIDATOR_TESTS, "tests/test_syntax.py", "Python") == ["hana@架空商店.jp"]


@pytest.mark.parametrize(
    "text",
    [
        "jo@müller.example",  # reserved TLD, in its U-label form
        "jo@bücher.example.de",  # an `example` label
        "ivan@foo.рф",  # metasyntactic label
        "ops@bar.xn--p1ai",
        "user@domain.com",  # ASCII placeholder: unchanged
        'Message-ID: <4f1e2d3c@mail.bücherhaus-invented.de>',  # names a message
        "git clone git@git.bücherhaus-invented.de:team/werkzeug.git",  # an SSH remote
        "  ä@ö.de  ",  # one letter on each side: a stand-in in prose about syntax
        "ivan@почта-выдумка.рф  # this domain does not exist",  # the author says so
    ],
)
def test_look_alikes_judged_like_ascii_ones(text: str) -> None:
    assert found_at(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "    ('tést@exåmple.com', 'reçipïént@exåmple.com'),",  # `example` with accents added
        "    assert parse('yamada@例え.jp').domain == '例え.jp'",  # IANA's Japanese `example`
        "    assert parse('yamada@xn--r8jz45g.jp').local == 'yamada'",  # …in its A-label form
        "    ('коля@пример.рф', 'χρήστης@παράδειγμα.ελ', '用户@例子.中国'),",  # Russian, Greek, Chinese `example`
        'validate_email("me@Ｄｏｍａｉｎ.com")',  # fullwidth: UTS #46 folds it to `me@domain.com`
        "    ('юзер@екзампл.ком', 'foo@экзампл.рус'),",  # `example` spelled in Cyrillic letters
        "    ('θσερ@εχαμπλε.ελ', True),",  # …typed on the Greek keyboard
    ],
)
def test_stand_ins_a_reader_recognises(text: str) -> None:
    """The reserved and placeholder rules read the domain as a reader sees it: accents dropped,
    compatibility forms folded, IANA's IDN test word for `example` counted as `example`."""
    assert found_at(text, "tests/test_international.py", "Python") == []


def test_accents_do_not_make_a_metasyntactic_name() -> None:
    """Only reserved and placeholder names are read without accents: `bär` is a word, not `bar`."""
    assert found_at('AUTHOR = "jo@bär.quillbyte-invented.de"') == ["jo@bär.quillbyte-invented.de"]
    assert found_at('AUTHOR = "jo@bar.quillbyte-invented.de"') == []  # the metasyntactic name itself


def test_personas_in_fixtures_on_fictional_names() -> None:
    mail = "From: Алиса <алиса@wonderland.рф>\nTo: Jörg <jörg@bücherhaus-invented.de>\n"
    assert found_at(mail, "tests/data/msg_7.eml") == ["jörg@bücherhaus-invented.de"]
    assert found_at(mail, "src/mailer/send.py", "Python") == ["алиса@wonderland.рф", "jörg@bücherhaus-invented.de"]


def test_one_rule_for_both_spellings_of_a_domain() -> None:
    """The A-label and U-label forms of one name get the same verdict."""
    assert a_form("Bücher-Haus.DE") == "xn--bcher-haus-9db.de"
    assert a_form("почта.рф") == "xn--80a1acny.xn--p1ai"
    for unicode_form, ascii_form, kept in [
        ("müller.example", "xn--mller-kva.example", True),
        ("1.אב.com", "1.xn--4dbc.com", True),  # RFC 5893 bidi rule, as in `idna_validity`
        ("bücherhaus-invented.de", "xn--bcherhaus-invented-m6b.de", False),
        ("почта-выдумка.рф", "почта-выдумка.xn--p1ai", False),
    ]:
        assert (found_at(f"jo@{unicode_form}") == []) is kept
        assert (found_at(f"jo@{ascii_form}") == []) is kept


@pytest.mark.parametrize(
    "text",
    [
        "    @größe.setter\n    def größe(self, wert):",  # a decorator with a Unicode name
        "    @属性.getter",
        "ergebnis = matrix@vektör.T",  # matrix product between Unicode identifiers
        "y = größe@gewicht.transpose()",
        "@山田 さん、レビューをお願いします。",  # a mention in Japanese text
        "感谢@山田 的帮助",
        "'description': '好听！ 微博@阿滴英文',",  # a Weibo handle in a captured page
        "    IE_DESC = 'Видео@Почта.Ру'",  # a title written around an `@` (`.ру` is no TLD)
        "    IE_DESC = 'Музыка@Mail.Ru'",  # a local part wholly in another script, on an ASCII domain
    ],
)
def test_code_and_mentions_are_not_addresses(text: str) -> None:
    assert found_at(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("如有问题请联系jo.brandt@quillbyte-invented.org获取帮助", "jo.brandt@quillbyte-invented.org"),
        ("連絡先はjo@brandt-invented.devまでお願いします", "jo@brandt-invented.dev"),
        ("문의는 jo@brandt-invented.dev로 보내 주세요", "jo@brandt-invented.dev"),
        ("連絡先: 山田@架空商店.jpまで", "山田@架空商店.jp"),
        ("邮箱：" + "联系" * 40 + "jo@brandt-invented.dev", "jo@brandt-invented.dev"),  # not a 64-character blob
    ],
)
def test_text_without_spaces_glued_to_an_address(text: str, expected: str) -> None:
    """Chinese, Japanese and Korean text runs into an address: the TLD ends at the first CJK, kana
    or Hangul letter, and on an ASCII name the local part starts after the last one."""
    assert found_at(text) == [expected]


def test_fullwidth_letters_are_folded() -> None:
    """A Japanese input method types fullwidth Latin letters; UTS #46 folds them (NFKC), so the TLD is `.jp`."""
    assert found_at("連絡先: 山田@架空商店.ｊｐ") == ["山田@架空商店.ｊｐ"]


def test_fullwidth_at_sign() -> None:
    """`＠` is how Japanese and Chinese pages write an address so that harvesters miss it."""
    text = "お問い合わせ：yamada＠quillbyte-invented.co.jp／山田＠架空商店.jp（＠山田 さんまで）"
    assert found_at(text, "README.ja.md", "Markdown") == ["yamada＠quillbyte-invented.co.jp", "山田＠架空商店.jp"]
    assert found_at("    ('＠@fullwidth.test', True),") == []


def test_authority_of_a_url_in_the_same_file_is_user_info() -> None:
    """An IRI test lists a URL's authority by itself: `Bü:ẞ` is its user and password there too."""
    text = (
        '    assert iri_reference("http://Bü:ẞ@βόλος-invented.com/β?λ#ος") == (\n'
        '        "http",\n        "Bü:ẞ@βόλος-invented.com",\n'
    )
    assert found_at(text, "tests/test_iri.py", "Python") == []
    # a colon before an address that no URL of the file carries is no user info: `Contact:` is a label
    assert found_at("Contact:jörg@bücherhaus-invented.de") == ["jörg@bücherhaus-invented.de"]


def test_local_parts_with_combining_marks() -> None:
    """Devanagari vowel signs are combining marks, which Python's `\\w` does not match."""
    assert found_at("संपर्क: राम@मोहन-काल्पनिक.भारत") == ["राम@मोहन-काल्पनिक.भारत"]


def test_unicode_domain_candidates() -> None:
    assert unicode_domain_at("x@bücher.de", 2) is not None
    assert unicode_domain_at("x@buecher.de", 2) is None  # ASCII names are the ASCII pattern's
    assert unicode_domain_at("x@bü_cher.de", 2) is None
    assert unicode_domain_at("x@bücher.de.", 2).written == "bücher.de"


def test_redacted_with_the_same_stand_ins_as_ascii_addresses() -> None:
    redactor = Redactor(PiiConfig())
    text = (
        "Jörg Müller <jörg@bücherhaus-invented.de>\n"
        "jo <jo@quillbyte-invented.org>\n"
        "# again: jörg@bücherhaus-invented.de\n"
    )
    result = redactor.redact(text, "Text", "AUTHORS")
    assert result.text == (
        "Jörg Müller <redacted1@example.com>\n"
        "jo <redacted2@example.com>\n"
        "# again: redacted1@example.com\n"
    )
    assert result.counts == {"EMAIL": 3}
    assert redactor.redact(result.text, "Text", "AUTHORS").counts == {}  # the stand-ins stay
