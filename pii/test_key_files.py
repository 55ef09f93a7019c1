"""Key fixture files of a test suite: JWK / PEM / key files in a test folder.

A suite keeps the keys its tests load as data files beside the code (`tests/keys/jwk_rsa_key.json`,
`tests/keys/testkey_rsa.priv`, `testdata/ec.pem`). They are the suite's own test keys, published
for that purpose, exactly like a key written inside test code (see `private_key_recognizer.py`);
redacting them broke 19 PyJWT tests in issue 23's test-suite benchmark. Only data files in a test
folder segment (`tests/`, `test/`, `testdata/`, `test_data/`, `fixtures/`) whose extension or name
says key material count; the same file under `config/` or anywhere else is still redacted. A JSON
file counts only when its name or folder says keys (`jwk_rsa_key.json`, `keys/hmac.json`): any other
JSON fixture is data the suite captured (a push-credentials response), and a private key in it is a
credential, not the suite's test key.
"""

import re

_TEST_FOLDER = re.compile(r"(?:^|/)(?:tests?|testdata|test_data|fixtures?)/")
_KEY_FILE = re.compile(
    r"(?i)(?:\.(?:json|jwk|jwks|pem|key|priv|pk8|p8|der|asc|gpg)|(?:^|[/_.-])(?:id_)?(?:rsa|dsa|ecdsa|ed25519|ed448|keys?|testkey\w*))$"
)
# A JSON fixture holds keys when its name or a folder says so: `jwk_ec_key.json`, `keys/hmac.json`.
_KEYS_NAMED = re.compile(r"(?i)(?:jwks?|keys?)[^/]*\.json$|(?:^|/)(?:jwks?|keys?)/")


def is_test_key_file(path: str | None, code_language: bool) -> bool:
    """Whether `path` is a key fixture (data, not a program) inside a test folder."""
    if path is None or code_language or _TEST_FOLDER.search(path) is None:
        return False
    name = path.rsplit("/", 1)[-1]
    if _KEY_FILE.search(name) is None:
        return False
    return not name.lower().endswith(".json") or _KEYS_NAMED.search(path) is not None
