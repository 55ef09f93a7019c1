"""Is a JWT a credential, or a public example? Judged from the token and the file around it.

A JWT is a bearer credential when whoever holds it can use it and nobody else could have made it.
Three kinds of evidence say a token is not that, and each leaves it in place:

- it is unsigned (`"alg": "none"`, or no `alg` at all): it proves nothing and any reader can forge it;
- it is HMAC-signed (HS256/384/512) and its signature verifies with a secret that is public: one of
  the example secrets of the JWT documentation (jwt.io's `your-256-bit-secret`, `secret`, …) or a
  string literal in the same file (README examples, `jwt.encode(payload, "secret")` next to the
  printed token, test vectors next to their key). Whoever reads the file can forge such a token, so
  it grants nothing the file does not already give away;
- its claims are jwt.io's stock example (`"sub": "1234567890", "name": "John Doe"`), which
  documentation everywhere copies;
- it is printed in documentation (Markdown, reStructuredText, plain text, HTML): README, CHANGELOG
  and docs show tokens as examples of output (pyjwt's README, algorithms guide and changelog);
- it has no signature (`header.claims.`);
- in test code: the claims the test decodes are written out in the file, or the key that verifies
  it (a JWK set, a PEM key or certificate) is in the file: a test vector, whatever the algorithm.

Asymmetrically signed tokens (RS/ES/PS/EdDSA) are not verified here: their public key rarely sits
beside them, and one signed with a real private key is a real credential, so they are redacted.
"""

import base64
import binascii
import hashlib
import hmac
import json
import re

_HASHES = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}
# Secrets that JWT documentation and tutorials publish with their example tokens.
_DOCUMENTED_SECRETS = (
    "secret", "your-256-bit-secret", "your-384-bit-secret", "your-512-bit-secret", "your-secret",
    "your-secret-key", "secret-key", "secretkey", "my-secret", "mysecret", "my_secret", "key", "shhhhh",
    "shhhhhhared-secret", "changeit", "password", "test", "testing", "qwertyuiopasdfghjklzxcvbnm123456",
)
_LITERAL = re.compile(r"""["']([^"'\\\n]{1,128})["']""")
_MAX_LITERALS = 500


def _b64url(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _json_part(part: str) -> dict | None:
    try:
        value = json.loads(_b64url(part))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None


def _verifies(token: str, algorithm: str, secrets: list[str]) -> bool:
    signing_input, _, signature = token.rpartition(".")
    try:
        expected = _b64url(signature)
    except (binascii.Error, ValueError):
        return False
    digest = _HASHES[algorithm]
    return any(
        hmac.compare_digest(hmac.new(secret.encode(), signing_input.encode(), digest).digest(), expected)
        for secret in secrets
    )


# Documentation formats: a JWT printed in prose (README, CHANGELOG, docs) is shown as an example.
DOC_LANGUAGES = frozenset({"Markdown", "reStructuredText", "AsciiDoc", "Text", "HTML", "RDoc", "Org"})


# Key material beside an asymmetrically signed token in test code: the suite verifies it with that key.
_KEY_MATERIAL = re.compile(r"""["']kty["']|BEGIN (?:RSA |EC )?PUBLIC KEY|BEGIN CERTIFICATE|BEGIN (?:RSA |EC )?PRIVATE KEY""")


def _claims_expected_in(claims: dict, text: str) -> bool:
    """Every string claim of the token is written out in the file: the test decodes the token and
    compares it with these literals (yt-dlp's `_JWT_DECODED = {'foo': 'bar', …}`)."""
    strings = [str(key) for key in claims] + [value for value in claims.values() if isinstance(value, str)]
    return bool(strings) and all(f"'{s}'" in text or f'"{s}"' in text for s in strings)


def is_public_jwt(token: str, text: str, language: str | None = None, test_code: bool = False) -> bool:
    """True when the evidence above shows the token is not a credential. In test code (`test_code`)
    two more kinds of evidence count: the claims the test expects are written out in the file, or
    the key that verifies an asymmetric token is in the file (PyJWT's JWKS-client tests)."""
    if language in DOC_LANGUAGES:
        return True
    parts = token.split(".")
    if len(parts) != 3:
        return False  # not a compact JWS: no evidence either way
    if not parts[2]:
        return True  # no signature: it proves nothing
    header, claims = _json_part(parts[0]), _json_part(parts[1])
    if header is None:
        return False
    if test_code and (
        (claims is not None and _claims_expected_in(claims, text)) or _KEY_MATERIAL.search(text) is not None
    ):
        return True
    algorithm = str(header.get("alg", "")).upper()
    if algorithm in ("NONE", ""):
        return True  # unsigned, or no JOSE header at all (a malformed token in a parser test)
    if claims is not None and claims.get("sub") == "1234567890" and claims.get("name") == "John Doe":
        return True
    if algorithm in _HASHES:
        literals = [m.group(1) for m, _ in zip(_LITERAL.finditer(text), range(_MAX_LITERALS))]
        return _verifies(token, algorithm, [*_DOCUMENTED_SECRETS, *dict.fromkeys(literals)])
    return False
