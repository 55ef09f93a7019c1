"""Passwords: in assignments and config lines, URL user info, connection strings, flags and XML.

Unlike keys, passwords are chosen by people and need not look random (`Summer2024!`), so the name
carries the evidence and the value checks only rule out what is not a password: template
references (`${DB_PASSWORD}`, `%(pw)s`, `{{ vault_pw }}`), placeholders (`changeme`, `****`,
`<password>`), type names and null-ish words, prompts containing spaces, and values that just repeat
the word "password". Names that describe a password rather than hold one (`password_field`,
`PASSWORD_MIN_LENGTH`, `password_reset_url`) are skipped.
"""

import re
from collections.abc import Iterator

from pii.assignments import find_assignments, keyword_hits, name_start, name_words
from pii.entities import PASSWORD
from pii.recognizer_base import CodeRecognizer, Finding
from pii.text_checks import is_placeholder

PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "pass", "passphrase", "passcode", "pswd"})
_DESCRIPTIVE_WORDS = frozenset(
    {
        "field", "label", "prompt", "hint", "message", "msg", "text", "title", "placeholder", "regex", "pattern",
        "policy", "length", "len", "min", "max", "file", "path", "env", "var", "name", "url", "reset", "error",
        "help", "format", "type", "mode", "changed", "expires", "expiry", "validator", "validators", "hasher",
        "hash", "hashed", "input", "column", "attr", "param", "required", "enabled", "flag", "count", "option",
        "options", "id", "description", "template", "endpoint", "route", "view", "form", "widget", "class",
        "strength", "manager", "store", "provider", "grant", "command", "cmd", "prefix", "suffix", "key", "age",
        "history", "rule", "rules", "check", "verify", "validate", "callback", "handler", "dialog", "button",
        "selector", "locator", "xpath", "element", "ui", "ref", "header", "is", "has", "use", "show", "toggle",
        "visible", "icon", "forgot", "through", "by", "word", "auth", "mask", "masked", "salt", "complexity",
    }
)
_DUMMY_VALUES = frozenset(
    {
        "none", "null", "nil", "true", "false", "undefined", "required", "optional", "str", "string", "int",
        "bytes", "text", "empty", "test", "testing", "secret", "foo", "bar", "baz", "qux", "admin", "root",
        "guest", "user", "default", "unknown", "hidden", "masked", "pass", "pwd", "value", "env", "missing",
        "notset", "not_set", "secure", "blank", "any", "yes", "no", "on", "off", "new", "old",
    }
)
_STEMS = ("pass", "pwd", "pswd")
_URL_USERINFO = re.compile(r"://([^\s:/@'\"<>()\[\]{}]{1,64}):([^\s/@'\"<>()\[\]{}]{1,128})@(?=[\w\[])")
# Matched at a keyword hit: `Password=v;` in ADO.NET / JDBC / ODBC connection strings.
_CONNECTION = re.compile(r"(?i)(?:password|pwd)[ \t]*=[ \t]*([^;\"'\s]{1,128})(;?)")
# Matched at a keyword hit whose name starts with `--`: `--password=v`, `--db-pass "v"`.
_FLAG = re.compile(r"(?i)(?:word|wd)?(?:=|[ \t]+)([\"']?)([^\s\"'\\;|&]{1,128})\1")
_XML = re.compile(r"(?i)<((?:[\w.-]*:)?[\w.-]*pass(?:word|wd)?)>([^<\s]{1,128})</\1>")


def is_password_name(name: str) -> bool:
    words = name_words(name)
    return any(word in PASSWORD_WORDS or word.endswith(("password", "passwd")) for word in words) and not any(
        word in _DESCRIPTIVE_WORDS for word in words
    )


def is_password_value(value: str) -> bool:
    lowered = value.lower()
    if len(value) < 4 or len(value) > 128 or lowered in _DUMMY_VALUES:
        return False
    if any(c.isspace() for c in value) or "passw" in lowered or "://" in value:
        return False
    if value.isdigit() and len(value) < 6:
        return False
    if value[0] in "$%{<[(/\\" or ("{" in value and "}" in value):
        return False
    return not is_placeholder(value)


class PasswordRecognizer(CodeRecognizer):
    def __init__(self) -> None:
        super().__init__([PASSWORD])

    def find(self, text: str, language: str | None = None) -> Iterator[Finding]:
        hits = keyword_hits(text, _STEMS)
        for assignment in find_assignments(text, hits, language):
            if is_password_name(assignment.name) and is_password_value(assignment.value):
                yield Finding(PASSWORD, assignment.start, assignment.end)
        for hit_start, hit_end in hits:
            yield from self._connection_or_flag(text, hit_start, hit_end)
        if "://" in text:
            for match in _URL_USERINFO.finditer(text):
                if is_password_value(match.group(2)) and not match.group(2).isdigit():
                    yield Finding(PASSWORD, match.start(2), match.end(2))
        if "</" in text:
            for match in _XML.finditer(text):
                if is_password_name(match.group(1)) and is_password_value(match.group(2)):
                    yield Finding(PASSWORD, match.start(2), match.end(2))

    @staticmethod
    def _connection_or_flag(text: str, hit_start: int, hit_end: int) -> Iterator[Finding]:
        start = name_start(text, hit_start)
        if text.startswith("--", start):
            match = _FLAG.match(text, hit_end)
            if match and is_password_value(match.group(2)) and not match.group(2).startswith("-"):
                yield Finding(PASSWORD, match.start(2), match.end(2))
            return
        if start != hit_start:
            return  # `Password=` in a connection string is a whole word
        match = _CONNECTION.match(text, hit_start)
        if match is None:
            return
        after_separator = text[max(0, hit_start - 2) : hit_start].strip(" \t").endswith(";")
        if (after_separator or match.group(2)) and is_password_value(match.group(1)):
            yield Finding(PASSWORD, match.start(1), match.end(1))
