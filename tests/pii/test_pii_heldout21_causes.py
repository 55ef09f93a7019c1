"""The twenty-first held-out set's causes (issue 23): security tooling — an Office decryption
library naming the password Excel uses for workbooks "protected" without one, a JSDoc example
searching for a persona on a domain named nowhere, and a sample indicator made of words alone.
"""

from pii.email_recognizer import EmailRecognizer
from pii.password_recognizer import PasswordRecognizer
from pii.secret_recognizer import SecretRecognizer


def found(recognizer, text: str, language: str | None, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [text[f.start : f.end] for f in recognizer.find_at(text, language, path)]


def test_excels_published_default_password_is_no_credential() -> None:
    """MS-OFFCRYPTO documents it; every decryption library names it to open such workbooks."""
    crypto = "# Excel encrypts a workbook protected without a password with this one\nEXCEL_DEFAULT_PASSWORD = 'VelvetSweatshop'\n"
    for recognizer in (PasswordRecognizer(), SecretRecognizer()):
        assert found(recognizer, crypto, "Python", "oletools/crypto.py") == []
    chosen = crypto.replace("VelvetSweatshop", "VelvetWorkshop7")
    assert found(PasswordRecognizer(), chosen, "Python", "oletools/crypto.py") == ["VelvetWorkshop7"]


def test_a_persona_on_a_domain_named_nowhere_is_made_up() -> None:
    example = " * @example\n * const breaches = await search('nobody@nowhere.com');\n"
    assert found(EmailRecognizer(), example, "JavaScript", "dist/esm/search.js") == []
    person = example.replace("nobody@", "j.kowalski@")  # a person's local part goes with the address
    assert found(EmailRecognizer(), person, "JavaScript", "dist/esm/search.js") == ["j.kowalski@nowhere.com"]


def test_an_address_of_words_alone_is_a_scenarios_cast() -> None:
    """`email@bad.com` as a sample malware indicator: both halves role and filler words. On a mail
    provider's own word domain the mailbox is deliverable, and a person's name is a person."""
    indicators = 'INDICATORS = ["email@bad.com", "attacker@evil.org"]\n'
    assert found(EmailRecognizer(), indicators, "Python", "src/mwcp/tests/conftest.py") == []
    provider = 'CONFIG = {"LOGIN": "my@email.com"}\n'
    assert found(EmailRecognizer(), provider, "Python", "errbot/core_plugins/plugins.py") == ["my@email.com"]
    named = 'INDICATORS = ["hanna.berg@bad.com"]\n'
    assert found(EmailRecognizer(), named, "Python", "src/mwcp/tests/conftest.py") == ["hanna.berg@bad.com"]
