"""JSON Web Keys: the private members of a JWK, wherever the key object is written.

RFC 7518 §6 names the private parameters: `d` (EC/OKP/RSA private exponent or scalar), `p`, `q`,
`dp`, `dq`, `qi` (RSA CRT values) and `oth`; for symmetric keys (`"kty": "oct"`) the key itself is
`k`. Those values are redacted; the public members (`n`, `e`, `x`, `y`, `crv`, `kid`) stay, as a
public key is published on purpose. A JWK is found from its mandatory `kty` member: the enclosing
`{…}` is scanned for member names (quoted or not, escaped or not, so JSON files, Python dicts, JS
objects and JSON inside strings all count). `d`, `p`, `q`… are common names, so they are taken only
inside an object that has a `kty`, and only with a base64url value long enough to hold key material.
"""

import re
from collections.abc import Iterator

from pii.entities import KEY, PRIVATE_KEY
from pii.ip_context import is_test_path
from pii.recognizer_base import CODE_LANGUAGES, CodeRecognizer, Finding

_MEMBER = re.compile(
    r"""(?<![\w-])\\?["']?(d|p|q|dp|dq|qi|k)\\?["']?[ \t]*[:=][ \t]*\\?["']([A-Za-z0-9_\-+/]{16,4096}={0,2})\\?["']"""
)
_OCT = re.compile(r"""kty\\?["']?[ \t]*[:=][ \t]*\\?["']oct\\?["']""")
_MAX_OBJECT = 40_000


def _object_bounds(text: str, kty: int) -> tuple[int, int] | None:
    """The `{…}` around position `kty`, by brace counting (a JWK holds no braces in its values)."""
    depth, start = 0, kty
    while start > max(0, kty - _MAX_OBJECT):
        start -= 1
        char = text[start]
        if char == "}":
            depth += 1
        elif char == "{":
            if depth == 0:
                break
            depth -= 1
    else:
        return None
    if text[start] != "{":
        return None
    depth, end, limit = 0, kty, min(len(text), kty + _MAX_OBJECT)
    while end < limit:
        char = text[end]
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return start, end + 1
            depth -= 1
        end += 1
    return None


class JwkRecognizer(CodeRecognizer):
    USES_PATH = True

    def __init__(self) -> None:
        super().__init__([PRIVATE_KEY, KEY])

    def find_at(self, text: str, language: str | None, path: str | None) -> Iterator[Finding]:
        """Like the PEM recognizer, a JWK written inside test code is the test's own key."""
        if is_test_path(path) and language in CODE_LANGUAGES:
            return iter(())
        return self.find(text, language)

    def find(self, text: str, language: str | None = None) -> Iterator[Finding]:
        position, searched_to = text.find("kty"), 0
        while position != -1:
            bounds = _object_bounds(text, position)
            if bounds is not None and bounds[0] >= searched_to:
                start, end = bounds
                symmetric = _OCT.search(text, start, end) is not None
                for member in _MEMBER.finditer(text, start, end):
                    name = member.group(1)
                    if name == "k" and not symmetric:
                        continue
                    yield Finding(KEY if name == "k" else PRIVATE_KEY, member.start(2), member.end(2))
                searched_to = end
            position = text.find("kty", position + 3)
