"""Find `NAME <op> VALUE` assignments whose name contains a given keyword, across code and config.

One parser serves the generic-secret and the password recognizers. It covers the shapes secrets take
in practice: `name = "v"` (Python, JS, Java, C), `name := "v"` (Go), `Name: "v"` (Go structs, YAML,
JSON), `"name": "v"` / `'name' => 'v'` (JSON, PHP), `setName("v")` / `put("name", "v")` (Java),
`#define NAME "v"` (C), `NAME=v` / `export NAME=v` / `name: v` (.env, shell, INI, YAML),
`--name=v` (command lines); a long literal may start on the line after `=` (`var code =\n  '…'`). The keyword is found first (a fast alternation), then the name is
extended around it and the rest is matched anchored. Keywords are located with plain substring
search on an ASCII-lowered copy (case-insensitive regex alternations run ~10x slower on code, where
the letters they start with are everywhere).

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
    (?:(?<==)[ \t]*\r?\n(?=[ \t]*[rbuRBU]?["'`]))?  # `name =` ending a line, its string literal on the next
    [ \t]*
    (?:
        [rbuRBU]?(?:"(?P<qv>[^"\\\n]{1,300})"|'(?P<qv1>[^'\\\n]{1,300})'|`(?P<qv2>[^`\\\n]{1,300})`)  # quoted literal
      | (?P<bv>[^\s"'`;,)\]}#<>]{1,300})                          # bare value
    )""",
    re.X,
)
_NAME_RUN = re.compile(r"[\w.$-]*")  # the rest of the name, as `_AFTER_NAME` starts
_BARE_TAIL = re.compile(r"[ \t]*(?:[;#].*)?(?:\r?\n|\Z)")
_CALLEE_END = re.compile(r"[\w)\]]")  # what a call's `(` follows: a name, `)` or `]`
# A commented-out setting is still a setting: `# PrivateKey = …`, `;password=…`, `#! token: …` in a
# config file keeps its value in the published text as plainly as a live line does.
_LINE_HEAD = re.compile(r"[ \t#;!/]*(?:export[ \t]+|set[ \t]+|-[ \t]+|--?)?[\"']?\Z")


class Assignment(NamedTuple):
    name: str
    value: str
    start: int  # span of the value
    end: int
    quoted: bool
    call: bool  # `name("value")`: a setter or builder call, or any other function call
    positional: bool = False  # `f(x, "name", "value")`: only the value's shape can tell a secret here


def keyword_hits(text: str, stems: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of every case-insensitive occurrence of the stems, in text order.

    Encoding with `replace` maps each non-ASCII character to one `?`, so offsets in the lowered
    bytes are offsets in `text`.
    """
    lowered = text.encode("ascii", "replace").lower()
    hits = []
    for stem in stems:
        needle = stem.encode()
        position = lowered.find(needle)
        while position != -1:
            hits.append((position, position + len(needle)))
            position = lowered.find(needle, position + 1)
    hits.sort()
    return hits


def name_start(text: str, keyword_start: int) -> int:
    """Where the identifier (or `--flag`, `db.password`, `$PASS`) containing the keyword begins."""
    start = keyword_start
    while start > 0 and text[start - 1] in _NAME_CHARS:
        start -= 1
    return start


def find_assignments(text: str, hits: list[tuple[int, int]], language: str | None) -> Iterator[Assignment]:
    """Yield the assignments whose name contains one of the keyword hits, one per assignment."""
    config_language = language in CONFIG_LANGUAGES
    last_end = -1
    # Every hit inside one run of name characters reads the same name and what follows it, so each
    # run is read once: `UUID_TOKEN_DEFAULT_` repeated as a 100 kB line was read from each of its
    # 5,000 `token`s to its end (15 s).
    name_read_to = -1
    for hit_start, hit_end in hits:
        if hit_start < last_end or hit_end <= name_read_to:
            continue
        match = _AFTER_NAME.match(text, hit_end)
        name_read_to = match.start("nq") if match is not None else _NAME_RUN.match(text, hit_end).end()
        if match is None:
            continue
        start = name_start(text, hit_start)
        name = text[start : match.start("nq")]
        op = match.group("op")
        head = text[text.rfind("\n", 0, start) + 1 : start]
        quoted = next((group for group in ("qv", "qv1", "qv2") if match.group(group) is not None), None)
        if quoted is not None:
            positional = op == "," and not _pair_head(head)
            if positional and not _argument_head(head):
                continue  # only `put("password", "x")` / `{"password", "x"}` / `set(s, "key", "x")`, not lists of words
            if op in " \t" and not (head.lstrip().startswith("#define") or text.startswith(";", match.end())):
                continue  # `#define NAME "v"` and BIND's `secret "v";` separate name and value by a space
            last_end = match.end()
            yield Assignment(name, match.group(quoted), match.start(quoted), match.end(quoted), True, op == "(", positional)
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
        yield Assignment(name, match.group("bv"), match.start("bv"), match.end("bv"), False, False)


def _pair_head(head: str) -> bool:
    """The line before a quoted name opens a pair: `(` or `{`, perhaps spaces, then the quote
    (`put("password", "x")`, `{"password", "x"}`). Read from the line's end: a regular expression
    searched over a minified script's one long line scanned the line for every name on it."""
    return head[-1:] in ("'", '"') and head[:-1].rstrip(" \t").endswith(("(", "{"))


def _argument_head(head: str) -> bool:
    """The quoted name is a later argument of a call, its value next: `add_attr(None, 'PrivateKey', '…')`,
    `cfg.set("auth", "api_key", "…")` — a comma before the quote, and the line's last bracket before it
    a call's `(` right after a name, `)` or `]` (a tuple of words is no call). Read from the line's end."""
    if head[-1:] not in ("'", '"'):
        return False
    before = head[:-1].rstrip(" \t")
    if not before.endswith(","):
        return False
    bracket = max(before.rfind("("), before.rfind(")"))
    return bracket >= 1 and before[bracket] == "(" and _CALLEE_END.match(before, bracket - 1) is not None


# `walletPassPhrase`, `PASS_WORD`, `passCode`: one word written as two, rejoined.
_PASS_COMPOUNDS = frozenset({"word", "phrase", "code"})


def name_words(name: str) -> list[str]:
    """Split `AWS_SECRET_ACCESS_KEY`, `apiKey`, `db.password` into lower-case words; `pass` and a
    following `word`, `phrase` or `code` are one word (`walletPassPhrase` → ['wallet', 'passphrase'])."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    words: list[str] = []
    for word in re.split(r"[^A-Za-z0-9]+", spaced.lower()):
        if words and words[-1] == "pass" and word in _PASS_COMPOUNDS:
            words[-1] += word
        elif word:
            words.append(word)
    return words


def own_name_words(name: str) -> list[str]:
    """The words of a name's own part (after its last `.`), digits cut from their ends:
    `self.v3_UUID_TOKEN` → ['v', 'uuid', 'token'], `API_KEY2` → ['api', 'key']."""
    return [word.rstrip("0123456789") for word in name_words(name.rsplit(".", 1)[-1])]


# Words by which a name says its value does not work: `FAKE_SECRET`, `dummy_password`, `bogusToken`.
_STAND_IN_WORDS = frozenset({"fake", "dummy", "bogus"})


def names_a_stand_in(words_in_name: list[str]) -> bool:
    """The name says its value is a stand-in made for a test or a sample (`FAKE_SECRET = "…"`,
    `dummy_password`): the author tells the reader it opens nothing, as a comment calling it a
    sample does. Not `test` or `example`: a service's test-mode key and an example app's own key
    are working credentials; nor `mock`: a mock's login is judged by its value (`MOCK_PWD`)."""
    return any(word in _STAND_IN_WORDS for word in words_in_name)


def names_value(assignment: Assignment, words: frozenset[str]) -> bool:
    """Whether the name's last word is one of `words` and, for calls, the call is a setter.

    The last word decides what a name holds: `db_password` and `setApiKey` hold a secret,
    `password_field`, `token_type` and `password.encode` do not. A call passes its argument into
    the secret only for setters and builders (`sets_the_secret`), not for `tokenize("…")`,
    `clone_key("…")` or `checkpasswd("host", …)`.
    """
    words_in_name = own_name_words(assignment.name)
    if not words_in_name or not _is_secret_word(words_in_name[-1], words):
        return False
    return not assignment.call or sets_the_secret(words_in_name, words)


def sets_the_secret(words_in_name: list[str], words: frozenset[str]) -> bool:
    """Whether a call named `words_in_name` passes its argument into the secret: a setter (`set…`,
    `with…`, `put…`), or a builder named by the bare word (`.password("…")`) or by a secret's compound
    name (`.signingKey("…")`, `.apiKey("…")`). A glued verb (`checkpasswd("host", …)`, `askpass(…)`,
    `cloneKey(…)`) checks, prompts for or copies a secret, so the words must match exactly."""
    return words_in_name[0] in ("set", "with", "put") or all(word in words for word in words_in_name) \
        or "".join(words_in_name) in words


def _is_secret_word(word: str, words: frozenset[str]) -> bool:
    return word in words or any(word.endswith(w) for w in words if len(w) >= 5)
