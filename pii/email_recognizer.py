"""E-mail addresses, found from each `@` outwards.

Scanning from the `@` signs (rare in code compared with word characters) is much cheaper than a
regex that may start at every letter. The domain must end in a real top-level domain, taken from the
public-suffix snapshot bundled with tldextract (read offline), which rejects decorators and
attribute chains such as `self@property.setter` or `name@1.2.3`. An address on a real domain is
personal data wherever it stands (code, comments, AUTHORS, manifests, changelogs, licence headers)
and whatever its local part: `me@` on a maintainer's own domain is the maintainer. Left alone are
only addresses that reach nobody: reserved domains (RFC 2606 / 6761), placeholder
local parts on placeholder domains (`user@domain.com`), personas in test fixtures on clearly
fictional domains (`alice@wonderland.foo`), SSH remotes and forge accounts (`git@github.com:`,
`git@github.com:owner/repo`) and URL user info (`https://user:pass@host`, handled by the password
recognizer; it ends at `/`, `?`, `#`, so `mailto:` links are addresses). Obfuscated addresses
(`name at domain dot org`, `name AT domain.org`, `name (at) domain.org`, `name [at] domain [dot] org`,
and `name [at] gmail` on a short list of webmail providers without the TLD) are addresses too; a
text is searched for them only when it holds ` dot `, ` DOT `, ` AT `, `(at)` or `[at]` (each hint is
one scan of the text, so the list is kept short).

Internationalised addresses (RFC 6530/6531: `jörg@bücher-haus.de`, `ivan@почта.рф`, `山田@例え.jp`)
are found too: a domain holding Unicode letters is matched by `unicode_domain` and judged in its
A-label form (`xn--…`) by the same rules, so a reserved or made-up name stays whichever way it is
spelled; IDN TLDs count in both forms (`.рф`, `.xn--p1ai`). A local part wholly in another script
needs such a domain (`Видео@Mail.Ru` is a title).
"""

import re
from collections.abc import Iterator
from functools import lru_cache

import tldextract

from pii.entities import EMAIL
from pii.idna_validity import is_invalid_idn
from pii.ip_context import is_test_path
from pii.irc_notation import is_irc_notation
from pii.placeholder_addresses import is_invented_persona, is_masked_address, is_readers_own_domain
from pii.recognizer_base import Finding, PathRecognizer, is_documentation
from pii.said_not_to_exist import said_not_to_exist
from pii.sip_uri import is_sip_line
from pii.srs_address import srs_wrapped_domain
from pii.unicode_domain import CJK_LETTER, LOCAL_TAIL, MARKS, a_label_tlds, names_example, shown_form, unicode_domain_at

# Local parts may hold any letter (RFC 6531: `danglüe@…` in a captured mail header is a mailbox).
_LOCAL_PUNCTUATION = frozenset("._%+-")
_URL_STOP = frozenset(" \t\r\n\"'<>/")
_LOCAL_TAIL = re.compile(r"[^\W_][\w.%+-]{0,63}\Z")  # `unicode_domain.LOCAL_TAIL` without marks: 3x faster
# The TLD ends at a non-word character, or where a capitalised word is glued on (`.po` headers
# lose their line breaks: `me@mail.comLanguage-Team`).
# An internationalised TLD may be written in its A-label form (`.xn--p1ai`, `.рф`'s); a Latin TLD also
# ends where a CJK, kana or Hangul letter follows (`jo@brandt.dev로`: scripts without spaces).
_DOMAIN = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}"
    r"(?:(?:[Xx][Nn]--[A-Za-z0-9-]{0,58}[A-Za-z0-9]|[A-Za-z]{2,24})(?![\w-]|\.[^\W_])"
    r"|[a-z]{2,24}(?=[A-Z][a-z])|[A-Za-z]{2,24}(?=[" + CJK_LETTER + r"]))"
)

# Chinese, Japanese and Korean text glued to an ASCII local part on an ASCII domain (`请联系jo@…`,
# `連絡先はjo@…`): the local part starts after the last CJK, kana or Hangul letter.
_GLUED_TEXT = re.compile(r"[\w%s.%%+-]*[%s](?=[A-Za-z0-9][^%s]*\Z)" % (MARKS, CJK_LETTER, CJK_LETTER))

# RFC 2606 / RFC 6761 reserved names, plus `.local` (RFC 6762, the same IANA special-use registry):
# no mailbox on them can belong to anyone. A label `example` anywhere (`example.com`, `example.co.uk`,
# `mail.example.org`) counts, as RFC 2606 reserves the name for documentation in every TLD it names.
# `.arpa` (RFC 3172) holds infrastructure names only (`in-addr.arpa`, `home.arpa` of RFC 8375): no
# mailbox is under it. `.onion` (RFC 7686) counts unless the name is a real onion service's.
_RESERVED_TLDS = frozenset({"test", "invalid", "localhost", "example", "local", "arpa"})
_ONION_NAME = re.compile(r"[a-z2-7]{16}|[a-z2-7]{56}")
# Placeholder local parts are exempt only on placeholder domains (`user@domain.com`, `foo@bar.com`):
# `me@` or `john@` on a real domain is somebody's mailbox.
_PLACEHOLDER_DOMAINS = frozenset(
    {
        "domain.com", "domain.tld", "domain.org", "domain.net", "company.com", "yourdomain.com",
        "mydomain.com", "your-domain.com", "yourcompany.com", "foo.com", "bar.com", "foo.bar", "foobar.com",
        "test.com", "sample.com", "host.com", "server.com", "somewhere.com", "website.com", "site.com",
        "provider.com", "email.tld", "example.tld", "company.tld", "somedomain.com",
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
_SSH_NAME_DOMAINS = frozenset({"openssh.com", "ssh.com", "libssh.org", "lag.net"})  # lag.net: paramiko's names
_SSH_NAME = re.compile(r"[a-z0-9.-]*(?:\d|-)[a-z0-9.-]*|zlib|hostkeys|keepalive|sk-ecdsa|ssh")
# Message identifiers (`Message-ID: <uuid@host>`, `In-Reply-To:`, `References:`) name a message, not a mailbox.
_MESSAGE_ID_LINE = re.compile(r"(?i)[ \t>'\"]*(?:message-id|in-reply-to|references|content-id|resent-message-id)[ \t]*:")
_ID_LOCAL = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|[0-9A-Fa-f.$-]{24,}")
# GitHub's own automated sender domain. Its per-user no-reply addresses (`NAME@users.noreply.github.com`,
# `ID+NAME@…`) are not kept: they name the account, so they identify a person (issue 23's held-out
# labels); a bot account's (`ID+NAME[bot]@…`) never matches, its local part ends in `]`.
# An organisation's own `noreply@` is its real mailbox and is redacted like any other (issue 23's labels).
_NO_REPLY_DOMAINS = ("noreply.github.com",)
# The language-team address xgettext writes into every `.pot` header, copied into each `.po` until a
# translator fills it in (`LL` stands for the language code).
_GETTEXT_TEAM_PLACEHOLDER = ("ll", "li.org")
# `… with ESMTP id <B0950073155@mx.host>` in a Received header, `('Message-Id', '<…@host>')`: a queue
# or message identifier, not a mailbox.
_ID_BEFORE = re.compile(r"(?i)(?:\bid|message-id['\"]?,?)[ \t]*['\"]?<\Z")
# `git@github.com:owner/repo.git`, `deploy@host.io:/srv/app`, `"git@github.com:" + repo`: scp-style SSH
# remotes (a host account), with or without the path.
_SSH_PATH = re.compile(r":(?:[\w~.-]*/|[\w~.-]+\.git\b|[$%{\"'`<])")
# Forges' shared SSH accounts: `git@github.com` is how everyone reaches GitHub over SSH, not a person.
_FORGE_ACCOUNTS = frozenset({"git", "hg", "svn"})
_FORGE_DOMAINS = frozenset(
    {"github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "git.sr.ht", "hg.sr.ht", "ssh.dev.azure.com",
     "vs-ssh.visualstudio.com", "gitee.com", "salsa.debian.org", "git.launchpad.net", "ssh.github.com"}
)
# Labels that mark a domain as made up. Metasyntactic names (`bar@foo.org`, `him@bar.com`) reach
# nobody wherever they stand; stand-in company and host names (`carol@acme.com`, `bob@host.com`)
# only in test fixtures and documentation, where personas are written (not `fake.com`: a fixture's
# author who swaps a captured mail's domain leaves the real local part behind). `.foo` and `.bar` are
# delegated TLDs, but no maintainer's mailbox sits under a metasyntactic second-level name.
_METASYNTACTIC_LABELS = frozenset(
    {"foo", "bar", "baz", "qux", "quux", "foobar", "foobaz", "corge", "grault", "garply", "waldo", "plugh",
     "xyzzy", "thud"}
)
_FICTIONAL_LABELS = _METASYNTACTIC_LABELS | frozenset(
    {"fred", "xxx", "yyy", "zzz", "aaa", "bbb", "ccc", "dom", "somewhere", "nowhere", "anywhere", "acme",
     "initech", "contoso", "fabrikam", "wonderland", "fictional", "invented",
     "placeholder", "testdomain", "mydomain", "yourdomain", "domain", "company", "mycompany", "yourcompany",
     "host", "myhost", "yourhost", "server", "myserver"}
)
# The Jargon File's metasyntactic variables (RFC 3092) as a local part: a stand-in name, fictional
# only together with a stand-in domain (`waldo@somewhere.com`; `fred@` a real domain is a person).
_METASYNTACTIC_LOCALS = _METASYNTACTIC_LABELS | frozenset({"fred"})
# `YOUR_EMAIL@gmail.com`, `USERNAME@…`: a template to fill in, written in capitals.
_TEMPLATE_LOCAL = re.compile(r"[A-Z_]*(?:YOUR|EMAIL|USER|NAME|ADDRESS|RECIPIENT|SENDER|ACCOUNT)[A-Z_]*")
# The user name before `user:password@host` (an authority written without its URL's `scheme://`).
_USER_BEFORE = re.compile(r"[^\s\"'`<>()/@:]{1,64}\Z")
# `mailto:jo@…` and `mailto://jo@…` name a mailbox, not URL user information.
_MAILTO = re.compile(r"(?i)mailto:/*\Z")
# Obfuscated addresses: `name at domain dot org`, `name (at) domain.org`, `name [at] domain [dot] org`.
# The bare ` at ` form needs a bare ` dot ` in the domain (prose says "look at example.com").
_AT_WORD = r"(?:[ \t]*[\[({<][ \t]*(?:at|AT)[ \t]*[\])}>][ \t]*|[ \t]+-?(?:at|AT)-?[ \t]+)"
_DOT_WORD = r"(?:[ \t]*[\[({<][ \t]*dot[ \t]*[\])}>][ \t]*|[ \t]+(?:dot|DOT)[ \t]+)"
_OBFUSCATED = re.compile(
    r"(?<![\w.%+-])(?P<local>[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}(?:" + _DOT_WORD + r"[A-Za-z0-9][A-Za-z0-9._%+-]{0,63})*)"
    r"(?P<at>" + _AT_WORD + r")"
    r"(?P<domain>[A-Za-z0-9-]{1,63}(?:(?:" + _DOT_WORD + r"|\.)[A-Za-z0-9-]{1,63}){1,6})(?![\w-])"
)
# `name [at] gmail`: a bracketed at-sign before a webmail provider's bare name, the TLD left out. The
# name alone routes to one mailbox service (gmail → gmail.com), so the form is as much an address as
# `name [at] gmail [dot] com`. The list is short on purpose: the largest free mail services, whose
# names are no common words. Only the bracketed at-signs of `_AT_WORD` count (a bare ` at ` is prose:
# "look at gmail"), and a dot or ` dot ` after the name leaves the address to `_OBFUSCATED`.
WEBMAIL_PROVIDERS = ("gmail", "googlemail", "yahoo", "hotmail", "outlook", "protonmail", "icloud", "gmx", "yandex", "qq")
_AT_PROVIDER = re.compile(
    r"(?<![\w.%+-])(?P<local>[A-Za-z][A-Za-z0-9._%+-]{1,63})[ \t]*[\[({<][ \t]*(?:at|AT)[ \t]*[\])}>][ \t]*"
    r"(?P<provider>(?i:" + "|".join(WEBMAIL_PROVIDERS) + r"))"
    r"(?![\w-]|\.[A-Za-z0-9]|[ \t]*[\[({<][ \t]*dot|[ \t]+(?:dot|DOT)\b)"
)
_AT_TOKEN = re.compile(r"[\s\[({<-](?:at|AT)[\s\])}>-]")
"""`at`/`AT` between blanks, brackets or dashes: every `_AT_WORD` holds one. Found alone, it tells which
lines `_OBFUSCATED` and `_AT_PROVIDER` need to read (neither crosses a line), so that their costly
starts at every word are not tried over a whole file that merely mentions ` dot `."""
_PROSE_BEFORE_AT = frozenset({"look", "it", "is", "was", "and", "or", "me", "us", "them", "him", "her"})
_OBFUSCATION_HINTS = (" dot ", " DOT ", " AT ", "(at)", "[at]", "<at>", "{at}", "(AT)", "[AT]", " -at- ")
# each hint costs a scan of the text.
_AT_THEN_DOMAIN = tuple((word, re.compile(word + r"[ \t]*(?P<domain>[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,6})(?=[>)])"))
                        for word in (" at ", " AT ", " @ "))
"""A bare ` at ` (or an at-sign spaced out, `<jdoe @ example.org>`) followed by a domain with literal
dots and a closing bracket: found from the literal word, since code has far more brackets and blanks
than ` at `s (`_enclosed` decides the rest: in Python, `(a @ b.T)` is a matrix product)."""
_SPACED_AT = re.compile(
    r"(?<![\w.%+-])(?P<local>[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}) @ (?P<domain>[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,6})"
    r"[ \t]*\((?:please[ \t]+)?(?:remove|without|no|strip)[ \t]+(?:the[ \t]+)?(?:spaces?|blanks?)\)"
)
"""`local @ uni.edu (remove spaces)`: the spaced at-sign with the note that tells a reader to join it
(without the note, ` @ ` in code is Python's matrix product)."""
_LOCAL_AFTER_BRACKET = re.compile(r"[<(](?P<local>[A-Za-z0-9][A-Za-z0-9._%+-]{0,63})$")
_NAME_BEFORE = re.compile(r"(?:[A-Z][\w'.-]+[ \t]+[A-Z][\w'.-]+|\))[ \t]*$")
"""Before `(`: a person's name (two capitalised words) or a handle's closing parenthesis."""
# A domain written inside a regular expression, its dots escaped (`^list@mutt\.org$` in a mail client's
# `lists` patterns, `"host\\.example"` in a C string): the address it matches, judged unescaped.
_ESCAPED_DOMAIN = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\{1,2}\.){1,8}[A-Za-z]{2,24}(?![\w-])")


# After a backslash: `\n`, `\t`, `\r`, the hex escapes `\xHH`, `\uHHHH`, `\UHHHHHHHH` and the octal `\NNN` of string literals.
_ESCAPE = re.compile(r"[ntr]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[0-7]{1,3}")


def _escape_length(text: str, start: int) -> int:
    r"""Characters at `start` that belong to the escape sequence its preceding backslash opens.

    `'\x7f@iana.org'` in a validator's table of invalid addresses is a control character before the
    `@`, not the local part `x7f`: redacting it would rewrite the escape (`'\redacted1@…'` reads as a
    carriage return)."""
    match = _ESCAPE.match(text, start)
    return 0 if match is None else match.end() - start


def _is_user_info(between: str) -> bool:
    """Whether the text between `://` and `@` is a URL's `user[:password]` part.

    User information ends at `/`, `?` or `#` (RFC 3986 §3.2: they start the path, query and
    fragment), so `http://host?email=jo@…` holds an address, not a user name. A space may sit in the password of a test URL (`http://user:pass pass@host/path`, how requests'
    tests check that auth is unquoted), but only after a colon that follows a bare user name; a
    space after a host (`https://host.io:8080 and me@…`) ends the URL.
    """
    if any(c in "/?#" for c in between):
        return False
    if any(c in _URL_STOP for c in between):
        user, colon, password = between.partition(":")
        if not colon or any(c in _URL_STOP or c == "." for c in user) or any(c in "\r\n\"'<>/" for c in password):
            return False
    return True


@lru_cache(maxsize=1)
def top_level_domains() -> frozenset[str]:
    """Last labels of every public suffix in tldextract's bundled snapshot (never downloaded)."""
    extractor = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=False)
    tlds = frozenset(suffix.rsplit(".", 1)[-1] for suffix in extractor.tlds)
    return tlds | a_label_tlds(tlds)  # `рф` and `xn--p1ai`: a Unicode domain is judged in its A-label form


def is_reserved_domain(domain: str) -> bool:
    labels = domain.lower().split(".")
    if labels[-1] == "onion":
        # RFC 7686: a Tor service is reached only by its 16- or 56-character base32 name
        # (`me@onion.onion.onion` in a validator's test of special-use names is nobody's).
        return len(labels) < 2 or _ONION_NAME.fullmatch(labels[-2]) is None
    return labels[-1] in _RESERVED_TLDS or "example" in labels or domain.lower() == "localhost"


def is_fictional_domain(domain: str, in_fixture_or_docs: bool) -> bool:
    """A domain made of metasyntactic names (`foo.org`) anywhere; of stand-in names (`acme.com`,
    `wonderland.foo`, `host.com`) in test fixtures and documentation."""
    labels = domain.lower().split(".")
    names = _FICTIONAL_LABELS if in_fixture_or_docs else _METASYNTACTIC_LABELS
    return any(label in names for label in labels[:-1]) or (in_fixture_or_docs and labels[-1] in names)


def is_forge_account(local: str, domain: str) -> bool:
    """`git@github.com`: the SSH account every user of a code forge connects to."""
    return local.lower() in _FORGE_ACCOUNTS and domain.lower() in _FORGE_DOMAINS


def is_documentation_address(local: str, domain: str) -> bool:
    """Addresses that cannot reach a person: reserved domains, placeholders, protocol and message names.

    Only these are exempt (the rule, and why, is in pii/DECISIONS.md). Any other address on a real
    domain is personal data whatever its local part.
    """
    local, domain = local.lower(), domain.lower()
    if is_reserved_domain(domain):
        return True
    if domain in _NO_REPLY_DOMAINS:
        return True
    if (local, domain) == _GETTEXT_TEAM_PLACEHOLDER:
        return True  # xgettext's `Language-Team: LANGUAGE <LL@li.org>` in every template it writes
    if domain in _PLACEHOLDER_DOMAINS and (local in _PLACEHOLDER_LOCALS or len(local) == 1):
        return True
    if domain in _SSH_NAME_DOMAINS and _SSH_NAME.fullmatch(local.lstrip("-")):
        return True  # an SSH algorithm or extension name, not a mailbox
    if _ID_LOCAL.fullmatch(local):
        return True  # a message or content identifier
    # `a@b.co`, `x@y.z`: one letter on each side is a stand-in in prose about address syntax.
    return len(local) == 1 and len(domain.split(".", 1)[0]) == 1


def _bare_ats(text: str) -> Iterator[tuple[int, re.Match]]:
    """(where the blanks before the word start, the match of the word and its domain) of each
    ` at ` / ` AT ` that `_AT_THEN_DOMAIN` finds."""
    for word, pattern in _AT_THEN_DOMAIN:
        for match in (pattern.finditer(text) if word in text else ()):
            before = match.start()
            while before > 0 and text[before - 1] in " \t":
                before -= 1
            yield before, match


def _lines_with_at_words(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the stretches of whole lines that hold an `_AT_TOKEN`, each once, in order."""
    end = -1
    for token in _AT_TOKEN.finditer(text):
        if token.start() < end:
            continue
        start = text.rfind("\n", 0, token.start()) + 1
        end = text.find("\n", token.end())
        end = len(text) if end == -1 else end
        yield start, end


def _enclosed(text: str, start: int, end: int) -> bool:
    """`Name <local at domain.org>`, `First Last (local @ domain.org)`: a bare ` at ` with literal dots
    is an address when the form alone fills angle brackets, or parentheses after a person's name (an
    author or credit line); in prose ("look at example.com", "hosted at github.com") it is not."""
    if start == 0 or end >= len(text):
        return False
    opening, closing = text[start - 1], text[end]
    if (opening, closing) == ("<", ">"):
        return True
    line_start = text.rfind("\n", 0, start - 1) + 1
    return (opening, closing) == ("(", ")") and _NAME_BEFORE.search(text, line_start, start - 1) is not None


class EmailRecognizer(PathRecognizer):

    def __init__(self) -> None:
        super().__init__([EMAIL])
        self._tlds = top_level_domains()

    def find_at(self, text: str, language: str | None, path: str | None) -> Iterator[Finding]:
        fixture = is_test_path(path) or is_documentation(language, path)
        for sign in "@\uff20":  # `＠` (fullwidth): how Japanese and Chinese pages write an address
            at = text.find(sign)  # so that harvesters miss it; free on texts without wide characters
            while at != -1:
                found = self._match_at(text, at, fixture)
                if found is not None:
                    yield found
                at = text.find(sign, at + 1)
        if any(hint in text for hint in _OBFUSCATION_HINTS):
            yield from self._obfuscated(text, fixture)
        for before, at in _bare_ats(text):
            local = _LOCAL_AFTER_BRACKET.search(text, max(0, before - 65), before)
            if local is None:
                continue
            start, end, domain = local.start("local"), at.end(), at.group("domain")
            if _enclosed(text, start, end) and domain.rsplit(".", 1)[-1].isalpha() \
                    and not self._keeps(local.group("local"), domain, fixture):
                yield Finding(EMAIL, start, end)
        for spaced in (_SPACED_AT.finditer(text) if " @ " in text else ()):
            if not self._keeps(spaced.group("local"), spaced.group("domain"), fixture):
                yield Finding(EMAIL, spaced.start(), spaced.end("domain"))

    def _keeps(self, local: str, domain: str, fixture: bool) -> bool:
        """Addresses that reach nobody (module docstring), and personas on made-up domains in fixtures."""
        if domain.rsplit(".", 1)[-1].lower() not in self._tlds:
            return True
        if is_documentation_address(local, domain) or is_forge_account(local, domain):
            return True
        if "xn--" in domain.lower():
            shown = shown_form(domain)  # `tést@exåmple.com`, `yamada@例え.jp`: a stand-in a reader recognises
            if shown is not None and (is_documentation_address(local, shown) or names_example(shown)):
                return True
        if any(len(label) >= 20 and label.isdigit() for label in domain.split(".")):
            return True  # `me@1111111111222222222233….com`: a digit ruler for a length-limit test, not a host
        if is_masked_address(local, domain) or is_invalid_idn(domain):
            return True  # `xxx@xxx.com`: masked by the author; `me@1.xn--4dbc.com`: a domain no registry can delegate
        if is_invented_persona(local, domain) or is_readers_own_domain(domain):
            return True  # `try@test-sample.com`, `Abc.123@dummy-sample.org`: a made-up persona on a made-up domain
        if local.lower() in _METASYNTACTIC_LOCALS and is_fictional_domain(domain, True):
            return True  # `waldo@somewhere.com` in a docstring's query: a stand-in name on a stand-in domain
        return _TEMPLATE_LOCAL.fullmatch(local) is not None or is_fictional_domain(domain, fixture)

    def _obfuscated(self, text: str, fixture: bool) -> Iterator[Finding]:
        for start, end in _lines_with_at_words(text):
            yield from self._obfuscated_in(text, start, end, fixture)

    def _obfuscated_in(self, text: str, start: int, end: int, fixture: bool) -> Iterator[Finding]:
        for match in _OBFUSCATED.finditer(text, start, end):
            at_word = match.group("at")
            labels = re.split(_DOT_WORD + r"|\.", match.group("domain"))
            if "." in match.group("domain") and not re.search(_DOT_WORD, match.group("domain")) and "at" in at_word.split():
                continue  # `look at example.com`: a bare ` at ` needs a spelled-out ` dot ` (or `_enclosed`)
            if len(labels) < 2 or not labels[-1].isalpha():
                continue
            local, domain = match.group("local"), ".".join(labels)
            if local.lower() in _PROSE_BEFORE_AT and at_word.strip() in ("at", "AT"):
                continue  # prose: "look at", "me at"
            if not self._keeps(local, domain, fixture):
                yield Finding(EMAIL, match.start(), match.end())
        for match in _AT_PROVIDER.finditer(text, start, end):
            local = match.group("local")
            if local[-1] == "." or local.lower() in _PROSE_BEFORE_AT:
                continue
            if not self._keeps(local, match.group("provider").lower() + ".com", fixture):
                yield Finding(EMAIL, match.start(), match.end())  # `name [at] gmail`: the provider's mailbox

    def _match_at(self, text: str, at: int, fixture: bool = False) -> Finding | None:
        domain_match = _DOMAIN.match(text, at + 1)
        escaped = _ESCAPED_DOMAIN.match(text, at + 1) if domain_match is None and "\\" in text[at + 1 : at + 80] else None
        if domain_match is not None:
            domain, end, written = domain_match.group(), domain_match.end(), None
            if domain.endswith("E") and text.startswith("<gt>", end):
                domain, end = domain[:-1], end - 1  # POD's `E<lt>jo@host.orgE<gt>`: the escape is no part of the TLD
        elif escaped is not None:
            domain, end, written = escaped.group().replace("\\", ""), escaped.end(), None
        else:
            idn = None if text[at + 1 : at + 256].isascii() else unicode_domain_at(text, at + 1)
            if idn is None:
                return None
            domain, end, written = idn.a_form, idn.end, idn.written  # judged in its A-label form
        window_start = max(0, at - 64)
        ascii_before = text[window_start:at].isascii()
        local_match = (_LOCAL_TAIL if ascii_before else LOCAL_TAIL).search(text, window_start, at)  # LOCAL_TAIL: with marks
        if local_match is None:
            return None
        start = local_match.start()
        glued = None if ascii_before or written is not None else _GLUED_TEXT.match(text, start, at)
        if glued is not None:
            start = glued.end()  # `请联系jo@…`: text written without spaces runs into the local part
        elif start == window_start and window_start > 0 and (text[start - 1].isalnum() or text[start - 1] in _LOCAL_PUNCTUATION):
            return None  # the local part runs on past 64 characters: a blob, not an address
        if start > 0 and text[start - 1] == "\\":
            escape = _escape_length(text, start)  # `"\nname@host"`, `'\x7f@host'`: the escape is no local part
            if escape and (text[start] == "x" or text[start].isdigit()) and at - (start + escape) == 1:
                return None  # `b'…\x01Z@google.golang.org/genproto…'`, `\001Z@`: a serialized descriptor's tag and length bytes
            start += escape
        if start >= at:
            return None
        local = text[start:at]
        if written is None and not local.isascii() and not any(c.isascii() and c.isalnum() for c in local):
            return None  # `Видео@Mail.Ru`: a title written around an `@`, not an internationalised mailbox
        if local[0] == "." or local[-1] == "." or ".." in local:
            return None  # `name.@icloud.com`: not a valid address (RFC 5322 dot-atom), a format note
        bracket = text.rfind("<", max(0, start - 100), start)
        if bracket != -1 and not any(c.isspace() or c in "\"'" for c in text[bracket:start]) and _ID_BEFORE.search(
            text, max(0, bracket - 24), bracket + 1
        ):
            return None  # a queue or message identifier in angle brackets
        scheme = text.rfind("://", max(0, at - 256), at)
        if scheme != -1 and _is_user_info(text[scheme + 3 : at]) and not _MAILTO.search(text, max(0, scheme - 8), scheme + 3):
            return None  # URL user info (`scheme://user:password@host`), not an address
        slashes = text.rfind("//", max(0, at - 256), start)
        if slashes > 0 and text[slashes - 1] in "\"'`" and _is_user_info(text[slashes + 2 : at]):
            return None  # `"//user:password@host"`: a network-path reference (RFC 3986 §4.2), user info too
        if start > 0 and text[start - 1] == ":":
            user = _USER_BEFORE.search(text, max(0, start - 65), start - 1)
            if user is not None and "://" + text[user.start() : end] in text:
                return None  # `"Bü:ẞ@βόλος.com"`: the authority of a URL the file writes, user info there too
        if self._keeps(text[start:at], domain, fixture):
            return None
        if is_irc_notation(text, start):
            return None  # `PRIVMSG nick@server`: an IRC message target, not a mailbox
        if is_sip_line(text, start, at):
            return None  # `sip:1234@pbx.host`: a telephone line's number, not a mailbox
        line_start = text.rfind("\n", 0, start) + 1
        if _MESSAGE_ID_LINE.match(text, line_start):
            return None  # `Message-ID: <…@host>`: names a message
        if _SSH_PATH.match(text, end):
            return None  # `git@github.com:owner/repo`: an SSH remote, not a mailbox
        if said_not_to_exist(text, start):
            return None  # `'test@qzxv….com'  # this domain does not exist`: the author says so
        srs = srs_wrapped_domain(text, start)
        if srs is not None:
            if self._keeps(text[start:at], srs[1], fixture):
                return None  # `SRS0=…=example.net=person2@bounce.host`: it wraps a sender who is nobody
            start = srs[0]  # the whole rewrite: the wrapped sender's domain is part of the address
        return Finding(EMAIL, start, end)
