"""JWK private members, unarmoured DER private keys, and the evidence that keeps a JWT.

Keys are generated here (cryptography), so no fixture is anybody's real key.
"""

import base64
import hashlib
import hmac
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from pii.jwk_recognizer import JwkRecognizer
from pii.key_recognizer import KeyRecognizer
from pii.private_key_recognizer import PrivateKeyRecognizer
from pii.redact import Redactor

JWK = JwkRecognizer()
KEYS = KeyRecognizer()
PEM = PrivateKeyRecognizer()
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=1024)
EC_KEY = ec.generate_private_key(ec.SECP256R1())


def _b64u(value: bytes | int) -> str:
    if isinstance(value, int):
        value = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(value).decode().rstrip("=")


def rsa_jwk() -> dict[str, str]:
    numbers = RSA_KEY.private_numbers()
    public = numbers.public_numbers
    return {"kty": "RSA", "kid": "test-key", "n": _b64u(public.n), "e": _b64u(public.e), "d": _b64u(numbers.d),
            "p": _b64u(numbers.p), "q": _b64u(numbers.q), "dp": _b64u(numbers.dmp1), "dq": _b64u(numbers.dmq1),
            "qi": _b64u(numbers.iqmp)}


def ec_jwk() -> dict[str, str]:
    numbers = EC_KEY.private_numbers()
    return {"kty": "EC", "crv": "P-256", "x": _b64u(numbers.public_numbers.x.to_bytes(32, "big")),
            "y": _b64u(numbers.public_numbers.y.to_bytes(32, "big")), "d": _b64u(numbers.private_value.to_bytes(32, "big"))}


PRIVATE_MEMBERS = ("d", "p", "q", "dp", "dq", "qi")


def test_rsa_jwk_file_private_members_only(matched) -> None:
    jwk = rsa_jwk()
    text = json.dumps(jwk, indent=2)
    assert sorted(matched(JWK, text, "JSON")) == sorted(jwk[m] for m in PRIVATE_MEMBERS)
    assert all(f.entity == "PRIVATE_KEY" for f in JWK.find(text))


def test_ec_jwk_in_a_python_dict_and_a_jwk_set(matched) -> None:
    jwk = ec_jwk()
    as_python = "KEY = {" + ", ".join(f"'{k}': '{v}'" for k, v in jwk.items()) + "}\n"
    assert matched(JWK, as_python, "Python") == [jwk["d"]]
    jwks = json.dumps({"keys": [rsa_jwk(), jwk]})
    assert len(matched(JWK, jwks, "JSON")) == len(PRIVATE_MEMBERS) + 1


def test_jwk_escaped_inside_a_string(matched) -> None:
    jwk = ec_jwk()
    text = "const raw = " + json.dumps(json.dumps(jwk)) + ";"
    assert matched(JWK, text, "JavaScript") == [jwk["d"]]


def test_oct_key_k_is_a_key_but_public_members_stay(matched) -> None:
    secret = _b64u(hashlib.sha256(b"fixture").digest())
    oct_key = json.dumps({"kty": "oct", "alg": "HS256", "k": secret})
    assert [(f.entity, oct_key[f.start : f.end]) for f in JWK.find(oct_key)] == [("KEY", secret)]
    public = {k: v for k, v in rsa_jwk().items() if k not in PRIVATE_MEMBERS}
    assert matched(JWK, json.dumps(public), "JSON") == []
    not_jwk = json.dumps({"k": secret, "d": secret, "p": "some/path/that/is/long/enough"})  # no kty
    assert matched(JWK, not_jwk, "JSON") == []


def _der_b64(der: bytes) -> str:
    return base64.b64encode(der).decode()


def _certificate() -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fixture.test")])
    import datetime

    now = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(EC_KEY.public_key())
            .serial_number(7).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
            .sign(EC_KEY, hashes.SHA256()))


DER, PKCS8, RAW = serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
PRIVATE_BLOBS = {
    "pkcs8_rsa": RSA_KEY.private_bytes(DER, PKCS8, RAW),
    "pkcs1_rsa": RSA_KEY.private_bytes(DER, serialization.PrivateFormat.TraditionalOpenSSL, RAW),
    "pkcs8_ec": EC_KEY.private_bytes(DER, PKCS8, RAW),
    "sec1_ec": EC_KEY.private_bytes(DER, serialization.PrivateFormat.TraditionalOpenSSL, RAW),
    "pkcs8_encrypted": EC_KEY.private_bytes(DER, PKCS8, serialization.BestAvailableEncryption(b"pw")),
    "pkcs12": pkcs12.serialize_key_and_certificates(b"x", EC_KEY, _certificate(), None, RAW),
}


@pytest.mark.parametrize("kind", sorted(PRIVATE_BLOBS))
def test_der_private_key_blob_in_a_string(kind: str, matched) -> None:
    blob = _der_b64(PRIVATE_BLOBS[kind])
    assert matched(PEM, f'PRIVATE = "{blob}"\nother = 1\n', "Python") == [blob]


@pytest.mark.parametrize("separator", ["\n", " +\n", "\\n\" +\n"])
def test_wrapped_der_blob_taken_whole(separator: str) -> None:
    """Lines may start with `+` (a base64 character), which must not be taken for concatenation."""
    for _ in range(20):  # fresh keys: some have a line starting with `+` or `/`
        key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
        blob = _der_b64(key.private_bytes(DER, PKCS8, RAW))
        lines = [blob[i : i + 64] for i in range(0, len(blob), 64)]
        text = "KEY = (\n" + separator.join(f'    "{line}"' for line in lines) + "\n)\nnext_value = 'abc'\n"
        found = list(PEM.find(text, "Python"))
        assert len(found) == 1 and text[found[0].start : found[0].end].startswith(lines[0])
        assert text[found[0].start : found[0].end].endswith(lines[-1])


@pytest.mark.parametrize(
    "public",
    [
        EC_KEY.public_key().public_bytes(DER, serialization.PublicFormat.SubjectPublicKeyInfo),
        RSA_KEY.public_key().public_bytes(DER, serialization.PublicFormat.PKCS1),
        RSA_KEY.public_key().public_bytes(DER, serialization.PublicFormat.SubjectPublicKeyInfo),
    ],
    ids=["ec-spki", "rsa-pkcs1", "rsa-spki"],  # the keys are drawn per process: ids must not show their bytes
)
def test_public_keys_and_certificates_stay(public: bytes, matched) -> None:
    for der in (public, _certificate().public_bytes(DER)):
        assert matched(PEM, f'PUBLIC = "{_der_b64(der)}"', "Python") == []


def test_explicit_ec_parameters_stay(matched) -> None:
    """X9.62 ECParameters (version 1, FieldID { prime-field OID … }) start like PKCS#8 v2."""
    field_id = bytes.fromhex("301e06072a8648ce3d0101") + bytes([0x02, 0x13]) + b"\x01" * 0x13
    body = bytes([0x02, 0x01, 0x01]) + field_id + bytes([0x04, 0x30]) + b"\x07" * 0x30
    der = bytes([0x30, 0x81, len(body)]) + body
    assert matched(PEM, f'PARAMS = "{_der_b64(der)}"', "Python") == []


def test_other_der_sequences_stay(matched) -> None:
    """SEQUENCE { INTEGER 0, UTF8String … }: starts like a key container, holds no key."""
    body = bytes([0x02, 0x01, 0x00, 0x0C, 0x50]) + b"a" * 0x50
    der = bytes([0x30, len(body)]) + body
    assert matched(PEM, f'BLOB = "{_der_b64(der)}"', "Python") == []


def _hs256(claims: dict, secret: str, header: dict | None = None) -> str:
    signing = _b64u(json.dumps(header or {"alg": "HS256", "typ": "JWT"}).encode()) + "." + _b64u(json.dumps(claims).encode())
    return signing + "." + _b64u(hmac.new(secret.encode(), signing.encode(), hashlib.sha256).digest())


def test_jwt_signed_with_a_documented_secret_stays(matched) -> None:
    token = _hs256({"some": "payload"}, "secret")
    readme = f'>>> encoded = jwt.encode({{"some": "payload"}}, "secret", algorithm="HS256")\n>>> print(encoded)\n{token}\n'
    assert matched(KEYS, readme, "reStructuredText") == []


def test_public_jwt_under_a_token_name_stays(matched) -> None:
    """The generic-secret recognizer defers to the JWT evidence: `token = "<example>"` is not a leak."""
    from pii.secret_recognizer import SecretRecognizer

    token = _hs256({"a": "b"}, "secret")
    assert matched(SecretRecognizer(), f'token = "{token}"', "Python") == []
    assert matched(SecretRecognizer(), f"curl -H 'Authorization: Bearer {token}'", "Shell") == []


def test_jwt_whose_secret_is_in_the_same_file_stays(matched) -> None:
    token = _hs256({"user": "fixture", "iat": 1700000000}, "k3y-from-the-test-module-7731")
    text = f'SECRET = "k3y-from-the-test-module-7731"\nTOKEN = "{token}"\n'
    assert matched(KEYS, text, "Python") == []


def test_jwt_with_unknown_secret_is_redacted(matched) -> None:
    token = _hs256({"user": "fixture", "iat": 1700000000}, "a-secret-that-is-nowhere-in-this-file-9931")
    assert matched(KEYS, f'TOKEN = "{token}"', "Python") == [token]


def test_unsigned_and_stock_example_jwts_stay(matched) -> None:
    unsigned = _b64u(b'{"alg":"none"}') + "." + _b64u(b'{"sub":"42","admin":true}') + ".c2lnbmF0dXJlc2ln"
    stock = _hs256({"sub": "1234567890", "name": "John Doe", "iat": 1516239022}, "not-the-documented-one-4471")
    assert matched(KEYS, f"a = '{unsigned}'\nb = '{stock}'\n", "Python") == []


def test_jwt_like_values_without_three_parts(matched) -> None:
    from pii.secret_recognizer import SecretRecognizer

    value = "eyJ" + "a8Kd02LmQz7XwP4nB9cT1vRy6HsE3uJg"
    assert matched(SecretRecognizer(), f'token = "{value}"', "Python") == [value]
    assert matched(SecretRecognizer(), f'token = "{value}.x9Kq2mZ7pL4vB8nR3tW6"', "Python") != []


def test_token_without_alg_stays(matched) -> None:
    token = _b64u(b'{"a":"b"}') + "." + _b64u(b'{"sub":"u-1"}') + "." + _b64u(hashlib.sha256(b"y").digest())
    assert matched(KEYS, f'token = "{token}"', "Python") == []


def test_asymmetric_jwt_in_documentation_stays(matched) -> None:
    header = _b64u(b'{"alg":"RS256","typ":"JWT"}')
    token = header + "." + _b64u(b'{"sub":"u-1"}') + "." + _b64u(hashlib.sha512(b"x").digest() * 4)
    assert matched(KEYS, f"Example output::\n\n    {token}\n", "reStructuredText") == []


def test_asymmetric_jwt_is_redacted(matched) -> None:
    header = _b64u(b'{"alg":"RS256","typ":"JWT"}')
    token = header + "." + _b64u(b'{"sub":"u-1","scope":"admin"}') + "." + _b64u(hashlib.sha512(b"x").digest() * 4)
    assert matched(KEYS, f'TOKEN = "{token}"', "Python") == [token]


def test_redactor_counts_jwk_members(redactor: Redactor) -> None:
    text = json.dumps(rsa_jwk(), indent=2)
    result = redactor.redact(text, "JSON")
    assert result.counts == {"PRIVATE_KEY": len(PRIVATE_MEMBERS)}
    assert rsa_jwk()["n"] in result.text and rsa_jwk()["d"] not in result.text


def _rs256_shaped(claims: dict) -> str:
    header = _b64u(b'{"alg":"RS256","typ":"JWT","kid":"test-key"}')
    return header + "." + _b64u(json.dumps(claims).encode()) + "." + _b64u(hashlib.sha512(b"s").digest() * 4)


def test_jwt_test_vectors_in_test_code_stay() -> None:
    """In test code a token whose decoded claims the file spells out, or whose verifying key sits
    in the file, is a test vector (yt-dlp's JWT helpers, PyJWT's JWKS client); elsewhere it is not."""
    token = _rs256_shaped({"foo": "bar", "qux": "baz"})
    decoded = f"_JWT_DECODED = {{'foo': 'bar', 'qux': 'baz'}}\n_JWT = '{token}'\n"
    assert list(KEYS.find_at(decoded, "Python", "test/test_utils.py")) == []
    assert len(list(KEYS.find_at(decoded, "Python", "pkg/client.py"))) == 1
    jwks = json.dumps({"keys": [{"kty": "RSA", "kid": "test-key", "n": _b64u(RSA_KEY.public_key().public_numbers().n), "e": "AQAB"}]})
    verified = f"JWKS = {jwks!r}\nTOKEN = '{_rs256_shaped({'sub': 'client-credentials'})}'\n"
    assert list(KEYS.find_at(verified, "Python", "tests/test_jwks_client.py")) == []
    assert len(list(KEYS.find_at(verified, "Python", "pkg/jwks.py"))) == 1


def test_jwt_without_signature_stays(matched) -> None:
    from pii.secret_recognizer import SecretRecognizer

    token = _b64u(b'{"alg":"RS256","kid":"k1"}') + "." + _b64u(b"{}") + "."
    assert matched(SecretRecognizer(), f'token = "{token}"', "Python") == []
