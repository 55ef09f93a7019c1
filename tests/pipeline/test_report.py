"""report.html: every chart, the right numbers, escaped strangers' text, and it renders in Chromium."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.dataset.reader import DatasetReader
from pipeline.dataset.report import collect, write_report
from pipeline.config import Config
from pipeline.dataset.schema import PROVENANCE_SCHEMA
from pipeline.optout.entries import OptoutList
from pipeline.stages import RunContext, manifest_stages

CHROMIUM = "/usr/bin/chromium"
HOSTILE = "<script>alert('x')</script>/evil"
SECTIONS = ("languages", "funnel", "licenses", "clusters", "pii", "repositories")


def row(repo: str, n: int, status: str = "kept", reason: str | None = None, size: int = 100,
        language: str | None = "Python", license: tuple[str, ...] = ("MIT",), license_type: str = "permissive",
        cluster_id: str | None = None, pii: dict[str, int] | None = None) -> dict:
    return {
        "id": f"{repo}-{n}", "repo_name": repo, "path": f"src/f{n}.py", "commit": "c0ffee",
        "content_sha256": f"{n:064x}", "size": size, "language": language, "license": list(license),
        "license_type": license_type, "license_evidence": "LICENSE", "status": status, "reason": reason,
        "duplicate_of": None, "cluster_id": cluster_id, "pii": sorted((pii or {}).items()),
        "shard": f"data/{(language or 'x').lower()}/part-00000.parquet" if status == "kept" else None,
        "stars": 1, "forks": 0,
    }


def dropped(repo: str, n: int, reason: str, **kwargs: object) -> dict:
    return row(repo, n, status="dropped", reason=reason, **kwargs)


PART_0 = [
    row("alice/tools", 1, size=1000, cluster_id="c1", pii={"EMAIL": 2, "KEY": 1}),
    row("alice/tools", 2, size=2000, pii={"EMAIL": 1, "IP_ADDRESS": 0}),
    row("alice/tools", 3, size=3000),
    dropped("alice/tools", 4, "ingest:binary", language=None, license=(), license_type="no_license"),
    dropped("alice/tools", 5, "filters:max_line_length"),
    dropped("alice/tools", 6, "dedup:near", cluster_id="c1"),
    dropped("carol/copy", 7, "dedup:near", cluster_id="c1"),
]
PART_1 = [
    row("bob/server", 8, size=500, language="Go", license=("Apache-2.0",), cluster_id="c2"),
    row("bob/server", 9, size=500, language="Go", license=("Apache-2.0",)),
    dropped("bob/server", 10, "license:non_permissive", license=("GPL-3.0-only",), license_type="non_permissive"),
    dropped("bob/server", 11, "filters:max_line_length"),
    dropped("carol/copy", 12, "dedup:exact", language="Go", cluster_id="c2"),
    dropped("carol/copy", 13, "decontam:humaneval"),
    row(HOSTILE, 14, size=50, language="JavaScript", license=(), license_type="no_license"),
]


def make_dataset(root: Path, manifest_extra: dict | None = None) -> Path:
    (root / "provenance").mkdir(parents=True)
    for index, rows in enumerate((PART_0, PART_1)):
        table = pa.Table.from_pylist(rows, schema=PROVENANCE_SCHEMA)
        pq.write_table(table, root / "provenance" / f"part-{index:05d}.parquet", compression="zstd")
    shards = [{"path": f"provenance/part-{index:05d}.parquet"} for index in range(2)]
    stages = manifest_stages(RunContext(Config(), OptoutList()))
    manifest = {"dataset": {"name": "tiny-code", "version": "1.2.0"}, "stages": stages,
                "shards": {"data": [], "provenance": shards}, **(manifest_extra or {})}
    (root / "manifest.json").write_text(json.dumps(manifest))
    return root


@pytest.fixture()
def dataset(tmp_path: Path) -> Path:
    return make_dataset(tmp_path / "ds")


def bars(html: str) -> list[tuple[str, str]]:
    """(label, value text) of every bar of every chart, in page order."""
    pattern = r'class="label">([^<]*)</text><rect[^>]*><title>[^<]*</title></rect><text[^>]*>([^<]*)</text>'
    return re.findall(pattern, html)


def text_of(html: str) -> str:
    """Visible text with tags dropped and entities left as they are."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_stats_are_computed_from_every_provenance_part(dataset: Path) -> None:
    stats = collect(DatasetReader(str(dataset)))
    assert (stats.input_files, stats.kept_files, stats.kept_bytes) == (14, 6, 7050)
    assert stats.by_language.total == {"Python": 6000, "Go": 1000, "JavaScript": 50}
    assert stats.by_language.files == {"Python": 3, "Go": 2, "JavaScript": 1}
    assert stats.drops == {"ingest:binary": 1, "filters:max_line_length": 2, "dedup:near": 2, "dedup:exact": 1,
                           "license:non_permissive": 1, "decontam:humaneval": 1}
    assert stats.license_input == {"permissive": 11, "no_license": 2, "non_permissive": 1}
    assert stats.license_kept == {"permissive": 5, "no_license": 1}
    assert stats.spdx_kept == {"MIT": 3, "Apache-2.0": 2, "(none)": 1}
    assert stats.cluster_members == {"c1": 3, "c2": 2}
    assert stats.pii_by_type.total == {"EMAIL": 3, "KEY": 1}
    assert stats.pii_by_type.files == {"EMAIL": 2, "KEY": 1}
    assert stats.by_repository.total == {"alice/tools": 6000, "bob/server": 1000, HOSTILE: 50}
    # carol/copy had every file dropped: still a repository of the dataset, as the manifest counts it.
    assert stats.repositories == {"alice/tools", "bob/server", "carol/copy", HOSTILE}


def test_report_has_every_section_and_the_numbers(dataset: Path) -> None:
    path = write_report(str(dataset))
    assert path == str(dataset / "report.html")
    html = Path(path).read_text()
    for section in SECTIONS:
        assert f'<section id="{section}">' in html
    assert 'id="change"' not in html
    assert html.count("<svg") >= 7
    assert "tiny-code 1.2.0" in text_of(html)
    assert '<div class="card"><b>4</b><span>repositories</span></div>' in html
    found = bars(html)
    # The registry's order: licence drops happen at `policy`, after dedup, as on the card.
    funnel = [("input", "14"), ("after ingest", "13  (−1)"), ("after filters", "11  (−2)"),
              ("after dedup", "8  (−3)"), ("after policy", "7  (−1)"), ("after decontam", "6  (−1)"),
              ("kept", "6")]
    expected = [
        ("Python", "6.0 kB · 3 files"), ("Go", "1.0 kB · 2 files"), ("JavaScript", "50 B · 1 file"), *funnel,
        ("ingest:binary", "1"), ("filters:max_line_length", "2"), ("dedup:near", "2"), ("dedup:exact", "1"),
        ("license:non_permissive", "1"), ("decontam:humaneval", "1"),
        ("MIT", "3"), ("Apache-2.0", "2"), ("(none)", "1"),
        ("2 files", "1 cluster · 2 files"), ("3–4 files", "1 cluster · 3 files"),
        ("EMAIL", "3 in 2 files"), ("KEY", "1 in 1 file"),
        ("alice/tools", "6.0 kB · 3 files"), ("bob/server", "1.0 kB · 2 files"),
        ("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;/evil", "50 B · 1 file"),
    ]
    assert found == expected
    text = text_of(html)
    for legend in ("permissive: 5 kept files (83.3%)", "no_license: 1 kept file (16.7%)"):
        assert legend in text, legend
    assert "IP_ADDRESS" not in text  # a zero count is not a redaction


def test_strangers_text_is_escaped(dataset: Path) -> None:
    html = Path(write_report(str(dataset))).read_text()
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;/evil" in html
    assert "default-src 'none'" in html


def test_change_against_parent_is_shown_for_an_optout_version(tmp_path: Path) -> None:
    parent = "ab" * 32
    change = {"removed_files": -12, "promoted_files": 3, "shards": {"rewritten": 2, "unchanged": 9}, "note": "<b>"}
    root = make_dataset(tmp_path / "v2", {"parent": parent, "change": change})
    html = Path(write_report(str(root))).read_text()
    assert '<section id="change">' in html
    text = text_of(html)
    for expected in (parent, "removed_files", "-12", "+3", "shards.rewritten", "+9", "&quot;&lt;b&gt;&quot;"):
        assert expected in text, expected


def test_a_directory_without_manifest_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a complete dataset"):
        write_report(str(tmp_path))


def test_a_dataset_with_no_provenance_rows_still_renders(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text(json.dumps({"dataset": {"name": "empty", "version": "0"},
                                                        "shards": {"data": [], "provenance": []}}))
    html = Path(write_report(str(tmp_path))).read_text()
    assert all(f'<section id="{section}">' in html for section in SECTIONS)
    assert "nothing to show" in html


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is absent (Debian package `chromium`)")
def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    root = make_dataset(tmp_path / "ds", {"parent": "cd" * 32, "change": {"removed_files": -4}})
    url = Path(write_report(str(root))).resolve().as_uri()
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,3000"]
    screenshot = tmp_path / "report.png"
    subprocess.run([*flags, f"--screenshot={screenshot}", url], check=True, capture_output=True, timeout=180)
    assert screenshot.exists() and screenshot.stat().st_size > 30_000
    dom = subprocess.run([*flags, "--dump-dom", url], check=True, capture_output=True, text=True, timeout=180).stdout
    text = text_of(dom)
    for expected in ("Languages", "Drop funnel", "Licences", "Top SPDX ids", "Near-duplicate clusters",
                     "PII redactions", "Top repositories", "Change against the parent version", "alice/tools",
                     "&lt;script&gt;"):
        assert expected in text, expected
    assert ("after dedup", "8  (−3)") in bars(dom)
    assert "<script" not in dom.lower()
