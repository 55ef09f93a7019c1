"""The eighteenth held-out set's causes (issue 23): what the secret, password and address rules took
for values and were not — Bootstrap's event namespace under `DATA_API_KEY`, a catalogue's word for
"password", a minimum version after `>= ` — and two keys they did not see: an API key named for its
service after the secret word, and a Facebook app token whose halves a `|` joins.

Values are typed here for the test (no real credential): the shapes are the set's, not its values.
"""

import random
import string

from pii.ip_recognizer import IpRecognizer
from pii.password_recognizer import PasswordRecognizer
from pii.secret_recognizer import SecretRecognizer

_RNG = random.Random(18)
HEX32 = "".join(_RNG.choice("0123456789abcdef") for _ in range(32))
APP_ID = "".join(_RNG.choice(string.digits) for _ in range(15))


def found(recognizer, text: str, language: str | None, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [text[f.start : f.end] for f in recognizer.find_at(text, language, path)]


def test_a_constant_holding_its_own_names_words_is_no_key() -> None:
    """Every copy of Bootstrap's JavaScript has `const DATA_API_KEY = '.data-api'` per plugin."""
    bootstrap = "  const DATA_KEY = 'bs.collapse';\n  const DATA_API_KEY = '.data-api';\n"
    assert found(SecretRecognizer(), bootstrap, "JavaScript", "static/vendor/bootstrap/js/bootstrap.js") == []
    real = bootstrap.replace(".data-api", "Kq7vZt2wXm")
    assert found(SecretRecognizer(), real, "JavaScript", "static/js/app.js") == ["Kq7vZt2wXm"]


def test_an_api_key_named_for_its_service_is_a_key() -> None:
    """A vendored timeline widget's default options: `api_key_flickr:"…"` beside `api_key_embedly:""`, on
    a minified line whose URLs' `//` and a later word `example` are no comment calling the key a sample."""
    options = f'this.options={{api_key_flickr:"{HEX32}",api_key_embedly:"",credit_height:0}}'
    assert found(SecretRecognizer(), options, "JavaScript", "static/vendor/timeline/js/timeline.js") == [HEX32]
    minified = 'var u="https://api.flickr.com/services/rest/?method=flickr.photos.getSizes&format=json",e="example";' + options
    assert found(SecretRecognizer(), minified, "JavaScript", "static/vendor/timeline/js/timeline.js") == [HEX32]
    commented = f'API_KEY_FLICKR = "{HEX32}"  # example key, get yours at flickr.com\n'
    assert found(SecretRecognizer(), commented, "Python", "app/settings.py") == []  # the author says it is a sample
    header = f'api_key_header = "{HEX32}"\n'  # the last word names something about the key
    assert found(SecretRecognizer(), header, "Python", "app/settings.py") == []


def test_a_facebook_app_token_in_a_query_is_one_value() -> None:
    """An app token is `APPID|APPSECRET`: the query value runs past the `|` to the secret half."""
    url = f'const je="https://graph.facebook.com/v8.0/instagram_oembed?access_token={APP_ID}|{HEX32}&fields=html";'
    assert found(SecretRecognizer(), url, "JavaScript", "static/vendor/timeline/js/timeline.js") == [f"{APP_ID}|{HEX32}"]


def test_a_catalogues_word_for_password_is_no_password() -> None:
    catalogue = '{\n    "confirm_password": "Potrdi geslo",\n    "password": "Geslo",\n}\n'
    assert found(PasswordRecognizer(), catalogue, "JSON", "public/language/sl/user.json") == []
    assert found(PasswordRecognizer(), catalogue, "JSON", "config/users.json") == ["Geslo"]


def test_a_minimum_version_after_a_spaced_comparison_is_a_version() -> None:
    configure = 'printf "Checking for zlib (>= 1.2.5.2)... "\n'
    assert found(IpRecognizer(), configure, "Shell", "configure") == []
    assert found(IpRecognizer(), 'printf "Checking host (151.101.1.69)... "\n', "Shell", "configure") == ["151.101.1.69"]
