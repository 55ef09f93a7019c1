"""The twentieth held-out set's causes (issue 23): credentials of device, geo and bot API clients —
a geocoding key passed in two tests that each assert on the answer, a camera listing's per-snapshot
access keys, a constant whose name says its value is fake, and the Telegram Bot API documentation's
example token.

Values are drawn here for the test (no real credential): the shapes are the set's, not its values.
"""

import random

from pii.password_recognizer import PasswordRecognizer
from pii.secret_recognizer import SecretRecognizer

_RNG = random.Random(20)


def _hex(length: int) -> str:
    return "".join(_RNG.choice("0123456789abcdef") for _ in range(length))


def found(recognizer, text: str, language: str | None, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [text[f.start : f.end] for f in recognizer.find_at(text, language, path)]


def test_a_key_passed_in_two_tests_that_assert_on_the_answer_is_a_key() -> None:
    """The same live API key in two tests, each followed by `assert g.ok`: the asserts check what the
    service answered, not the key, so it is a credential used twice, not a value asserted back."""
    key = _hex(32)
    tests = (
        "def test_geo():\n"
        f"    g = geocoder.amap(location, key='{key}')\n"
        "    assert g.ok\n\n\n"
        "def test_geo_reverse():\n"
        '    """ Expected result : https://restapi.example/v3/regeo?location=1,2&key=<your key> """\n'
        f"    g = geocoder.amap(place, method='reverse', key='{key}')\n"
        "    assert g.ok\n"
        "    assert g.city == 'Beijing'\n"
    )
    assert found(SecretRecognizer(), tests, "Python", "tests/test_amap.py") == [key, key]
    mocked = (  # a mocked token fed in and compared: the comparison names the value itself
        "def test_refresh():\n"
        f"    session.mock_response({{'access_token': '{key}'}})\n"
        f"    assert client.refresh() == '{key}'\n"
    )
    assert found(SecretRecognizer(), mocked, "Python", "tests/test_session.py") == []
    expected = (  # the input and the expected answer in one test, compared after both
        "  def test_record_from_xml_with_attributes\n"
        f'    xml = %(<photo id="175" secret="{key[:10]}" server="76"/>)\n'
        f'    expected = {{ id: "175", secret: "{key[:10]}", server: "76" }}\n'
        "    assert_equal expected, Hash.from_xml(xml)\n"
        "  end\n"
    )
    assert found(SecretRecognizer(), expected, "Ruby", "test/core_ext/hash_ext_test.rb") == []


def test_a_camera_listings_per_snapshot_keys_are_credentials() -> None:
    """A captured camera API response: every event's snapshot carries its own access `key`, which
    opens that image. A per-item feedback or page token of a public listing stays."""
    events = ",\n".join(
        f'    {{"id": "{_hex(24)}", "version": 1, "key": "{_hex(64)}", "url": "https://images.test/{_hex(40)}"}}'
        for _ in range(6)
    )
    listing = '{"events": [\n' + events + "\n]}\n"
    keys = [line.split('"key": "')[1][:64] for line in events.splitlines()]
    assert found(SecretRecognizer(), listing, "JSON", "fixtures/archive/camera_home_data.json") == keys
    feedback = ",\n".join(f'    {{"title": "song {n}", "feedbackToken": "{_hex(40)}"}}' for n in range(6))
    album = '{"tracks": [\n' + feedback + "\n]}\n"
    assert found(SecretRecognizer(), album, "JSON", "tests/data/get_album.json") == []


def test_a_name_that_calls_its_value_fake_holds_no_credential() -> None:
    fake = f'# shaped like a webhook id\nFAKE_SECRET = "gAAAAAB{_hex(40)}="\n'
    assert found(SecretRecognizer(), fake, "Python", "tests/test_auth.py") == []
    real = fake.replace("FAKE_SECRET", "WEBHOOK_SECRET")
    assert found(SecretRecognizer(), real, "Python", "tests/test_auth.py") == [f'gAAAAAB{real.split("gAAAAAB")[1][:40]}=']
    passwords = 'dummy_password = "Kq7vZt2w!"\nadmin_password = "Kq7vZt2w!"\n'
    assert found(PasswordRecognizer(), passwords, "Python", "app/settings.py") == ["Kq7vZt2w!"]


def test_the_telegram_documentations_example_token_is_no_credential() -> None:
    """core.telegram.org/bots/api writes `123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11` as its example;
    bot libraries' tests sign their vectors with it. A token of the same shape is still one."""
    example = 'TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"\n'
    assert found(SecretRecognizer(), example, "Python", "tests/test_utils/test_auth_widget.py") == []
    drawn = "".join(_RNG.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789") for _ in range(29))
    real = f'TOKEN = "784512:{drawn}"\n'
    assert found(SecretRecognizer(), real, "Python", "bot/settings.py") == [f"784512:{drawn}"]
