"""`license_expression` end to end in the published tables, the report and audit (issue 12)."""

import pyarrow as pa

from pipeline.dataset.audit import table
from pipeline.dataset.report import COLUMNS, ReportFigures, _licenses
from pipeline.dataset.schema import DATA_SCHEMA, PROVENANCE_SCHEMA, data_row, provenance_row
from pipeline.records import FileRecord


def _record() -> FileRecord:
    record = FileRecord(id="x", repo_name="o/r", path="src/lib.rs", commit="c", content="fn main() {}\n", size=13,
                        content_sha256="0" * 64)
    record.license, record.license_expression, record.license_type = ["Apache-2.0", "MIT"], "MIT OR Apache-2.0", "permissive"
    return record


def test_the_column_follows_license_in_both_tables() -> None:
    for schema in (DATA_SCHEMA, PROVENANCE_SCHEMA):
        names = schema.names
        assert names[names.index("license") + 1] == "license_expression"
    assert data_row(_record())["license_expression"] == "MIT OR Apache-2.0"
    assert provenance_row(_record(), None)["license_expression"] == "MIT OR Apache-2.0"


def test_report_counts_expressions_of_kept_files() -> None:
    rows = [provenance_row(_record(), "data/a.parquet"), provenance_row(_record().drop("license:non_permissive"), None)]
    batch = pa.Table.from_pylist([{name: row[name] for name in COLUMNS} for row in rows],
                                 schema=pa.schema([PROVENANCE_SCHEMA.field(name) for name in COLUMNS]))
    figures = ReportFigures()
    figures.add(batch)
    assert figures.expression_kept == {"MIT OR Apache-2.0": 1}
    assert "MIT OR Apache-2.0" in _licenses(figures)


def test_audit_shows_the_expression() -> None:
    row = {**provenance_row(_record(), "data/a.parquet"), "license_evidence": "LICENSE-MIT;manifest:Cargo.toml"}
    assert "MIT OR Apache-2.0 (permissive)" in table([row])
