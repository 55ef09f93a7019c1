"""Credentials in form-encoded request bodies (issue 23): a recorded HTTP fixture (a VCR cassette)
keeps a POST's `application/x-www-form-urlencoded` body as one string with no `?`, and its
`client_secret=…` and `password=…` are a query's parameters all the same; and what stays: the
client id, placeholders, code that only looks like `a=b&c=d`.  Also a value made of short CamelCase
words under a secret-like name, which is a phrase, not a key.

Values are generated here from a seeded RNG, so no real key is in the repository.
"""

import random
import string

from pii.password_recognizer import PasswordRecognizer
from pii.redact import Redactor
from pii.config import PiiConfig
from pii.form_body import FormBodies
from pii.secret_recognizer import SecretRecognizer

_RNG = random.Random(1866)
CLIENT_ID = "".join(_RNG.choice(string.ascii_letters + string.digits + "_-") for _ in range(43))
CLIENT_SECRET = "".join(_RNG.choice(string.ascii_letters + string.digits + "-") for _ in range(43))
PASSWORD_HEX = "".join(_RNG.choice("0123456789abcdef") for _ in range(32))
LETTERS_KEY = "".join(_RNG.choice(string.ascii_letters) for _ in range(24))

CASSETTE = f"""interactions:
- request:
    body: scope=read+write&client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}&grant_type=client_credentials
    headers:
      Content-Type:
      - application/x-www-form-urlencoded
    method: POST
    uri: http://localhost:3000/oauth/token
- request:
    body: username=tester%40localhost&password={PASSWORD_HEX}&redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob
    method: POST
    uri: http://localhost:3000/oauth/token
"""


def _found(recognizer, text: str, language: str | None, path: str) -> list[str]:
    return [text[f.start : f.end] for f in recognizer.find_at(text, language, path)]


def test_a_recorded_form_body_gives_up_its_secret_and_password_but_not_the_client_id() -> None:
    path = "tests/cassettes/test_app_create.yaml"
    assert _found(SecretRecognizer(), CASSETTE, "YAML", path) == [CLIENT_SECRET]
    assert _found(PasswordRecognizer(), CASSETTE, "YAML", path) == [PASSWORD_HEX]
    redacted = Redactor(PiiConfig()).redact(CASSETTE, "YAML", path).text
    assert CLIENT_SECRET not in redacted and PASSWORD_HEX not in redacted and CLIENT_ID in redacted


def test_a_form_body_in_code_as_a_string() -> None:
    code = f'resp = session.post(TOKEN_URL, data="grant_type=password&username=bob&password={PASSWORD_HEX}")\n'
    assert _found(PasswordRecognizer(), code, "Python", "tests/test_login.py") == [PASSWORD_HEX]
    body = f"curl -d 'client_secret={CLIENT_SECRET}&grant_type=client_credentials' https://api.example.com/token\n"
    assert _found(SecretRecognizer(), body, "Shell", "scripts/token.sh") == [CLIENT_SECRET]


def test_placeholders_and_code_that_is_no_form_body_stay() -> None:
    placeholders = "    body: client_id=YOUR_CLIENT_ID&client_secret=YOUR_CLIENT_SECRET&password=changeme\n"
    assert _found(SecretRecognizer(), placeholders, "YAML", "docs/example.yaml") == []
    assert _found(PasswordRecognizer(), placeholders, "YAML", "docs/example.yaml") == []
    # A C condition: `==` and `&&` are no pairs; only a `?` query or a whole run of pairs is a body.
    condition = f"if (mode==2&&token={CLIENT_SECRET[:20]}) {{\n"
    assert not FormBodies(condition).holds(condition.index("token"))
    assert _found(SecretRecognizer(), condition, "C", "src/auth.c") == []


def test_a_phrase_in_camel_case_is_no_key_but_random_letters_are() -> None:
    phrase = '        secret_token="NotTheSecretToken",\n'
    assert _found(SecretRecognizer(), phrase, "Python", "tests/ext/test_webhook.py") == []
    generated = f'        secret_token="{LETTERS_KEY}",\n'
    assert _found(SecretRecognizer(), generated, "Python", "tests/ext/test_webhook.py") == [LETTERS_KEY]


def test_the_specification_example_and_a_word_for_the_suites_own_server_stay() -> None:
    # RFC 6749 §4.3.2's request, as a grant's docstring quotes it.
    docstring = '    """\n        grant_type=password&username=johndoe&password=A3ddj3w\n    """\n'
    assert _found(PasswordRecognizer(), docstring, "Python", "authlib/oauth2/grants/password.py") == []
    # A recorded wrong login against the suite's own server: a word, as test code writes one.
    wrong_login = "    body: username=admin%40localhost&password=hunter2&grant_type=password\n"
    assert _found(PasswordRecognizer(), wrong_login, "YAML", "tests/cassettes/test_login_incorrect.yaml") == []
    assert _found(PasswordRecognizer(), wrong_login, "YAML", "deploy/recorded/login.yaml") == ["hunter2"]


def test_a_long_body_is_read_once_however_many_parameters_it_holds(monkeypatch) -> None:
    """A recorded body of thousands of `…_key=` parameters: asked parameter by parameter, the body would be
    read once per parameter (quadratic in its length); it is read once."""
    import pii.form_body as form_body

    reads: list[tuple] = []
    pair_run = form_body._PAIR_RUN

    class CountingPattern:
        def fullmatch(self, *args):
            reads.append(args)
            return pair_run.fullmatch(*args)

    monkeypatch.setattr(form_body, "_PAIR_RUN", CountingPattern())
    body = "    body: " + "&".join(f"field{index}_key={CLIENT_SECRET}" for index in range(2000)) + "\n"
    found = _found(SecretRecognizer(), body, "YAML", "tests/cassettes/test_bulk.yaml")
    assert found == [CLIENT_SECRET] * 2000
    assert len(reads) == 1
