"""The cookie recognizer looks for headers only where the word `cookie` stands (`_header_ends`): a
speed-up that must find exactly the header matches a scan of the whole text finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pii.cookie_recognizer import _HEADER, _header_ends

PIECES = ["cookie", "Cookie", "COOKIE", "CoOkIe", "set-", "Set-", "SET-", "xset-", ":", " ", "\t", "\n", "\\n", "\\r\\n",
          "'", '"', "-", "sid=", "a" * 5, "ookie", "c"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_header_ends_are_those_of_a_whole_text_scan(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert list(_header_ends(text)) == [match.end() for match in _HEADER.finditer(text)]
