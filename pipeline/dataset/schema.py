"""Arrow schemas of the published tables: the column contract users depend on (README "Output")."""

from __future__ import annotations

import pyarrow as pa

from pipeline.records import FileRecord

_STRING, _INT, _FLOAT, _IDS = pa.string(), pa.int64(), pa.float64(), pa.list_(pa.string())
COLUMN_TYPES: dict[str, pa.DataType] = {
    "id": _STRING, "content": pa.large_string(), "repo_name": _STRING, "path": _STRING, "commit": _STRING,
    "content_sha256": _STRING, "size": _INT, "language": _STRING, "license": _IDS, "license_expression": _STRING,
    "license_type": _STRING, "license_evidence": _STRING, "status": _STRING, "reason": _STRING,
    "duplicate_of": _STRING, "cluster_id": _STRING, "pii": pa.map_(_STRING, _INT), "shard": _STRING,
    "stars": _INT, "forks": _INT, "avg_line_length": _FLOAT, "max_line_length": _INT, "alphanum_fraction": _FLOAT,
    "pii_redactions": _INT,
}
"""Every published column's type, once; the two tables choose and order their columns."""


def _schema(columns: str) -> pa.Schema:
    return pa.schema([(name, COLUMN_TYPES[name]) for name in columns.split()])


DATA_SCHEMA = _schema(
    "id content repo_name path commit language license license_expression license_type size content_sha256 "
    "stars forks avg_line_length max_line_length alphanum_fraction pii_redactions"
)
PROVENANCE_SCHEMA = _schema(
    "id repo_name path commit content_sha256 size language license license_expression license_type "
    "license_evidence status reason duplicate_of cluster_id pii shard stars forks"
)
_TEXTS = pa.list_(pa.struct([("path", _STRING), ("text", pa.large_string())]))
ATTRIBUTION_SCHEMA = pa.schema([
    ("repo_name", _STRING), ("commit", _STRING), ("scope", _STRING), ("path", _STRING),
    ("license_expression", _STRING), ("license", _IDS), ("license_texts", _TEXTS), ("notices", _TEXTS),
    ("copyright_lines", _IDS),
])
"""`attribution/`: per kept repository (`scope` "repository", `path` null) and per file whose own
licence differs from the repository's (`scope` "file"): the licence texts (`path` in the repository,
`text`), NOTICE files, and copyright lines that must accompany copies (`licenses/attribution.py`)."""


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
