"""The words licence prose is compared in, and the word lists both the near-verbatim matcher
(`near.py`) and the reference texts it is built from (`scancode_texts.py`) read them with."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9]+")

# Words that can add or remove a condition. Outside a disclaimer, any of them in a difference
# makes it operative; inside one (where "not", "no", "shall" are everywhere) only the narrower set.
OPERATIVE_WORDS = frozenset(
    "not no non never only must shall prohibit prohibited forbid forbidden restrict restricted restriction restrictions "
    "commercial commercially noncommercial sell sale sold fee fees royalty royalties military evil except unless without "
    "solely exclusively terminate terminates termination revoke revoked require requires required condition conditions "
    "provided personal private internal evaluation educational nonprofit profit pay paid purchase permission written "
    "prior consent notify notice attribution include included retain reproduce".split()
)
"""Words that can add or remove a condition (other modules read prose with them too)."""
STOP_WORDS = frozenset(
    "the a an this that these those such said its their his her our your any all each of to in on for by and or as is are "
    "be software program programs work works library code product project source file files materials".split()
)
"""Function words and generic nouns: a difference made only of them changes nothing."""


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("licence", "license"))
