"""`codecurate verify`: checks that the published bytes are the ones the manifest describes.

Every object under the dataset must be a listed shard or a companion the manifest names; the
config must hash to `config_sha256`; the card's data globs must reach only listed shards; every
drop reason must be one the pipeline can emit under that config (see `verify_files`, `pipeline/reasons.py`).

With an opt-out list it also proves absence: no data row whose repository, owner, path or
content the list names, no provenance row the list names still marked kept, and (unless the
dataset's config says `copies: none`) no data row holding an exact copy of a file the list names.

Every kept file whose licence requires its notice must have an attribution row, of its own or
of its repository (`verify_attribution.py`).
"""

from __future__ import annotations

import hashlib
import io

import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems

from pipeline.config import ConfigError, parse_config
from pipeline.dataset.files import read_bytes, read_parquet
from pipeline.dataset.layout import layout_path
from pipeline.dataset.manifest import CARD, MANIFEST, dataset_digest, read_manifest
from pipeline.dataset.publish import leftovers
from pipeline.dataset.schema import ATTRIBUTION_SCHEMA, DATA_SCHEMA, PROVENANCE_SCHEMA
from pipeline.dataset.verify_attribution import COLUMNS as ATTRIBUTION_COLUMNS
from pipeline.dataset.verify_attribution import AttributionIndex, CoverageCheck
from pipeline.dataset.verify_files import check_card, check_config, check_objects, dataset_objects
from pipeline.optout.config import OptoutConfig
from pipeline.optout.entries import OptoutList
from pipeline.optout.rules import before_optout, copy_source
from pipeline.reasons import known_reasons
from pipeline.snapshot.verify_state import check_state

_ROW_FIELDS = ("id", "repo_name", "path", "content_sha256")


def _check_shard(dataset: str, shard: dict, schema, failures: list[str], legacy=None):
    """`legacy`: an older schema the shard may also have (read as such when its columns are those)."""
    path = FileSystems.join(dataset, shard["path"])
    try:
        data = read_bytes(path)
    except OSError:
        failures.append(f"{shard['path']}: missing or unreadable")
        return None
    if hashlib.sha256(data).hexdigest() != shard["sha256"] or len(data) != shard["bytes"]:
        failures.append(f"{shard['path']}: checksum does not match the manifest")
    try:
        if legacy is not None and pq.ParquetFile(io.BytesIO(data)).schema_arrow.names == legacy.names:
            schema = legacy
        table = read_parquet(data, columns=[f for f in schema.names if f != "content"])
    except Exception as error:  # pyarrow raises several types for damaged files
        failures.append(f"{shard['path']}: not readable as Parquet ({type(error).__name__})")
        return None
    expected = [f for f in schema if f.name != "content"]
    if list(table.schema) != expected:
        failures.append(f"{shard['path']}: schema differs from the published contract")
    if table.num_rows != shard["rows"]:
        failures.append(f"{shard['path']}: {table.num_rows} rows, manifest says {shard['rows']}")
    return table


def verify(dataset: str, optout: OptoutList | None = None) -> list[str]:
    """Every problem found, as readable lines; an empty list means the dataset verifies."""
    failures: list[str] = []
    try:
        manifest = read_manifest(dataset)
    except (OSError, ValueError):
        return [f"{MANIFEST} missing or unreadable: the dataset is incomplete"]
    missing = [key for key in ("config", "config_sha256", "counts", "shards") if not isinstance(manifest, dict)
               or key not in manifest] or [f"shards.{kind}" for kind in ("data", "provenance")
                                           if not isinstance(manifest["shards"], dict)
                                           or not isinstance(manifest["shards"].get(kind), list)]
    if missing:
        return [f"{MANIFEST}: malformed, no {', '.join(missing)}"]
    check_config(manifest, failures)
    try:
        config = parse_config(manifest["config"], "manifest config")
    except ConfigError as error:
        return [*failures, str(error)]
    objects = dataset_objects(dataset)
    left = set(leftovers(objects, manifest))
    check_objects(manifest, objects, failures, left)
    check_card(dataset, manifest, objects, failures, left)
    reasons = known_reasons(manifest["config"])
    data_ids: dict[str, str] = {}
    unlisted: dict[str, list[str]] = {}
    """content sha256 → data rows the list does not name (candidates for being copies)."""
    for shard in manifest["shards"]["data"]:
        table = _check_shard(dataset, shard, DATA_SCHEMA, failures)
        if table is None:
            continue
        for row in table.select(list(_ROW_FIELDS)).to_pylist():
            if row["id"] in data_ids:
                failures.append(f"{shard['path']}: duplicate id {row['id']}")
            data_ids[row["id"]] = layout_path(shard["path"])
            if optout and optout.reason_for(row["repo_name"], row["path"], row["content_sha256"]):
                failures.append(f"{shard['path']}: {row['repo_name']}/{row['path']} matches the opt-out list")
            elif optout:
                unlisted.setdefault(row["content_sha256"], []).append(f"{shard['path']}: {row['repo_name']}/{row['path']}")
    attribution = AttributionIndex()
    for shard in manifest["shards"].get("attribution", []):
        table = _check_shard(dataset, shard, ATTRIBUTION_SCHEMA, failures)
        if table is not None:
            for row in table.select(ATTRIBUTION_COLUMNS).to_pylist():
                attribution.add(row, shard["path"], failures)
    coverage = CoverageCheck(attribution)
    copies = config.optout
    seen: set[str] = set()
    identities: dict[str, tuple] = {}
    """id → (repository, path, content sha256): what the stored update state must agree with."""
    kept = 0
    tally: dict[str, int] = {}
    copy_hashes: set[str] = set()
    for shard in manifest["shards"]["provenance"]:
        table = _check_shard(dataset, shard, PROVENANCE_SCHEMA, failures)
        if table is None:
            continue
        for row in table.select(["id", "status", "shard", "reason", "size", "commit", "license",
                                 *_ROW_FIELDS[1:]]).to_pylist():
            if optout:
                _check_optout_row(row, optout, copies, copy_hashes, failures)
            if row["id"] in seen:
                failures.append(f"{shard['path']}: duplicate provenance id {row['id']}")
            seen.add(row["id"])
            identities[row["id"]] = (row["repo_name"], row["path"], row["content_sha256"])
            if row["status"] == "kept":
                kept += 1
                coverage.kept(row)
                if data_ids.get(row["id"]) != row["shard"]:
                    failures.append(f"provenance says {row['id']} is in {row['shard']}, the data disagrees")
                if row["reason"]:
                    failures.append(f"{shard['path']}: kept row {row['id']} carries a drop reason {row['reason']!r}")
            elif row["status"] != "dropped":
                failures.append(f"{shard['path']}: row {row['id']} has status {row['status']!r}")
            elif not row["reason"]:
                failures.append(f"{shard['path']}: dropped row {row['id']} without a reason")
            else:
                tally[row["reason"]] = tally.get(row["reason"], 0) + 1
            if row["status"] == "dropped" and row["reason"] and row["reason"] not in reasons:
                failures.append(f"{shard['path']}: dropped row {row['id']} has reason {row['reason']!r}, "
                                "which the pipeline never emits under this config")
    check_state(manifest, identities, failures,
                lambda shard, schema, legacy=None: _check_shard(dataset, shard, schema, failures, legacy))
    for sha256 in sorted(copy_hashes & unlisted.keys()):
        failures += [f"{where} is a copy of an opted-out file" for where in unlisted[sha256]]
    failures += coverage.report()
    counts = manifest["counts"]
    if len(seen) != counts["files_in"]:
        failures.append(f"provenance has {len(seen)} rows, manifest counts {counts['files_in']} input files")
    if kept != len(data_ids) or kept != counts["kept"]:
        failures.append(f"kept rows: provenance {kept}, data {len(data_ids)}, manifest {counts['kept']}")
    if tally != counts.get("reasons", {}):
        failures.append("drop reasons counted in the manifest differ from the provenance rows")
    if counts["kept"] + counts["dropped"] != counts["files_in"]:
        failures.append("files in != kept + dropped in the manifest counts")
    return failures


def publish_leftovers(dataset: str) -> list[str]:
    """Objects an interrupted run or publish left beside a complete dataset: not part of it (a
    reader going by the manifest never sees them, but the card's `data/` globs would reach those
    under `data/` until they are gone), removed by the next publish into the directory or by
    hand.  Empty when the manifest is unreadable."""
    try:
        manifest = read_manifest(dataset)
    except (OSError, ValueError):
        return []
    found = leftovers(dataset_objects(dataset), manifest)
    try:
        card = read_bytes(FileSystems.join(dataset, CARD)).decode("utf-8", "replace")
        digest = dataset_digest(manifest)
    except (OSError, KeyError, TypeError):
        return found  # a missing card or a malformed manifest is a problem `verify` reports
    if digest not in card:  # the card is replaced just before the manifest
        found.append(f"{CARD} (the card of another version: it does not quote this dataset's digest)")
    return found


def _check_optout_row(row: dict, optout: OptoutList, config: OptoutConfig, copy_hashes: set[str],
                      failures: list[str]) -> None:
    """A provenance row the list names must not be kept; its content, when it is a copy source
    under the dataset's config, must not be kept anywhere else either."""
    if before_optout(row) or not optout.reason_for(row["repo_name"], row["path"], row["content_sha256"]):
        return
    if row["status"] == "kept":
        failures.append(f"provenance keeps {row['repo_name']}/{row['path']}, which the opt-out list names")
    if config.copies != "none" and copy_source(row["path"], row["size"] or 0, config):
        copy_hashes.add(row["content_sha256"])
