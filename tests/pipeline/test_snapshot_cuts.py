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


def _tarball(path, files: dict[str, bytes]) -> int:
    """A gzipped tar of `files`; returns the size of the tar it unpacks to."""
    import io
    import tarfile

    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(f"top/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    import gzip

    path.write_bytes(gzip.compress(raw.getvalue()))
    return len(raw.getvalue())


def test_a_dumps_work_is_what_it_unpacks_to(tmp_path) -> None:
    """Bytes on disk are not work: repetitive code compresses ×20, varied text ×2; the gzip trailer
    says what the tar unpacks to (headers included: many small files weigh more than a few big)."""
    import random
    import zipfile

    from pipeline.ingest.bundles import COMPRESSION, dump_size, work_size

    repetitive = tmp_path / "repetitive.tar.gz"
    unpacked = _tarball(repetitive, {f"src/f{n}.c": b"int x = 0;\n" * 2000 for n in range(20)})
    varied = tmp_path / "varied.tar.gz"
    rng = random.Random(7)
    _tarball(varied, {"notes.txt": bytes(rng.randrange(32, 127) for _ in range(60_000))})
    sources = {name: RepoSource(repo_name=f"acme/{name}", location=str(tmp_path / f"{name}.tar.gz"), kind="tar")
               for name in ("repetitive", "varied")}
    assert work_size(sources["repetitive"], dump_size(sources["repetitive"])) == unpacked
    assert dump_size(sources["repetitive"]) < dump_size(sources["varied"])  # on disk, the smaller …
    assert work_size(sources["repetitive"], dump_size(sources["repetitive"])) > \
        work_size(sources["varied"], dump_size(sources["varied"]))  # … is the bigger job
    packed = tmp_path / "lib.zip"
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("lib/a.py", "pass\n" * 1000)
        archive.writestr("lib/b.py", "x = 1\n" * 500)
    zipped = RepoSource(repo_name="acme/lib", location=str(packed), kind="zip")
    assert work_size(zipped, dump_size(zipped)) == 5000 + 3000
    damaged = tmp_path / "damaged.tar.xz"
    damaged.write_bytes(b"\0" * 1000)
    assert work_size(RepoSource(repo_name="acme/d", location=str(damaged), kind="tar"), 1000) == COMPRESSION * 1000
    not_gzip = tmp_path / "plain.tgz"
    not_gzip.write_bytes(b"\0" * 1000)
    assert work_size(RepoSource(repo_name="acme/p", location=str(not_gzip), kind="tar"), 1000) == COMPRESSION * 1000


def test_new_dumps_are_dealt_by_their_work_not_their_bytes_on_disk(tmp_path) -> None:
    from pipeline.ingest.bundles import SourceBundle, balanced_order
    from pipeline.snapshot.graph import bundle_work

    # Two dumps of the same size on disk, one unpacking to five times the other.
    dense = tmp_path / "dense.tar.gz"
    _tarball(dense, {f"f{n}.c": (b"static int v%d = %d;\n" % (n, n)) * 3000 for n in range(30)})
    sources = [RepoSource(repo_name=f"acme/{p.stem}", location=str(p), kind="tar") for p in [dense]]
    work = bundle_work(SourceBundle("000000:acme/dense", tuple(sources), 1))
    bundles = [SourceBundle("000000:big-on-disk", (), 10), SourceBundle("000001:dense", tuple(sources), 4),
               SourceBundle("000002:small", (), 3), SourceBundle("000003:small", (), 3)]
    weights = {"000000:big-on-disk": 40_000, "000001:dense": work, "000002:small": 30_000, "000003:small": 30_000}
    keyed = balanced_order(bundles, 2, lambda bundle: weights[bundle.key])
    assert work > 100_000
    assert {bundle.key for key, bundle in keyed if key == 0} == {"000001:dense"}
    by_disk = balanced_order(bundles, 2)
    assert {bundle.key for key, bundle in by_disk if key == 0} == {"000000:big-on-disk"}


def test_chunks_are_finished_by_the_least_loaded_worker_and_each_once() -> None:
    """Keyed by chunk handle, the local runner dealt chunks in turn in arrival order (at 1 GB one
    worker finished for 5.8 s, the other for 2.4 s); dealt by their alive bytes, one slot per
    worker, each slot gives back every chunk with its own decisions, as `CoGroupByKey` did."""
    from dedup.blobs import BlobRef
    from pipeline.snapshot.graph import _chunk_to_slot, _chunks_of_slot, _decision_to_slot, deal_chunks
    from pipeline.staging import ChunkRef

    refs = [ChunkRef(f"{n:06d}:r#00000", 100 + n, f"/staging/{n}", work)
            for n, work in enumerate([9_000_000, 1_000_000, 8_000_000, 2_000_000, 7_000_000, 500_000])]
    slots = deal_chunks(refs, 2)
    loads = [sum(ref.work for ref in refs if slots[ref.handle] == slot) for slot in (0, 1)]
    assert sorted(loads) == [12_500_000, 15_000_000]
    in_turn = [sum(ref.work for ref in refs[slot::2]) for slot in (0, 1)]  # arrival order, in turn
    assert in_turn == [24_000_000, 3_500_000]
    decisions = [(100, BlobRef("d", 0, 1)), (100, BlobRef("d", 1, 1)), (104, BlobRef("d", 2, 1)),
                 (7, BlobRef("state", 0, 1))]  # handle 7: a stored file's decisions, no chunk
    keyed = [_chunk_to_slot(ref, slots) for ref in refs]
    keyed += [item for decision in decisions for item in _decision_to_slot(decision, slots)]
    finished = {}
    for slot in (0, 1):
        for handle, parts in _chunks_of_slot(slot, [item for key, item in keyed if key == slot]):
            assert handle not in finished
            finished[handle] = parts
    assert sorted(finished) == [ref.handle for ref in refs]
    assert all(parts["chunk"] == [ref] for ref in refs for parts in [finished[ref.handle]])
    assert finished[100]["decision"] == [BlobRef("d", 0, 1), BlobRef("d", 1, 1)]
    assert finished[104]["decision"] == [BlobRef("d", 2, 1)]
    assert finished[101]["decision"] == []
    assert deal_chunks(refs, 1) == {ref.handle: 0 for ref in refs}


def test_a_chunks_work_counts_only_files_the_policy_keeps(tmp_path) -> None:
    """What finishing a chunk costs is its PII scan, which only files the policy keeps reach: at
    1 GB an update's chunk of 11 MB alive before dedup held 17 kB of such files, and dealt by the
    11 MB one worker finished for 1.1 s after the other was done."""
    from support.dumps import write_dir
    from support.hardening_support import MIT

    from pipeline.curate import CurateBundles
    from pipeline.ingest.bundles import SourceBundle
    from pipeline.ingest.sources import discover_all
    from pipeline.optout.entries import OptoutList
    from pipeline.stages import RunContext
    from pipeline.staging import ChunkRef

    body = "def handler(event):\n    return {'status': event.get('status', 200)}\n" * 20
    write_dir(tmp_path / "dumps" / "kept__repo", {"LICENSE": MIT, "app.py": body})
    write_dir(tmp_path / "dumps" / "copyleft__repo", {"COPYING": "GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007\n",
                                                      "main.py": "# SPDX-License-Identifier: GPL-3.0-only\n" + body})
    sources, _ = discover_all([str(tmp_path / "dumps")])
    curate = CurateBundles(RunContext(Config(), OptoutList()), str(tmp_path / "out"), progress=False)
    curate.setup()
    work = {}
    for source in sources:
        refs = [item for item in curate.process(SourceBundle(f"000000:{source.repo_name}", (source,)))
                if isinstance(item, ChunkRef)]
        work[source.repo_name] = sum(ref.work for ref in refs)
    assert work["copyleft/repo"] == 0
    assert work["kept/repo"] >= len(body)
