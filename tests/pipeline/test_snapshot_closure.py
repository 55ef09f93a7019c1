"""Which stored files an update's dedup sees again (`pipeline/snapshot/closure.py`): every stored
file of an unchanged repository that a new file's or a departed file's content hash or LSH band
key reaches, through chains of stored files sharing a hash or a key; nothing else (so a stored
file outside keeps the verdict it has, which is the one dedup over everything would give)."""

from __future__ import annotations

import hashlib

import numpy as np

from pipeline.snapshot.closure import band_pairs, reached, stored_closure
from pipeline.snapshot.state import state_table

EMPTY = hashlib.sha256(b"").hexdigest()


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _row(file_id: str, repo: str, key: str, path: str, sha: str, bands: list[int] | None) -> dict:
    return {"id": file_id, "repo_name": repo, "path": path, "commit": "c" * 40, "source_key": key,
            "content_sha256": sha, "flags": 1, "pre_reason": None, "license_type": "permissive", "stars": 3,
            "forks": 0, "timestamp": "2024-01-01T00:00:00Z", "signature": None if bands is None else bytes(256),
            "bands": None if bands is None else np.array(bands, dtype="<u8").tobytes()}


# Band keys: a vendored helper copied across projects (near copies share some bands), a chain of
# edits, an unrelated README, an empty `__init__.py`, and dump error rows (no content hash).
STORED = [
    _row("a" * 32, "acme/app", "k-acme", "vendor/debounce.js", _sha("debounce v1"), [11, 12, 13]),
    _row("b" * 32, "beta/lib", "k-beta", "src/debounce.js", _sha("debounce v1 edited"), [11, 14, 15]),
    _row("c" * 32, "gamma/ui", "k-gamma", "lib/debounce.js", _sha("debounce v1 edited twice"), [16, 17, 15]),
    _row("d" * 32, "delta/doc", "k-delta", "README.md", _sha("a readme"), [91, 92, 93]),
    _row("e" * 32, "delta/doc", "k-delta", "pkg/__init__.py", EMPTY, None),
    _row("f" * 32, "eps/tool", "k-eps", "", "", None),
    _row("g" * 32, "zeta/cli", "k-zeta", "cli/args.py", _sha("args parser"), [71, 72, 73]),
    # zeta/old left the snapshot: its file shared band 71 with zeta/cli's.
    _row("h" * 32, "zeta/old", "k-old", "cli/args.py", _sha("args parser, older"), [71, 74, 75]),
]
UNCHANGED = frozenset({("acme/app", "k-acme"), ("beta/lib", "k-beta"), ("gamma/ui", "k-gamma"),
                       ("delta/doc", "k-delta"), ("eps/tool", "k-eps"), ("zeta/cli", "k-zeta")})


def _closure(new_shas: list[str], new_keys: list[int]) -> list[str]:
    tables = [state_table(STORED[:4]), state_table(STORED[4:])]
    return stored_closure(tables, UNCHANGED, np.array(new_shas, dtype="S64"), np.array(new_keys, dtype=np.uint64))


def test_a_new_near_copy_reaches_its_cluster_through_chains_and_nothing_else() -> None:
    # A new repository vendors the helper (one band shared with acme's copy only) and has an empty
    # `__init__.py`: acme's copy, beta's (band 11 with acme) and gamma's (band 15 with beta) are
    # seen again, as are the empty file and zeta/cli's file (its band 71 met the departed one).
    found = _closure([EMPTY, _sha("brand new module")], [13, 500, 501])
    assert found == ["a" * 32, "b" * 32, "c" * 32, "e" * 32, "g" * 32]


def test_without_new_files_only_what_departed_files_touched() -> None:
    assert _closure([], []) == ["g" * 32]


def test_error_rows_without_a_hash_link_nothing() -> None:
    # A new dump error row has no content hash either: it must not pull in eps/tool's.
    assert _closure([""], []) == ["g" * 32]


def test_reached_walks_chains_of_shared_keys() -> None:
    shas = np.array([b"x", b"y", b"z", b"w"], dtype="S64")
    keys, rows = band_pairs([np.array([1, 2], dtype="<u8").tobytes(), np.array([2, 3], dtype="<u8").tobytes(),
                             np.array([3, 4], dtype="<u8").tobytes(), None])
    assert reached(shas, keys, rows, np.array([], dtype="S64"), np.array([1], dtype=np.uint64)).tolist() == \
        [True, True, True, False]
    assert reached(shas, keys, rows, np.array([b"w"], dtype="S64"), np.array([], dtype=np.uint64)).tolist() == \
        [False, False, False, True]


def _closure_by_hand(shas: list[bytes], bands: list[list[int]], seed_shas: set[bytes], seed_keys: set[int]) -> list[bool]:
    """The same closure, walked one row at a time (what `reached` computes in arrays)."""
    inside = [False] * len(shas)
    found_shas, found_keys = {sha for sha in seed_shas if sha}, set(seed_keys)
    grew = True
    while grew:
        grew = False
        for row, (sha, keys) in enumerate(zip(shas, bands)):
            if not inside[row] and ((sha and sha in found_shas) or found_keys & set(keys)):
                inside[row] = grew = True
                found_shas.add(sha) if sha else None
                found_keys |= set(keys)
    return inside


def test_reached_matches_a_row_by_row_walk_with_keys_sharing_their_top_bits() -> None:
    # Band keys are hashes; the lookup first narrows by the top 32 bits.  Keys here share their
    # top bits in small groups (one group's keys differ only in their low bits), so a lookup that
    # trusted the top bits alone would join rows that share no key.
    rng = np.random.default_rng(7)
    for _ in range(30):
        count = int(rng.integers(1, 60))
        tops = rng.integers(0, 4, size=(count, 3)).astype(np.uint64) << np.uint64(32)
        bands = [[int(key) for key in row] for row in tops | rng.integers(0, 40, size=(count, 3)).astype(np.uint64)]
        bands = [row if rng.random() > 0.1 else [] for row in bands]
        shas = [b"" if rng.random() < 0.1 else b"s%d" % rng.integers(0, count) for _ in range(count)]
        seed_keys = {int(key) for key in rng.choice(np.array([k for row in bands for k in row] + [3 << 32], dtype=np.uint64), 2)}
        seed_shas = {b"s%d" % rng.integers(0, count), b""}
        keys, rows = band_pairs([np.array(row, dtype="<u8").tobytes() if row else None for row in bands])
        found = reached(np.array(shas, dtype="S64"), keys, rows, np.array(sorted(seed_shas), dtype="S64"),
                        np.array(sorted(seed_keys), dtype=np.uint64))
        assert found.tolist() == _closure_by_hand(shas, bands, seed_shas, seed_keys)


def test_content_hashes_are_read_from_arrow_buffers_as_the_values() -> None:
    from pipeline.snapshot.closure import fixed_hashes
    import pyarrow as pa

    column = pa.chunked_array([pa.array([_sha("a"), None, ""]), pa.array([_sha("b")])])
    assert fixed_hashes(column).tolist() == [_sha("a").encode(), b"", b"", _sha("b").encode()]
    assert fixed_hashes(column.slice(3)).tolist() == [_sha("b").encode()]
    every = pa.chunked_array([pa.array([_sha("a"), _sha("b")]), pa.array([_sha("c")])])  # each a sha256: one view
    assert fixed_hashes(every).tolist() == [_sha(name).encode() for name in "abc"]
    assert fixed_hashes(every.slice(1)).tolist() == [_sha(name).encode() for name in "bc"]
    assert fixed_hashes(every.chunk(0).slice(1)).tolist() == [_sha("b").encode()]  # a slice's values start inside


def test_distinct_is_numpy_unique() -> None:
    from pipeline.snapshot.closure import distinct

    rng = np.random.default_rng(7)
    keys = rng.integers(0, 2**64 - 1, size=5000, dtype=np.uint64)
    keys = np.concatenate([keys, keys[:700], np.array([0, 2**64 - 1], dtype=np.uint64)])
    rng.shuffle(keys)
    for values in (keys, keys[:1], keys[:0], np.full(9, 5, dtype=np.uint64)):
        assert np.array_equal(distinct(values), np.unique(values))
