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
from pii.test_key_files import is_test_key_file

_MEMBER = re.compile(
    r"""(?<![\w-])\\?["']?(d|p|q|dp|dq|qi|k)\\?["']?[ \t]*[:=][ \t]*\\?["']([A-Za-z0-9_\-+/]{16,4096}={0,2})\\?["']"""
)
_OCT = re.compile(r"""kty\\?["']?[ \t]*[:=][ \t]*\\?["']oct\\?["']""")
_MAX_OBJECT = 40_000
_BRACE = re.compile(r"[{}]")


def _object_bounds(text: str, kty: int) -> tuple[int, int] | None:
    """The `{…}` around position `kty`, by brace counting (a JWK holds no braces in its values),
    within `_MAX_OBJECT` characters either side. Only the braces are visited: backwards over the
    reversed stretch before `kty`, then forwards."""
    low = max(0, kty - _MAX_OBJECT)
    depth, start = 0, -1
    for brace in _BRACE.finditer(text[low:kty][::-1]):
        if brace.group() == "}":
            depth += 1
        elif depth == 0:
            start = kty - 1 - brace.start()
            break
        else:
            depth -= 1
    if start == -1:
        return None
    depth = 0
    for brace in _BRACE.finditer(text, kty, min(len(text), kty + _MAX_OBJECT)):
        if brace.group() == "{":
            depth += 1
        elif depth == 0:
            return start, brace.end()
        else:
            depth -= 1
    return None


class JwkRecognizer(CodeRecognizer):
    USES_PATH = True

    def __init__(self) -> None:
        super().__init__([PRIVATE_KEY, KEY])

    def find_at(self, text: str, language: str | None, path: str | None) -> Iterator[Finding]:
        """Like the PEM recognizer, a JWK in test code or in a test folder's key file is the test's own key."""
        code = language in CODE_LANGUAGES
        if (is_test_path(path) and code) or is_test_key_file(path, code):
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
