"""`update`'s cut of its new input: a run's bundles and chunks are sized for whole snapshots, so the
few dumps an update reads would all fall to one worker; the update cuts them finer (what is read or
staged together decides no output: `test_snapshot_update.py` runs its update with these cuts, one
or two files per chunk, and compares it with a fresh run)."""

from __future__ import annotations

from pipeline.config import Config
from pipeline.records import RepoSource
from pipeline.snapshot.graph import CHUNK_PARTS, SPREAD_PARTS, update_cuts


def _dump(tmp_path, name: str, size: int) -> RepoSource:
    path = tmp_path / f"{name}.tar.gz"
    path.write_bytes(b"\0" * size)
    return RepoSource(repo_name=f"acme/{name}", location=str(path), kind="tar", commit="c" * 40)


def test_a_small_new_input_is_cut_into_parts_for_the_workers(tmp_path) -> None:
    ingest = Config().ingest
    sources = [_dump(tmp_path, name, size) for name, size in (("a", 3_000_000), ("b", 1_000_000), ("c", 800_000))]
    bundle, chunk = update_cuts(sources, ingest)
    assert bundle == 4_800_000 // SPREAD_PARTS < ingest.bundle_bytes
    assert chunk == 4 * 4_800_000 // CHUNK_PARTS < ingest.chunk_bytes


def test_a_big_new_input_keeps_the_runs_cut(tmp_path) -> None:
    ingest = Config.model_validate({"ingest": {"bundle_bytes": 1_000_000, "chunk_bytes": 500_000}}).ingest
    sources = [_dump(tmp_path, str(n), 2_000_000) for n in range(10)]
    assert update_cuts(sources, ingest) == (1_000_000, 500_000)


def test_a_table_keeps_the_runs_cut(tmp_path) -> None:
    """A table's parts each read its prefix again: cut finer, a JSONL table would cost its square."""
    ingest = Config().ingest
    table = tmp_path / "export.jsonl"
    table.write_text("{}\n")
    sources = [_dump(tmp_path, "a", 100_000), RepoSource(repo_name="", location=str(table), kind="table")]
    assert update_cuts(sources, ingest) == (ingest.bundle_bytes, ingest.chunk_bytes)


def test_new_dumps_are_dealt_to_the_least_loaded_worker() -> None:
    """The local runner deals keys in arrival order (key k to worker k): one big dump and several
    small ones end balanced, where dealing largest first in turn gives one worker 16 and the other 9."""
    from pipeline.ingest.bundles import SourceBundle, balanced_order, spread_order

    bundles = [SourceBundle(f"{n:06d}:r{n}", (), size) for n, size in enumerate([10, 5, 4, 3, 2, 1])]
    keyed = balanced_order(bundles, 2)
    loads = [sum(bundle.size for key, bundle in keyed if key == worker) for worker in (0, 1)]
    assert loads == [13, 12]
    assert [key for key, _ in keyed] == sorted(key for key, _ in keyed)  # key 0 arrives first
    in_turn = [sum(bundle.size for key, bundle in spread_order(bundles) if key % 2 == worker) for worker in (0, 1)]
    assert in_turn == [16, 9]
    assert [key for key, _ in balanced_order(bundles, 1)] == [0] * 6
