"""Reserved-domain stand-ins for e-mail addresses (`pii.email_replacement: reserved`).

`<EMAIL>` is not an address: code that validates, parses, sends to or round-trips an address (an
address validator's own test list, a URL library's `mailto:` case) computes something else on it
(issue 23's test-suite benchmark: 51 of 70 flips). The stand-in is still a syntactically valid
address, on `example.com` (RFC 2606: reserved for documentation, no mailbox there belongs to
anyone), so validators accept it and the e-mail recognizer keeps it on a second pass.

Its local part is `redacted` and an ordinal counted per file in order of first appearance: the same
address gets the same stand-in everywhere in one file (a test that feeds an address in and expects
it back still holds), two addresses get two. Nothing of the original goes into the stand-in — no
hash, no length, no character — so a reader cannot confirm a guessed address against the published
data (a hash would let anyone test `maintainer@their-domain` against every file), and the same
person is not linked across files.
"""

STAND_IN_DOMAIN = "example.com"


class EmailStandIns:
    """Stand-ins for the addresses of one file (create one per file)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._given: dict[str, str] = {}
        self._next = 1

    def stand_in(self, original: str) -> str:
        given = self._given.get(original)
        if given is None:
            given = self._fresh()
            self._given[original] = given
        return given

    def _fresh(self) -> str:
        """The next `redactedN@example.com` not already written in the file (it must stay distinct)."""
        while True:
            candidate = f"redacted{self._next}@{STAND_IN_DOMAIN}"
            self._next += 1
            if candidate not in self._text:
                return candidate
