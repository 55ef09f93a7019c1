"""General causes the held-out PII labels revealed (issue 23, benchmarks/README.md "Held-out labels").

Each test models the real situation with invented names and values generated from a seeded RNG;
no third-party code or real value is copied.
"""

import random
import string

from pii.password_recognizer import PasswordRecognizer
from pii.secret_recognizer import SecretRecognizer

SECRETS = SecretRecognizer()
PASSWORDS = PasswordRecognizer()
_RNG = random.Random(2323)
HEX32 = "".join(_RNG.choice("0123456789abcdef") for _ in range(32))
HEX32_ID = "".join(_RNG.choice("0123456789abcdef") for _ in range(32))
SITE40 = "6L" + "".join(_RNG.choice(string.ascii_letters + string.digits + "_-") for _ in range(38))


def found(recognizer, text: str, language: str | None, path: str | None) -> list[str]:
    return [text[f.start : f.end] for f in recognizer.find_at(text, language, path)]


def test_credential_passed_twice_in_test_setup_is_redacted() -> None:
    """A conftest that sets up a client with a hard-coded app secret, once positionally and once as
    `client_secret=` in a fallback: the value recurs, but nothing compares it — the same credential
    passed twice, not a mocked token the test asserts back."""
    text = (
        "from musicclient import Client\n\n"
        f'Client.setup(\n    "{HEX32_ID}", "{HEX32}"\n)\n\n'
        "def fresh_client(token=None):\n"
        "    try:\n        return Client()\n    except Exception:\n"
        f'        return Client.setup(\n            client_id="{HEX32_ID}",\n'
        f'            client_secret="{HEX32}",\n            auth_token=token,\n        )\n'
    )
    assert found(SECRETS, text, "Python", "tests/conftest.py") == [HEX32]


def test_mocked_token_asserted_back_still_stays() -> None:
    text = (
        f'session.mock(json={{"client_secret": "{HEX32}"}})\n'
        f'assert client.settings()["secret"] == "{HEX32}"\n'
    )
    assert found(SECRETS, text, "Python", "tests/test_settings.py") == []
    multi_line = (
        f'mocker.post(url, json={{"accessToken": "{HEX32}"}})\n'
        "token = fetch()\n"
        "self.assertEqual(\n    token,\n    {\n"
        f'        "access_token": "{HEX32}",\n    }},\n)\n'
    )
    assert found(SECRETS, multi_line, "Python", "tests/test_fixes.py") == []
    table = f'    ("SECRET_KEY={HEX32}", {{"SECRET_KEY": "{HEX32}"}}),\n'  # a parse test's input and expected output
    assert found(SECRETS, table, "Python", "tests/test_parse.py") == []


def test_key_member_of_a_key_value_pair_names_a_field() -> None:
    """A captured response lists tracking parameters as `{"key": NAME, "value": V}` pairs: the
    `key` member holds the parameter's name (an identifier), not key material."""
    text = (
        '{"service": "METRICS", "params": [{"key": "c", "value": "WEB"}, '
        '{"key": "GetWatchNextQueueItem_rid", "value": "0x5b1f09"}, '
        '{"key": "GetSearchPageTabView_rid", "value": "0x77aa10"}]}\n'
    )
    assert found(SECRETS, text, "JSON", "tests/data/capture.json") == []
    # a random key under `key` is still a key
    assert found(SECRETS, f'{{"key": "{HEX32}"}}\n', "JSON", "config/app.json") == [HEX32]


def test_captcha_site_key_is_public() -> None:
    """A CAPTCHA widget's site key is embedded in every page that shows it; the secret is named apart."""
    text = f'payload = {{"sitekey": "{SITE40}", "url": page_url}}\nsite_key = "{SITE40}"\n'
    assert found(SECRETS, text, "Python", "pkg/mixins/challenge.py") == []
    secret = f'RECAPTCHA_SECRET_KEY = "{SITE40}"\n'
    assert found(SECRETS, secret, "Python", "pkg/settings.py") == [SITE40]


def test_toy_passwords_of_test_devices_stay() -> None:
    """A unit test's device inventory gives each router a vendor-word-plus-digits password."""
    text = (
        "expected = {\n"
        '    "edge1": {"device_type": "router_os", "ip": "10.0.0.1", "username": "admin",\n'
        '              "password": "juniper42", "secret": "juniper42"},\n'
        "}\n"
    )
    assert found(PASSWORDS, text, "Python", "tests/unit/test_inventory.py") == []
    unicode_word = "    password = u'sølvbær'\n"  # a URL library's Unicode user-information test
    assert found(PASSWORDS, unicode_word, "Python", "tests/test_url.py") == []
    assert found(PASSWORDS, text, "Python", "pkg/inventory.py") == ["juniper42"]  # outside tests: a password
    real = '    "password": "Qz7rk2Lm9x",\n'
    assert found(PASSWORDS, real, "Python", "tests/unit/test_inventory.py") == ["Qz7rk2Lm9x"]


def test_deliberately_wrong_password_word_is_not_a_password() -> None:
    """Documentation that provokes an error with a value that says it is wrong."""
    text = '```py\ndevice = {\n    "device_type": "invalid",\n    "password": "invalid",\n}\n```\n'
    assert found(PASSWORDS, text, "Markdown", "EXAMPLES.md") == []


def _token(length: int = 64) -> str:
    return "".join(_RNG.choice(string.ascii_letters + string.digits + "_-") for _ in range(length))


def test_per_item_tokens_of_a_captured_listing_stay() -> None:
    """A captured logged-out response gives every track of a listing its own opaque token (to send
    back as feedback): one value per item, handed to anyone, not a credential."""
    items = ", ".join(
        f'{{"title": "Track {n}", "menu": {{"rateEndpoint": {{"rateToken": "{_token()}"}}}}}}' for n in range(6)
    )
    listing = f'{{"contents": [{items}]}}\n'
    assert found(SECRETS, listing, "JSON", "tests/data/album_page.json") == []
    single = f'{{"contents": [{{"rateEndpoint": {{"rateToken": "{_token()}"}}}}]}}\n'
    assert len(found(SECRETS, single, "JSON", "tests/data/album_page.json")) == 1  # one value: judged as before


def test_authorization_code_on_the_line_after_the_equals_sign() -> None:
    """An example pastes a one-time OAuth authorization code it captured, too long for the line of
    its `var … =`: the code is a bearer credential (with the client id it buys the user's tokens)."""
    code = "AQ" + _token(258)  # longer than 256: real codes and tokens are
    text = f"var authorizationCode =\n  '{code}';\n\nvar api = new MusicApi({{ clientId: '<insert client id>' }});\n"
    assert found(SECRETS, text, "JavaScript", "examples/get-artist.js") == [code]
    # `code` alone is not a secret word; a comparison `==` never starts an assignment
    assert found(SECRETS, f"status_code =\n  '{code}';\n", "JavaScript", "examples/get-artist.js") == []
    assert found(SECRETS, f"if (authCode ==\n  '{code}') {{}}\n", "JavaScript", "examples/get-artist.js") == []


def test_sample_key_pair_a_comment_marks() -> None:
    """A README shows where a user's own key pair goes, with values its comment calls a sample."""
    key, secret = HEX32, HEX32_ID
    text = (
        "```python\n# Get your own pair from the service's developer page\n"
        f'API_KEY = "{key}"  # this is a sample key\nAPI_SECRET = "{secret}"\n\nusername = "your_user_name"\n```\n'
    )
    assert found(SECRETS, text, "Markdown", "README.md") == []
    unmarked = f'```python\nAPI_KEY = "{key}"\nAPI_SECRET = "{secret}"\n```\n'
    assert found(SECRETS, unmarked, "Markdown", "README.md") == [key, secret]


def test_patterned_or_truncated_values_are_not_credentials() -> None:
    """A README's access token typed to a pattern; a docstring's sample response cut short with `...`."""
    patterned = "kd7" + "".join(_RNG.choice(string.ascii_lowercase + string.digits) for _ in range(3)).join(["q9z"] * 5) + "x2"
    text = f"var api = new MusicApi({{\n  accessToken: '{patterned}'\n}});\n"
    assert found(SECRETS, text, "JavaScript", "examples/search.js") == []
    cut = _token(40) + "..."
    assert found(SECRETS, f"        'shareToken': '{cut}',\n", "Python", "pkg/clients/mobile.py") == []
    whole = _token(40)
    assert found(SECRETS, f"        'shareToken': '{whole}',\n", "Python", "pkg/clients/mobile.py") == [whole]
