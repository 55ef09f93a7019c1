"""E-mail addresses, found from each `@` outwards.

Scanning from the `@` signs (rare in code compared with word characters) is much cheaper than a
regex that may start at every letter. The domain must end in a real top-level domain, taken from the
public-suffix snapshot bundled with tldextract (read offline), which rejects decorators and
attribute chains such as `self@property.setter` or `name@1.2.3`. Documentation addresses (reserved
example domains, `user@domain.com`, `foo@bar.com`), SSH remotes (`git@github.com`) and URL user
info (`https://user:pass@host`, handled by the password recognizer) are left alone.
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
_DOMAIN = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![\w-]|\.[A-Za-z0-9])")

_RESERVED_DOMAINS = frozenset({"example.com", "example.org", "example.net", "example.edu", "localhost"})
_RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost", ".local", ".example.com", ".example.org",
                      ".example.net")
_PLACEHOLDER_DOMAINS = frozenset(
    {
        "domain.com", "domain.tld", "domain.org", "email.com", "company.com", "yourdomain.com", "mydomain.com",
        "your-domain.com", "yourcompany.com", "foo.com", "bar.com", "foo.bar", "foobar.com", "test.com",
        "sample.com", "host.com", "server.com", "somewhere.com", "acme.com", "website.com", "site.com",
    }
)
_PLACEHOLDER_LOCALS = frozenset(
    {
        "user", "username", "name", "email", "you", "your", "yourname", "your.name", "your_name", "your-name",
        "youremail", "your.email", "your_email", "me", "someone", "somebody", "foo", "bar", "test", "example",
        "john.doe", "jane.doe", "johndoe", "janedoe", "john", "jane", "firstname.lastname", "first.last",
        "git", "address", "mail", "x", "xxx",
    }
)


@lru_cache(maxsize=1)
def top_level_domains() -> frozenset[str]:
    """Last labels of every public suffix in tldextract's bundled snapshot (never downloaded)."""
    extractor = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=False)
    return frozenset(suffix.rsplit(".", 1)[-1] for suffix in extractor.tlds)


def is_documentation_address(local: str, domain: str) -> bool:
    """Reserved, placeholder or single-letter addresses that stand for "an address" in docs."""
    local, domain = local.lower(), domain.lower()
    if domain in _RESERVED_DOMAINS or domain.endswith(_RESERVED_SUFFIXES) or domain in _PLACEHOLDER_DOMAINS:
        return True
    if local in _PLACEHOLDER_LOCALS:
        return True
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
        if scheme != -1 and not any(c in _URL_STOP for c in text[scheme + 3 : at]):
            return None  # URL user info (`scheme://user:password@host`), not an address
        domain = domain_match.group()
        if domain.rsplit(".", 1)[-1].lower() not in self._tlds:
            return None
        if is_documentation_address(text[start:at], domain):
            return None
        return Finding(EMAIL, start, domain_match.end())
