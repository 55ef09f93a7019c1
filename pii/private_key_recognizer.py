"""PEM / OpenSSH / PGP private key blocks, redacted whole from BEGIN to END.

Keys appear as files of their own, as multi-line string literals, and as one-line strings with
`\\n` escapes or concatenated pieces; matching lazily from the BEGIN marker to the END marker with
the same label covers all three. A block cut off before its END marker (truncated file, key split
over concatenated strings that end early) is redacted up to the end of its base64 body. Blocks whose
body is too short to hold a key (`-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----` in
documentation) are left alone.

Keys also travel without armour, as one base64 (or base64url) string of their DER encoding (`"MIIEvQIBADAN…"`,
PKCS#8, PKCS#1, SEC1, encrypted PKCS#8, PKCS#12). Such a blob is recognised by decoding its first
bytes and checking the ASN.1 structure that only private-key containers start with (a SEQUENCE
whose first member is version INTEGER 0, 1 or 3 followed by the member that format puts next, or an
encryption AlgorithmIdentifier with a PKCS#5 / PKCS#12 OID). Public keys (SubjectPublicKeyInfo,
PKCS#1 RSAPublicKey) and certificates start differently and stay.

A key written inside test code (a program under a test folder or named like a test) is the test's
own key: the suite signs and verifies with it, it is published for that purpose, and redacting it
breaks the suite (issue 23's test-suite benchmark: PyJWT, python-jose, oauthlib, jwcrypto). It
stays, and so does a key fixture file in a test folder (`tests/keys/rsa.pem`, `test_key_files.py`).
Keys anywhere else (`config/`, `deploy/`, a key file outside a test folder) are redacted.
"""

import base64
import binascii
import re
from collections.abc import Iterator

from pii.entities import PRIVATE_KEY
from pii.ip_context import is_test_path
from pii.recognizer_base import CODE_LANGUAGES, CodeRecognizer, Finding
from pii.test_key_files import is_test_key_file

_BEGIN = re.compile(r"-----BEGIN ((?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?)-----")
# Base64 lines, optionally wrapped in string syntax: quotes, `\n` escapes, `+` / `,` concatenation.
_BODY = re.compile(r"(?:(?:\\[nr]|[\s\"'+,]){0,12}(?:[A-Za-z0-9+/=]{16,}|[A-Za-z][\w-]*: [^\n\\]*))+")
_MIN_BODY_CHARS = 40  # an Ed25519 PKCS#8 body is 64 base64 characters, some of them + or /
_DER_BLOB = re.compile(r"M[A-Za-z0-9+/_-]{59,}={0,2}")  # base64 or base64url (`-`, `_`: web-push and JOSE tooling)
# Between wrapped lines: quotes, `\n` escapes, commas, and `+` only as concatenation (followed by a
# space or quote; a `+` followed by base64 is the line's first character).
_WRAPPED_LINE = re.compile(r"(?:\\[nr]|[\s\"',]|\+(?=[\s\"'])){1,12}([A-Za-z0-9+/]{4,76}={0,2})(?![A-Za-z0-9+/])")
_B64_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-")
# OID prefixes (DER content bytes) of PKCS#5 PBES1/PBES2 (1.2.840.113549.1.5) and PKCS#12 PBE
# (1.2.840.113549.1.12.1): the AlgorithmIdentifier that opens an EncryptedPrivateKeyInfo.
_FIELD_TYPE_OID = bytes.fromhex("2a8648ce3d01")  # 1.2.840.10045.1: X9.62 field types (prime/char-two)
_ENCRYPTION_OIDS = (bytes.fromhex("2a864886f70d0105"), bytes.fromhex("2a864886f70d010c01"))
_MAX_BLOCK = 20_000


def _skip_header(der: bytes, at: int) -> int | None:
    """Index of the content after the tag and length at `at`, or None when malformed."""
    if at + 2 > len(der):
        return None
    first = der[at + 1]
    if first < 0x80:
        return at + 2
    count = first & 0x7F
    return at + 2 + count if 1 <= count <= 3 else None


def is_private_key_der(der: bytes) -> bool:
    """Whether DER bytes open like a private-key container (see the module docstring)."""
    if len(der) < 12 or der[0] != 0x30:
        return False
    inner = _skip_header(der, 0)
    if inner is None or inner + 3 > len(der):
        return False
    if der[inner] == 0x02 and der[inner + 1] == 0x01:  # version INTEGER
        version, after = der[inner + 2], inner + 3
        follows = der[after] if after < len(der) else -1
        if version == 0:
            return follows in (0x30, 0x02)  # PKCS#8 AlgorithmIdentifier, PKCS#1 / DSA modulus
        if version == 1:
            if follows == 0x30:  # PKCS#8 v2 (RFC 5958) — unless it is explicit EC domain parameters
                algorithm = _skip_header(der, after)  # (X9.62 ECParameters: version 1, FieldID { OID … })
                return algorithm is not None and not der[algorithm + 2 : algorithm + 2 + 6].startswith(_FIELD_TYPE_OID)
            return follows == 0x04  # SEC1 private octets
        return version == 3 and follows == 0x30  # PKCS#12 PFX
    if der[inner] == 0x30:  # EncryptedPrivateKeyInfo: SEQUENCE { AlgorithmIdentifier { OID …
        algorithm = _skip_header(der, inner)
        if algorithm is None or algorithm + 2 > len(der) or der[algorithm] != 0x06:
            return False
        oid = der[algorithm + 2 : algorithm + 2 + der[algorithm + 1]]
        return oid.startswith(_ENCRYPTION_OIDS)
    return False


def _der_blobs(text: str) -> Iterator[Finding]:
    for match in _DER_BLOB.finditer(text):
        if match.start() > 0 and text[match.start() - 1] in _B64_CHARS:
            continue
        head = match.group()[:64]
        try:
            der = base64.urlsafe_b64decode(head[: len(head) // 4 * 4].replace("+", "-").replace("/", "_"))
        except (binascii.Error, ValueError):
            continue
        if not is_private_key_der(der):
            continue
        end, piece = match.end(), match.group()
        while len(piece.rstrip("=")) in (64, 76):  # wrapped at PEM / MIME width: take the next line
            line = _WRAPPED_LINE.match(text, end)
            if line is None:
                break
            end, piece = line.end(), line.group(1)
        yield Finding(PRIVATE_KEY, match.start(), end)


class PrivateKeyRecognizer(CodeRecognizer):
    USES_PATH = True

    def __init__(self) -> None:
        super().__init__([PRIVATE_KEY])

    def find_at(self, text: str, language: str | None, path: str | None) -> Iterator[Finding]:
        code = language in CODE_LANGUAGES
        if (is_test_path(path) and code) or is_test_key_file(path, code):
            return iter(())  # the test's own key (module docstring; key fixture files: test_key_files.py)
        return self.find(text, language)

    def find(self, text: str, language: str | None = None) -> Iterator[Finding]:
        if "M" in text:
            yield from _der_blobs(text)
        if "PRIVATE KEY" not in text:
            return
        position = 0
        while (begin := _BEGIN.search(text, position)) is not None:
            end_marker = f"-----END {begin.group(1)}-----"
            end = text.find(end_marker, begin.end(), begin.end() + _MAX_BLOCK)
            if end != -1:
                body, block_end = text[begin.end() : end], end + len(end_marker)
            else:
                body_match = _BODY.match(text, begin.end())
                block_end = body_match.end() if body_match else begin.end()
                body = text[begin.end() : block_end]
            if sum(c.isalnum() for c in body) >= _MIN_BODY_CHARS:
                yield Finding(PRIVATE_KEY, begin.start(), block_end)
            position = max(block_end, begin.end())
