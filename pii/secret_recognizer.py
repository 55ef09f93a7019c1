"""Generic secrets: random-looking values assigned to secret-sounding names, and bearer tokens.

Most leaked credentials have no provider prefix (Flask `SECRET_KEY`, Django keys, internal API
tokens, Twilio auth tokens). They are recognised by the pair "secret-sounding name + random-looking
value". Both halves are needed: the same random string next to a neutral name is a hash, a UUID, a
test vector or a checksum, and a word next to a secret name is a setting (`token_type = "bearer"`).
Names are compared word by word, and the last word decides (`max_tokens`, `keyboard`, `token_url`
and `secret_name` contain the letters but do not hold a secret).
"""

import re
from collections.abc import Iterator

from pii.assignments import find_assignments, keyword_hits, name_words, names_value
from pii.entities import KEY
from pii.jwt_evidence import is_public_jwt
from pii.recognizer_base import CodeRecognizer, Finding
from pii.text_checks import looks_random

_STEMS = ("secret", "token", "key", "auth", "credential", "bearer")
# Signatures, salts and MACs are public by design (they travel with the message), so names ending in
# them do not hold a secret; nor do `encrypted_key`, `wrapped_key`, `public_key` (ciphertext, public
# material). Their last word decides, as for every name.
SECRET_WORDS = frozenset(
    {
        "secret", "secrets", "token", "key", "apikey", "auth", "credential", "credentials", "bearer",
        "secretkey", "accesskey", "privatekey", "authtoken", "accesstoken", "refreshtoken",
        "clientsecret", "apitoken", "authkey", "signingkey", "masterkey",
    }
)
_PUBLIC_FIRST_WORDS = frozenset({"encrypted", "wrapped", "public", "pub", "cache", "sort", "primary", "foreign"})
_FILE_NAME = re.compile(r"[\w.-]+\.(?:json|pem|key|crt|txt|yaml|yml|der|p12|pfx|jwk)", re.IGNORECASE)
# `Authorization: Bearer <token>`, `token <value>`, `# token: <value>` in headers, curl lines, comments.
_BEARER_VALUE = re.compile(r":?[ \t]+([A-Za-z0-9._~+/\-]{20,400}=*)")


class SecretRecognizer(CodeRecognizer):
    def __init__(self) -> None:
        super().__init__([KEY])

    def find(self, text: str, language: str | None = None) -> Iterator[Finding]:
        hits = keyword_hits(text, _STEMS)
        for assignment in find_assignments(text, hits, language):
            value = assignment.value
            if len(value) <= 256 and names_value(assignment, SECRET_WORDS) and looks_random(value):
                first = name_words(assignment.name.rsplit(".", 1)[-1])[0]
                if first in _PUBLIC_FIRST_WORDS or _FILE_NAME.fullmatch(value):
                    continue
                if value.startswith("eyJ") and is_public_jwt(value, text, language):
                    continue  # a JWT is judged by its own evidence (jwt_evidence), whatever holds it
                yield Finding(KEY, assignment.start, assignment.end)
        for hit_start, hit_end in hits:
            if hit_end - hit_start in (5, 6) and text[hit_start:hit_end].lower() in ("bearer", "token"):
                match = _BEARER_VALUE.match(text, hit_end)
                if match and looks_random(match.group(1)) and not (
                    match.group(1).startswith("eyJ") and is_public_jwt(match.group(1), text, language)
                ):
                    yield Finding(KEY, match.start(1), match.end(1))
