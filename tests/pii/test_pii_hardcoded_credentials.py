"""Credentials real code hard-codes (issue 23): short app keys and secrets on secret-like names,
signing salts, credentials in URL query strings and request dictionaries; and what stays: toy
values, placeholders, signature test vectors whose key sits in the same test file.

Values are generated here from a seeded RNG, so no real key is in the repository.
"""

import random
import string

import pytest

from pii.secret_recognizer import SecretRecognizer
from pii.text_checks import looks_random_short

REC = SecretRecognizer()
_RNG = random.Random(2023)


def _random(alphabet: str, length: int) -> str:
    """A generated value that passes the rule (what a service would issue)."""
    while True:
        value = "".join(_RNG.choice(alphabet) for _ in range(length))
        if looks_random_short(value) or length >= 16:
            return value


MIXED10 = _random(string.ascii_letters + string.digits, 10)
HEX14 = _random("0123456789abcdef", 14)
HEX32 = "".join(_RNG.choice("0123456789abcdef") for _ in range(32))
ALNUM12 = _random(string.ascii_letters + string.digits, 12)
TOKEN24 = "".join(_RNG.choice(string.ascii_letters + string.digits) for _ in range(24))


def found(text: str, language: str | None = "Python", path: str | None = "pkg/extractor/site.py") -> list[str]:
    return [text[f.start : f.end] for f in REC.find_at(text, language, path)]


@pytest.mark.parametrize(
    ("template", "value"),
    [
        ("    _CLIENT_SECRET = '{}'", HEX32),
        ("    _APP_KEY = '{}'", HEX14),
        ("    _THEPLATFORM_KEY = '{}'", MIXED10),
        ("    _THEPLATFORM_SECRET = '{}'", ALNUM12),
        ("    _ENCRYPTION_KEY = b'{}'", HEX14),
        ("    _HKEY = b'{}'", MIXED10),
        ("    _SALT = '{}'", ALNUM12),  # a constant salt: signs the site's API requests
        ("    sign_salt = '{}'", MIXED10),
        ("    client_secret = '{}'", MIXED10),
        ("    apikey = '{}'", HEX14),
        ("    headers = {{'apiKey': '{}', 'Accept': 'application/json'}}", MIXED10),
        ("    data = {{'client_id': 'web', 'client_secret': '{}'}}", ALNUM12),
    ],
)
def test_hard_coded_credentials_on_secret_like_names(template: str, value: str) -> None:
    assert found(template.format(value)) == [value]


@pytest.mark.parametrize(
    ("template", "value"),
    [
        ("    url = 'https://api.vidhost-invented.tv/v2/item?apikey={}&id=%s' % video_id", MIXED10),
        ("    url = f'https://vidhost-invented.tv/player?id={{vid}}&api_key={}'", HEX14),
        ("    self._download_json('https://graph.vidhost-invented.tv/me?access_token={}')", TOKEN24),
        ("    url = 'https://www.vidhostapis-invented.com/v3/videos?part=id&key={}'", TOKEN24),
        ("    'https://api.vidhost-invented.tv/v1/search?q=x&key={}&limit=5'", ALNUM12),
    ],
)
def test_credentials_in_query_strings(template: str, value: str) -> None:
    assert found(template.format(value)) == [value]


@pytest.mark.parametrize(
    "text",
    [
        "    _THEPLATFORM_KEY = 'crazyjava'",  # a word
        "    SECRET_KEY = 's3cr3tK3y'",  # leetspeak word
        "    api_key = 'testkey123'",
        "    api_key = 'abc123def456'",  # counting
        "    api_key = 'YOUR_API_KEY'",
        "    salt = 'Xq7Lm2Pz9Kd4'",  # a hashing salt, public by design
        "    public_key = 'Xq7Lm2Pz9Kd4'",
        "    pubkey = 'Xq7Lm2Pz9Kd4'",
        "    monkey = 'Xq7Lm2Pz9Kd4'",
        "    url = 'https://cdn.vidhost-invented.tv/img.png?key=Xq7Lm2Pz9Kd4'",  # `key=` off an API host
        "    url = 'https://api.vidhost-invented.tv/v1/search?apikey=%s&q=%s' % (key, q)",  # a template
        "    url = 'https://api.vidhost-invented.tv/v1/search?token_type=bearer&sort_key=created_at2'",
    ],
)
def test_toys_placeholders_and_public_values_stay(text: str) -> None:
    assert found(text) == []


def test_signature_test_vector_keys_stay_in_test_files() -> None:
    vector = (
        "import hmac\n\n"
        f"SECRET_KEY = '{MIXED10}'\n"
        "def test_sign_request():\n"
        "    expected_signature = 'b5c2a19e0f7d4c3b8a6e5d4c3b2a1908'\n"
        "    assert sign(SECRET_KEY, 'GET /v1/items') == expected_signature\n"
    )
    assert found(vector, path="tests/test_signing.py") == []
    # The same assignment in library code is a credential.
    assert found(vector, path="pkg/signing.py") == [MIXED10]


def test_short_rule_on_generated_values() -> None:
    """The short rule takes most generated mixed-case keys and no made-up words (figures in DECISIONS.md)."""
    rng = random.Random(5)
    alphabet = string.ascii_letters + string.digits
    taken = sum(looks_random_short("".join(rng.choice(alphabet) for _ in range(10))) for _ in range(500))
    assert taken / 500 >= 0.85
    words = ["Passw0rd1", "MySecret123", "HelloWorld42", "user_id_12345", "secret_key_1", "deadbeef12", "key1_old"]
    assert not any(looks_random_short(word) for word in words)


def test_quotes_of_the_other_kind_inside_a_secret() -> None:
    value = "MM_d*yP@`&1@]@!AVrXf" + '"' + "_o-HVEnoTnm$O-ti4[G~$JDI/Dc"
    assert found(f"    _APP_SECRET = '{value}'") == [value]


def test_bare_key_parameter_off_api_hosts_needs_a_long_random_value() -> None:
    long_value = "".join(_RNG.choice("0123456789ABCDEF") for _ in range(32))
    text = f"    'url': 'https://event.vidhost-invented.tv/console?eventid=2197467&key={long_value}&mode=A',"
    assert found(text) == [long_value]
    assert found("    'url': 'https://cdn.vidhost-invented.tv/i.png?key=Xq7Lm2Pz9Kd4'") == []


def test_key_bytes_written_as_escapes() -> None:
    escaped = "".join(f"\\x{_RNG.randrange(256):02x}" for _ in range(8))
    assert found(f"    _AUTH_KEY = b'{escaped}'  # from the player") == [escaped]
    assert found("    _AUTH_KEY = b'\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00'") == []  # not key material


def test_fixtures_in_test_code_stay() -> None:
    mocked = (
        f'mocker.post(url, json={{"accessToken": "{TOKEN24}"}})\n'
        f'assert token == {{"access_token": "{TOKEN24}"}}\n'
    )
    assert found(mocked, path="tests/test_compliance.py") == []  # fed to a mock and asserted back
    assert len(found(mocked, path="pkg/compliance.py")) == 2
    cipher = (f'def test_encrypt_data():\n    key = "{TOKEN24}"\n'
              f'    assert encrypt_data(b"x", key, iv).hex() == "{HEX32}"\n')
    assert found(cipher, path="tests/plugins/test_tv.py") == []  # a cipher test vector: key and expected output


def test_a_key_in_a_test_that_only_mentions_encryption_is_no_test_vector() -> None:
    """A client's test calls the server's keyring with a gossip encryption key and checks an error:
    nothing in the file is computed from the key, and no comparison holds it, so it is a credential
    written into a test (heldout17)."""
    key = "".join(_RNG.choice(string.ascii_letters + string.digits + "+/") for _ in range(43)) + "="
    keyring = (
        "def test_operator_health(consul_obj):\n"
        "    health = c.operator.raft_health()\n"
        '    assert health["Healthy"] is True\n\n'  # an unrelated comparison a few lines before the key
        "def test_operator_keyring_errors(consul_obj):\n"
        "    # the fixtures start the server without gossip encryption, so every keyring call fails\n"
        "    with pytest.raises(consul.ConsulException):\n"
        f'        c.operator.keyring_install(key="{key}")\n'
        f'        c.operator.keyring_use(key="{key}")\n'
    )
    assert found(keyring, path="tests/api/test_operator.py") == [key, key]
    signed = keyring + "    assert digest(key) == 'KVq0cVdz2lYMwcBLZCRITgxUfA3WkwSiT3Wxl2HL6w='\n"
    assert found(signed, path="tests/api/test_operator.py") == []  # now the file holds the vector's other half


def test_cipher_keys_as_bytes() -> None:
    mixed = "\\xe9W\\xe4.<*\\xb8\\x1a\\xd2\\xb6\\x92\\xf3C\\xd3\\xefL\\x1b\\x03*\\xbbbH\\xc0"
    assert found(f"    _AES_KEY = b'{mixed}'") == [mixed]  # escapes mixed with printable bytes
    # 16 bytes on a key constant: an AES-128 key even when it reads like words
    assert found('    _TOKEN_ENCRYPTION_KEY = b"plainwordsval0x7"') == ["plainwordsval0x7"]
    assert found('    _TOKEN_ENCRYPTION_KEY = b"0123456789abcdef"') == []  # counting: a placeholder
    assert found('    _TOKEN_KEY = b"plainwordsval0x"') == []  # 15 bytes, words, no cipher in the name


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("    _THEPLATFORM_SECRET = 's3cr3t'", "s3cr3t"),  # simple-looking, still the service's secret
        ("    _DECRYPTION_KEY = 'IFYOUWANTTOREADTHISPLEASEBUYIT'", "IFYOUWANTTOREADTHISPLEASEBUYIT"),
        ("    _ENCRYPTION_KEY = 'Eeghai0quohBeiph'", "Eeghai0quohBeiph"),  # pronounceable (pwgen)
        ("    query = {'apiKey': 'qu1llb@yt3', 'hash': h}", "qu1llb@yt3"),  # an API key is what it is named
    ],
)
def test_constants_named_as_cipher_keys_or_secrets(text: str, value: str) -> None:
    assert found(text) == [value]
    assert found(text, path="tests/test_extractor.py") == []  # a toy value in test code stays


@pytest.mark.parametrize(
    "text",
    [
        "    SESSION_SECRET = 'session_secret'",  # its own name
        "    APP_SECRET = 'auth.secret'",  # an identifier
        "    CLIENT_SECRET = 'YOUR_CLIENT_SECRET'",  # a placeholder
        "    ENCRYPTION_KEY_NAME = 'aes-key-2024'",  # not a key: the last word is `name`
        "    client_secret = 's3cr3t'",  # not a constant: only random values count
        "    params = {'api_key': 'DEMO_KEY'}",  # an identifier (a provider's public demo key)
    ],
)
def test_named_constants_that_are_not_secrets(text: str) -> None:
    assert found(text) == []


def test_base64_short_secret_in_test_code_is_still_redacted() -> None:
    assert found("    _CLIENT_SECRET = '2yKLN+7Fwq'", path="tests/test_extractor.py") == ["2yKLN+7Fwq"]


def test_otpauth_secret_in_test_code_is_a_test_vector() -> None:
    """An OTP test parses a provisioning URI and checks the codes made from its secret (HOTP/TOTP are
    HMACs, RFC 4226 / 6238): in test code the `secret=` is the test's vector; in other code it is the
    account's second factor."""
    line = 'otp = parse_uri("otpauth://totp/Shop:?secret=QW7NZK4PRX2TLM5VBC3YHD6GJ8FES2AT&issuer=Shop")\n'
    assert found(line, path="tests/test_otp.py") == []
    assert found(line, path="shop/enroll.py") == ["QW7NZK4PRX2TLM5VBC3YHD6GJ8FES2AT"]
    api = 'r = get("https://api.quillbyte-invented.io/v1?apikey=QW7NZK4PRX2TLM5VBC3YHD6GJ8FES2AT")\n'
    assert found(api, path="tests/test_otp.py") == ["QW7NZK4PRX2TLM5VBC3YHD6GJ8FES2AT"]  # not an otpauth URI
