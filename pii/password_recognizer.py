"""Passwords: in assignments and config lines, URL user info and queries, form-encoded request bodies
(`form_body`), connection strings, flags and XML.

Unlike keys, passwords are chosen by people and need not look random (`Summer2024!`), so the name
carries the evidence and the value checks only rule out what is not a password: template
references (`${DB_PASSWORD}`, `%(pw)s`, `{{ vault_pw }}`), placeholders (`changeme`, `****`,
`<password>`), type names and null-ish words, prompts containing spaces, values that just repeat
the word "password" and URL passwords equal to the user name (stock `postgres:postgres` defaults).
The name's last word decides (`db_password` holds one, `password_field`, `PASSWORD_MIN_LENGTH` and
`password.encode` do not). Also not passwords: a lower-case word as a URL's password for a reserved
documentation host (`foo://admin:hunter1@example.com`; a mixed one such as `Tr0ub4dor-9` may be a
real password behind an anonymised host, so it is redacted), and a lower-case word given as the password in test code
(`password="pygmalion"` for the suite's own test server): the fixture opens nothing outside the tests.
"""

import re
import string
import unicodedata
from collections.abc import Iterator
from urllib.parse import unquote

from pii.assignments import (
    find_assignments,
    keyword_hits,
    name_start,
    name_words,
    names_a_stand_in,
    names_value,
    own_name_words,
)
from pii.auth_mechanism import is_auth_mechanism
from pii.command_line_passwords import command_line_passwords
from pii.email_recognizer import is_fictional_domain, is_reserved_domain, top_level_domains
from pii.entities import PASSWORD
from pii.form_body import FormBodies, parameter_value_end
from pii.ip_context import is_test_path
from pii.recognizer_base import CODE_LANGUAGES, Finding, PathRecognizer, is_documentation
from pii.text_checks import counting_run, is_placeholder

_DIAGRAM_PASSWORD = re.compile(r"[a-z]+\d*")
"""A documentation URL's password: a lower-case word, perhaps with digits (`hunter1`, `secret`)."""

PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "pass", "passphrase", "passcode", "pswd"})
_DUMMY_VALUES = frozenset(
    {
        "none", "null", "nil", "true", "false", "undefined", "required", "optional", "str", "string", "int",
        "bytes", "text", "empty", "test", "testing", "secret", "foo", "bar", "baz", "qux", "foobar", "admin", "root",
        "guest", "user", "default", "unknown", "hidden", "masked", "pass", "pwd", "value", "env", "missing",
        "notset", "not_set", "secure", "blank", "any", "yes", "no", "on", "off", "new", "old",
        # words that say the value is deliberately wrong (`"password": "invalid"` to provoke an error)
        "invalid", "wrong", "incorrect", "bad", "bogus", "nope",
    }
)
_STEMS = ("pass", "pwd", "pswd")
# A package version or range (`"pbkdf2-password": "1.2.1"`, `"^3.0.0"`, `">=1.2 <2"`, `npm:x@1`):
# a dependency whose name contains "password" lists a version, not a password.
_VERSION_SPEC = re.compile(r"(?:[~^<>=!v]|\s)*\d+(?:\.(?:\d+|x|\*))+(?:[-+][\w.]+)?(?:\s*(?:\|\||-|<|>|=|,)+.*)?")
_FORMAT_FIELD = re.compile(r"\{\d*\}|%[sd]|\{\w+\}")
_DEPENDENCY_SCHEMES = ("npm:", "file:", "link:", "workspace:", "github:", "git+", "portal:", "patch:")
# User information ends at `/`, `?`, `#` or whitespace (RFC 3986 §3.2): in `http://%HOSTIP:%HTTPPORT?email=x@y`
# the `:` is a port and what follows `?` a query, not a password. The user may be empty: Redis
# has no user names before 6, and its URLs say `redis://:password@host`.
_URL_USERINFO = re.compile(
    r"://([^\s:/?#@'\"<>()\[\]{},]{0,64}):([^\s/?#@'\"<>()\[\]{},]{1,128})@(?=[\w\[])([\w.-]*)"
)
# `?user=x&pwd=v`, `&password=v`: a password in a URL's query string.
_QUERY_PASSWORD = re.compile(r"[?&](?:[\w-]*_)?(?:password|passwd|pwd|pass)=([^\s&#'\"<>]{1,128})", re.IGNORECASE)
# Matched at a keyword hit: `Password=v;` in ADO.NET / JDBC / ODBC connection strings, which is taken
# after a `;` (`…;Password=v`) or at the start of a string when a `;` follows (`"Pwd=v;…"`).
_CONNECTION = re.compile(r"(?i)(?:password|pwd)[ \t]*=[ \t]*([^;\"'\s]{1,128})(;?)")
# Matched at a keyword hit whose name starts with `--`: `--password=v`, `--db-pass "v"`.
_FLAG = re.compile(r"(?i)(?:word|wd)?(=|[ \t]+)(?:\"([^\"\n]{1,128})\"|'([^'\n]{1,128})'|([^\s\"'\\;|&]{1,128}))")
# PEM encryption headers: `Proc-Type: 4,ENCRYPTED` (OpenSSL legacy) and PKCS#8 `ENCRYPTED PRIVATE KEY`.
_ENCRYPTED_KEY = re.compile(r"Proc-Type:[ \t]*4,ENCRYPTED|-----BEGIN ENCRYPTED PRIVATE KEY-----")
_VARIABLE_PATH = re.compile(r"(?:\$\{?\w+\}?|~)/")
# Upper-case words joined by `_`, letters only: a constant's or an environment variable's name, or a
# type written where the value goes (every AWS SDK for JavaScript command's reference shows
# `MasterUserPassword: "STRING_VALUE"`).
_CONSTANT_NAME = re.compile(r"[A-Z]{2,}(?:_[A-Z]{2,})+")
# A regular expression's pieces: a class escape repeated or closing a group (`(\w+)`, `\S*`), a
# non-capturing or look-around group, a negated class (`[^"]`), `.*` — a pattern that reads the
# password (`/Password=(\w+)/` in a Perl script), not a value.
_REGEX_PIECE = re.compile(r"\\[wdsSWD][+*?{)]|\(\?[:=!<]|\[\^|\.[*+]")
_XML = re.compile(r"(?i)<((?:[\w.-]*:)?[\w.-]*pass(?:word|wd))>([^<\s]{1,128})</\1>")
# A translation catalogue: its `"password": "…"` entries are the field's label in one language.
_TRANSLATIONS = re.compile(r"(?:^|/)(?:locales?|i18n|l10n|lang|langs|languages?|translations?)/|\.po$", re.IGNORECASE)


# `POSTGRES_USER: postgres`, `"username": "admin",`, `user => 'guest'`: a user name set on its own line.
_USER_SETTING = re.compile(
    r"""(?im)^[ \t#;/-]*["']?[\w.-]*?(?:user(?:_?name)?|login)["']?[ \t]*(?::|=>|=)[ \t]*["']?([^\s"',;]+)"""
)
_BESIDE_LINES = 3


def equals_user_beside(text: str, at: int, value: str) -> bool:
    """Whether the password at `at` equals a user name set within three lines of it: a stock default
    (`postgres`/`postgres` for a CI database service), as a URL's `user:user@` is."""
    start = at
    for _ in range(_BESIDE_LINES + 1):
        start = text.rfind("\n", 0, max(start - 1, 0)) + 1 if start > 0 else 0
    end = at
    for _ in range(_BESIDE_LINES + 1):
        found = text.find("\n", end + 1)
        end = len(text) if found == -1 else found
    return any(match.group(1) == value for match in _USER_SETTING.finditer(text, start, end))


def is_service_host(host: str) -> bool:
    """A host name of a real service: under a real top-level domain, neither reserved (`example.com`,
    `.test`, `localhost`) nor made up for a fixture (`acme.com`, `baz.com`), nor a one-label name."""
    labels = host.lower().split(".")
    return (len(labels) > 1 and labels[-1] in top_level_domains() and not is_reserved_domain(host)
            and not is_fictional_domain(host, True))


def spells_password(value: str) -> bool:
    """`p@ssw0rd`, `p#ssword!`, `pa$$word`: the word "password" with signs or digits for letters (and
    perhaps a sign or digits after it), the stock example of a password, not somebody's."""
    core = value.lower().rstrip("0123456789!?.*#$")
    return len(core) == 8 and all(c == w or not c.isalpha() for c, w in zip(core, "password"))


def is_password_value(value: str) -> bool:
    lowered = value.lower()
    if len(value) < 4 or len(value) > 128 or lowered in _DUMMY_VALUES:
        return False
    decorated = unquote(lowered).strip(string.punctuation)
    folded = unicodedata.normalize("NFKD", decorated).encode("ascii", "ignore").decode()
    if decorated in _DUMMY_VALUES or spells_password(unquote(value)) or spells_password(folded):
        return False  # `%5Dfoo`, `foo!` (a dummy word in signs), `p#ssword!`, `p%C3%A4ssword` (the word itself)
    if any(c.isspace() for c in value) or "pass" in lowered or "secret" in lowered or "://" in value:
        return False
    if value.isdigit() and (len(value) < 6 or counting_run(value, len(value))):
        return False  # a PIN-length number; or `123456`, `87654321`: the stock dummy, which reveals nothing
    if _VERSION_SPEC.fullmatch(value) or value.startswith(_DEPENDENCY_SCHEMES):
        return False
    if value[0] in "/\\" or ("(" in value and value.endswith(")")) or _VARIABLE_PATH.match(value):
        return False  # a path (`$HOME/projects/x`: the shell's `$PWD` compared with one), or an expression such as `g_strdup(s)`
    if lowered in PASSWORD_WORDS or _FORMAT_FIELD.search(value):
        return False  # a field code (`"password": "PSWD"`) or a format string filled in at run time
    if _REGEX_PIECE.search(value):
        return False  # a pattern that matches the password
    if _CONSTANT_NAME.fullmatch(value):
        return False  # `STRING_VALUE` (a generated SDK reference's type stand-in), `ADMIN_PW_VAR`: a name, not a value
    if is_auth_mechanism(value):
        return False  # `…:oauth2@imap.host`: the docs' keyword that selects OAuth login, not a password
    return not is_placeholder(value)


def is_toy_test_password(value: str) -> bool:
    """Lower-case words in any script, joined by `_` or `-` and perhaps followed by digits (`pygmalion`,
    `cisco123`, `ålæg`, `correct_pwd`): how test code writes the password of the suite's own test server
    or mocked device. A password with digits or capitals inside (`Tr0ub4dor`, `k9Xq2mZt`) may be a real
    one and stays redacted."""
    word = value.rstrip("0123456789")
    if is_app_password(word):
        return False
    pieces = re.split(r"[_-]", word)
    return all(piece.isalpha() and piece.islower() for piece in pieces)  # any script: `u'ålæg'` in a URL library's test


# A name's first word saying the constant names where a password goes, not the password itself:
# an XML element or attribute, a field, a column or a property key. Not `form`, `input`, `param`
# or `node`: `form_password`, `node_password` may hold the value typed or set.
_FIELD_WORDS = frozenset({
    "elem", "element", "attr", "attribute", "field", "column", "col", "tag", "prop", "property", "label", "xml", "json",
})
_FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z_:.-]*")


def names_the_password_field(words: list[str], value: str) -> bool:
    """`ElemEntryPassword2 = "additional"`, `FIELD_PASSWORD = "user_pass"`, `ATTR_PASSWORD = "userPassword"`:
    the name's first word (of `words`, the name's own words) says the constant names the element,
    field or column that holds the password, and the value is such a name (letters and separators,
    no digit): a schema, not a secret. A password that happened to be a word under such a name would
    be the only miss."""
    return len(words) > 1 and words[0] in _FIELD_WORDS and _FIELD_NAME.fullmatch(value) is not None


def is_label_word(value: str) -> bool:
    """One capitalised word in any script (`Geslo`, `Passwort`, `Пароль`): how a form labels the field."""
    return len(value) > 1 and value[0].isupper() and value[1:].isalpha() and value[1:].islower()


def is_app_password(value: str) -> bool:
    """Sixteen lower-case ASCII letters with nine or more distinct ones and no counting run: the
    shape Google and Yahoo give an app password (a mail client's SMTP login, often written into
    a test's `mailtos://user:…@gmail.com`). A random draw of 16 letters holds ~12 distinct; toy
    words of that length repeat themselves (`testtesttesttest`, `passwordpassword`)."""
    return (
        len(value) == 16 and value.isascii() and value.isalpha() and value.islower()
        and len(set(value)) >= 9 and not counting_run(value, 5)
    )


_DOCTEST_LINE = re.compile(r"[ \t]*(?:>>>|\.\.\.)[ \t]")


def in_doctest(text: str, at: int) -> bool:
    """`at` lies on a line of an interactive example (`>>> ` or its `... ` continuation): a docstring's
    example is documentation, whatever file it sits in."""
    return _DOCTEST_LINE.match(text, text.rfind("\n", 0, at) + 1) is not None


class PasswordRecognizer(PathRecognizer):
    def __init__(self) -> None:
        super().__init__([PASSWORD])


    def find_at(self, text: str, language: str | None, path: str | None) -> Iterator[Finding]:
        """Each password once, though `--password='v'` is both a flag and an assignment."""
        test_path = is_test_path(path)
        test_code = test_path and language in CODE_LANGUAGES
        # Tests and their fixtures (a recorded session's `password=hunter2` against the suite's own
        # server), documentation and examples write a word for the password of the reader's own
        # server (`password: 'borsch'` for `localhost` in a README, `'rootpw'` in examples/).
        toy_context = test_path or is_documentation(language, path)
        # Test code holding an encrypted private key: the key is the suite's own and stays
        # (private_key_recognizer), so the passphrase beside it opens nothing that is not published.
        opens_test_key = test_code and _ENCRYPTED_KEY.search(text) is not None
        translations = bool(path) and _TRANSLATIONS.search(path) is not None
        on_service_hosts: set[int] = set()
        for found in dict.fromkeys(self._candidates(text, language, test_code, on_service_hosts)):
            value = text[found.start : found.end]
            plain = unquote(value)  # a URL's password is read percent-decoded (`%C3%A5l%C3%A6g` is `ålæg`)
            if (toy_context or in_doctest(text, found.start)) and is_toy_test_password(plain) \
                    and found.start not in on_service_hosts:
                # `password="pygmalion"`, `"cisco123"` for the suite's own devices: a fixture word; but not
                # a URL's password for a real service's host (`postgres://u:word@ec2-….amazonaws.com`)
                continue
            if opens_test_key:
                continue
            if translations and is_label_word(value):
                continue  # `"password": "Geslo"` in a Slovenian catalogue: the word, not a password
            yield found

    def _candidates(self, text: str, language: str | None, test_code: bool,
                    on_service_hosts: set[int]) -> Iterator[Finding]:
        """`on_service_hosts` gets the start of every URL password whose host is a real service's."""
        hits = keyword_hits(text, _STEMS)
        for assignment in find_assignments(text, hits, language):
            if assignment.positional:
                continue  # `print("user", "password", "token")`: words; a password need not look random
            if not names_value(assignment, PASSWORD_WORDS) or not is_password_value(assignment.value):
                continue
            if assignment.name.lower().endswith("pass") and assignment.value.isalpha():
                continue  # `pass` alone is a weak name: `Colorizer('PASS', 'green')`, `PASS=ok`
            words = own_name_words(assignment.name)
            if names_the_password_field(words, assignment.value) or names_a_stand_in(words):
                continue  # `ElemEntryPassword2 = "additional"`: the XML element that holds the password;
                # `fake_password = "…"`: the name says the value opens nothing
            if equals_user_beside(text, assignment.start, assignment.value):
                continue  # `POSTGRES_USER: postgres` / `POSTGRES_PASSWORD: postgres`: a stock default, as in URLs
            yield Finding(PASSWORD, assignment.start, assignment.end)
        if "=" in text and "?" in text:
            for match in _QUERY_PASSWORD.finditer(text):
                if is_password_value(match.group(1)):
                    yield Finding(PASSWORD, match.start(1), match.end(1))
        if "&" in text:
            yield from self._form_body_passwords(text, hits)
        for hit_start, hit_end in hits:
            yield from self._connection_or_flag(text, hit_start, hit_end)
        if "://" in text:
            for match in _URL_USERINFO.finditer(text):
                user, password, host = match.group(1), match.group(2), match.group(3)
                if host and is_reserved_domain(host.rstrip(".")) and _DIAGRAM_PASSWORD.fullmatch(password):
                    continue  # `foo://admin:hunter1@example.com`: a URL diagram with a word for a password
                if test_code and host and "." not in host:
                    continue  # `http://user:withPwd@proxy:8888/` in test code: a one-label host is the suite's own
                if not unquote(password).isprintable() or len(unquote(password)) < 4:
                    continue  # `:%00%00%00%00@`: bytes nobody types; `:%3A%40c@`: 3 characters, a URL parser's input
                # Digits alone: a port (`http://a:8080@b`, ≤ 5 digits) is no password (`is_password_value`),
                # a number of six or more is one (a ClearDB URL's `…:69772142@…`).
                if is_password_value(password) and password != user:
                    if host and is_service_host(host.rstrip(".")):
                        on_service_hosts.add(match.start(2))
                    yield Finding(PASSWORD, match.start(2), match.end(2))
        for start, end in command_line_passwords(text):
            if is_password_value(text[start:end]):
                yield Finding(PASSWORD, start, end)
        if "</" in text:
            for match in _XML.finditer(text):
                if is_password_value(match.group(2)):
                    yield Finding(PASSWORD, match.start(2), match.end(2))

    @staticmethod
    def _form_body_passwords(text: str, hits: list[tuple[int, int]]) -> Iterator[Finding]:
        """`username=…&password=v&…`: a password among a form-encoded body's parameters (`form_body`)."""
        form_bodies = FormBodies(text)
        for hit_start, hit_end in hits:
            start = name_start(text, hit_start)
            equals = hit_end
            while equals < len(text) and (text[equals].isalnum() or text[equals] in "_-"):
                equals += 1
            if not text.startswith("=", equals) or not form_bodies.holds(start):
                continue
            words = name_words(text[start:equals])
            if not words or words[-1] not in PASSWORD_WORDS:
                continue
            end = parameter_value_end(text, equals + 1)
            if is_password_value(unquote(text[equals + 1 : end])):
                yield Finding(PASSWORD, equals + 1, end)

    @staticmethod
    def _connection_or_flag(text: str, hit_start: int, hit_end: int) -> Iterator[Finding]:
        start = name_start(text, hit_start)
        if text.startswith("--", start):
            match = _FLAG.match(text, hit_end)
            if match is None:
                return
            group = next(g for g in (2, 3, 4) if match.group(g) is not None)
            value = match.group(group)
            if value.startswith("-") or not is_password_value(value):
                return
            if match.group(1) != "=" and group == 4 and value.isalpha():
                return  # `--password requires a value`: prose about the flag
            yield Finding(PASSWORD, match.start(group), match.end(group))
            return
        if start != hit_start:
            return  # `Password=` in a connection string is a whole word
        match = _CONNECTION.match(text, hit_start)
        if match is None:
            return
        before = text[max(0, hit_start - 2) : hit_start].strip(" \t")
        in_string = before.endswith(("'", '"')) and match.group(2)
        if (before.endswith(";") or in_string) and is_password_value(match.group(1)):
            yield Finding(PASSWORD, match.start(1), match.end(1))
