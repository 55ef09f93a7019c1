"""General causes the fourth held-out PII labels revealed (benchmarks/README.md, "A fourth held-out
set"). Each test models the situation with invented names, reserved domains and values generated
from a seeded RNG; no third-party code or real value is copied."""

import random
import string

from pii.secret_recognizer import SecretRecognizer

SECRETS = SecretRecognizer()
_RNG = random.Random(4444)


def _random(length: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    return "".join(_RNG.choice(alphabet) for _ in range(length))


def found(text: str, language: str | None, path: str | None) -> list[str]:
    return [text[f.start : f.end] for f in SECRETS.find_at(text, language, path)]


KEY_ID = _random(21, string.ascii_uppercase + string.digits)
SECRET = _random(40)


def test_access_key_pair_in_a_docstring_example_loses_both_halves() -> None:
    """A storage plugin's docstring shows how to connect to an S3-compatible service with a working
    key pair, the secret on the line after its `=`: the generated key id is the account's
    credential as much as the secret is."""
    text = (
        "class StorePlugin(BackendPlugin):\n    def __init__(self, **kwargs):\n        \"\"\"\n"
        "        To connect to the object store:\n            backend = PluginFactory.create(\n"
        "                plugin_name='s3', host='objects.cloud.example', port=8773,\n"
        f"                aws_access_key_id='{KEY_ID}',\n                aws_secret_access_key=\n"
        f"                    '{SECRET}')\n        \"\"\"\n"
    )
    assert found(text, "Python", "store/plugins/s3.py") == [KEY_ID, SECRET]


def test_other_key_ids_and_placeholder_ids_stay() -> None:
    """`key_id` alone names a key (a JWT's `kid`, a public fingerprint), not a credential; an access
    key id that is a placeholder is documentation."""
    text = f"signing_key_id = '{KEY_ID}'\nkid = '{KEY_ID}'\n"
    assert found(text, "Python", "app/jwt_config.py") == []
    text = "AccessKeyId: 'YOUR_ACCESS_KEY_ID'\naccessKeyId: 'MYACCESSKEY'\n"
    assert found(text, "YAML", "deploy/config.yml") == []
    assert found(f"AccessKeyId: '{KEY_ID}'\n", "YAML", "deploy/config.yml") == [KEY_ID]


def test_an_app_password_in_a_test_config_url_is_redacted() -> None:
    """A notification library's config test writes a mail login as `mailtos://user:…@gmail.com`,
    the password in the shape mail providers give app passwords (16 random lower-case letters).
    Test code's toy passwords are words (`pygmalion`, `cisco123`), not that."""
    from pii.password_recognizer import PasswordRecognizer

    app_password = _random(16, string.ascii_lowercase)
    text = f'    result = parse_yaml("""\n    urls:\n      - mailtos://jdoe77:{app_password}@gmail.com:\n    """)\n'
    spans = PasswordRecognizer().find_at(text, "Python", "tests/test_config_base.py")
    assert [text[f.start : f.end] for f in spans] == [app_password]
    for toy in ("pygmalion", "passwordpassword", "testtesttesttest"):
        # On the suite's own host a word is a fixture's; on a real mail service's it is a login (heldout13).
        toy_text = text.replace(app_password, toy).replace("@gmail.com", "@mail.example.com")
        assert list(PasswordRecognizer().find_at(toy_text, "Python", "tests/test_config_base.py")) == []
