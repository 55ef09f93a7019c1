"""E-mail addresses, found from each `@` outwards.

Scanning from the `@` signs (rare in code compared with word characters) is much cheaper than a
regex that may start at every letter. The domain must end in a real top-level domain, taken from the
public-suffix snapshot bundled with tldextract (read offline), which rejects decorators and
attribute chains such as `self@property.setter` or `name@1.2.3`. An address on a real domain is
personal data wherever it stands (code, comments, AUTHORS, manifests, changelogs, licence headers)
and whatever its local part: `me@` on a maintainer's own domain is the maintainer. Left alone are
only addresses that reach nobody: reserved domains (RFC 2606 / 6761), no-reply senders, placeholder
local parts on placeholder domains (`user@domain.com`), SSH remotes (`git@github.com:owner/repo`)
and URL user info (`https://user:pass@host`, handled by the password recognizer).
"""

import re
from collections.abc import Iterator
from functools import lru_cache

import tldextract

from pii.entities import EMAIL
from pii.recognizer_base import CodeRecognizer, Finding

_LOCAL_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-")
_URL_STOP = frozenset(" \t\r\n\"'<>/")
_LOCAL_TAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}\Z")
# The TLD ends at a non-word character, or where a capitalised word is glued on (`.po` headers
# lose their line breaks: `me@mail.comLanguage-Team`).
_DOMAIN = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}"
    r"(?:[A-Za-z]{2,24}(?![\w-]|\.[A-Za-z0-9])|[a-z]{2,24}(?=[A-Z][a-z]))"
)

# RFC 2606 / RFC 6761 reserved names, plus `.local` (RFC 6762, the same IANA special-use registry):
# no mailbox on them can belong to anyone. A label `example` anywhere (`example.com`, `example.co.uk`,
# `mail.example.org`) counts, as RFC 2606 reserves the name for documentation in every TLD it names.
_RESERVED_TLDS = frozenset({"test", "invalid", "localhost", "example", "local"})
# Placeholder local parts are exempt only on placeholder domains (`user@domain.com`, `foo@bar.com`):
# `me@` or `john@` on a real domain is somebody's mailbox.
_PLACEHOLDER_DOMAINS = frozenset(
    {
        "domain.com", "domain.tld", "domain.org", "domain.net", "email.com", "company.com", "yourdomain.com",
        "mydomain.com", "your-domain.com", "yourcompany.com", "foo.com", "bar.com", "foo.bar", "foobar.com",
        "test.com", "sample.com", "host.com", "server.com", "somewhere.com", "website.com", "site.com",
        "provider.com", "mail.com", "email.tld", "example.tld", "company.tld", "somedomain.com",
    }
)
_PLACEHOLDER_LOCALS = frozenset(
    {
        "user", "username", "name", "email", "you", "your", "yourname", "your.name", "your_name", "your-name",
        "youremail", "your.email", "your_email", "me", "someone", "somebody", "foo", "bar", "test", "example",
        "john.doe", "jane.doe", "johndoe", "janedoe", "john", "jane", "firstname.lastname", "first.last",
        "address", "mail", "x", "xxx", "admin", "info", "contact", "support", "a", "b",
    }
)
# SSH protocol names (RFC 4251 §6: `name@domain` for private algorithms): `chacha20-poly1305@openssh.com`,
# `ssh-ed25519-cert-v01@openssh.com`, `sha384@ssh.com`, `curve25519-sha256@libssh.org`.
_SSH_NAME_DOMAINS = frozenset({"openssh.com", "ssh.com", "libssh.org"})
_SSH_NAME = re.compile(r"[a-z0-9.-]*(?:\d|-)[a-z0-9.-]*|zlib|hostkeys|keepalive|sk-ecdsa|ssh")
# Message identifiers (`Message-ID: <uuid@host>`, `In-Reply-To:`, `References:`) name a message, not a mailbox.
_MESSAGE_ID_LINE = re.compile(r"(?i)[ \t>'\"]*(?:message-id|in-reply-to|references|content-id|resent-message-id)[ \t]*:")
_ID_LOCAL = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|[0-9A-Fa-f.$-]{24,}")
# Automated senders: nobody reads these mailboxes, and GitHub's are pseudonyms made to be published.
_NO_REPLY_LOCALS = frozenset({"noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply"})
_NO_REPLY_DOMAINS = ("users.noreply.github.com", "noreply.github.com")
# `git@github.com:owner/repo.git`, `deploy@host.io:/srv/app`: scp-style SSH remotes, a host account.
_SSH_PATH = re.compile(r":[\w~.-]*/")


def _is_user_info(between: str) -> bool:
    """Whether the text between `://` and `@` is a URL's `user[:password]` part.

    A space may sit in the password of a test URL (`http://user:pass pass@host/path`, how requests'
    tests check that auth is unquoted), but only after a colon that follows a bare user name; a
    space after a host (`https://host.io:8080 and me@…`) ends the URL.
    """
    if any(c in _URL_STOP for c in between):
        user, colon, password = between.partition(":")
        if not colon or any(c in _URL_STOP or c == "." for c in user) or any(c in "\r\n\"'<>/" for c in password):
            return False
    return True


@lru_cache(maxsize=1)
def top_level_domains() -> frozenset[str]:
    """Last labels of every public suffix in tldextract's bundled snapshot (never downloaded)."""
    extractor = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=False)
    return frozenset(suffix.rsplit(".", 1)[-1] for suffix in extractor.tlds)


def is_reserved_domain(domain: str) -> bool:
    labels = domain.lower().split(".")
    return labels[-1] in _RESERVED_TLDS or "example" in labels or domain.lower() == "localhost"


def is_documentation_address(local: str, domain: str) -> bool:
    """Addresses that cannot reach a person: reserved domains, no-reply senders, placeholders.

    Only these are exempt (the rule, and why, is in pii/DECISIONS.md). Any other address on a real
    domain is personal data whatever its local part.
    """
    local, domain = local.lower(), domain.lower()
    if is_reserved_domain(domain):
        return True
    if local in _NO_REPLY_LOCALS or domain in _NO_REPLY_DOMAINS or domain.endswith("." + _NO_REPLY_DOMAINS[0]):
        return True
    if domain in _PLACEHOLDER_DOMAINS and (local in _PLACEHOLDER_LOCALS or len(local) == 1):
        return True
    if domain in _SSH_NAME_DOMAINS and _SSH_NAME.fullmatch(local.lstrip("-")):
        return True  # an SSH algorithm or extension name, not a mailbox
    if _ID_LOCAL.fullmatch(local):
        return True  # a message or content identifier
    # `a@b.co`, `x@y.z`: one letter on each side is a stand-in in prose about address syntax.
    return len(local) == 1 and len(domain.split(".", 1)[0]) == 1


class EmailRecognizer(CodeRecognizer):
    def __init__(self) -> None:
        super().__init__([EMAIL])
        self._tlds = top_level_domains()

    def find(self, text: str, language: str | None = None) -> Iterator[Finding]:
        at = text.find("@")
        while at != -1:
            found = self._match_at(text, at)
            if found is not None:
                yield found
            at = text.find("@", at + 1)

    def _match_at(self, text: str, at: int) -> Finding | None:
        domain_match = _DOMAIN.match(text, at + 1)
        if domain_match is None:
            return None
        window_start = max(0, at - 64)
        local_match = _LOCAL_TAIL.search(text, window_start, at)
        if local_match is None:
            return None
        start = local_match.start()
        if start == window_start and window_start > 0 and text[start - 1] in _LOCAL_CHARS:
            return None  # the local part runs on past 64 characters: a blob, not an address
        if start > 0 and text[start - 1] == "\\" and text[start] in "ntr":
            start += 1  # `"\nname@host"`: the letter belongs to the escape sequence
        if start >= at:
            return None
        scheme = text.rfind("://", max(0, at - 256), at)
        if scheme != -1 and _is_user_info(text[scheme + 3 : at]):
            return None  # URL user info (`scheme://user:password@host`), not an address
        domain = domain_match.group()
        if domain.rsplit(".", 1)[-1].lower() not in self._tlds:
            return None
        if is_documentation_address(text[start:at], domain):
            return None
        line_start = text.rfind("\n", 0, start) + 1
        if _MESSAGE_ID_LINE.match(text, line_start):
            return None  # `Message-ID: <…@host>`: names a message
        if _SSH_PATH.match(text, domain_match.end()):
            return None  # `git@github.com:owner/repo`: an SSH remote, not a mailbox
        return Finding(EMAIL, start, domain_match.end())
