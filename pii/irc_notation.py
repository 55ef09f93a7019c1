"""IRC notation that looks like an address: a hostmask `nick!user@host` and a message target
`PRIVMSG nick@server` (RFC 2812 §2.3.1 `msgtarget`, §3.3.1).

A hostmask names a connection (nick, the client's ident, its host) in an IRC bot's ACL pattern or
docs; `PRIVMSG Q@CServe.network.org :AUTH …` addresses a network service on a named server. Neither
is a mailbox: nothing sent by mail arrives there. Both are read only in a text about IRC (it
mentions IRC, `PRIVMSG`, `NickServ` or hostmasks), since `!` may stand in a mail local part (old
UUCP bang paths) and `NOTICE` may head a licence notice followed by an address.
"""

import re
from functools import lru_cache

# `nick!` right before the user part: a nick (RFC 2812 letters, digits and `[]\`_^{|}-`) that starts
# after a quote, a space, `:`, `(` or `<`, or the start of the line.
_HOSTMASK_NICK = re.compile(r"(?:^|(?<=[\s\"'`:(<,]))[A-Za-z\[\]\\`_^{|}][A-Za-z0-9\[\]\\`_^{|}-]{0,31}!\Z", re.MULTILINE)
_MESSAGE_COMMAND = re.compile(r"\b(?:PRIVMSG|NOTICE|SQUERY)[ \t]+\Z")
_IRC_TEXT = re.compile(r"(?<![A-Za-z])irc(?![A-Za-z])|PRIVMSG|NickServ|hostmask", re.IGNORECASE)


@lru_cache(maxsize=8)
def _about_irc(text: str) -> bool:
    """One search per file (str hashes are cached, so the lookup is cheap)."""
    return _IRC_TEXT.search(text) is not None


def is_irc_notation(text: str, start: int) -> bool:
    """The "address" whose user part starts at `start` is an IRC hostmask's `user@host` or a
    `PRIVMSG`/`NOTICE` target (module docstring)."""
    if start == 0:
        return False
    before = text[start - 1]
    if before == "!":
        return _HOSTMASK_NICK.search(text, max(0, start - 34), start) is not None and _about_irc(text)
    if before in " \t":
        return _MESSAGE_COMMAND.search(text, max(0, start - 16), start) is not None and _about_irc(text)
    return False
