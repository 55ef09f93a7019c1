"""Arrow schemas of the published tables (DESIGN §3.3): the column contract users depend on."""

from __future__ import annotations

import pyarrow as pa

from pipeline.records import FileRecord

DATA_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("content", pa.large_string()),
        ("repo_name", pa.string()),
        ("path", pa.string()),
        ("commit", pa.string()),
        ("language", pa.string()),
        ("license", pa.list_(pa.string())),
        ("license_expression", pa.string()),
        ("license_type", pa.string()),
        ("size", pa.int64()),
        ("content_sha256", pa.string()),
        ("stars", pa.int64()),
        ("forks", pa.int64()),
        ("avg_line_length", pa.float64()),
        ("max_line_length", pa.int64()),
        ("alphanum_fraction", pa.float64()),
        ("pii_redactions", pa.int64()),
    ]
)

PROVENANCE_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("repo_name", pa.string()),
        ("path", pa.string()),
        ("commit", pa.string()),
        ("content_sha256", pa.string()),
        ("size", pa.int64()),
        ("language", pa.string()),
        ("license", pa.list_(pa.string())),
        ("license_expression", pa.string()),
        ("license_type", pa.string()),
        ("license_evidence", pa.string()),
        ("status", pa.string()),
        ("reason", pa.string()),
        ("duplicate_of", pa.string()),
        ("cluster_id", pa.string()),
        ("pii", pa.map_(pa.string(), pa.int64())),
        ("shard", pa.string()),
        ("stars", pa.int64()),
        ("forks", pa.int64()),
    ]
)


_DERIVED = {
    "license": lambda record: list(record.license),
    "pii_redactions": lambda record: record.pii_redactions,
    "status": lambda record: "dropped" if record.dropped else "kept",
    "pii": lambda record: sorted(record.pii.items()),
    "shard": lambda record: None,
}
"""Columns that are not a record field as it is; every other column is read by name."""


def _row(record: FileRecord, schema: pa.Schema) -> dict:
    return {name: _DERIVED[name](record) if name in _DERIVED else getattr(record, name)
            for name in schema.names}


def data_row(record: FileRecord) -> dict:
    return _row(record, DATA_SCHEMA)


def provenance_row(record: FileRecord, shard: str | None) -> dict:
    row = _row(record, PROVENANCE_SCHEMA)
    row["shard"] = shard
    return row
