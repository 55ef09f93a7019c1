"""`name=value&name=value` standing alone: a form-encoded request body, whose parameters are a query's.

A credential travels as a request parameter in two places: a URL's query (`…/token?client_secret=…`,
which the recognizers find after its `?`) and the body of a POST sent as
`application/x-www-form-urlencoded` (the WHATWG URL standard's form encoding: the same
`name=value` pairs joined by `&`, percent-encoded). Recorded HTTP fixtures (VCR cassettes, HAR
files, mocked requests) keep that body as one string with no `?` in it:
`body: username=…&password=…&client_id=…&client_secret=…`. It is recognised by its shape: two or
more `name=value` pairs joined by `&`, standing alone between whitespace, a quote, a bracket or
the line's ends. A value holds no `=` (form encoding writes `%3D`), so `a == b && c = d` in code
is no such run.
"""

from __future__ import annotations

import re

_PAIR_RUN = re.compile(r"[\w.%\[\]-]+=[^\s&=\"'`<>()]*(?:&[\w.%\[\]-]+=[^\s&=\"'`<>()]*)+")
_DELIMITERS = frozenset(" \t\r\n\"'`<>()")


def in_form_body(text: str, start: int) -> bool:
    """Whether the parameter whose name begins at `start` is one of a form-encoded body's pairs."""
    line_start = text.rfind("\n", 0, start) + 1
    run_start = start
    while run_start > line_start and text[run_start - 1] not in _DELIMITERS:
        run_start -= 1
    match = _PAIR_RUN.match(text, run_start)
    return match is not None and match.end() > start and (match.end() == len(text) or text[match.end()] in _DELIMITERS)


def parameter_value_end(text: str, start: int) -> int:
    """Where the value of a form body's parameter starting at `start` (just after its `=`) ends."""
    end = start
    while end < len(text) and text[end] != "&" and text[end] not in _DELIMITERS:
        end += 1
    return end
