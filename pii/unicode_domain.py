"""E-mail domains written in Unicode (IDNA U-labels), matched and turned into their `xn--` form.

An internationalised address (RFC 6530/6531) may hold letters of any script in its local part and
in its domain: `jörg.müller@bücher-haus.de`, `ivan@почта.рф`, `山田@例え.jp`. Its domain is a
registered name all the same — a registry holds it in its A-label form (`xn--bcher-haus-ifb.de`,
RFC 5890/5891) — so the recognizer judges it there: the U-labels are mapped as UTS #46 does (NFKC,
lower case: `Ｄｏｍａｉｎ` is `domain`) and Punycode-encoded (RFC 3492, Python's codec, as
`idna_validity` decodes), and the result goes through the very rules an ASCII domain does (real
TLD, reserved and made-up names, `idna_validity`). One rule serves both spellings:
`jo@müller.example` is as reserved as `jo@xn--mller-kva.example`.

The reserved and placeholder rules also read a domain as a reader sees it (`shown_form`: A-labels
decoded, accents dropped): `tést@exåmple.com` is `example.com`; IANA's IDN test word for "example"
(`例え`, `пример`, `例子` …) and `example` spelled in Cyrillic or Greek letters (`екзампл`,
`εχαμπλε`) count as the label `example` (`names_example`).

A name no registry can hand out holds no mailbox, so a label is refused (and the candidate dropped)
when, once mapped, it holds anything but letters, combining marks, decimal digits and hyphens (IDNA
2008 allows no symbol; `⒈` in `me@⒈wouldbeinvalid.com`, a validator's invalid case, maps to `1.`), starts with a
combining mark (RFC 5891 §4.2.3.2), has hyphens in its third and fourth places without being an
A-label (§4.2.3.1), or whose A-label is longer than 63 octets; a name longer than 253 is refused
too (RFC 1035 §2.3.4). Python's `\\w` does not match combining marks (the vowel signs of Devanagari
`टेस्ट`), so the patterns here add them.

The TLD may be glued to the text after it in scripts written without spaces (`jo@bücher.deまで`,
`jo@brandt.dev로`): a Latin TLD ends where a CJK, kana or Hangul letter follows.
"""

import re
import unicodedata
from dataclasses import dataclass


def _mark_ranges(limit: int = 0x20000) -> str:
    """A character-class body of every combining mark (categories Mn, Mc, Me) below `limit` (all
    scripts in use sit in the first two planes)."""
    ranges: list[tuple[int, int]] = []
    for code in range(limit):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(f"\\U{a:08x}-\\U{b:08x}" if a != b else f"\\U{a:08x}" for a, b in ranges)


MARKS = _mark_ranges()
# CJK ideographs, kana and Hangul: scripts written without spaces between words.
CJK_LETTER = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
# A word character or a combining mark (`_` is refused after the match: no label holds it).
_CHAR = rf"[\w{MARKS}]"
_LABEL = rf"{_CHAR}(?:[\w{MARKS}-]{{0,61}}{_CHAR})?"
_U_DOMAIN = re.compile(
    rf"(?:{_LABEL}\.){{1,8}}"
    rf"(?:[A-Za-z]{{2,24}}(?=[{CJK_LETTER}])|[a-z]{{2,24}}(?=[A-Z][a-z])"
    rf"|(?:[Xx][Nn]--[A-Za-z0-9-]{{0,58}}[A-Za-z0-9]|{_CHAR}{{2,63}})(?![\w{MARKS}-]|\.{_CHAR}))"
)
# The last characters before an `@` that may form a local part: a letter or digit first, then
# letters, marks, digits and `._%+-` (RFC 6531 allows any letter).
LOCAL_TAIL = re.compile(rf"[^\W_][\w{MARKS}.%+-]{{0,63}}\Z")
_LABEL_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd"})


@dataclass(frozen=True)
class UnicodeDomain:
    end: int  # where the domain ends in the text
    written: str  # as written (U-labels)
    a_form: str  # lower-cased, every U-label as its A-label (`xn--…`)


def _idna_letters(label: str) -> bool:
    """Letters, combining marks, decimal digits and hyphens only, not starting with a mark."""
    if not label or unicodedata.category(label[0])[0] == "M":
        return False
    return all(c == "-" or (c.isalnum() if c.isascii() else unicodedata.category(c) in _LABEL_CATEGORIES) for c in label)


def a_label(label: str) -> str | None:
    """The A-label of one label (ASCII labels lower-cased); None when IDNA refuses it.

    Mapped as UTS #46 does before encoding: compatibility forms folded (NFKC: `Ｄｏｍａｉｎ` is
    `domain`), lower-cased."""
    if label.isascii():
        return label.lower()
    label = unicodedata.normalize("NFKC", label).lower()
    if not _idna_letters(label):
        return None  # `⒈` folds to `1.`; a symbol, a leading combining mark
    if label.isascii():
        return label
    if label[2:4] == "--":
        return None
    encoded = "xn--" + label.encode("punycode").decode("ascii")
    return encoded if len(encoded) <= 63 else None


def a_form(domain: str) -> str | None:
    """The domain with every U-label as its A-label; None when a label cannot be one."""
    labels = [a_label(label) for label in domain.split(".")]
    if any(label is None for label in labels):
        return None
    joined = ".".join(labels)  # type: ignore[arg-type]
    return joined if len(joined) <= 253 else None


def unicode_domain_at(text: str, start: int) -> UnicodeDomain | None:
    """A domain starting at `start` that holds at least one non-ASCII letter, with its A-label form;
    None when there is none or IDNA refuses it (module docstring). ASCII-only names are the ASCII
    pattern's to judge."""
    match = _U_DOMAIN.match(text, start)
    if match is None:
        return None
    written = match.group()
    if written.isascii() or "_" in written:
        return None
    converted = a_form(written)
    return None if converted is None else UnicodeDomain(match.end(), written, converted)


def a_label_tlds(tlds: frozenset[str]) -> frozenset[str]:
    """The `xn--` forms of the internationalised TLDs in `tlds` (`рф` → `xn--p1ai`)."""
    return frozenset(filter(None, (a_label(tld) for tld in tlds if not tld.isascii())))


# IANA's IDN test names (2007–2013): the word "example" in eleven languages under the word "test"
# (`例え.テスト`, `пример.испытание`, `例子.测试`, `उदाहरण.परीक्षा` …), the IDN counterpart of
# RFC 2606's `example.test`; internationalised fixtures use them as `example` (`yamada@例え.jp`).
# Arabic and Persian share `مثال`.
_IANA_EXAMPLE_WORDS = ("مثال", "例子", "пример", "उदाहरण", "παράδειγμα", "실례", "בײַשפּיל", "例え", "உதாரணம்")


def shown_form(domain: str) -> str | None:
    """The domain as a reader sees it: A-labels decoded, lower-cased, accents and other combining
    marks dropped (`xn--exmple-cua.com` → `example.com`, `Bücher.de` → `bucher.de`); None when an
    A-label does not decode."""
    labels = []
    for label in domain.lower().split("."):
        if label.startswith("xn--"):
            try:
                label = label[4:].encode("ascii").decode("punycode")
            except (UnicodeError, ValueError):
                return None
        decomposed = unicodedata.normalize("NFKD", label)
        labels.append("".join(c for c in decomposed if unicodedata.category(c)[0] != "M").lower())
    return ".".join(labels)


EXAMPLE_WORDS = frozenset(filter(None, map(shown_form, _IANA_EXAMPLE_WORDS)))
# `example` spelled in Cyrillic or Greek letters, as internationalised test cases write it: by sound
# (`екзампл.ком`, `экзампл.рус`) or typed on the Greek keyboard (`εχαμπλε`). The letters are read
# as the Latin ones they stand for; only a whole label that then reads `example` counts.
_TO_LATIN = str.maketrans({
    "е": "e", "э": "e", "є": "e", "к": "k", "с": "s", "з": "z", "а": "a", "м": "m", "п": "p", "л": "l",  # Cyrillic
    "ε": "e", "χ": "x", "ξ": "x", "κ": "k", "σ": "s", "α": "a", "μ": "m", "π": "p", "λ": "l",  # Greek
})
_SPELLED_EXAMPLE = re.compile(r"e(?:x|ks|kz)ample?")


def names_example(shown: str) -> bool:
    """A label of the shown form is IANA's `example` in another language, or `example` spelled in
    Cyrillic or Greek letters."""
    return any(
        label in EXAMPLE_WORDS or (not label.isascii() and _SPELLED_EXAMPLE.fullmatch(label.translate(_TO_LATIN)))
        for label in shown.split(".")
    )
