"""Is this dotted quad used as an address? Context rules for the IP recognizer.

A dotted quad in code is an address only where the code or text uses it as one. The rules here
name what it is otherwise, from evidence on the same line (or, for semver, in the file):

- a version: `__version__ = "2.10.4.1"`, `numpy==1.21.0.1`, `pkg-1.2.3.4`, `Version: 12.30.45.200`,
  or a quad listed beside other versions (`['35.12.18.24', '35.12.18']` in a semver coercion test);
- a section, clause or heading number: `/* 7.18.1.1 Exact-width integer types`, `see § 4.3.2.1`,
  `ISO C99 7.18.1.1`, `1.2.3.4 Scope` at the start of a comment line;
- an OID in a file about OIDs: first arc 0–2 and second below 40, as X.660 assigns them
  (`'2.5.4.10': 'organization_name'`, LDAP schema `( 2.5.21.9 NAME …`);
- a release heading (`PycURL 7.43.0.6 - 2020-09-02`), the tail of a number folded onto an LDIF
  continuation line (` 115.121.1.15` after `…1466.`);
- a User-Agent product token (`VidApp/4.60.12.101 (Android 10)`, `rv:1.9.2.13`) or a version query parameter
  (`app.js?v=5.2.14.183`, `&ver=…`); a product name's version in a header naming the software
  (`X-Mailer: Evolution 2.26.1.1`, `User-Agent:`, `Server:`, `X-Powered-By:`);
- a section of a standard in prose ("HTML living standard 4.10.21.8", "specification 4.3.12.7");
- a bound of a network range (`133.1.0.1 - 133.1.255.255` in WHOIS answers);
- a hand-typed quad or a version in prose or a comment: all parts single digits, three or four equal
  (`123.123.123.5`), counting (`12.34.56.78`), or, on a comment line, its first three parts single
  digits (`// 1.0.2.41` over a reader of that format version, `;; 1.1.0.36.mswinmt`). Written as an
  address — in a string literal of its line, before a port, after an address key — the same quad
  is redacted (`used_as_address`).
None of these applies to a quad that a key names as an address (`;ip=…`, `"client_ip": "…"`).

Everything else that is a public address is used as one, wherever it stands: in test code and
fixtures too (a captured URL's `ip=` parameter, a `Received:` header, a client or server in a test).
The old rule "every address outside comments in test code is a test input" kept real client
addresses in published data (issue 23) and is gone; see pii/DECISIONS.md for the one measured
exception.
"""

import re
from functools import lru_cache

_VERSION_WORDS = re.compile(
    r"(?i)(?:version|release|build|firmware|revision|\brev\b|\bver\b|section|clause|chapter|paragraph|appendix"
    r"|annex|§|\boid\b|identifier|\biso\b|\bc\d\d\b|\brfc\b|\btable\b|\bfigure\b|\bstep\b|\bsince\b"
    r"|\badded in\b|\bfixed in\b|\bstandard\b|specification|\bdraft\b)"
)
# `==1.2.3.4`, a bound after a space (`>= 1.2.5.2`; `== "…"` with a space is code comparing a value),
# `pkg-1.2.3.4`, and a version query parameter: `app.js?v=5.2.14.183`, `&_v=…`.
_VERSION_PREFIX = re.compile(r"(?:==|>=|<=|~=|!=|\^|~|[A-Za-z][\w.]*[-_]|[?&;](?:_?v|vn|vsn)=|\brv:)[\"']?v?$|[<>]=[ \t]v?$")
# A User-Agent product token `Product/1.2.3.4`: a bare name (no dot, slash or colon: not a host or
# path) right after a quote, a space, `(` or the start of the line.
_PRODUCT_TOKEN = re.compile(r"(?:^|[\s\"'`(;,])([A-Za-z][A-Za-z0-9_+-]{1,40})/$")
_NOT_PRODUCTS = frozenset({"ip", "ips", "ipv4", "addr", "address", "host", "hosts", "server", "servers", "client"})
# A header that names the software which wrote a message or served a page, its version after a
# space (`X-Mailer: Evolution 2.26.1.1`, `"User-Agent": "Claws Mail 3.7.6.2"`): one to four product
# words, each capitalised or camel-cased (`Apple Mail`, `iPhone Mail`), so that prose in a
# `Server:` log line ("Server: listening on …") is not one. No dot, slash or colon in a word: a host
# name is not a product.
_PRODUCT_HEADER = re.compile(
    r"(?<![\w-])(?i:x-mailer|user-agent|server|x-powered-by|x-newsreader|x-generator|x-mimeole)"
    r"[\"']?[ \t]*[:=][ \t]*[\"']?((?:(?:[A-Z]|[a-z]+[A-Z])[\w+-]*[ \t]+){1,4})[vV]?\Z"
)
_COMMENT_LINE = re.compile(r"[ \t]*(?:#|//|/\*|\*|--|;|%|<!--)")
_COMMENT_HEAD = re.compile(r"[ \t]*(?:/[/*]+|\*+|#+|--|;+|%+|\"\"\"|'''|<!--)?[ \t]*$")
_HEADING_TAIL = re.compile(r"\.?[ \t]+[A-Z][A-Za-z_]")
# A release heading: `PycURL 7.43.0.6 - 2020-09-02`, `1.2.10.4 (2021-03-01)`.
_RELEASE_HEAD = re.compile(r"[ \t#*=-]*(?:[\w.+-]+[ \t]+)?v?")
_RELEASE_TAIL = re.compile(r"[ \t]*(?:[-–—:][ \t]*|\()[ \t]*\(?(?:19|20)\d\d-\d\d-\d\d")
# Other versions on the line (`5.1.1` after an SMTP reply code such as `550-5.1.1` is a status, not one).
_OTHER_VERSION = re.compile(
    r"[\"'`]v?\d+(?:\.\d+){1,2}(?:[-+][\w.]*)?[\"'`]|(?<![\w.])(?<!\d\d\d-)(?<!\d\d\d )\d+\.\d+\.\d+(?![\w.])"
)
_SEMVER = re.compile(r"(?i)semver|\bcoerce\b")
# A line that holds one quoted list item and nothing else: `    '8.0.11.1',`.
_LIST_ITEM = re.compile(r"[ \t]*[\"'`]\d+(?:\.\d+){3}[\"'`],?[ \t]*")
# A file that deals in object identifiers (X.500 attribute types `2.5.4.10`, LDAP schemas, ASN.1
# modules, OID tables): there a quad whose arcs are OID-shaped is an OID, not a host.
_OID_FILE = re.compile(r"(?i)\boids?\b|_oid|oid_|object[ _]?identifier|attributetypes|objectclass|\basn\.?1\b|SYNTAX")
_COUNTING = "1234567890123"
_TEST_PATH = re.compile(
    r"(?:^|/)(?:tests?|testing|t|spec|specs|__tests__|testdata|test_data|fixtures?)/"
    r"|(?:^|/)(?:test_[^/]*|tests?[-_.][^/]*|[^/]*_test\.[^/.]+|[^/]*\.(?:test|spec)\.[^/.]+|conftest\.py)$"
)
# A key that names its value as an address: `ip=`, `;ip=`, `"client_ip": "`, `remote_addr = '`.
_ADDRESS_KEY = re.compile(
    r"(?i)(?:\bip|_ip|ipaddr|ip_address|ipaddress|\baddr|remote_addr|client_addr|\bhost)[\"']?[ \t]*[=:][ \t]*[\"']?\Z"
)
_PORT_AFTER = re.compile(r":\d{2,5}(?!\d|\.\d)")
_RANGE_AFTER = re.compile(r"[ \t]*-[ \t]*\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}")
_RANGE_BEFORE = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}[ \t]*-[ \t]*\Z")
_SPEC_TAIL = re.compile(r"[ \t]+[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|`")
_SPEC_HEAD = re.compile(r"(?:\[[A-Z][A-Z0-9-]+\]:?|\bMS-[A-Z0-9]+:?|\bas per|_`)[ \t]*$")


@lru_cache(maxsize=8)
def _file_has(pattern: re.Pattern[str], text: str) -> bool:
    """One search per file and pattern (str hashes are cached, so the lookup is cheap)."""
    return pattern.search(text) is not None


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_end = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if line_end == -1 else line_end


def is_test_path(path: str | None) -> bool:
    """Files under a test or fixture folder, or named like a test (`test_x.py`, `x_test.go`, `x.spec.ts`)."""
    return path is not None and _TEST_PATH.search(path) is not None


def _is_product_token(text: str, line_start: int, start: int) -> bool:
    match = _PRODUCT_TOKEN.search(text, max(line_start, start - 48), start)
    return match is not None and match.group(1).lower() not in _NOT_PRODUCTS


def in_product_header(text: str, line_start: int, start: int) -> bool:
    """The quad follows a product name in a header naming the software (`_PRODUCT_HEADER`): a
    version, as the `Product/1.2.3.4` token of a User-Agent is (`_is_product_token`)."""
    match = _PRODUCT_HEADER.search(text, max(line_start, start - 120), start)
    return match is not None and not any(word.lower() in _NOT_PRODUCTS for word in match.group(1).split())


def repeated_octets(parts: list[int]) -> bool:
    """Three of the four octets the same number (`123.123.123.5`, `111.111.111.20`): a placeholder typed
    by hand in a docstring's example records, as the all-equal `123.123.123.123` is. A random public
    address holds this pattern about once in 16,000 (four positions, 1/256 twice)."""
    return max(parts.count(part) for part in parts) >= 3


def is_toy_quad(parts: list[int]) -> bool:
    """`1.2.3.4`, `99.99.99.99`, `123.123.123.5`, `12.34.56.78`: typed by hand, never drawn at random."""
    return all(part < 10 for part in parts) or repeated_octets(parts) or "".join(map(str, parts)) in _COUNTING


def on_comment_line(text: str, start: int) -> bool:
    """The line holding `start` is a comment from its start: `# …`, `// …`, `-- …`, `; …`, ` * …`."""
    return _COMMENT_LINE.match(text, text.rfind("\n", 0, start) + 1) is not None


def used_as_address(text: str, start: int, end: int) -> bool:
    """The quad is written where an address goes: in a string literal of its line (`("1.2.3.4", 8080)`,
    `"allow 1.2.3.4"`, `X-Forwarded-For: "99.99.99.99, …"`), before a port (`1.2.3.4:4000`), or after a
    key naming an address (`ip=`, `"client_ip": `). Section numbers stand in comments and prose."""
    if _PORT_AFTER.match(text, end) or _ADDRESS_KEY.search(text, max(0, start - 24), start):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    return any(before.count(quote) % 2 == 1 for quote in "\"'")


def _listed_among_versions(text: str, line_start: int, line_end: int) -> bool:
    """The list item on the line before or after this one is a version (`'8.0',`, `"10.5.8",`)."""
    previous_start = text.rfind("\n", 0, max(line_start - 1, 0)) + 1
    next_end = text.find("\n", line_end + 1)
    neighbours = (text[previous_start : max(line_start - 1, previous_start)],
                  text[line_end + 1 : next_end if next_end != -1 else len(text)])
    return any(_OTHER_VERSION.fullmatch(line.strip().rstrip(",")) for line in neighbours)


def is_not_an_address(text: str, start: int, end: int, parts: list[int]) -> bool:
    """True when the quad at text[start:end] is a version, section number or OID, not an address."""
    if is_toy_quad(parts) and not used_as_address(text, start, end):
        return True  # `# RFC 8754 sect 2.1.1.1`, `e.g. 1.2.3.4`: a section number or a toy in prose
    if max(parts[:3]) < 10 and on_comment_line(text, start) and not used_as_address(text, start, end):
        # `// 1.0.2.41` over a file format's reader, `;; 1.1.0.36.mswinmt` in a build string: three
        # single-digit octets first are how versions count; about one public /24 in 16,000 begins so.
        # Only in a comment: a device config's `ipv4 address 1.1.0.10` is the router's own.
        return True
    if _ADDRESS_KEY.search(text, max(0, start - 24), start):
        return False  # `;ip=…`, `"client_ip": "…"`: named as an address, whatever words are nearby
    if _RANGE_AFTER.match(text, end) or _RANGE_BEFORE.search(text, max(0, start - 24), start):
        return True  # `133.1.0.1 - 133.1.255.255`: the bound of a network range (WHOIS), not a host
    if parts[0] <= 2 and parts[1] < 40 and _file_has(_OID_FILE, text) and not _PORT_AFTER.match(text, end):
        return True  # an OID: first arc 0-2, second below 40 (X.660), in a file about OIDs
    line_start, line_end = _line_bounds(text, start, end)
    prefix = text[max(line_start, start - 40) : start]
    if _VERSION_WORDS.search(prefix) or _VERSION_PREFIX.search(prefix[-24:]):
        return True
    if prefix.endswith("/") and _is_product_token(text, line_start, start):
        return True  # `VidApp/4.60.12.101 (Android 10)`: a User-Agent product version
    if prefix.endswith((" ", "\t", " v", " V")) and in_product_header(text, line_start, start):
        return True  # `X-Mailer: Evolution 2.26.1.1`: the mail client's version
    if max(parts[1:]) < 50 and _COMMENT_HEAD.match(text, line_start, start) and _HEADING_TAIL.match(text, end):
        return True  # a numbered heading: `/* 7.18.1.1 Exact-width integer types`
    if _SPEC_TAIL.match(text, end) or _SPEC_HEAD.search(text, max(line_start, start - 24), start):
        return True  # `[MS-FSCC] 2.4.15.1 FILE_GET_EA_INFORMATION`, `As per 11.2.4.5 TPM2B_…`
    if _RELEASE_TAIL.match(text, end) and _RELEASE_HEAD.fullmatch(text, line_start, start):
        return True
    if start - line_start == 1 and text[line_start] == " " and line_start >= 2 and text[line_start - 2] in "0123456789.":
        return True  # an LDIF continuation line (RFC 2849 folding): the tail of a longer number
    before, after = text[line_start:start], text[end:line_end]
    if _OTHER_VERSION.search(before) or _OTHER_VERSION.search(after):
        return True  # listed with other versions
    if _LIST_ITEM.fullmatch(text, line_start, line_end) and _listed_among_versions(text, line_start, line_end):
        return True  # a list item on its own line, the item before or after it a version (`'8.0',`)
    quoted = start > 0 and text[start - 1] in "\"'`" and end < len(text) and text[end] == text[start - 1]
    return quoted and _file_has(_SEMVER, text)  # a quoted quad in a file about semver is a version string
