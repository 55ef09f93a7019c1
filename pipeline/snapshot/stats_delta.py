"""The next version's statistics as the parent's, minus the rows that leave or change, plus the
rows that join or changed: an update touches a tenth of the rows, so it counts a tenth.

The result equals `DatasetStats` over the new provenance (its sums are additive; the fingerprint
is a sum modulo 2^256), which the update test checks against a fresh run's counts.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.dataset.stats import _MOD, DatasetStats

_NUMBERS = ("files_in", "bytes_in", "kept", "kept_bytes", "dropped")
_TALLIES = ("reasons", "stages", "license_types", "licenses", "pii")


def parent_accumulator(manifest: dict) -> dict:
    """The `DatasetStats` accumulator behind a manifest's counts."""
    counts = manifest["counts"]
    acc = {key: counts[key] for key in _NUMBERS}
    acc.update({key: dict(counts[key]) for key in _TALLIES})
    acc["languages"] = {name: [value["files"], value["bytes"]] for name, value in counts["languages"].items()}
    acc["fingerprint"] = int(manifest["inputs"]["fingerprint"], 16)
    return acc


def of_rows(rows: Iterable[dict]) -> dict:
    stats = DatasetStats()
    acc = stats.create_accumulator()
    for row in rows:
        stats.add_input(acc, row)
    return acc


def subtract(acc: dict, other: dict) -> dict:
    """`acc` without the rows counted in `other` (keys whose count reaches zero go, as a fresh
    count never has them)."""
    result = {key: acc[key] - other[key] for key in _NUMBERS}
    for key in _TALLIES:
        table = dict(acc[key])
        for name, count in other[key].items():
            table[name] = table.get(name, 0) - count
        result[key] = {name: count for name, count in table.items() if count}
    languages = {name: list(value) for name, value in acc["languages"].items()}
    for name, (files, size) in other["languages"].items():
        entry = languages.setdefault(name, [0, 0])
        entry[0] -= files
        entry[1] -= size
    result["languages"] = {name: value for name, value in languages.items() if value != [0, 0]}
    result["fingerprint"] = (acc["fingerprint"] - other["fingerprint"]) % _MOD
    return result


def next_stats(parent: dict, leaving: Iterable[dict], joining: Iterable[dict]) -> dict:
    """The new version's counts (as `DatasetStats.extract_output`)."""
    stats = DatasetStats()
    acc = subtract(stats.merge_accumulators([parent_accumulator(parent), of_rows(joining)]), of_rows(leaving))
    return stats.extract_output(acc)
