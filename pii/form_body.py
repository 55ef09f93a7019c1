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


class FormBodies:
    """Which parameters of one text stand in a form-encoded body.  The delimited stretch around a
    parameter is read once and remembered, so the parameters of one long body, asked for in text
    order, cost one pass over it (asked one by one, a body of thousands of `key=` would be read
    thousands of times)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._stretch = (0, 0, False)
        """(start, end, whether it is a run of pairs) of the stretch last read."""

    def holds(self, start: int) -> bool:
        """Whether the parameter whose name begins at `start` is one of a form-encoded body's pairs."""
        stretch_start, stretch_end, form = self._stretch
        if not stretch_start <= start < stretch_end:
            text = self._text
            stretch_start = start
            while stretch_start > 0 and text[stretch_start - 1] not in _DELIMITERS:
                stretch_start -= 1
            stretch_end = start
            while stretch_end < len(text) and text[stretch_end] not in _DELIMITERS:
                stretch_end += 1
            form = _PAIR_RUN.fullmatch(text, stretch_start, stretch_end) is not None
            self._stretch = (stretch_start, stretch_end, form)
        return form


def parameter_value_end(text: str, start: int) -> int:
    """Where the value of a form body's parameter starting at `start` (just after its `=`) ends."""
    end = start
    while end < len(text) and text[end] != "&" and text[end] not in _DELIMITERS:
        end += 1
    return end
