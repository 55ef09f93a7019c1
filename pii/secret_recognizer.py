"""Generic secrets: random-looking values assigned to secret-sounding names, and bearer tokens.

Most leaked credentials have no provider prefix (Flask `SECRET_KEY`, Django keys, internal API
tokens, Twilio auth tokens). They are recognised by the pair "secret-sounding name + random-looking
value". Both halves are needed: the same random string next to a neutral name is a hash, a UUID, a
test vector or a checksum, and a word next to a secret name is a setting (`token_type = "bearer"`).
Names are compared word by word (`max_tokens` and `keyboard` contain the letters but not the words),
and names that describe a secret rather than hold one (`token_url`, `secret_name`) are skipped.
"""

import re
from collections.abc import Iterator

from pii.assignments import find_assignments, keyword_hits, name_words
from pii.entities import KEY
from pii.password_recognizer import PASSWORD_WORDS
from pii.recognizer_base import CodeRecognizer, Finding
from pii.text_checks import looks_random

_STEMS = ("secret", "token", "key", "auth", "credential", "bearer", "signature", "salt", "hmac", "sig")
SECRET_WORDS = frozenset(
    {
        "secret", "secrets", "token", "key", "apikey", "auth", "credential", "credentials", "bearer", "signature",
        "secretkey", "accesskey", "privatekey", "authtoken", "accesstoken", "refreshtoken", "salt", "sig", "hmac",
        "clientsecret", "apitoken", "authkey", "signingkey", "masterkey",
    }
)
# Words that make the name describe a secret instead of holding one.
_DESCRIPTIVE_WORDS = frozenset(
    {
        "name", "names", "id", "ids", "file", "path", "dir", "url", "uri", "endpoint", "env", "var", "field", "header",
        "prefix", "suffix", "length", "len", "size", "type", "types", "param", "label", "hint", "prompt", "message",
        "msg", "format", "pattern", "regex", "column", "attr", "index", "count", "expires", "expiry", "expiration",
        "ttl", "timeout", "provider", "class", "module", "store", "storage", "ref", "location", "bucket", "region",
        "alias", "arn", "policy", "version", "mode", "algorithm", "alg", "scope", "scopes", "cache",
        "lookup", "map", "dict", "list", "error", "enabled", "required", "valid", "validator", "template",
    }
)
# `Authorization: Bearer <token>`, `token <value>` in headers and curl lines.
_BEARER_VALUE = re.compile(r"[ \t]+([A-Za-z0-9._~+/\-]{20,400}=*)")


def is_secret_name(name: str) -> bool:
    words = name_words(name)
    return (
        any(word in SECRET_WORDS for word in words)
        and not any(word in _DESCRIPTIVE_WORDS for word in words)
        and not any(word in PASSWORD_WORDS for word in words)
    )


class SecretRecognizer(CodeRecognizer):
    def __init__(self) -> None:
        super().__init__([KEY])

    def find(self, text: str, language: str | None = None) -> Iterator[Finding]:
        hits = keyword_hits(text, _STEMS)
        for assignment in find_assignments(text, hits, language):
            value = assignment.value
            if len(value) <= 256 and is_secret_name(assignment.name) and looks_random(value):
                yield Finding(KEY, assignment.start, assignment.end)
        for hit_start, hit_end in hits:
            if hit_end - hit_start in (5, 6) and text[hit_start:hit_end].lower() in ("bearer", "token"):
                match = _BEARER_VALUE.match(text, hit_end)
                if match and looks_random(match.group(1)):
                    yield Finding(KEY, match.start(1), match.end(1))
