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


def data_row(record: FileRecord) -> dict:
    return {
        "id": record.id,
        "content": record.content,
        "repo_name": record.repo_name,
        "path": record.path,
        "commit": record.commit,
        "language": record.language,
        "license": list(record.license),
        "license_type": record.license_type,
        "size": record.size,
        "content_sha256": record.content_sha256,
        "stars": record.stars,
        "forks": record.forks,
        "avg_line_length": record.avg_line_length,
        "max_line_length": record.max_line_length,
        "alphanum_fraction": record.alphanum_fraction,
        "pii_redactions": record.pii_redactions,
    }


def provenance_row(record: FileRecord, shard: str | None) -> dict:
    return {
        "id": record.id,
        "repo_name": record.repo_name,
        "path": record.path,
        "commit": record.commit,
        "content_sha256": record.content_sha256,
        "size": record.size,
        "language": record.language,
        "license": list(record.license),
        "license_type": record.license_type,
        "license_evidence": record.license_evidence,
        "status": "dropped" if record.dropped else "kept",
        "reason": record.reason,
        "duplicate_of": record.duplicate_of,
        "cluster_id": record.cluster_id,
        "pii": sorted(record.pii.items()),
        "shard": shard,
        "stars": record.stars,
        "forks": record.forks,
    }
