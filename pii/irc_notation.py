"""IRC notation that looks like an address: a message target `PRIVMSG nick@server` (RFC 2812
§2.3.1 `msgtarget`, §3.3.1).

`PRIVMSG Q@CServe.network.org :AUTH …` addresses a network service on a named server: not a
mailbox, nothing sent by mail arrives there. It is read only in a text about IRC (it mentions IRC,
`PRIVMSG`, `NickServ` or hostmasks), since `NOTICE` may head a licence notice followed by an
address. A hostmask's `user@host` (`nick!user@host`) is not IRC notation here: with a real host it
names a person's account and machine, and it is redacted as an address (pii/DECISIONS.md).
"""

import re
from functools import lru_cache

_MESSAGE_COMMAND = re.compile(r"\b(?:PRIVMSG|NOTICE|SQUERY)[ \t]+\Z")
_IRC_TEXT = re.compile(r"(?<![A-Za-z])irc(?![A-Za-z])|PRIVMSG|NickServ|hostmask", re.IGNORECASE)


@lru_cache(maxsize=8)
def _about_irc(text: str) -> bool:
    """One search per file (str hashes are cached, so the lookup is cheap)."""
    return _IRC_TEXT.search(text) is not None


def is_irc_notation(text: str, start: int) -> bool:
    """The "address" whose user part starts at `start` is a `PRIVMSG`/`NOTICE`/`SQUERY` target in a
    text about IRC (module docstring)."""
    if start == 0 or text[start - 1] not in " \t":
        return False
    return _MESSAGE_COMMAND.search(text, max(0, start - 16), start) is not None and _about_irc(text)
