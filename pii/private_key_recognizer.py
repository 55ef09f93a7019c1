"""PEM / OpenSSH / PGP private key blocks, redacted whole from BEGIN to END.

Keys appear as files of their own, as multi-line string literals, and as one-line strings with
`\\n` escapes or concatenated pieces; matching lazily from the BEGIN marker to the END marker with
the same label covers all three. A block cut off before its END marker (truncated file, key split
over concatenated strings that end early) is redacted up to the end of its base64 body. Blocks whose
body is too short to hold a key (`-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----` in
documentation) are left alone.
"""

import re
from collections.abc import Iterator

from pii.entities import PRIVATE_KEY
from pii.recognizer_base import CodeRecognizer, Finding

_BEGIN = re.compile(r"-----BEGIN ((?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?)-----")
# Base64 lines, optionally wrapped in string syntax: quotes, `\n` escapes, `+` / `,` concatenation.
_BODY = re.compile(r"(?:(?:\\[nr]|[\s\"'+,]){0,12}(?:[A-Za-z0-9+/=]{16,}|[A-Za-z][\w-]*: [^\n\\]*))+")
_MIN_BODY_CHARS = 64
_MAX_BLOCK = 20_000


class PrivateKeyRecognizer(CodeRecognizer):
    def __init__(self) -> None:
        super().__init__([PRIVATE_KEY])

    def find(self, text: str, language: str | None = None) -> Iterator[Finding]:
        if "PRIVATE KEY" not in text:
            return
        position = 0
        while (begin := _BEGIN.search(text, position)) is not None:
            end_marker = f"-----END {begin.group(1)}-----"
            end = text.find(end_marker, begin.end(), begin.end() + _MAX_BLOCK)
            if end != -1:
                body, block_end = text[begin.end() : end], end + len(end_marker)
            else:
                body_match = _BODY.match(text, begin.end())
                block_end = body_match.end() if body_match else begin.end()
                body = text[begin.end() : block_end]
            if sum(c.isalnum() for c in body) >= _MIN_BODY_CHARS:
                yield Finding(PRIVATE_KEY, begin.start(), block_end)
            position = max(block_end, begin.end())
