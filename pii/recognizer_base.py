"""Presidio glue shared by the code-aware recognizers.

Presidio hands every recognizer the same per-text `NlpArtifacts`; with `NoOpNlpEngine` those are
empty, so `CodeArtifacts` uses that slot to carry what a code recognizer does need: the file's
programming language (go-enry's name). Each recognizer implements `find` (plain Python, testable
without Presidio) and starts with a cheap trigger test so that files without an `@`, a `PRIVATE KEY`
marker or a provider prefix cost one substring search instead of a regex pass.
"""

import re
from abc import abstractmethod
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

# Presidio needs one natural language for its registry; code is analysed under this tag.
ANALYZER_LANGUAGE = "en"

# go-enry language names of formats where an unquoted value after `NAME=` / `NAME:` is a literal
# (in programming languages it is an expression, e.g. `password = get_password()`).
CONFIG_LANGUAGES = frozenset(
    {
        "Dotenv",
        "INI",
        "YAML",
        "TOML",
        "Java Properties",
        "Shell",
        "Dockerfile",
        "Git Config",
        "SSH Config",
        "Nginx",
        "ApacheConf",
        "EditorConfig",
        "Makefile",
        "NPM Config",
        "desktop",
        "HCL",
    }
)

# go-enry names of programming languages: a file in one of them under a test folder is test code
# (a program), not a data fixture.
CODE_LANGUAGES = frozenset(
    {
        "Python", "JavaScript", "TypeScript", "TSX", "JSX", "C", "C++", "C#", "Go", "Rust", "Java", "Kotlin", "Scala",
        "Ruby", "Perl", "PHP", "Shell", "PowerShell", "Swift", "Objective-C", "Lua", "R", "Julia", "Elixir",
        "Erlang", "Haskell", "OCaml", "Dart", "Groovy", "Clojure", "F#", "Visual Basic .NET", "Zig", "Nim",
    }
)

# go-enry names of documentation formats, and the folders that hold documentation and examples: where
# authors write made-up personas and toy passwords for the reader's own setup.
DOC_LANGUAGES = frozenset({"Markdown", "reStructuredText", "AsciiDoc", "Text", "RDoc", "Org", "TeX", "Roff"})
_DOC_PATH = re.compile(r"(?:^|/)(?:docs?|documentation|examples?)/")


def is_documentation(language: str | None, path: str | None) -> bool:
    """A documentation file (by format) or any file under `docs/`, `documentation/`, `examples/`."""
    return language in DOC_LANGUAGES or (path is not None and _DOC_PATH.search(path) is not None)


class Finding(NamedTuple):
    entity: str
    start: int
    end: int


class CodeArtifacts(NlpArtifacts):
    """Empty NLP artifacts plus the file's programming language (None when unknown)."""

    def __init__(self, code_language: str | None, path: str | None = None) -> None:
        super().__init__(
            entities=[], tokens=None, tokens_indices=[], lemmas=[], nlp_engine=None, language=ANALYZER_LANGUAGE
        )
        self.code_language = code_language or None  # go-enry answers "" when it does not know
        self.path = path or None  # the file's path in its repository, for recognizers that use it


class CodeRecognizer(LocalRecognizer):
    """A Presidio recognizer whose logic lives in `find`; results carry a fixed score."""

    SCORE = 0.9
    USES_PATH = False  # recognizers that also look at the file's path are `PathRecognizer`s

    def __init__(self, entities: Iterable[str]) -> None:
        super().__init__(supported_entities=list(entities), supported_language=ANALYZER_LANGUAGE)

    def load(self) -> None:
        """Nothing to load: patterns are compiled at import time."""

    @abstractmethod
    def find(self, text: str, language: str | None = None) -> Iterator[Finding]:
        """Yield the spans of `text` to redact."""

    def find_at(self, text: str, language: str | None, path: str | None) -> Iterator[Finding]:
        """Like `find`, knowing where the file lives (tests, fixtures)."""
        return self.find(text, language)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        language = nlp_artifacts.code_language if isinstance(nlp_artifacts, CodeArtifacts) else None
        path = nlp_artifacts.path if isinstance(nlp_artifacts, CodeArtifacts) else None
        wanted = set(entities) if entities else None
        found_spans = self.find_at(text, language, path) if self.USES_PATH else self.find(text, language)
        return [
            RecognizerResult(found.entity, found.start, found.end, self.SCORE)
            for found in found_spans
            if wanted is None or found.entity in wanted
        ]


class PathRecognizer(CodeRecognizer):
    """A recognizer that also looks at where the file lives (tests, fixtures, documentation): its
    logic lives in `find_at`; `find` is `find_at` without a path."""

    USES_PATH = True

    def find(self, text: str, language: str | None = None) -> Iterator[Finding]:
        return self.find_at(text, language, None)

    @abstractmethod
    def find_at(self, text: str, language: str | None, path: str | None) -> Iterator[Finding]:
        """Yield the spans of `text` to redact, knowing the file's path (None when unknown)."""
