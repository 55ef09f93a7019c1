"""A dump that breaks part-way is not decided on the part that was read (issue 24): the licence of
its files may sit in what was lost (a LICENSE late in the stream, a header a file points to)."""

import gzip
import io
import tarfile

from pipeline.config import parse_config
from pipeline.ingest.repository import read_repository
from pipeline.reasons import static_reasons
from pipeline.records import RepoSource


def _truncated_tar_gz(path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        # Code first, the licence last: the part that survives has no licence file at all.
        for index in range(30):
            data = "".join(f"value_{index}_{line} = {line} * {index}\n" for line in range(200)).encode()
            member = tarfile.TarInfo(f"proj-1.0/src/module_{index}.py")
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
        licence = b"Copyright 2020 Example\n\nThis code may be used for non-commercial purposes only.\n"
        member = tarfile.TarInfo("proj-1.0/LICENSE")
        member.size = len(licence)
        archive.addfile(member, io.BytesIO(licence))
    compressed = gzip.compress(buffer.getvalue(), mtime=0)
    path.write_bytes(compressed[: len(compressed) // 2])


def _records(tmp_path, keep: bool):
    dump = tmp_path / "octo__proj.tar.gz"
    _truncated_tar_gz(dump)
    config = parse_config({"ingest": {"keep_damaged_dumps": keep}})
    source = RepoSource(repo_name="octo/proj", location=str(dump), kind="tar", commit="abc")
    return list(read_repository(source, config))


def test_files_read_before_the_break_are_dropped_with_a_reason_that_says_so(tmp_path) -> None:
    records = _records(tmp_path, keep=False)
    files = [record for record in records if record.path]
    assert files, "the readable part holds files"
    assert {record.reason for record in files} <= {"ingest:truncated_dump", "ingest:corrupt_archive"}
    assert any(record.reason == "ingest:truncated_dump" for record in files)
    assert [record.reason for record in records if not record.path] == ["ingest:corrupt_archive"]
    assert "ingest:truncated_dump" in static_reasons()


def test_the_user_may_opt_in_to_the_readable_part(tmp_path) -> None:
    files = [record for record in _records(tmp_path, keep=True) if record.path]
    alive = [record for record in files if record.reason is None]
    assert alive and all(record.license_type for record in alive)
