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
- a value whose characters the program depends on, visible locally: a literal whose length is taken
  (`"101.102.103.104".len()`, `len("…")`, `"…".length`, `strlen("…")`, `sizeof("…")`), or that a
  test parses or asserts on (`assert parse("…") == …`, `ipaddress.ip_address("…")`, `net.ParseIP`),
  any address outside comments in test code (a file with `def test_…(`, `unittest`, `pytest`,
  `#[test]`, `@Test`, `describe(`, `it(`, TAP's `cmp_ok(`…) and in doctests (a `>>>` line and the output line
  after it): the test's inputs and expectations (a GeoIP lookup, an `is_private` check) depend on
  the exact digits. A file under a test or fixture folder counts as test code (its path is given).
  Replacing such a value, even by a same-length stand-in, changes what the program computes, so it
  is left alone (README / pii/DECISIONS.md: the figures that chose this).
"""

import re
from functools import lru_cache

_VERSION_WORDS = re.compile(
    r"(?i)(?:version|release|build|firmware|revision|\brev\b|\bver\b|section|clause|chapter|paragraph|appendix"
    r"|annex|§|\boid\b|identifier|\biso\b|\bc\d\d\b|\brfc\b|\btable\b|\bfigure\b|\bstep\b|\bsince\b"
    r"|\badded in\b|\bfixed in\b)"
)
_VERSION_PREFIX = re.compile(r"(?:==|>=|<=|~=|!=|\^|~|[A-Za-z][\w.]*[-_])[\"']?v?$")
_COMMENT_HEAD = re.compile(r"[ \t]*(?:/[/*]+|\*+|#+|--|;+|%+|\"\"\"|'''|<!--)?[ \t]*$")
_HEADING_TAIL = re.compile(r"\.?[ \t]+[A-Z][A-Za-z_]")
# A release heading: `PycURL 7.43.0.6 - 2020-09-02`, `1.2.10.4 (2021-03-01)`.
_RELEASE_HEAD = re.compile(r"[ \t#*=-]*(?:[\w.+-]+[ \t]+)?v?")
_RELEASE_TAIL = re.compile(r"[ \t]*(?:[-–—:][ \t]*|\()[ \t]*\(?(?:19|20)\d\d-\d\d-\d\d")
_OTHER_VERSION = re.compile(r"[\"'`]v?\d+(?:\.\d+){1,2}(?:[-+][\w.]*)?[\"'`]|(?<![\w.])\d+\.\d+\.\d+(?![\w.])")
_LENGTH_AFTER = re.compile(r"[\"'`]\)?\s*\.\s*(?:len\(\)|length\b|size\(\)|count\(\)|chars\(\))")
_LENGTH_BEFORE = re.compile(r"(?:\blen|\bstrlen|\bsizeof|\blength|\bcount|\bSTRLEN|\bsize)\s*\(\s*[rbuRBU]?[\"'`]$")
# Calls and statements in which a test parses or checks the literal: its digits are the test's input.
_PARSE_OR_ASSERT = re.compile(
    r"(?i)assert|expect|\bcheck|\bverify|parse|ip_address|ip_interface|ipv4address|ipv6address|inet_|ipaddr"
    r"|\bisip|\bis_ip|\bisipv|valid|from_str|to_int|ip2long|long2ip|aton|ntoa|pton|ntop|netaddr|ipaddress"
)
_SEMVER = re.compile(r"(?i)semver|\bcoerce\b")
# A file that deals in object identifiers (X.500 attribute types `2.5.4.10`, LDAP schemas, ASN.1
# modules, OID tables): there a quad whose arcs are OID-shaped is an OID, not a host.
_OID_FILE = re.compile(r"(?i)\boids?\b|_oid|oid_|object[ _]?identifier|attributetypes|objectclass|\basn\.?1\b|SYNTAX")
_COUNTING = "1234567890123"
# Test code: addresses in its string literals are inputs and expectations of the tests.
# Test code, recognised by its own markers (a bare `assert` is too common in library code to count).
_TEST_FILE = re.compile(
    r"\bdef test_\w*\(|\bfunc Test\w*\(|\bunittest\b|\bpytest\b|#\[test\]|@Test\b|\bdescribe\(['\"]|\bit\(['\"]"
    r"|\bTEST(?:_F)?\(|\bcmp_ok\(|\bdone_testing\b|\btest_\w+\("
)
_TEST_PATH = re.compile(
    r"(?:^|/)(?:tests?|testing|t|spec|specs|__tests__|testdata|test_data|fixtures?)/"
    r"|(?:^|/)(?:test_[^/]*|[^/]*_test\.[^/.]+|[^/]*\.(?:test|spec)\.[^/.]+|conftest\.py)$"
)
_DOCTEST = re.compile(r"[ \t]*(?:>>>>?|\.\.\.)[ \t]")
_SPEC_TAIL = re.compile(r"[ \t]+[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|`")
_SPEC_HEAD = re.compile(r"(?:\[[A-Z][A-Z0-9-]+\]:?|\bMS-[A-Z0-9]+:?|\bas per|_`)[ \t]*$")
_COMMENT_LINE = re.compile(r"[ \t]*(?://|#|\*|/\*|--|;|%|>>>|\.\.\.)")


@lru_cache(maxsize=8)
def _file_has(pattern: re.Pattern[str], text: str) -> bool:
    """One search per file and pattern (str hashes are cached, so the lookup is cheap)."""
    return pattern.search(text) is not None


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_end = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if line_end == -1 else line_end


# go-enry names of programming languages (where a test folder holds test code, not data).
CODE_LANGUAGES = frozenset(
    {
        "Python", "JavaScript", "TypeScript", "TSX", "JSX", "C", "C++", "C#", "Go", "Rust", "Java", "Kotlin", "Scala",
        "Ruby", "Perl", "PHP", "Shell", "PowerShell", "Swift", "Objective-C", "Lua", "R", "Julia", "Elixir",
        "Erlang", "Haskell", "OCaml", "Dart", "Groovy", "Clojure", "F#", "Visual Basic .NET", "Zig", "Nim",
    }
)


def is_test_path(path: str | None) -> bool:
    """Files under a test or fixture folder, or named like a test (`test_x.py`, `x_test.go`, `x.spec.ts`)."""
    return path is not None and _TEST_PATH.search(path) is not None


def is_not_an_address(text: str, start: int, end: int, parts: list[int], test_file: bool = False) -> bool:
    """True when the quad at text[start:end] is a version, section number or program datum."""
    if all(part < 10 for part in parts) or len(set(parts)) == 1:
        return True
    if "".join(map(str, parts)) in _COUNTING:
        return True  # `123.45.67.89`, `12.34.56.78`: the stock made-up address
    if parts[0] <= 2 and parts[1] < 40 and _file_has(_OID_FILE, text):
        return True  # an OID: first arc 0-2, second below 40 (X.660), in a file about OIDs
    line_start, line_end = _line_bounds(text, start, end)
    prefix = text[max(line_start, start - 40) : start]
    if _VERSION_WORDS.search(prefix) or _VERSION_PREFIX.search(prefix[-24:]):
        return True
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
    return is_program_datum(text, start, end, test_file)


def is_program_datum(text: str, start: int, end: int, test_file: bool = False) -> bool:
    """An address (v4 or v6) whose characters the code around it depends on (module docstring)."""
    line_start, line_end = _line_bounds(text, start, end)
    line, before, after = text[line_start:line_end], text[line_start:start], text[end:line_end]
    in_string = any(q in before and q in after for q in "\"'`")
    if in_string and _PARSE_OR_ASSERT.search(line):
        return True  # test input or expectation: `assertEqual(ptr("1.2.3.4"), "4.3.2.1.in-addr.arpa.")`
    if _DOCTEST.match(line) or (line_start >= 2 and _DOCTEST.match(text, text.rfind("\n", 0, line_start - 1) + 1)):
        return True  # a doctest's input or the output it expects
    if not _COMMENT_LINE.match(line) and (test_file or _file_has(_TEST_FILE, text)):
        return True  # test code and its inline fixtures: what the test feeds in or expects back
    quoted = start > 0 and text[start - 1] in "\"'`" and end < len(text) and text[end] == text[start - 1]
    if not quoted:
        return False
    if _LENGTH_AFTER.match(after) or _LENGTH_BEFORE.search(before):
        return True
    return _file_has(_SEMVER, text)  # a quoted quad in a file about semver is a version string
