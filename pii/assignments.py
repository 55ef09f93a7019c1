"""Find `NAME <op> VALUE` assignments whose name contains a given keyword, across code and config.

One parser serves the generic-secret and the password recognizers. It covers the shapes secrets take
in practice: `name = "v"` (Python, JS, Java, C), `name := "v"` (Go), `Name: "v"` (Go structs, YAML,
JSON), `"name": "v"` / `'name' => 'v'` (JSON, PHP), `setName("v")` / `put("name", "v")` (Java),
`#define NAME "v"` (C), `NAME=v` / `export NAME=v` / `name: v` (.env, shell, INI, YAML),
`--name=v` (command lines). The keyword is found first (a fast alternation), then the name is
extended around it and the rest is matched anchored, so the regex never starts at every character.

A bare (unquoted) value is only a literal in configuration formats; in code it is an expression
(`password = get_password()`), so bare values are accepted for config languages, and for unknown
languages only on a line that has nothing else but `NAME=VALUE`.
"""

import re
from collections.abc import Iterator
from typing import NamedTuple

from pii.recognizer_base import CONFIG_LANGUAGES

_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.$-")
_AFTER_NAME = re.compile(
    r"""[\w.$-]*                        # rest of the name
    (?P<nq>["'`]?\]?)                   # closing quote / bracket of a quoted or subscripted key
    [ \t]*
    (?P<op>:=|=>|=|:|,|\(|[ \t])        # assignment, key-value, argument or #define separator
    [ \t]*
    (?:
        [rbuRBU]?(?P<q>["'`])(?P<qv>[^"'`\\\n]{1,300})(?P=q)    # quoted literal
      | (?P<bv>[^\s"'`;,)\]}#<>]{1,300})                          # bare value
    )""",
    re.X,
)
_BARE_TAIL = re.compile(r"[ \t]*(?:[;#].*)?(?:\r?\n|\Z)")
_LINE_HEAD = re.compile(r"[ \t]*(?:export[ \t]+|set[ \t]+|-[ \t]+|--?)?[\"']?\Z")


class Assignment(NamedTuple):
    name: str
    value: str
    start: int  # span of the value
    end: int
    quoted: bool


def _name_start(text: str, keyword_start: int) -> int:
    start = keyword_start
    while start > 0 and text[start - 1] in _NAME_CHARS:
        start -= 1
    return start


def find_assignments(text: str, keyword: re.Pattern[str], language: str | None) -> Iterator[Assignment]:
    """Yield assignments whose name contains a match of `keyword`, one per name occurrence."""
    config_language = language in CONFIG_LANGUAGES
    last_end = -1
    for hit in keyword.finditer(text):
        if hit.start() < last_end:
            continue
        match = _AFTER_NAME.match(text, hit.end())
        if match is None:
            continue
        name_start = _name_start(text, hit.start())
        name = text[name_start : hit.end()] + text[hit.end() : match.start("nq")]
        op = match.group("op")
        before_name = text[max(0, name_start - 1) : name_start]
        line_start = text.rfind("\n", 0, name_start) + 1
        head = text[line_start:name_start]
        if match.group("q") is not None:
            if op == "," and before_name not in ("'", '"'):
                continue  # `f(password, "x")`: a positional argument, not a key-value pair
            if op in " \t" and not head.lstrip().startswith("#define"):
                continue
            last_end = match.end()
            yield Assignment(name, match.group("qv"), match.start("qv"), match.end("qv"), True)
            continue
        if op not in ("=", ":") or match.group("nq"):
            continue
        if not (config_language or (language is None and _LINE_HEAD.match(head))):
            continue
        if language is not None and not _LINE_HEAD.match(head):
            continue
        if _BARE_TAIL.match(text, match.end("bv")) is None:
            continue  # more follows on the line: an expression, not a literal
        last_end = match.end()
        yield Assignment(name, match.group("bv"), match.start("bv"), match.end("bv"), False)


def name_words(name: str) -> list[str]:
    """Split `AWS_SECRET_ACCESS_KEY`, `apiKey`, `db.password` into lower-case words."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return [word for word in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if word]
