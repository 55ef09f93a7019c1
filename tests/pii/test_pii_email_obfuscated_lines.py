"""Obfuscated addresses are looked for only on the lines that hold an at-word (`_lines_with_at_words`):
a speed-up that must find exactly what reading the whole text finds. Texts are drawn from the pieces
the forms are made of, newlines and brackets included, so that at-words, dot-words, webmail names and
prose meet in every arrangement."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pii.email_recognizer import _AT_PROVIDER, _OBFUSCATED, EmailRecognizer, _lines_with_at_words

PIECES = ["jo", "jo.lind", "ana_m", " at ", " AT ", " -at- ", "(at)", " [at] ", "{at}", "<AT>", " ( at ) ", " dot ",
          " DOT ", "[dot]", ".", "kestrel-mail", "org", "net", "gmail", "yahoo", "\n", "\r\n", " ", "\t", "(", ")",
          "<", ">", "look", "Dana Lind", "-", "%", "x" * 70]


def _whole_text(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _OBFUSCATED.finditer(text)] + [m.span() for m in _AT_PROVIDER.finditer(text)]


def _by_lines(text: str) -> list[tuple[int, int]]:
    spans = []
    for start, end in _lines_with_at_words(text):
        spans += [m.span() for m in _OBFUSCATED.finditer(text, start, end)]
        spans += [m.span() for m in _AT_PROVIDER.finditer(text, start, end)]
    return spans


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_lines_with_at_words_find_every_match_of_the_whole_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert sorted(_by_lines(text)) == sorted(_whole_text(text))


def test_obfuscated_addresses_on_several_lines_are_each_found_once() -> None:
    text = ("# maintainers:\n"
            "#   Dana Lind <dana dot lind at kestrel-mail dot org>\n"
            "#   jo (at) kestrel-mail.net, ana_m [at] gmail\n"
            "# look at kestrel-mail.org for more\n")
    found = [text[f.start:f.end] for f in EmailRecognizer().find_at(text, "Python", "setup.py")]
    assert found == ["dana dot lind at kestrel-mail dot org", "jo (at) kestrel-mail.net", "ana_m [at] gmail"]
