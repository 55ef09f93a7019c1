"""An address its author says does not exist: `'test@qzxv….com'  # this domain does not exist`.

The secrets' rule `commented_as_sample` lets a comment that calls a value a sample decide; this is
the same for an address whose line carries a comment denying that it exists — a validator's or a
mailer's test input chosen to fail a lookup. Only a comment (`#`, `//`, `/*`, `--`, `<!--`) on the
address's own line, within 200 characters after the address, counts (a bounded window: minified
files hold many addresses on one long line). "No longer exists" and "anymore" are not denials: a
person's old address is still that person.
"""

import re

_WINDOW = 200
_DENIAL = re.compile(
    r"\b(?:does(?:n't| not) exist|do(?:n't| not) exist|non-?existent|non existent|"
    r"not a real (?:address|domain|mailbox|e-?mail))\b",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"#|//|/\*|--|<!--")
_NOT_ANY_MORE = re.compile(r"\b(?:any ?more|no longer)\b", re.IGNORECASE)


def said_not_to_exist(text: str, start: int) -> bool:
    """A comment after the address, on its line, says the address or its domain does not exist."""
    line_end = text.find("\n", start, start + _WINDOW)
    end = min(len(text), start + _WINDOW) if line_end == -1 else line_end
    denial = _DENIAL.search(text, start, end)
    if denial is None or _NOT_ANY_MORE.search(text, denial.end(), end):
        return False
    return _COMMENT.search(text, start, denial.start()) is not None
