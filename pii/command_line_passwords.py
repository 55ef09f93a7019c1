"""Passwords written where a command or a netrc file takes them, not after a name and `=`.

- `curl -u user:pass URL`, `curl --user 'user:pass'`: curl joins the user and the password with the
  first `:` (`-u user` alone makes it prompt).  Only on a line that runs curl: `-u` and `--user`
  mean other things to other tools (`docker run --user 1000:1000`).
- `mysql -u root -pS3cret db`, `mysqldump -pS3cret`: the MySQL and MariaDB clients take the password
  glued to `-p` (a space after `-p` makes them prompt, and the next word is the database; `-P` is
  the port).
- `machine HOST login USER password PASS`: a netrc entry (curl, ftp, git and Python's `netrc` read
  it), in a `.netrc` file or written by a script's here-document.

A password equal to the user beside it (`-u root:root`, `-umysql -pmysql`) is a stock default, as
in a URL's `user:user@`.  Whether the value is a password (not `$PASS`, `%PASSWORD%` or `{{ pw }}`, which the shell or a
template fills in) the caller decides, with `is_password_value`.
"""

import re
from collections.abc import Iterator

_CURL = re.compile(r"\bcurl\b")
_CURL_USER = re.compile(r"(?<![\w-])(?:-u|--user)(?:[ \t]+|=)(['\"]?)([^\s:'\"\\]{1,64}):([^\s'\"\\]{1,128})\1(?=\s|$)")
_MYSQL = re.compile(r"\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlshow|mariadb|mariadb-dump)\b")
_GLUED_P = re.compile(r"(?<=[ \t])-p(['\"]?)([^\s'\";|&<>\\]{1,128})\1(?=\s|$)")
_MYSQL_USER = re.compile(r"(?<=[ \t])(?:-u[ \t]*|--user=)(['\"]?)([^\s'\";|&<>\\]{1,64})\1(?=\s|$)")
_NETRC_ENTRY = re.compile(r"machine[ \t]+\S{1,253}\s+login[ \t]+\S{1,256}\s+password[ \t]+([^\s'\"\\]{1,128})")


def _lines_with(text: str, word: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line that holds `word`, found by substring search (regexes scanning whole
    files for these words cost 8 % of the PII stage's time)."""
    at = text.find(word)
    while at != -1:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end == -1 else end
        yield start, end
        at = text.find(word, end)


def command_line_passwords(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each password a curl, MySQL client or netrc line holds (module docstring)."""
    for start, end in _lines_with(text, "curl"):
        if _CURL.search(text, start, end):
            for match in _CURL_USER.finditer(text, start, end):
                if match.group(3) != match.group(2):  # `-u root:root`: a stock default, as in URLs
                    yield match.start(3), match.end(3)
    for word in ("mysql", "mariadb"):
        for start, end in _lines_with(text, word):
            if "-p" not in text[start:end] or not _MYSQL.search(text, start, end):
                continue
            user = _MYSQL_USER.search(text, start, end)
            for match in _GLUED_P.finditer(text, start, end):
                if user is None or match.group(2) != user.group(2):  # `-umysql -pmysql`: a container's default
                    yield match.start(2), match.end(2)
    at = text.find("machine")
    while at != -1:  # found by substring search, then matched: "machine" is a common word
        if at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_"):
            match = _NETRC_ENTRY.match(text, at)
            if match is not None:
                yield match.start(1), match.end(1)
        at = text.find("machine", at + 7)
