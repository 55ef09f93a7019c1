"""An address its author says does not exist: `'test@qzxv….com'  # this domain does not exist`.

The secrets' rule `commented_as_sample` lets a comment that calls a value a sample decide; this is
the same for an address whose line carries a comment denying that it exists — a validator's or a
mailer's test input chosen to fail a lookup. Only the address's own line counts, and only a comment
(`#`, `//`, `/*`, `--`, `<!--`) after the address's start of line. "No longer exists" and
"anymore" are not denials: a person's old address is still that person.
"""

import re

_DENIAL = re.compile(
    r"(?:#|//|/\*|--|<!--)[^\n]*\b(?:does(?:n't| not) exist|do(?:n't| not) exist|non-?existent|non existent|"
    r"not a real (?:address|domain|mailbox|e-?mail))\b(?![^\n]*\b(?:any ?more|no longer)\b)",
    re.IGNORECASE,
)


def said_not_to_exist(text: str, start: int) -> bool:
    """A comment on the address's line says the address or its domain does not exist."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    return _DENIAL.search(text, line_start, len(text) if line_end == -1 else line_end) is not None
