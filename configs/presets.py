"""The YAML presets in `configs/`, generated from the config model so that `default.yaml` always
lists every key with its default: `python -m configs.presets` rewrites them, a test checks them."""

from __future__ import annotations

from pathlib import Path

import yaml

from pipeline.config import Config

PRESETS: dict[str, tuple[str, dict]] = {
    "default": ("The Stack v2 / StarCoder defaults; permissive licences only. Every key is listed "
                "(README: Configuration reference).", {}),
    "stack-v2": ("As The Stack v2: permissive code and code with no licence found are kept, and so (as before "
                 "declared_only existed) code whose permissive licence only a package manifest declares.",
                 {"dataset": {"name": "codecurate-stack-v2"},
                  "policy": {"keep": ["permissive", "declared_only", "no_license"]}}),
    "keep-all": ("Every licence type kept: for inspection and measurement, never for publication.",
                 {"dataset": {"name": "codecurate-keep-all"},
                  "policy": {"keep": ["permissive", "declared_only", "no_license", "non_permissive"]}}),
    "dataflow": ("For Google Cloud Dataflow (README: Running on Dataflow): a larger per-repository spool "
                 "and near components by distributed star rounds beyond 10 M edges, with more rounds for very large clusters.",
                 {"dataset": {"name": "codecurate-dataflow"}, "ingest": {"spool_memory_bytes": 268435456},
                  "dedup": {"near": {"max_rounds": 60, "local_components_max_edges": 10_000_000}}}),
}


def _merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _merge(base[key], value) if isinstance(value, dict) else value
    return merged


def preset_text(name: str) -> str:
    comment, override = PRESETS[name]
    resolved = Config.model_validate(_merge(Config().resolved(), override)).resolved()
    return f"# {comment}\n" + yaml.safe_dump(resolved, sort_keys=False, width=100)


def write_presets(folder: Path) -> None:
    for name in PRESETS:
        (folder / f"{name}.yaml").write_text(preset_text(name), encoding="utf-8")


if __name__ == "__main__":
    write_presets(Path(__file__).resolve().parent.parent / "configs")
