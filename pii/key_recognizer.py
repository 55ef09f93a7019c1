"""API keys and tokens whose shape the issuing provider fixes (prefix, alphabet, length).

A shape match is strong evidence whatever the surrounding name, so these are redacted wherever they
appear: string literals, comments, URLs, shell history. Providers' documentation keys (AWS's
`…EXAMPLE`, `xxxx` runs) are skipped, and so are JWTs that evidence shows to be public examples
(unsigned, signed with a secret published beside them, jwt.io's stock claims: `jwt_evidence`). The AWS secret access key has no prefix, so it is only taken
within a few lines after AWS wording. A wallet's BIP32 extended private key is taken when its checksum
holds and it is not one of the specification's test vectors (`extended_keys`).
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pii.entities import KEY
from pii.extended_keys import EXTENDED_PRIVATE_KEY, is_live_extended_private_key
from pii.ip_context import is_test_path
from pii.jwt_evidence import is_public_jwt
from pii.recognizer_base import CODE_LANGUAGES, Finding, PathRecognizer
from pii.text_checks import is_placeholder, looks_random

# Keys are never glued to a longer token. The start boundary is checked in Python rather than by a
# leading lookbehind, which would stop the regex engine from jumping between literal prefixes.
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_E = r"(?![A-Za-z0-9_\-])"


@dataclass(frozen=True)
class KeyShape:
    """One provider's token format. `group` selects the secret part when a label precedes it.

    Every pattern starts with a literal prefix, so the regex engine finds candidates with a fast
    substring search: on a text without keys each shape costs about as much as one `in` test.
    """

    name: str
    pattern: re.Pattern[str]
    group: int = 0
    check_random: bool = False
    prefix: str = ""
    """Set for a pattern with an unbounded part: candidates are found by this literal and a start glued
    to a longer token is skipped before the pattern runs.  Run by `finditer`, the pattern would read
    the rest of the token from every `eyJ` inside it: a 100 kB run of them took 3.3 s, a 1 MB one
    minutes (base64 of JSON holds an `eyJ` at every third `{"`)."""

    def matches(self, text: str) -> Iterator[re.Match[str]]:
        if not self.prefix:
            yield from self.pattern.finditer(text)
            return
        at = text.find(self.prefix)
        while at != -1:
            match = None if at > 0 and text[at - 1] in _TOKEN_CHARS else self.pattern.match(text, at)
            if match is not None:
                yield match
            at = text.find(self.prefix, match.end() if match is not None else at + 1)


SHAPES: tuple[KeyShape, ...] = (
    KeyShape("aws_access_key_id", re.compile(r"A(?:KIA|SIA|ROA|IDA|GPA|NPA|NVA|PKA)[A-Z2-7]{16}(?![A-Z0-9])")),
    KeyShape("github", re.compile(r"gh[pousr]_[A-Za-z0-9]{36,251}" + _E)),
    KeyShape("github_fine_grained", re.compile(r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}" + _E)),
    KeyShape("gitlab", re.compile(r"gl(?:pat|dt|rt|ptt)-[A-Za-z0-9_\-]{20,64}" + _E)),
    KeyShape("slack", re.compile(r"xox[abposre]-[0-9A-Za-z\-]{10,250}" + _E), check_random=True),
    KeyShape(
        "slack_webhook",
        re.compile(r"hooks\.slack\.com/services/(T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12}/[A-Za-z0-9]{20,32})"),
        group=1,
    ),
    KeyShape("stripe_secret", re.compile(r"sk_live_[0-9A-Za-z]{24,247}" + _E)),
    KeyShape("stripe_restricted", re.compile(r"rk_live_[0-9A-Za-z]{24,247}" + _E)),
    KeyShape("google_api", re.compile(r"AIza[0-9A-Za-z_\-]{35}" + _E)),
    KeyShape(
        "openai_anthropic",
        re.compile(r"sk-(?:proj-|svcacct-|admin-|ant-(?:api|admin)\d\d-)?[A-Za-z0-9_\-]{32,200}" + _E),
        check_random=True,
    ),
    KeyShape("npm", re.compile(r"npm_[A-Za-z0-9]{36}" + _E)),
    KeyShape("sendgrid", re.compile(r"SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}" + _E)),
    KeyShape("twilio_api_key", re.compile(r"SK[0-9a-f]{32}(?![A-Za-z0-9])"), check_random=True),
    KeyShape("azure_storage", re.compile(r"AccountKey=([A-Za-z0-9+/]{40,100}={0,2})"), group=1),
    KeyShape("azure_shared_access", re.compile(r"SharedAccessKey=([A-Za-z0-9+/]{40,100}={0,2})"), group=1),
    KeyShape("huggingface", re.compile(r"hf_[A-Za-z]{34}" + _E)),
    KeyShape("pypi", re.compile(r"pypi-AgE[A-Za-z0-9_\-]{50,}" + _E)),
    KeyShape("django", re.compile(r"django-insecure-[a-z0-9!@#$%^&*(\-_=+)]{40,60}")),
    KeyShape("shopify", re.compile(r"shp(?:at|ca|pa|ss)_[0-9a-fA-F]{32}" + _E)),
    KeyShape("square", re.compile(r"sq0(?:atp|csp)-[0-9A-Za-z_\-]{22,43}" + _E), check_random=True),
    KeyShape("digitalocean", re.compile(r"do[opr]_v1_[0-9a-f]{64}" + _E)),
    KeyShape("databricks", re.compile(r"dapi[0-9a-f]{32}(?:-\d)?" + _E), check_random=True),
    KeyShape("slack_app", re.compile(r"xapp-\d-[A-Z0-9]{6,16}-\d{6,16}-[0-9a-f]{64}" + _E)),
    KeyShape("age", re.compile(r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}")),
    KeyShape("jwt", re.compile(r"eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}" + _E), prefix="eyJ"),
)



def first_letter_groups(shapes: tuple[KeyShape, ...]) -> tuple[tuple[re.Pattern[str] | None, frozenset[str]], ...]:
    """Shapes whose patterns start with the same literal letter, with one alternation of their patterns.

    Each pass of the regex engine costs a scan for the pattern's first literal character, so the
    alternation finds whether any shape of a group matches in one pass instead of one per shape;
    when it finds nothing (nearly always), none of them can match. A shape alone in its group
    has no alternation (None): its own pattern is run directly.
    """
    groups: dict[str, list[KeyShape]] = {}
    for shape in shapes:
        first = shape.pattern.pattern[0]
        groups.setdefault(first if first.isalnum() else shape.name, []).append(shape)
    return tuple(
        (re.compile("|".join(f"(?:{shape.pattern.pattern})" for shape in members)) if len(members) > 1 else None,
         frozenset(shape.name for shape in members))
        for members in groups.values()
    )


_GROUPS = first_letter_groups(SHAPES)

# Formats without a literal prefix are searched only after a cheap substring test finds their infix.
_INFIX_SHAPES = (
    ("-us", KeyShape("mailchimp", re.compile(r"(?<![0-9a-f])[0-9a-f]{32}-us\d{1,2}(?![\w-])"), check_random=True)),
    (":AA", KeyShape("telegram_bot", re.compile(r"(?<![\d:])\d{8,10}:AA[0-9A-Za-z_\-]{33}(?![\w-])"))),
)
_AWS_WORDS = ("aws", "AWS", "Aws")
_AWS_CONTEXT = re.compile(r"aws|AWS|Aws")
_AWS_SECRET = re.compile(r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")
_AWS_WINDOW = 300
_BASE64_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")


def cut_short(text: str, end: int) -> bool:
    """The token runs straight into `...` or `…`: the author cut it short (a config template's
    `"token": "xoxb-4426…-aEM7..."`), so what stands is a prefix, not a usable key. The generic
    secret rule treats a value ending in `...` alike (`secret_recognizer.patterned_or_truncated`);
    a provider shape stops at the dots, so the check looks past its end."""
    return text.startswith(("...", "\u2026"), end)


class KeyRecognizer(PathRecognizer):
    def __init__(self) -> None:
        super().__init__([KEY])


    def find_at(self, text: str, language: str | None, path: str | None) -> Iterator[Finding]:
        test_code = is_test_path(path) and language in CODE_LANGUAGES
        skipped = {name for group, names in _GROUPS if group is not None and group.search(text) is None for name in names}
        shapes = tuple(shape for shape in SHAPES if shape.name not in skipped)
        shapes += tuple(shape for infix, shape in _INFIX_SHAPES if infix in text)
        for shape in shapes:
            for match in shape.matches(text):
                if shape.group == 0 and match.start() > 0 and text[match.start() - 1] in _TOKEN_CHARS:
                    continue
                value = match.group(shape.group)
                if is_placeholder(value) or (shape.check_random and not looks_random(value)):
                    continue
                if cut_short(text, match.end(shape.group)):
                    continue  # `"xoxb-1234567890-aBcD..."`: the author cut the token, no usable value
                if shape.name == "jwt" and is_public_jwt(value, text, language, test_code):
                    continue
                yield Finding(KEY, match.start(shape.group), match.end(shape.group))
        if any(word in text for word in _AWS_WORDS):
            yield from self._aws_secrets(text)
        if "prv" in text:
            for match in EXTENDED_PRIVATE_KEY.finditer(text):
                if is_live_extended_private_key(match.group()):
                    yield Finding(KEY, match.start(), match.end())  # a wallet's BIP32 key (`extended_keys`)

    @staticmethod
    def _aws_secrets(text: str) -> Iterator[Finding]:
        """40-character base64 strings within a few lines after AWS wording."""
        searched_to = 0
        for context in _AWS_CONTEXT.finditer(text):
            window_start = max(searched_to, context.end())
            searched_to = min(len(text), context.end() + _AWS_WINDOW)
            for match in _AWS_SECRET.finditer(text, window_start, searched_to):
                value = match.group()
                if match.end() < len(text) and text[match.end()] in _BASE64_CHARS:
                    continue  # cut by the window's end: part of a longer blob
                if value.lower() == value and all(c in "0123456789abcdef" for c in value):
                    continue  # git SHA-1 and other hex digests
                if looks_random(value, min_length=40):
                    yield Finding(KEY, match.start(), match.end())
