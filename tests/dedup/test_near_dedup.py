"""End to end: planted near-copies found, distinct files left alone, hot buckets, determinism."""

import random

import apache_beam as beam
from apache_beam.runners.portability.fn_api_runner import FnApiRunner
from apache_beam.testing.util import assert_that, equal_to

from dedup.config import NearDedupConfig
from dedup.near_dedup import NearDuplicateComponents, band_keys, optimal_bands_rows

CONFIG = NearDedupConfig(max_rounds=8)


def file_id(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def mutate(rng: random.Random, lines: list[str], edits: int) -> list[str]:
    out = list(lines)
    for _ in range(edits):
        i = rng.randrange(len(out))
        if rng.random() < 0.5:
            del out[i]
        else:
            out.insert(i, f"value_{rng.randrange(10**6)} = compute(value_{rng.randrange(10**6)})")
    return out


def corpus(seed: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """40 distinct code-like files; 8 of them get 1-3 light copies (<= 3 edited lines of 120)."""
    rng = random.Random(seed)
    vocab = [f"name{i}" for i in range(2000)]
    files, expected = [], []
    for base in range(40):
        lines = [f"{rng.choice(vocab)} = {rng.choice(vocab)}({rng.choice(vocab)}, {rng.choice(vocab)})" for _ in range(120)]
        group = [(file_id(rng), "\n".join(lines))]
        if base < 8:
            group += [(file_id(rng), "\n".join(mutate(rng, lines, rng.randint(1, 3)))) for _ in range(rng.randint(1, 3))]
        files += group
        if len(group) > 1:
            root = min(i for i, _ in group)
            expected += [(i, root) for i, _ in group]
    files.append((file_id(rng), "too short"))
    return files, expected


def run_components(files: list[tuple[str, str]], expected: list[tuple[str, str]], config: NearDedupConfig) -> None:
    with beam.Pipeline(runner=FnApiRunner()) as pipeline:
        out = pipeline | beam.Create(files) | NearDuplicateComponents(config)
        assert_that(out, equal_to(expected))


def test_planted_near_copies_form_components_and_nothing_else_does() -> None:
    files, expected = corpus(seed=1)
    run_components(files, expected, CONFIG)


def test_exact_jaccard_verification_keeps_true_near_copies() -> None:
    files, expected = corpus(seed=2)
    run_components(files, expected, CONFIG.model_copy(update={"verify_jaccard": True}))


def test_component_ids_do_not_depend_on_input_order() -> None:
    files, expected = corpus(seed=3)
    random.Random(0).shuffle(files)
    run_components(files, expected, CONFIG)


def test_thousands_of_identical_files_form_one_component() -> None:
    rng = random.Random(4)
    text = " ".join(f"token{rng.randrange(500)}" for _ in range(300))
    ids = [file_id(rng) for _ in range(2000)]
    root = min(ids)
    run_components([(i, text) for i in ids], [(i, root) for i in ids], CONFIG)


def test_band_keys_for_audit() -> None:
    files, _ = corpus(seed=5)
    keys = band_keys(files[0][1], NearDedupConfig())
    assert len(keys) == optimal_bands_rows(0.7, 256)[0] == 25
    assert keys == band_keys(files[0][1], NearDedupConfig())
    assert band_keys("too short", NearDedupConfig()) == []
