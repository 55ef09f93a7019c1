"""Key fixture files in a test folder are the suite's own test keys; the same files elsewhere are not.

Models PyJWT-style suites (issue 23's test-suite benchmark): the tests load JWK JSON files and PEM
files from `tests/keys/`. Values are made up here, from a seeded generator.
"""

import base64
import json
import random

from pii.redact import Redactor
from pii.test_key_files import is_test_key_file


def _b64url(rng: random.Random, size: int) -> str:
    return base64.urlsafe_b64encode(rng.randbytes(size)).rstrip(b"=").decode()


def _rsa_jwk(seed: str) -> str:
    rng = random.Random(seed)
    key = {"kty": "RSA", "kid": "test-key", "n": _b64url(rng, 256), "e": "AQAB", "d": _b64url(rng, 256)}
    key |= {name: _b64url(rng, 128) for name in ("p", "q", "dp", "dq", "qi")}
    return json.dumps(key, indent=2) + "\n"


def _oct_jwk(seed: str) -> str:
    return json.dumps({"kty": "oct", "kid": "hmac", "k": _b64url(random.Random(seed), 32)}) + "\n"


def _pem(seed: str) -> str:
    rng = random.Random(seed)
    body = [base64.b64encode(rng.randbytes(48)).decode() for _ in range(12)]
    return "\n".join(["-----BEGIN PRIVATE KEY-----", *body, "-----END PRIVATE KEY-----"]) + "\n"


def test_jwk_fixture_in_tests_keys_stays_and_in_config_is_redacted(redactor: Redactor) -> None:
    jwk = _rsa_jwk("fixture")
    kept = redactor.redact(jwk, "JSON", "tests/keys/jwk_rsa_key.json")
    assert kept.text == jwk and kept.counts == {}
    leaked = redactor.redact(jwk, "JSON", "config/jwk_rsa_key.json")
    assert leaked.counts.get("PRIVATE_KEY") == 6  # d, p, q, dp, dq, qi
    assert json.loads(jwk)["d"] not in leaked.text and json.loads(jwk)["n"] in leaked.text


def test_hmac_jwk_and_pem_fixtures_in_test_folders_stay(redactor: Redactor) -> None:
    oct_key, pem = _oct_jwk("hmac"), _pem("rsa")
    for path in ("tests/keys/jwk_hmac.json", "test/fixtures/hmac.jwk", "testdata/keys.json"):
        assert redactor.redact(oct_key, "JSON", path).text == oct_key, path
    for path in ("tests/keys/testkey_rsa.priv", "testdata/server.key", "pkg/fixtures/rsa.pem", "tests/keys/testkey_ed25519"):
        assert redactor.redact(pem, None, path).text == pem, path
    assert redactor.redact(oct_key, "JSON", "deploy/jwk_hmac.json").counts.get("KEY") == 1
    for path in ("config/server.key", "keys/rsa.pem", "src/contest/rsa.pem", "tests_data/rsa.pem"):
        assert redactor.redact(pem, None, path).counts.get("PRIVATE_KEY") == 1, path


def test_only_data_files_named_as_keys_count() -> None:
    assert is_test_key_file("tests/keys/jwk_ec_key_P-256.json", code_language=False)
    assert not is_test_key_file("tests/keys/helpers.py", code_language=True)  # code: the code rule decides
    assert not is_test_key_file("tests/data/notes.txt", code_language=False)
    assert not is_test_key_file("config/jwk.json", code_language=False)
    assert not is_test_key_file(None, code_language=False)
