"""Provider-shaped keys (KeyRecognizer) and generic secrets next to secret names (SecretRecognizer).

Test values are assembled from pieces so that this file itself does not look like a leaked key.
"""

import pytest

from pii.key_recognizer import KeyRecognizer
from pii.secret_recognizer import SecretRecognizer

KEYS = KeyRecognizer()
SECRETS = SecretRecognizer()
R36 = "a8Kd02LmQz7XwP4nB9cT1vRy6HsE3uJg5FiO"  # 36 random-looking alphanumerics
AWS_ID = "AKIA" + "Q3EGRUB4VJ7KX2MN"
AWS_SECRET = "wJa1rXUtn" + "FEMI/K7MDENG/bPxRfiCYzR2x9qLpT4"  # 40 characters
SHAPED = {
    "github": "ghp_" + R36,
    "github_pat": "github_pat_" + "11AQ7ZK2Y0x9mRt4LpWb3c" + "_" + R36 + "aB3dE5gH7jK9mN1pQ3sT5vX",
    "gitlab": "glpat-" + "xY7_kLm9-Qw3Er5Ty8Ui",
    "slack": "xoxb-" + "283716495021-4815162342915-" + "AbCdEf1GhIj2KlMn3OpQr4St",
    "stripe": "sk_live_" + "51Hq7ZpK2eXmR9tYv3LwB8nDc",
    "google": "AIza" + "SyD4kL9mQ2xW7pR3tY8uI1oP5aS6dF0gH_j",
    "openai": "sk-proj-" + R36 + "Xy12Zq34",
    "anthropic": "sk-ant-api03-" + R36 * 2 + "Qw3Er5Ty8Ui0AA",
    "npm": "npm_" + R36,
    "sendgrid": "SG." + "aB3dE5gH7jK9mN1pQ3sT5v" + "." + "xZ9yW8vU7tS6rQ5pO4nM3lK2jI1hG0fE9dC8bA7zY6x",
    "twilio": "SK" + "3f9a1c7e5b2d8f4a6c0e9b7d5f3a1c8e",
    "jwt": "eyJhbGciOiJIUzI1NiJ9" + "." + "eyJzdWIiOiIxMjM0NTY3ODkwIn0" + "." + "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "huggingface": "hf_" + "NqVwYSVPHbDXpPdkhxEpyIgKpaUnArlXyk",
    "django": "django-insecure-" + "k2#9x!p@z(4q)w8e^r5t&y7u*i1o-p3a_s6d=f+g0h2j4k6l8z",
    "shopify": "shpat_" + "3f9a1c7e5b2d8f4a6c0e9b7d5f3a1c8e",
    "square": "sq0csp-" + "Hx7_kLm9-Qw3Er5Ty8Ui0pAs2Df4Gh6Jk8Lz1Xc3Vb5",
    "digitalocean": "dop_v1_" + "3f9a1c7e5b2d8f4a6c0e9b7d5f3a1c8e" * 2,
    "databricks": "dapi" + "3f9a1c7e5b2d8f4a6c0e9b7d5f3a1c8e",
    "slack_app": "xapp-1-A04BCD7EF9K-4815162342915-" + "3f9a1c7e5b2d8f4a6c0e9b7d5f3a1c8e" * 2,
    "age": "AGE-SECRET-KEY-1" + "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7LQPZRY9X8GF2TVDW0S3JN54KHCE",
    "mailchimp": "3f9a1c7e5b2d8f4a6c0e9b7d5f3a1c8e" + "-us14",
    "telegram": "5120937461:AA" + "Hx7_kLm9-Qw3Er5Ty8Ui0pAs2Df4Gh6Jk",
}


@pytest.mark.parametrize("name", sorted(SHAPED))
@pytest.mark.parametrize(
    ("template", "language"),
    [
        ('TOKEN = "{}"', "Python"),
        ("const key = '{}';", "JavaScript"),
        ('String key = "{}";', "Java"),
        ("// leaked: {}", "Go"),
        ('static const char *k = "{}";', "C"),
        ("curl -H 'Authorization: {}' https://api", "Shell"),
        ("key: {}", "YAML"),
        ('{{"key": "{}"}}', "JSON"),
    ],
)
def test_provider_shapes_found_anywhere(name: str, template: str, language: str, matched) -> None:
    value = SHAPED[name]
    assert value in matched(KEYS, template.format(value), language)


def test_aws_pair(matched) -> None:
    text = f'aws_access_key_id = "{AWS_ID}"\naws_secret_access_key = "{AWS_SECRET}"\n'
    assert matched(KEYS, text, "INI") == [AWS_ID, AWS_SECRET]


def test_azure_connection_string(matched) -> None:
    key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq" + "/K1SZFPTOtr/KBHBeksoGMGw=="
    text = f'conn = "DefaultEndpointsProtocol=https;AccountName=logs;AccountKey={key};EndpointSuffix=core.windows.net"'
    assert matched(KEYS, text, "Python") == [key]


@pytest.mark.parametrize(
    "text",
    [
        'key = "AKIAIOSFODNN7EXAMPLE"',  # AWS documentation key
        "token = ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "desk-" + R36,  # `sk-` inside a word
        "my_ghp_" + R36,  # glued to a longer token
        'commit = "9fceb02d0ae598e95dc970b74767f19372d61af8"',  # git SHA-1 near nothing AWS-ish
        "aws s3 cp 9fceb02d0ae598e95dc970b74767f19372d61af8 .",  # hex digest next to AWS wording
        "xoxb-not-a-real-token-at-all",
    ],
)
def test_key_look_alikes_ignored(text: str, matched) -> None:
    assert matched(KEYS, text) == []


GENERIC = "q7Ld9Zx2Vn4Bt8Rw1Ks6Mh3P"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (f'SECRET_KEY = "{GENERIC}"', "Python"),
        (f"const apiKey = '{GENERIC}';", "JavaScript"),
        (f'client.setApiKey("{GENERIC}");', "Java"),
        (f'authToken := "{GENERIC}"', "Go"),
        (f'#define API_KEY "{GENERIC}"', "C"),
        (f"export AUTH_TOKEN={GENERIC}", "Shell"),
        (f"client_secret: {GENERIC}", "YAML"),
        (f'{{"access_token": "{GENERIC}"}}', "JSON"),
        (f"SECRET_KEY={GENERIC}", "Dotenv"),
        (f"SECRET_KEY={GENERIC}", None),
        (f"curl -H 'Authorization: Bearer {GENERIC}'", "Shell"),
        (f'key "tsig-key" {{ algorithm hmac-sha256; secret "{GENERIC}"; }};', None),  # BIND key file
        # a secret word followed by the variant it is: a scope, an environment, a test case
        (f'self.UUID_TOKEN_DEFAULT = "{GENERIC}"', "Python"),
        (f"self.v3_UUID_TOKEN_DOMAIN_SCOPED = '{GENERIC}'", "Python"),
        (f'API_KEY_PROD = "{GENERIC}"', "Python"),
        (f"const AUTH_TOKEN_STAGING = '{GENERIC}';", "JavaScript"),
    ],
)
def test_generic_secret_found(text: str, language: str | None, matched) -> None:
    assert matched(SECRETS, text, language) == [GENERIC]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (f'expected_digest = "{GENERIC}"', "Python"),  # random value, neutral name
        ('request_id = "0f8fad5b-d9cb-469f-a165-70867728950e"', "Python"),
        ('sha256 = "' + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" + '"', "Python"),
        ('icon = "data:image/png;base64,' + "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ" * 9 + '"', "Python"),
        ('api_key = "YOUR_API_KEY_HERE"', "Python"),
        ('token_type = "bearer_access_token"', "Python"),
        ('max_tokens = "4096"', "Python"),
        ('cache_key = "user_profile_settings_v2"', "Python"),
        ('spdx_license_key = "LicenseRef-scancode-3com-microcode"', "JSON"),
        (f"secret_key = os.environ['{GENERIC}']", "Python"),  # subscript, not an assignment of the value
        (f"SECRET_KEY = {GENERIC}", "Python"),  # unquoted in code: an expression
        ('tokens = tokenize("x9Kq2mZ7pL4vB8nR3tW6")', "Python"),
        (f'clone_key("{GENERIC}")', "Python"),
        (f'signature = "{GENERIC}"', "Python"),  # signatures, salts and MACs are public
        (f'"oauth_signature": "{GENERIC}"', "JSON"),
        (f'salt = "{GENERIC}"', "Python"),
        (f'"encrypted_key": "{GENERIC}"', "JSON"),  # ciphertext
        ('"key": "RFC7520-RSA-73x9.json"', "JSON"),  # a file name
        ('"access_token": "2YotnFZFEjr1zCsicMWpAA"', "JSON"),  # RFC 6749's example token
        ("oauth_consumer_key = 'dpf43f3p2l4k3l03'", "Python"),  # RFC 5849's example key
        # RFC 3414 A.3's SNMPv3 keys localized from `maplesyrup`, as SNMP libraries' examples write them
        ("-authkey => '0x6695febc9288e36282235fc7151f128497b38f3f',", "Perl"),
        ("-privkey => '0x6695febc9288e36282235fc7151f1284',", "Perl"),
        ("auth_key = '526f5eed9fcce26f8964c2930787d82b'", "Python"),
        # a secret word followed by what names something about the secret, not the secret
        (f'API_KEY_HASH = "{GENERIC}"', "Python"),
        (f'TOKEN_KEY_ID = "{GENERIC}"', "Python"),
        (f'SECRET_UUID = "{GENERIC}"', "Python"),
        (f"const keyLookupValue = '{GENERIC}';", "JavaScript"),  # not a constant: the last word is the noun
        (f'oauth_verifier = "{GENERIC}"', "Python"),
        (f'BASIC_AUTH_ENCODING = "{GENERIC}"', "Python"),
        (f'SECRET_NAME_SUFFIX = "{GENERIC}"', "Python"),
        # a stand-in that spells its own name: a mocked events test's routing key, a web app's shipped default
        ("routing_key: 'someRoutingKeybfa2a710673888f520',", "JavaScript"),
        ("$config['des_key'] = 'rcmail-!24ByteDESkey*Str';", "PHP"),
        # an emoji map's entries named for keys: each value is an image's path with a cache-busting query
        ('      old_key: "unicode/1f5dd.png?v8",\n      key: "unicode/1f511.png?v8",', "JavaScript"),
    ],
)
def test_generic_look_alikes_ignored(text: str, language: str | None, matched) -> None:
    assert matched(SECRETS, text, language) == []


def test_keys_of_providers_sharing_a_first_letter_are_all_found_together(matched) -> None:
    # Shapes that start with the same letter are ruled out together; when one is present, the
    # others beside it must still be found (and each once).
    groups = [["github", "github_pat", "gitlab"], ["openai", "stripe", "shopify", "square"],
              ["google", "age"], ["sendgrid", "twilio"], ["databricks", "digitalocean", "django"], ["slack", "slack_app"]]
    for names in groups:
        text = "\n".join(f"KEY_{index} = '{SHAPED[name]}'" for index, name in enumerate(names))
        assert sorted(matched(KEYS, text, "Python")) == sorted(SHAPED[name] for name in names), names


def test_first_letter_groups_cover_every_shape_once() -> None:
    from pii.key_recognizer import SHAPES, _GROUPS

    names = [name for _, group in _GROUPS for name in group]
    assert sorted(names) == sorted(shape.name for shape in SHAPES)


def test_a_long_run_of_eyj_is_read_once_and_a_glued_token_is_no_jwt(monkeypatch) -> None:
    """Base64 of JSON holds `eyJ` at every third `{"`: the JWT shape is tried only where a token
    starts, so a long run is not read again from each `eyJ` inside it (that took minutes per MB)."""
    import dataclasses

    import pii.key_recognizer as keys

    tried: list[int] = []
    jwt = next(shape for shape in keys.SHAPES if shape.name == "jwt")

    class Counting:
        def match(self, text, at):
            tried.append(at)
            return jwt.pattern.match(text, at)

        def finditer(self, text):
            raise AssertionError("the JWT pattern is run from every position of the text")

    counting = dataclasses.replace(jwt, pattern=Counting())
    monkeypatch.setattr(keys, "SHAPES", tuple(counting if shape is jwt else shape for shape in keys.SHAPES))
    header, payload = "eyJhbGciOiJIUzI1NiJ9", "eyJzdWIiOiJ1c2VyLTQyIiwiZXhwIjo0MTAyNDQ0ODAwfQ"
    token = f"{header}.{payload}.Wq3nVx8RkT2mLp5sYd7bHc9jFa4gNe6uKz1oXi0rQw"
    text = "blob = 'W3s" + "eyJ" * 20_000 + "'\n" + f"headers = {{'Authorization': 'Bearer {token}'}}\n"
    found = [text[f.start : f.end] for f in KeyRecognizer().find_at(text, "Python", "app/client.py")]
    assert found == [token]
    assert len(tried) == 1


def test_a_long_name_holding_many_secret_words_is_read_once(monkeypatch) -> None:
    """`UUID_TOKEN_DEFAULT_` repeated as one 100 kB run of name characters holds 5,000 `token`s: the
    name and what follows it were read again from each (15 s); every hit inside a run reads the same
    name, so the run is read once, and a secret after it is still found."""
    import pii.assignments as assignments
    import pii.secret_recognizer as secrets

    reads: list[int] = []

    class Counting:
        def __init__(self, pattern) -> None:
            self.pattern = pattern

        def match(self, text, at):
            reads.append(at)
            return self.pattern.match(text, at)

    monkeypatch.setattr(assignments, "_AFTER_NAME", Counting(assignments._AFTER_NAME))
    monkeypatch.setattr(secrets, "_QUERY_VALUE", Counting(secrets._QUERY_VALUE))
    run = "UUID_TOKEN_DEFAULT_" * 5_000
    text = f"{run}\nAPI_TOKEN = '{GENERIC}'\n"
    assert matched_by_secrets(text) == [GENERIC]
    assert len(reads) <= 4  # the run once and the line after it once, by each of the two readers


def matched_by_secrets(text: str) -> list[str]:
    return [text[f.start : f.end] for f in SecretRecognizer().find_at(text, "Python", "app/settings.py")]
