"""Session cookies captured in HTTP headers: the session id of a `Set-Cookie:` or `Cookie:` line.

A recorded response (a replay file, a cassette, a transcript pasted into an issue) keeps the
`Set-Cookie` header the service sent, and a recorded request the `Cookie` header the client sent
back. A session id is a bearer credential for as long as its session lives, and no code needs its
value. Taken: in a header line of either name (at a line start, or after a quote or an escaped
`\\r\\n` / `\\n` when the message sits inside a string), each `name=value` pair whose name says
session (`session_id`, `sessionid`, `PHPSESSID`, `JSESSIONID`, `sid`, `_app_session`) or
authentication (`auth_token`, `remember_token`), whose value looks random (`looks_random`: 16 or
more characters). Kept: the attributes (`expires`, `path`, `domain`), preference cookies, CSRF
tokens (an anti-forgery value, no login by itself), placeholders and short or patterned values, and
everything in test programs, where a session id is the suite's own fixture. (CSRF cookies named
`csrftoken`, `_auth_csrf` or Rails' `authenticity_token` are kept however they are named.)
"""

import re
from collections.abc import Iterator

from pii.entities import KEY
from pii.ip_context import is_test_path
from pii.recognizer_base import CODE_LANGUAGES, Finding, PathRecognizer
from pii.text_checks import is_placeholder, looks_random

_HEADER = re.compile(r"(?i)(?:^|(?<=[\"'\s])|(?<=\\r\\n)|(?<=\\n))(?:set-)?cookie[ \t]*:[ \t]*", re.MULTILINE)
_COOKIE_WORD = re.compile(r"[cC][oO][oO][kK][iI][eE]")
"""Where `_HEADER` can match: its case-blind start, tried by the engine at every position of a web
page or a cassette, cost more than the rest of this recognizer; the word in any case, found first,
leaves it a handful of places to try."""
# The header's value runs to the end of the line, an escaped line break or a closing quote.
_VALUE_END = re.compile(r"\r|\n|\\r|\\n|[\"']")
_LIST_ITEM = re.compile(r"[ \t]*-[ \t]+")
_PAIR = re.compile(r"[ \t\[]*(?P<name>[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64})=(?P<value>[^;,\s\"'\]]{1,512})")
_SESSION_NAME = re.compile(r"(?i)sess|(?:^|[_.-])sid$|^sid|auth|remember|login")
_NOT_CREDENTIALS = re.compile(r"(?i)csrf|xsrf|authenticity")


class CookieRecognizer(PathRecognizer):

    def __init__(self) -> None:
        super().__init__([KEY])

    def find_at(self, text: str, language: str | None, path: str | None) -> Iterator[Finding]:
        if "ookie" not in text and "OOKIE" not in text:
            return
        if language in CODE_LANGUAGES and is_test_path(path):
            return  # a test program's cookies are its own fixtures
        for header_end in _header_ends(text):
            for start, stop in _header_values(text, header_end):
                yield from _session_ids(text, start, stop)


def _header_ends(text: str) -> Iterator[int]:
    """Where each `_HEADER` match of `text` ends, in order (the matches `_HEADER.finditer` finds)."""
    for word in _COOKIE_WORD.finditer(text):
        at = word.start()
        start = at - 4 if at >= 4 and text[at - 4 : at].lower() == "set-" else at
        header = _HEADER.match(text, start)
        if header is not None:
            yield header.end()


def _header_values(text: str, start: int) -> Iterator[tuple[int, int]]:
    """The spans of a header's value: the rest of its line or, when that is empty, the YAML list
    items under it (`Set-Cookie:` then `- PHPSESSID=…` lines, as vcrpy cassettes record headers)."""
    end = _VALUE_END.search(text, start)
    stop = end.start() if end else len(text)
    if text[start:stop].strip():
        yield start, stop
        return
    line = text.find("\n", start) + 1
    while line:
        item = _LIST_ITEM.match(text, line)
        if item is None:
            return
        end = _VALUE_END.search(text, item.end())
        yield item.end(), end.start() if end else len(text)
        line = text.find("\n", item.end()) + 1


def _session_ids(text: str, start: int, stop: int) -> Iterator[Finding]:
    """The session ids among the `name=value; …` pairs of one header value."""
    position = start
    while position < stop:
        pair = _PAIR.match(text, position, stop)
        if pair is None:
            return
        name, value = pair.group("name"), pair.group("value")
        if _SESSION_NAME.search(name) and not _NOT_CREDENTIALS.search(name) \
                and not is_placeholder(value) and looks_random(value):
            yield Finding(KEY, pair.start("value"), pair.end("value"))
        semicolon = text.find(";", pair.end(), stop)
        if semicolon < 0:
            return
        position = semicolon + 1
