"""`verify`'s checks of the stored update state: listed, checksummed, and about the same files as provenance."""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa

from pipeline.dataset.layout import layout_path
from pipeline.snapshot.optout_state import OPTOUT_SCHEMA, OPTOUT_STATE
from pipeline.snapshot.state import LEGACY_STATE_SCHEMA, STATE_SCHEMA


def check_state(manifest: dict, provenance: dict[str, tuple], failures: list[str],
                check_shard: Callable[..., pa.Table | None]) -> None:
    """Every state shard verifies like a data shard (bytes, sha256, schema, rows); together they
    hold exactly one row per provenance row, about the same file (repository, path, content
    sha256), and the stored opt-out list is there."""
    shards = manifest["shards"].get("state")
    if shards is None:
        return  # a dataset made before the state existed: `update` refuses it, nothing to check
    ids: set[str] = set()
    has_optout = False
    for shard in shards:
        if layout_path(shard["path"]) == OPTOUT_STATE:
            has_optout = True
            check_shard(shard, OPTOUT_SCHEMA)
            continue
        table = check_shard(shard, STATE_SCHEMA, LEGACY_STATE_SCHEMA)
        if table is None:
            continue
        columns = ["id", "repo_name", "path", "content_sha256"]
        for file_id, *identity in zip(*(table[name].to_pylist() for name in columns)):
            if file_id in ids:
                failures.append(f"{shard['path']}: duplicate state id {file_id}")
            elif file_id in provenance and provenance[file_id] != tuple(identity):
                failures.append(f"{shard['path']}: state of {file_id} describes another file than provenance")
            ids.add(file_id)
    if not has_optout:
        failures.append(f"{OPTOUT_STATE}: the stored opt-out list is not listed in the manifest")
    if ids != provenance.keys():
        failures.append(f"state holds {len(ids - provenance.keys())} file(s) provenance lacks and lacks "
                        f"{len(provenance.keys() - ids)} provenance file(s)")
