"""Shared helpers: recognizers return spans; tests compare the matched substrings."""

import pytest

from pii.config import PiiConfig
from pii.recognizer_base import CodeRecognizer
from pii.redact import Redactor


def matched(recognizer: CodeRecognizer, text: str, language: str | None = None) -> list[str]:
    return [text[f.start : f.end] for f in recognizer.find(text, language)]


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    return Redactor(PiiConfig())
