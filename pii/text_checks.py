"""Cheap checks on a candidate value: is it random enough to be a secret, or a placeholder?

Secrets in code are either recognisable by their shape (provider prefixes) or by being random
strings assigned to a secret-sounding name. "Random" is judged by Shannon entropy plus how often the
character class changes (letters ↔ digits ↔ case): identifiers, words and dotted paths have long
runs of one class, generated secrets do not. Placeholders (`changeme`, `<your-key>`, `${TOKEN}`,
`xxxx…`, AWS's `…EXAMPLE` keys) are documentation, not leaks, and redacting them would only damage
the code.
"""

import math
import re
from collections import Counter

from pii.masked_value import is_masked

_PLACEHOLDER_WORDS = (
    "example",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "dummy",
    "redacted",
    "your_",
    "your-",
    "yourkey",
    "yoursecret",
    "yourtoken",
    "yourpass",
    "insert",
    "replace",
    "xxxx",
    "****",
    "....",
    "1234567890",
    "abcdefgh",
    "secret_here",
    "token_here",
    "key_here",
)
# Whole-value references filled in elsewhere: $VAR ${VAR} $(cmd) %(name)s %VAR% {name} {{ var }}
# <placeholder> #{expr} @TOKEN@ %{User-Name} (FreeRADIUS's and Ruby's expansions) — a value that
# merely starts with `$` or `%` may be a real password.
_TEMPLATE = re.compile(
    r"\$\{?(?:[A-Z_][A-Z0-9_]*|[a-z_][a-z0-9_.]*)\}?|\$\(.*\)|%\(\w+\)[sd]|%\w+%|%[sd]|\{\{.*\}\}|\{\w*\}|<[^>]*>|#\{.*\}|@\w+@"
    r"|%\{[\w:.-]+\}"
)
_SAME_CHAR_RUN = re.compile(r"(.)\1{5,}")
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


def shannon_entropy(value: str) -> float:
    """Bits per character of the value's own character distribution."""
    if not value:
        return 0.0
    size = len(value)
    return -sum(n / size * math.log2(n / size) for n in Counter(value).values())


def _char_class(char: str) -> int:
    if char.isdigit():
        return 0
    return 1 if char.islower() else 2


def class_transitions(value: str) -> int:
    """How often digits, lower- and upper-case letters alternate (punctuation is skipped).

    Punctuation is ignored so that paths and dotted names (`year=2019/month=6`) do not count as
    mixed: only their few letter/digit switches remain.
    """
    classes = [_char_class(c) for c in value if c.isalnum()]
    return sum(1 for a, b in zip(classes, classes[1:]) if a != b)


def is_wordy(value: str, min_run: float = 5, vowels: str = "aeiouAEIOU") -> bool:
    """Made of words: long letter runs (CamelCase split) with an English share of vowels.

    Identifiers, licence ids and paths (`LicenseRef-scancode-3com`, `TestSecretManager`,
    `data/year=2019/part-0.parquet`) have runs of five letters or more on average and about 35 %
    vowels; random text has short runs and about 20 % vowels. Requiring both keeps random
    lower-case-and-digit secrets, whose runs are long by chance, on the random side.
    """
    words = _WORD.findall(value)
    letters = sum(map(len, words))
    if not words or letters / len(words) < min_run:
        return False
    vowel_count = sum(1 for word in words for c in word if c in vowels)
    return vowel_count / letters >= 0.3


# Credentials printed in the specifications that define them, copied into every library's tests:
# RFC 6749 §4.1.4/§5.1 (OAuth 2.0 access and refresh tokens), RFC 5849 §1.2/§3.1 (OAuth 1.0 client
# and token credentials), RFC 6750 and RFC 7628 bearer examples, RFC 3414's SNMPv3 key localization
# vectors, the Google Authenticator key-URI example secret, a vendor's API documentation example
# (Telegram's bot token) and a file format's published default password (Excel's). A value that contains one (`JBSWY3DPEHPK3PXP` repeated to 24 characters,
# a truncated SASL example) is the same example.
DOCUMENTED_CREDENTIALS = frozenset(
    {
        "2YotnFZFEjr1zCsicMWpAA", "tGzv3JOkF0XG5Qx2TlKWIA", "dpf43f3p2l4k3l03", "kd94hf93k423kf44",
        "hh5s93j4hdidpola", "hdhd0244k9j7ao03", "nnch734d00sl2jdk", "pfkkdhi9sl3r4s00", "9djdj82h48djs9d2",
        "kkk9d7dh3k39sjv7", "JBSWY3DPEHPK3PXP",
        # RFC 6750 §2.1 / §2.3 (bearer token usage) and RFC 7628 §4.1 (OAuth over SASL) examples
        "mF_9.B5f-4.1JqM", "h480djs93hd8", "vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg",
        # RFC 6749's client credentials (§2.3.1, and `s6BhdRkqt3:gX1fBat3bV` as HTTP Basic in §4.1.3),
        # authorization code (§4.1.2) and resource owner password (`johndoe` / `A3ddj3w`, §4.3.2)
        "s6BhdRkqt3", "7Fjfp0ZBr1KtDRbnfVdmIw", "gX1fBat3bV", "czZCaGRSa3F0MzpnWDFmQmF0M2JW",
        "SplxlOBeZQQYbYS6WxSbIA", "A3ddj3w",
        # OpenID Connect Core 1.0's token response example (§3.1.3.3), OAuth 2.0's drafts before it
        "SlAV32hkKG", "8xLOxBtZp8",
        # RFC 3414 appendix A.3 (SNMPv3 USM): the keys localized from password `maplesyrup` for engine
        # 00…02, MD5 and SHA, and the SHA key's first 16 bytes as a privacy key (SNMP libraries' examples)
        "526f5eed9fcce26f8964c2930787d82b", "6695febc9288e36282235fc7151f128497b38f3f",
        "6695febc9288e36282235fc7151f1284",
        # The Telegram Bot API documentation's example bot token (core.telegram.org/bots/api, "Authorizing
        # your bot"), which bot libraries' tests use as their key (aiogram's login-widget HMAC test)
        "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11",
        # MS-OFFCRYPTO's default password: Excel encrypts a workbook "protected" without one with it, so
        # every Office decryption library (msoffcrypto, oletools) names it to open such files
        "VelvetSweatshop",
    }
)


def is_placeholder(value: str) -> bool:
    """True for documentation stand-ins and template references rather than real values."""
    if value in DOCUMENTED_CREDENTIALS or any(
        len(documented) >= 10 and (documented in value or (len(value) >= 10 and value in documented))
        for documented in DOCUMENTED_CREDENTIALS
    ):
        return True
    lowered = value.lower()
    if any(word in lowered for word in _PLACEHOLDER_WORDS):
        return True
    if _TEMPLATE.fullmatch(value) or is_masked(value):
        return True  # a reference filled in elsewhere; a mask printed in place of the value (`*MASKED*`)
    return _SAME_CHAR_RUN.search(value) is not None and not random_beside_padding(value)


def random_beside_padding(value: str) -> bool:
    """A run of one character (`AAAAAAAA…`, `000000…`) pads a placeholder only when nothing random
    stands beside it: `ghp_AAAA…`, `xxxxxxxx` are stand-ins, but a bearer token whose encoded header
    is mostly zero bytes (`AAAAAAAAAAAAAAAAAAAAA` + 80 mixed characters) is still a credential. What
    is left once the runs are taken out must be 16+ characters that look random (`looks_random`)."""
    rest = _SAME_CHAR_RUN.sub("", value)
    return len(rest) >= 16 and looks_random(rest)


_LEET = str.maketrans("013457$@", "oieastsa")


_HEX = frozenset("0123456789abcdefABCDEF")
_LEET_DIGITS = frozenset("013457")
_WORDY_RUN = 3.0  # letter runs of words average 4+; random mixed case about 2


def counting_run(value: str, length: int = 3) -> bool:
    """`abc`, `123`, `cba`: `length` characters in a row that count up or down by one."""
    codes = [ord(c) for c in value.lower()]
    run = 1
    for a, b, c in zip(codes, codes[1:], codes[2:]):
        run = run + 1 if abs(b - a) == 1 and c - b == b - a else 1
        if run + 1 >= length:
            return True
    return False


def mean_letter_run(value: str) -> float:
    """Average length of the letter runs (CamelCase split): about 2 in random mixed case, 4+ in words."""
    words = _WORD.findall(value)
    return sum(map(len, words)) / len(words) if words else 0.0


def reads_as_words(value: str) -> bool:
    """Made of words as written (letter runs averaging 3+ with an English share of vowels), or
    once leetspeak digits are read as letters (`s3cr3tK3y` → `secretKey`). Only a value whose
    digits are all leetspeak digits (0 1 3 4 5 7) is read that way, and never hex: random
    lower-case-and-digit strings would turn into vowel-rich letter runs."""
    if is_wordy(value) or is_wordy(value, min_run=_WORDY_RUN, vowels="aeiouyAEIOUY"):
        return True
    digits = {c for c in value if c.isdigit()}
    if all(c in _HEX for c in value) or not digits <= _LEET_DIGITS:
        return False
    return is_wordy(value.translate(_LEET), min_run=4)


def looks_random_short(value: str) -> bool:
    """An 8–15 character value that reads as generated: what services issue as app keys and secrets
    (`_THEPLATFORM_SECRET = '…'`, ten mixed-case letters and digits).

    Short values carry little entropy, so the rule asks for structure: letters and digits only,
    at least two of lower case, upper case and digits (letters alone must change case every two
    or three letters: `toString`, `TestPassword` do not), at least 50 % distinct
    characters, a class change on at least every fourth character, no counting run (`abc`, `123`),
    and no reading as words (`reads_as_words`: `s3cr3tK3y`, `Passw0rd1`, `MySecret123`). Measured
    by `benchmarks/pii_random_rule.py` (figures in pii/DECISIONS.md).
    """
    if not 8 <= len(value) < 16 or is_placeholder(value):
        return False
    if not all(c.isascii() and (c.isalnum() or c in "+/=") for c in value):
        return False  # `l2ng-l2-vlan-id`, `key_v2_old`: separators join words (base64's `+/=` do not)
    classes = {_char_class(c) for c in value if c.isalnum()}
    if len(classes) < 2 or len(set(value)) < 0.5 * len(value):
        return False
    if 0 not in classes and mean_letter_run(value) > 2.5:
        return False  # letters only: random case changes every two letters or so, CamelCase does not
    if class_transitions(value) < max(2, len(value) // 4) or counting_run(value):
        return False
    return not reads_as_words(value)


_CAMEL_PIECE = re.compile(r"[A-Z][a-z]+")


def camel_case_words(value: str) -> bool:
    """Capitalised pieces back to back, each with a vowel (`NotTheSecretToken`, `MyAppClientKey`):
    words in CamelCase, however short. Random letters rarely line up so (no two capitals side by
    side, a vowel in every piece): 0.05 % of 16-letter random strings, none of 24 letters or more
    (20,000 of each, seeded)."""
    pieces = _CAMEL_PIECE.findall(value)
    return "".join(pieces) == value and all(any(c in "aeiouy" for c in piece) for piece in pieces)


def looks_random(value: str, min_length: int = 16) -> bool:
    """True when the value reads like generated key material rather than words or identifiers.

    Thresholds sit below what random strings of the lengths providers issue reach (random hex of
    16+ characters almost always has ≥ 2.75 bits per character and changes class on about half of
    its characters) and above identifiers such as `user_profile_settings_2` or `v1.2.3-beta`.
    Measured on random strings: ≥ 0.93 accepted at 20 characters, ≥ 0.98 from 32 on.
    """
    if len(value) < min_length or is_placeholder(value) or any(c.isspace() for c in value):
        return False
    has_digit = any(c.isdigit() for c in value)
    if not any(c.isalpha() for c in value):
        return False
    if not has_digit:
        # Short generated secrets almost always contain a digit; longer ones without digits must
        # alternate case like random text (every other character), not like CamelCase words.
        mixed_case = any(c.islower() for c in value) and any(c.isupper() for c in value)
        if len(value) < 16 or not mixed_case or class_transitions(value) < len(value) // 3:
            return False
        if camel_case_words(value):
            return False  # short words change case as often: `NotTheSecretToken`
    if shannon_entropy(value) < 2.75 or is_wordy(value):
        return False
    return class_transitions(value) >= max(4, len(value) // 6)


# Symbols a hand-made key mixes in (`$`, `!`, `#`…). Not those that write paths, URLs, versions, key
# bindings, formats, templates, patterns or lists (`/ \\ : . + % { } [ ] ( ) < > | , ; = '` and quotes).
_KEY_SYMBOLS = frozenset("!#$&*?@^_~-")


def mixes_four_classes(value: str) -> bool:
    """An 8–15 character value that mixes lower case, upper case, digits and symbols the way a person
    makes a key up by hand (`iN4$aGr0m`-like leetspeak), which `looks_random_short` refuses for its
    symbol. Also asked: every character a letter, digit or `_KEY_SYMBOLS` symbol (no path, URL,
    version, `%Y-%m-%d`-style format, `Ctrl+Shift+F1` binding, template or pattern), 75 % distinct
    characters, letter runs shorter than two on average (`My_Key_2!`, `P@ssw0rd!` are words with
    symbols), a class change on at least every third letter or digit, no counting run (`Abc123!`) and
    no reading as words. Only asked of a value under a secret-like name."""
    if not 8 <= len(value) < 16 or not value.isascii() or is_placeholder(value):
        return False
    if not all(c.isalnum() or c in _KEY_SYMBOLS for c in value):
        return False
    if not (any(c.islower() for c in value) and any(c.isupper() for c in value) and any(c.isdigit() for c in value)
            and any(c in _KEY_SYMBOLS for c in value)):
        return False
    alnum = sum(c.isalnum() for c in value)
    if len(set(value)) < 0.75 * len(value) or mean_letter_run(value) >= 2 or class_transitions(value) < alnum // 3:
        return False
    return not counting_run(value) and not reads_as_words(value)
