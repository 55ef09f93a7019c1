"""Shared fixtures: one Redactor for the session, and a helper showing what a recognizer matched."""

from collections.abc import Callable

import pytest

from pii.config import PiiConfig
from pii.recognizer_base import CodeRecognizer
from pii.redact import Redactor

Matched = Callable[[CodeRecognizer, str, str | None], list[str]]


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    return Redactor(PiiConfig())


@pytest.fixture(scope="session")
def matched() -> Matched:
    """Recognizers return spans; tests compare the substrings they cover."""

    def covered(recognizer: CodeRecognizer, text: str, language: str | None = None) -> list[str]:
        return [text[f.start : f.end] for f in recognizer.find(text, language)]

    return covered
