"""The resolved run configuration: one typed, validated model loaded from YAML.

Every section lives beside the stage it configures; this module composes them and turns
validation errors into one readable message that names the offending key path.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, ValidationError

from dedup.config import DedupConfig
from filters.config import DecontamConfig, FiltersConfig
from licenses.config import LicensesConfig, PolicyConfig
from pii.config import PiiConfig
from pipeline.config_base import Section
from pipeline.optout.config import OptoutConfig


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the key and the problem."""


class DatasetConfig(Section):
    name: str = Field("codecurate-dataset", min_length=1, description="Dataset name (manifest and card).")
    version: str = Field("1.0.0", min_length=1, description="Dataset version (manifest and card).")


class IngestConfig(Section):
    max_file_bytes: int = Field(1_000_000, gt=0, description="Files larger than this are skipped before being read.")
    max_dump_bytes: int = Field(
        8 * 1024**3, gt=0, description="Uncompressed bytes read from one dump at most (zip/tar bomb budget)."
    )
    max_files_per_repo: int = Field(1_000_000, gt=0, description="Entries read from one dump at most.")
    keep_damaged_dumps: bool = Field(
        False,
        description="Publish the files read before a dump turned out truncated or corrupt. Off: they are dropped as "
        "`ingest:truncated_dump`, since their licence would be decided without the evidence (a LICENSE, a header "
        "they point to) the lost part may hold.",
    )
    spool_memory_bytes: int = Field(
        64 * 1024**2, gt=0, description="File contents of one repository held in memory before spilling to disk."
    )
    bundle_bytes: int = Field(
        16 * 1024**2, gt=0,
        description="Dumps (bytes on disk) read by one worker task: small repositories share a bundle, "
        "a bigger .parquet/.jsonl table is split into parts of about this size.",
    )
    chunk_bytes: int = Field(
        32 * 1024**2, gt=0,
        description="Input bytes of files staged together: the unit finished (PII, write) by one worker task.",
    )


class WriteConfig(Section):
    shard_bytes: int = Field(256 * 1024**2, gt=0, description="Target bytes of content per data shard.")
    provenance_shard_rows: int = Field(1_000_000, gt=0, description="Target rows per provenance shard.")
    compression: Literal["zstd", "snappy", "gzip", "none"] = "zstd"
    row_group_rows: int = Field(10_000, gt=0, description="Rows per Parquet row group at most.")
    row_group_bytes: int = Field(
        32 * 1024**2, gt=0,
        description="A data shard's row group closes once its files' sizes add up to this: what a shard's "
        "writer holds (twice, at its peak) and what a reader loads to read one row.",
    )


class Config(Section):
    dataset: DatasetConfig = DatasetConfig()
    ingest: IngestConfig = IngestConfig()
    licenses: LicensesConfig = LicensesConfig()
    optout: OptoutConfig = OptoutConfig()
    filters: FiltersConfig = FiltersConfig()
    dedup: DedupConfig = DedupConfig()
    policy: PolicyConfig = PolicyConfig()
    pii: PiiConfig = PiiConfig()
    decontam: DecontamConfig = DecontamConfig()
    write: WriteConfig = WriteConfig()

    def resolved(self) -> dict:
        return self.model_dump(mode="json")

    def sha256(self) -> str:
        return hashlib.sha256(canonical_json(self.resolved()).encode()).hexdigest()


def canonical_json(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def default_config_path() -> Path:
    local = Path("configs/default.yaml")
    if local.is_file():
        return local
    return Path(str(resources.files("configs").joinpath("default.yaml")))


def preset_path(name: str) -> Path:
    """`--config keep-all` names a shipped preset; anything else is a file path."""
    candidate = Path(name)
    if candidate.exists() or candidate.suffix in (".yaml", ".yml"):
        return candidate
    return Path(str(resources.files("configs").joinpath(f"{name}.yaml")))


def preset_names() -> list[str]:
    folder = resources.files("configs")
    return sorted(entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".yaml"))


def parse_config(data: object, source: str = "config") -> Config:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: the top level must be a mapping of sections, got {type(data).__name__}")
    try:
        return Config.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            key = ".".join(str(part) for part in item["loc"]) or "(top level)"
            message = "unknown key" if item["type"] == "extra_forbidden" else item["msg"]
            problems.append(f"{key}: {message}")
        raise ConfigError(f"{source}: " + "; ".join(problems)) from None


def load_config(path: str | Path | None = None) -> Config:
    config_path = default_config_path() if path is None else preset_path(str(path))
    try:
        text = config_path.read_text(encoding="utf-8")
    except OSError as error:
        if path is not None and config_path != Path(str(path)):  # a name, not a path: no such preset
            raise ConfigError(f"no config file or preset named {path!r}; presets: {', '.join(preset_names())}") from None
        raise ConfigError(f"cannot read config {config_path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{config_path}: not UTF-8 text") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError(f"{config_path}: not valid YAML ({error})") from None
    return parse_config(data, str(config_path))
