"""An opt-out version carries its parent's update state: the opted-out files' new pre-dedup
decision, and the stored opt-out list grown by the new one.

The state holds what a fresh run with the combined list would store (`state.py`): a file the new
list removes is dropped at the opt-out stage, so its `pre_reason` is that opt-out reason and its
flags say whether it is an opt-out copy source (and, with `optout.copies: near`, a ghost: it had
reached dedup, so the steps after the opt-out stage passed it).  Opt-out copies and promotions
are dedup's verdicts, which the state does not hold, so nothing else changes.
"""

from __future__ import annotations

import hashlib

from apache_beam.io.filesystems import FileSystems

from dedup.summaries import COPY_SOURCE, GHOST
from pipeline.config import Config
from pipeline.dataset.files import parquet_bytes, write_file
from pipeline.dataset.layout import TMP, ShardInfo, layout_path
from pipeline.dataset.publish import stage_parent_object
from pipeline.dataset.reader import DatasetReader
from pipeline.optout.entries import OptoutList
from pipeline.optout.rules import DIRECT_REASONS, copy_source
from pipeline.snapshot.optout_state import OPTOUT_STATE, optout_state_entry, stored_optout
from pipeline.snapshot.state import STATE_SCHEMA
from pipeline.snapshot.write_state import write_optout_state


def opted_out_state(state: dict, reason: str, size: int, config: Config) -> dict:
    """A stored file's state once the opt-out stage drops it with `reason`."""
    flags = 0
    copies = config.optout.copies
    if copies != "none" and copy_source(state["path"], size, config.optout):
        flags = COPY_SOURCE
        if copies == "near" and state["pre_reason"] is None and state["signature"] is not None:
            flags |= GHOST
    sketch = {} if flags & GHOST else {"signature": None, "bands": None}
    return {**state, "flags": flags, "pre_reason": reason, **sketch}


def carry_state(dataset: str, output: str, changed: dict[str, dict[str, dict]], config: Config,
                optout: OptoutList) -> tuple[list[ShardInfo], list[str]]:
    """The version's state shards under `.tmp/` (copied when no file of theirs is newly opted
    out) and the paths rewritten; `changed` is provenance shard → id → new provenance row."""
    reader = DatasetReader(dataset)
    parent = reader.manifest
    shards: list[ShardInfo] = []
    rewritten: list[str] = []
    # `changed` is keyed by the provenance shards' published names; state shard i follows provenance shard i.
    by_layout = {layout_path(path): rows for path, rows in changed.items()}
    for entry in parent["shards"]["state"]:
        layout = layout_path(entry["path"])
        if layout == OPTOUT_STATE:
            continue
        index = layout.rsplit("part-", 1)[1].removesuffix(".parquet")
        rows_changed = by_layout.get(f"provenance/part-{index}.parquet", {})
        direct = {file_id: row for file_id, row in rows_changed.items() if row["reason"] in DIRECT_REASONS}
        if not direct:
            stage_parent_object(dataset, output, entry)
            shards.append(ShardInfo("state", layout, entry["rows"], entry["bytes"], entry["sha256"]))
            continue
        rows = [opted_out_state(row, direct[row["id"]]["reason"], direct[row["id"]]["size"] or 0, config)
                if row["id"] in direct else row for row in reader.read_shard(entry["path"]).to_pylist()]
        data = parquet_bytes(rows, STATE_SCHEMA, config.write)
        write_file(FileSystems.join(output, TMP, layout), data)
        shards.append(ShardInfo("state", layout, len(rows), len(data), hashlib.sha256(data).hexdigest()))
        rewritten.append(layout)
    stored = stored_optout(reader.read_shard(optout_state_entry(parent)["path"]))
    shards.append(write_optout_state(output, config.write, stored, optout))
    return shards, [*rewritten, OPTOUT_STATE]


def has_state(manifest: dict) -> bool:
    return "state" in manifest["shards"]
