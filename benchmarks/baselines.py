"""The raw libraries the pipeline wraps, called in plain loops over the corpus's bytes.

These set the bar each stage is compared with (benchmarks/README.md): whatever the pipeline spends beyond
them is plumbing.  Every loop runs in this one process (so MB/s here is MB/s per core) and stops
after `seconds` so that slow libraries (Presidio) are timed on a prefix of the same files.
"""

from __future__ import annotations

import io
import os
import re
import tarfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

MAX_FILE_BYTES = 1_000_000
_LICENCE = re.compile(r"^(licen[cs]e|copying|notice)", re.IGNORECASE)
_WORDS = re.compile(r"\w+")


def corpus_files(corpus: Path) -> Iterator[tuple[str, bytes]]:
    """(path, bytes) of every file of every dump (tar.gz and directories), as ingest reads them."""
    for dump in sorted(corpus.iterdir()):
        if dump.is_dir():
            for folder, dirs, files in os.walk(dump):
                dirs.sort()
                for name in sorted(files):
                    path = Path(folder, name)
                    if path.stat().st_size <= MAX_FILE_BYTES:
                        yield path.relative_to(dump).as_posix(), path.read_bytes()
        elif dump.name.endswith(".tar.gz"):
            with tarfile.open(dump, "r:gz") as archive:
                for member in archive:
                    if member.isfile() and member.size <= MAX_FILE_BYTES:
                        handle = archive.extractfile(member)
                        yield member.name.split("/", 1)[-1], handle.read() if handle else b""


def _timed(files: list[tuple[str, bytes]], work: Callable[[str, bytes], object], seconds: float) -> dict:
    started = time.perf_counter()
    done = size = 0
    for path, data in files:
        work(path, data)
        done += 1
        size += len(data)
        if time.perf_counter() - started > seconds:
            break
    elapsed = time.perf_counter() - started
    return {"files": done, "mb": size / 1e6, "seconds": elapsed, "mb_per_s": size / 1e6 / max(elapsed, 1e-9),
            "files_per_s": done / max(elapsed, 1e-9)}


def decode_and_enry(files, seconds: float) -> dict:
    import enry
    from charset_normalizer import from_bytes

    def work(path: str, data: bytes) -> None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            best = from_bytes(data).best()
            text = str(best) if best else ""
        enry.get_language(path.rsplit("/", 1)[-1], text[:4096].encode("utf-8", "surrogateescape"))

    return _timed(files, work, seconds)


def licence_classification(files, seconds: float) -> dict:
    from licenseclassifier import identify_license

    licences = [(p, d) for p, d in files if _LICENCE.match(p.rsplit("/", 1)[-1])]
    return _timed(licences, lambda _, data: identify_license(data.decode("utf-8", "replace")), seconds)


def shingle_minhash(files, seconds: float, num_perm: int = 256, ngram: int = 5) -> dict:
    from rensa import RMinHash

    def work(_: str, data: bytes) -> None:
        words = _WORDS.findall(data.decode("utf-8", "replace"))
        shingles = [" ".join(words[i:i + ngram]) for i in range(max(1, len(words) - ngram + 1))]
        sketch = RMinHash(num_perm=num_perm, seed=42)
        sketch.update(shingles)
        sketch.digest()

    return _timed(files, work, seconds)


def presidio(files, seconds: float) -> dict:
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NoOpNlpEngine
    from presidio_analyzer.predefined_recognizers import EmailRecognizer, IpRecognizer

    registry = RecognizerRegistry(recognizers=[EmailRecognizer(), IpRecognizer()])
    engine = AnalyzerEngine(registry=registry, supported_languages=["en"],
                            nlp_engine=NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "none"}]))
    return _timed(files, lambda _, data: engine.analyze(data.decode("utf-8", "replace"), language="en"), seconds)


def parquet_write(files, seconds: float, rows_per_table: int = 2000) -> dict:
    """zstd Parquet of (path, content) rows, in tables of `rows_per_table` rows like shards."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    started = time.perf_counter()
    size = done = 0
    for start in range(0, len(files), rows_per_table):
        chunk = files[start:start + rows_per_table]
        table = pa.table({"path": [p for p, _ in chunk], "content": [d.decode("utf-8", "replace") for _, d in chunk]})
        pq.write_table(table, io.BytesIO(), compression="zstd")
        size += sum(len(d) for _, d in chunk)
        done += len(chunk)
        if time.perf_counter() - started > seconds:
            break
    elapsed = time.perf_counter() - started
    return {"files": done, "mb": size / 1e6, "seconds": elapsed, "mb_per_s": size / 1e6 / elapsed,
            "files_per_s": done / elapsed}


BASELINES: dict[str, Callable] = {
    "decode+enry": decode_and_enry,
    "licence classification": licence_classification,
    "shingling+MinHash": shingle_minhash,
    "Presidio (email+IPv4)": presidio,
    "Parquet write (zstd)": parquet_write,
}


def run_baselines(corpus: Path, seconds: float) -> dict[str, dict]:
    files = list(corpus_files(corpus))
    return {name: loop(files, seconds) for name, loop in BASELINES.items()}
