"""The seventeenth held-out set's causes (issue 23): what the password and address rules took for
values and were not, and a key set through a builder they did not read — a regular expression that reads a password, a server's expansion written
where the password goes, a MySQL version string in a list of versions.

Values are typed here for the test (no real credential): the shapes are the set's, not its values.
"""

import random
import string

from pii.ip_recognizer import IpRecognizer
from pii.password_recognizer import PasswordRecognizer
from pii.secret_recognizer import SecretRecognizer

PASSWORDS = PasswordRecognizer()
ADDRESSES = IpRecognizer()
SECRETS = SecretRecognizer()
_RNG = random.Random(17)
KEY = "".join(_RNG.choice(string.ascii_letters + string.digits) for _ in range(43)) + "="


def passwords(text: str, language: str | None, path: str) -> list[str]:
    return [text[f.start : f.end] for f in PASSWORDS.find_at(text, language, path)]


def addresses(text: str, language: str | None, path: str) -> list[str]:
    return [text[f.start : f.end] for f in ADDRESSES.find_at(text, language, path)]


def secrets(text: str, language: str | None, path: str) -> list[str]:
    return [text[f.start : f.end] for f in SECRETS.find_at(text, language, path)]


def test_a_builder_named_by_a_secrets_compound_name_sets_it() -> None:
    """A fluent configuration chain of an auth library's example server: `.signingKey('…')` is a setter,
    as `setSigningKey('…')` is; a call whose first word is a verb (`cloneKey`, `checkToken`) is not."""
    chain = f"everyauth.azureacs\n  .entryPath('/auth/azureacs')\n  .signingKey('{KEY}')\n  .realm('urn:app')\n"
    assert secrets(chain, "JavaScript", "example/server.js") == [KEY]
    assert secrets(f'client.apiKey("{KEY}")\n', "JavaScript", "app/client.js") == [KEY]
    assert secrets(f'store.cloneKey("{KEY}")\n', "JavaScript", "app/client.js") == []
    assert secrets(f'auth.checkToken("{KEY}")\n', "JavaScript", "app/client.js") == []


def test_a_pattern_that_reads_the_password_is_no_password() -> None:
    """A converter script matches `User-Password=secret` lines of a users file with a regular expression."""
    perl = "\tif ( $line =~ /^(\\w+)\\s*\\t*(?:User-)?Password=(\\w+)/ ) {\n\t\t$uid = $1;\n"
    assert passwords(perl, "Perl", "scripts/ldap/users2ldif.pl") == []
    written = '\tmy $password = "Kq7vZt2wXm";\n'
    assert passwords(written, "Perl", "scripts/ldap/users2ldif.pl") == ["Kq7vZt2wXm"]


def test_a_server_expansion_in_place_of_the_password_is_no_password() -> None:
    """FreeRADIUS's policy language (and Ruby's format strings) write `%{Attribute}` for a value filled in
    at run time."""
    unlang = 'update control {\n\tCleartext-Password := "%{User-Name}"\n}\n'
    assert passwords(unlang, None, "src/tests/modules/preprocess/xlat.unlang") == []
    typed = unlang.replace("%{User-Name}", "Vq7rLt2xWm")
    assert passwords(typed, None, "raddb/mods-config/files/authorize") == ["Vq7rLt2xWm"]


def test_a_quad_in_a_list_of_version_strings_is_a_version() -> None:
    """A database client's test lists version strings a parser must refuse, one per line."""
    versions = ("@pytest.mark.parametrize(\n    'version_string',\n    (\n        None,\n        '',\n"
                "        '8.0',\n        '8.0.11.1',\n        'unexpected version string',\n    ),\n)\n")
    assert addresses(versions, "Python", "tests/test_sql_execute.py") == []
    hosts = "SERVERS = [\n    '104.16.132.229',\n    '151.101.1.69',\n]\n"
    assert addresses(hosts, "Python", "app/settings.py") == ["104.16.132.229", "151.101.1.69"]


def test_an_address_after_an_escaped_newline_or_a_colour_code_is_found() -> None:
    """A C test's expected output lists addresses one per line inside one string (`"…\\n198.…\\n"`), and
    a terminal-output test colours one (`\\x1b[0;36m…`): the escape stands for the break before the
    address, so both spellings of the value are found and get the same stand-in."""
    c_test = 'static const char *test_output =\n\t"+service\\n\\n" "151.101.1.69\\n104.16.132.229\\n";\n'
    assert addresses(c_test, "C", "src/auth/test-var-expand.c") == ["151.101.1.69", "104.16.132.229"]
    ansi = '    (f"\\t{ESC}[0;36m151.101.1.69{ESC}[0m", "\\tIP\\t151.101.1.69"),\n'
    assert addresses(ansi, "Python", "tests/test_compat.py") == ["151.101.1.69", "151.101.1.69"]
    assert addresses("    version = 'abc151.101.1.69'\n", "Python", "app/x.py") == []
