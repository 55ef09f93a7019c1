"""The twenty-second held-out set's causes (issue 23): ML, LLM and data-platform clients — a proxy's
tests, embedded as Python in Rust, hand its stubbed credentials words for API keys.

Values are drawn here for the test (no real credential): the shapes are the set's, not its values.
"""

import random
import string

from pii.secret_recognizer import SecretRecognizer

_RNG = random.Random(22)


def found(recognizer, text: str, language: str | None, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [text[f.start : f.end] for f in recognizer.find_at(text, language, path)]


def test_a_short_lower_case_word_for_an_api_key_is_no_key() -> None:
    """`{'api_key': 'inherited'}`: no service generates a key of a few lower-case letters; a drawn key
    (letters and digits, or letters only but long) is still one."""
    stubs = "credentials = [\n    Credential('ocr', {'api_key': 'first'}),\n    Credential('other', {'api_key': 'inherited'}),\n]\n"
    assert found(SecretRecognizer(), stubs, "Python", "crates/python-bridge/src/preflight.py") == []
    drawn = "sk-" + "".join(_RNG.choice(string.ascii_letters + string.digits) for _ in range(40))
    assert found(SecretRecognizer(), stubs.replace("inherited", drawn), "Python", "proxy/config.py") == [drawn]
    letters = "".join(_RNG.choice(string.ascii_lowercase) for _ in range(32))
    assert found(SecretRecognizer(), f"API_KEY = '{letters}'\n", "Python", "proxy/config.py") == [letters]
