"""Property fuzzing of every parser that reads stranger-controlled bytes (issue 8 §2): archive
readers, file names, the opt-out list, the config loader, the licence text paths and PII redaction.

Each property is "only the documented failure, never a crash": a reader turns damage into
`ingest:` reasons, a parser raises its own error type, the licence and PII paths always answer.
Short runs here (each test a few seconds); the long run raises the example count:

    CODECURATE_FUZZ_EXAMPLES=5000 .venv/bin/python benchmarks/fuzz_long.py
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import re
import tarfile
import tempfile
import zipfile
from pathlib import Path

import pytest
import yaml
import zstandard
from support.dumps import FILES, write_zip
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from licenses.config import LicensesConfig
from licenses.repo_licenses import RepoLicenseScanner, decide_without_tree
from licenses.template_texts import template_text
from pii.config import PiiConfig
from pii.entities import ALL_ENTITIES
from pii.redact import Redactor
from pipeline.config import ConfigError, load_config, parse_config
from pipeline.ingest.repository import read_repository
from pipeline.optout.entries import OptoutListError, parse_optout
from pipeline.records import LICENSE_TYPES, RepoSource

EXAMPLES = int(os.environ.get("CODECURATE_FUZZ_EXAMPLES", "200"))
# No example database: a short run must not write `.hypothesis/` into the working tree.
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SUFFIXES = (".tar", ".tar.gz", ".tar.zst", ".tar.bz2", ".tar.xz", ".zip")


# ----------------------------------------------------------------------------- archives

def _tar(files: dict[str, str | bytes]) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as archive:
        for name, content in files.items():
            data = content.encode() if isinstance(content, str) else content
            info = tarfile.TarInfo(f"repo-main/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return raw.getvalue()


def _compressed(suffix: str, data: bytes) -> bytes:
    if suffix == ".tar.gz":
        return gzip.compress(data, mtime=0)
    if suffix == ".tar.zst":
        return zstandard.ZstdCompressor().compress(data)
    if suffix == ".tar.bz2":
        return bz2.compress(data)
    if suffix == ".tar.xz":
        return lzma.compress(data)
    return data


def _valid_archive(suffix: str) -> bytes:
    files = {**FILES, "data/blob.bin": bytes(range(256)) * 4, "docs/readme.md": "# Title\n" * 40}
    if suffix == ".zip":
        with tempfile.TemporaryDirectory() as folder:
            return write_zip(Path(folder) / "a.zip", files).read_bytes()
    return _compressed(suffix, _tar(files))


VALID_ARCHIVES = {suffix: _valid_archive(suffix) for suffix in SUFFIXES}


@st.composite
def mutated_archives(draw: st.DrawFn) -> tuple[str, bytes]:
    """A valid archive with a few byte flips, a cut, or a spliced-in run: damage that gets past the
    magic-number checks and into the decompressor and the entry parser."""
    suffix = draw(st.sampled_from(SUFFIXES))
    data = bytearray(VALID_ARCHIVES[suffix])
    for _ in range(draw(st.integers(1, 4))):
        operation = draw(st.sampled_from(("flip", "truncate", "splice", "zero")))
        position = draw(st.integers(0, len(data) - 1))
        if operation == "flip":
            data[position] ^= draw(st.integers(1, 255))
        elif operation == "truncate":
            del data[max(position, 1):]
        elif operation == "splice":
            data[position:position] = draw(st.binary(min_size=1, max_size=64))
        else:
            data[position:position + draw(st.integers(1, 64))] = b""
        if not data:
            data = bytearray(b"\0")
    return suffix, bytes(data)


def read_archive_bytes(suffix: str, data: bytes, directory: Path) -> list:
    path = directory / f"fuzz__repo{suffix}"
    path.write_bytes(data)
    try:
        return list(read_repository(RepoSource("fuzz/repo", str(path), "zip" if suffix == ".zip" else "tar",
                                               commit="c0ffee"), _SMALL_LIMITS))
    finally:
        path.unlink()


_SMALL_LIMITS = parse_config({"ingest": {"max_file_bytes": 200_000, "max_dump_bytes": 5_000_000}})


def assert_well_formed(records: list) -> None:
    """What ingest promises downstream for any input: reasons are `ingest:` rules, at most one
    repository-level record, unique ids, content only on live records, paths storable as UTF-8."""
    assert all(record.reason is None or record.reason.startswith("ingest:") for record in records)
    assert sum(1 for record in records if record.path == "" and record.reason not in (None, "ingest:unsafe_path")) <= 1
    assert len({record.id for record in records}) == len(records)
    for record in records:
        record.path.encode("utf-8")
        assert record.license_type in LICENSE_TYPES
        if record.reason:
            assert record.content == ""


@pytest.fixture(scope="module")
def scratch() -> Path:
    with tempfile.TemporaryDirectory(prefix="codecurate-fuzz-") as folder:
        yield Path(folder)


@FUZZ
@given(suffix=st.sampled_from(SUFFIXES), data=st.binary(max_size=4096))
def test_random_bytes_never_crash_the_readers(scratch: Path, suffix: str, data: bytes) -> None:
    assert_well_formed(read_archive_bytes(suffix, data, scratch))


@FUZZ
@given(archive=mutated_archives())
def test_mutated_archives_never_crash_the_readers(scratch: Path, archive: tuple[str, bytes]) -> None:
    assert_well_formed(read_archive_bytes(*archive, scratch))


ENTRY_NAMES = st.one_of(
    st.binary(min_size=1, max_size=60).filter(lambda name: b"\0" not in name),
    st.lists(st.sampled_from(["..", ".", "", "a", "b.py", "C:", "\\", "..\\..", "é", "\udce9", "/"]),
             min_size=1, max_size=6).map(lambda parts: "/".join(parts).encode("utf-8", "surrogateescape")),
)


@pytest.mark.filterwarnings("ignore:Duplicate name")
@FUZZ
@given(names=st.lists(ENTRY_NAMES, min_size=1, max_size=8), as_zip=st.booleans())
def test_any_entry_name_becomes_a_safe_storable_path(scratch: Path, names: list[bytes], as_zip: bool) -> None:
    """Hostile names in tar (raw bytes) and zip (cp437 or UTF-8 flagged): every record's path is
    valid UTF-8, and a live record's path stays inside the repository."""
    if as_zip:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in names:
                archive.writestr(name.decode("utf-8", "replace") or "x", b"x = 1\n")
        suffix, data = ".zip", buffer.getvalue()
    else:
        blocks = []
        for name in names:
            info = tarfile.TarInfo(name.decode("utf-8", "surrogateescape"))
            info.size = 6
            blocks += [info.tobuf(tarfile.GNU_FORMAT, "utf-8", "surrogateescape"), b"x = 1\n".ljust(512, b"\0")]
        suffix, data = ".tar", b"".join(blocks) + b"\0" * 1024
    records = read_archive_bytes(suffix, data, scratch)
    assert_well_formed(records)
    for record in records:
        if record.reason is None:
            assert not record.path.startswith("/") and ".." not in record.path.split("/")
            assert ":" not in record.path[1:2] and "\\" not in record.path.replace("\\x", "")


# ----------------------------------------------------------------------------- opt-out list

OPTOUT_LINES = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["octo", "octo/repo", "octo/repo:src/**", "sha256:" + "a" * 64, "# comment", "", "  x  # y",
                     "a/b/c", "sha256:zz", "octo/repo:", ":glob", "owner name"]),
)


@FUZZ
@given(lines=st.lists(OPTOUT_LINES, max_size=12))
def test_optout_parser_raises_only_its_own_error(lines: list[str]) -> None:
    text = "\n".join(lines)
    try:
        optout = parse_optout(text, "fuzz.txt")
    except OptoutListError as error:
        assert "fuzz.txt, line " in str(error)
        return
    assert optout.entries <= len(text.splitlines())
    for repo in ("octo/repo", "x/y"):
        optout.reason_for(repo, "src/a.py", "a" * 64)


# ----------------------------------------------------------------------------- config

YAML_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2**40, 2**40), st.floats(allow_nan=True),
                         st.text(max_size=20))
YAML_VALUES = st.recursive(YAML_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)), max_leaves=12)
SECTION_KEYS = st.sampled_from(["dataset", "ingest", "licenses", "optout", "filters", "dedup", "policy", "pii",
                                "decontam", "write", "nope"])


@st.composite
def config_documents(draw: st.DrawFn) -> str:
    """Mostly near-valid configs (real sections, wrong values or keys), some raw text."""
    if draw(st.booleans()):
        return draw(st.text(max_size=200))
    document = draw(st.dictionaries(SECTION_KEYS, st.one_of(
        YAML_VALUES, st.dictionaries(st.sampled_from(["enabled", "max_file_bytes", "near", "threshold", "entities",
                                                      "replacements", "shard_bytes", "x"]), YAML_VALUES, max_size=3)),
        max_size=4))
    return yaml.safe_dump(document, allow_unicode=True)


@FUZZ
@given(document=config_documents())
def test_config_loader_raises_only_config_errors(scratch: Path, document: str) -> None:
    """Any YAML text → a Config or one ConfigError naming the file."""
    path = scratch / "fuzz-config.yaml"
    path.write_bytes(document.encode("utf-8", "replace"))
    try:
        config = load_config(path)
    except ConfigError as error:
        assert str(path) in str(error)
        return
    config.sha256()


def test_config_that_is_not_utf8_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("dataset: {name: caf\xe9}\n".encode("latin-1"))
    with pytest.raises(ConfigError, match="latin1.yaml"):
        load_config(path)


@FUZZ
@given(value=YAML_VALUES)
def test_parse_config_of_any_value_raises_only_config_errors(value: object) -> None:
    try:
        parse_config(value)
    except ConfigError:
        pass


# ----------------------------------------------------------------------------- licences

LICENSE_WORDS = st.sampled_from([
    "SPDX-License-Identifier: ", "MIT", "Apache-2.0", "GPL-3.0-or-later", " OR ", " AND ", " WITH ", "(", ")",
    "Classpath-exception-2.0", "LicenseRef-x", "Permission is hereby granted", "Copyright (c) 2024",
    "GNU General Public License", "\n", "# ", "/*", "*/", "license", "BSD", '"license": "ISC"', "[package]\n",
    'license = "MIT OR Apache-2.0"\n', "<license>", "</license>", "\x00", "\udce9",
])
LICENSE_TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(LICENSE_WORDS, st.text(max_size=12)), max_size=30).map("".join),
    st.sampled_from(["MIT", "Apache-2.0", "GPL-2.0"]).map(template_text).flatmap(
        lambda text: st.integers(0, len(text)).map(lambda cut: text[:cut])),
)
LICENSE_PATHS = st.one_of(
    st.sampled_from(["LICENSE", "COPYING", "LICENSE.md", "sub/LICENSE", "package.json", "Cargo.toml", "pyproject.toml",
                     "setup.cfg", "composer.json", "a.gemspec", "pom.xml", "README.md", "NOTICE", "src/a.py", "/", "",
                     "a//b/LICENSE", "UNLICENSE"]),
    st.text(max_size=30),
)


@FUZZ
@given(host=st.one_of(st.none(), LICENSE_TEXTS.map(lambda text: text[:60])),
       evidence=st.lists(st.tuples(LICENSE_PATHS, LICENSE_TEXTS), max_size=4),
       path=LICENSE_PATHS, text=LICENSE_TEXTS)
def test_licence_scanner_always_decides(host, evidence, path: str, text: str) -> None:
    scanner = RepoLicenseScanner(LicensesConfig(), host)
    for evidence_path, evidence_text in evidence:
        if scanner.wants(evidence_path):
            scanner.observe(evidence_path, evidence_text)
    decision = scanner.decide(path, text)
    assert decision.license_type in LICENSE_TYPES
    assert decision.license == sorted(set(decision.license))
    tree_free = decide_without_tree(LicensesConfig(), host, path, text)
    assert tree_free.license_type in LICENSE_TYPES


# ----------------------------------------------------------------------------- PII

PII_FRAGMENTS = st.sampled_from([
    "jane.roe@contoso-mail.org", "a@b", "@@", "x@y.z", "8.8.8.8", "10.0.0.1", "1.2.3.4.5", "::1", "2001:4860::8888",
    "AKIAIOSFODNN7EXAMPLE", "ghp_" + "a1B2" * 9, "xoxb-1234-5678-abcdef", "sk_live_" + "9" * 24,
    'password = "hunter2hunter2"', "postgres://user:s3cr3t@db.example.org:5432/x", "token: ",
    "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----", "-----BEGIN", "eyJhbGciOi.eyJzdWIi.sig",
    "<EMAIL>", "\n", " ", "=", "'", '"', "\udce9", "é", "\x00",
])
PII_TEXTS = st.one_of(st.text(max_size=300),
                      st.lists(st.one_of(PII_FRAGMENTS, st.text(max_size=8)), max_size=25).map("".join))


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    # Placeholder accounting needs a placeholder per type; the default same-length IP stand-in is
    # checked by test_private_ip_stand_ins_keep_length below, the default e-mail stand-in by
    # test_email_stand_ins_are_reserved_addresses.
    return Redactor(PiiConfig(ip_replacement="tag", email_replacement="tag"))


@FUZZ
@given(text=PII_TEXTS)
def test_redaction_never_raises_and_stays_consistent(redactor: Redactor, text: str) -> None:
    result = redactor.redact(text, "Python")
    assert set(result.counts) <= set(ALL_ENTITIES) and all(count > 0 for count in result.counts.values())
    assert 0.0 <= result.redacted_fraction <= 1.0
    if not result.counts:
        assert result.text == text and result.redacted_fraction == 0.0
        return
    replacements = PiiConfig().replacements
    longest = max(len(placeholder) for placeholder in replacements.values())
    # Each finding replaces at least one character with one placeholder, which the output then holds.
    assert len(result.text) <= len(text) + sum(result.counts.values()) * longest
    # Each finding leaves exactly one placeholder: the output holds as many of each as the text
    # between the findings already held, plus one per finding.
    spans = redactor.find(text, "Python")
    kept = [text[end:start] for end, start in zip([0] + [s.end for s in spans], [s.start for s in spans] + [len(text)])]
    for entity, placeholder in replacements.items():
        already = sum(piece.count(placeholder) for piece in kept)
        assert result.text.count(placeholder) == already + result.counts.get(entity, 0), entity


@FUZZ
@given(text=PII_TEXTS)
def test_private_ip_stand_ins_keep_length(text: str) -> None:
    result = Redactor(PiiConfig(entities={e: e == "IP_ADDRESS" for e in ALL_ENTITIES})).redact(text, "Python")
    assert len(result.text) == len(text)


EMAIL_ONLY = Redactor(PiiConfig(entities={e: e == "EMAIL" for e in ALL_ENTITIES}))


@FUZZ
@given(text=PII_TEXTS)
def test_email_stand_ins_are_reserved_addresses(text: str) -> None:
    """Every address found becomes a `redactedN@example.com` stand-in (one per distinct address), and
    redacting the output again finds nothing new: the stand-ins are no addresses to redact."""
    result = EMAIL_ONLY.redact(text, "Python")
    found = {text[span.start:span.end] for span in EMAIL_ONLY.find(text, "Python")}
    stand_ins = set(re.findall(r"redacted\d+@example\.com", result.text)) - set(re.findall(r"redacted\d+@example\.com", text))
    assert len(stand_ins) <= len(found) and (not found or stand_ins)
    assert EMAIL_ONLY.redact(result.text, "Python").text == result.text
