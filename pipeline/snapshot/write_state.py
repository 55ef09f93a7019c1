"""Writing a version's stored opt-out list beside its shards (published with them from `.tmp/`)."""

from __future__ import annotations

import hashlib

from apache_beam.io.filesystems import FileSystems

from pipeline.config import WriteConfig
from pipeline.dataset.files import table_bytes, write_file
from pipeline.dataset.layout import TMP, ShardInfo
from pipeline.optout.entries import OptoutList
from pipeline.snapshot.optout_state import OPTOUT_STATE, optout_table


def write_optout_state(output: str, config: WriteConfig, *lists: OptoutList | None) -> ShardInfo:
    """`state/optout.parquet` under `.tmp/`: every entry of the given lists (an empty list, none)."""
    table = optout_table(*[optout for optout in lists if optout is not None])
    data = table_bytes(table, config)
    write_file(FileSystems.join(output, TMP, OPTOUT_STATE), data)
    return ShardInfo("state", OPTOUT_STATE, table.num_rows, len(data), hashlib.sha256(data).hexdigest())
