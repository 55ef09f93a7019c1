"""The dataset card (README.md in Hugging Face format), generated from the manifest alone."""

from __future__ import annotations

import json

import yaml


def _yaml_header(manifest: dict) -> str:
    languages = sorted({shard["language"] for shard in manifest["shards"]["data"]})
    configs = [{"config_name": "default", "data_files": [{"split": "train", "path": "data/*/*.parquet"}],
                "default": True}]
    configs += [{"config_name": slug, "data_files": [{"split": "train", "path": f"data/{slug}/*.parquet"}]}
                for slug in languages]
    header = {"license": "other", "task_categories": ["text-generation"], "tags": ["code"],
              "pretty_name": manifest["dataset"]["name"], "configs": configs}
    return yaml.safe_dump(header, sort_keys=False)


def _table(rows: list[tuple], headers: tuple) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _flatten(value: object, prefix: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict) and value:
        rows: list[tuple[str, str]] = []
        for key in sorted(value):
            rows += _flatten(value[key], f"{prefix}{key}.")
        return rows
    return [(prefix.rstrip("."), f"`{json.dumps(value, ensure_ascii=False)}`")]


_STAGE_TEXT = {
    "ingest": "Reads every dump once; binary, oversized, unsafe or unreadable entries are recorded, not read.",
    "licenses": "Licence files, package manifests, per-file SPDX tags/headers and host metadata decide each "
                "file's SPDX ids and licence type.",
    "optout": "Files of users, repositories, paths and contents on the opt-out list, and copies of them, are removed.",
    "filters": "go-enry language, vendor and generated flags, then The Stack v2 quality heuristics.",
    "dedup": "Exact (content sha256) and near duplicates (MinHash LSH, connected components); one ranked keeper each.",
    "policy": "Only the licence types listed in `policy.keep` stay.",
    "pii": "E-mails, public IPs, keys, tokens, passwords and private keys are redacted with placeholders.",
    "decontam": "Files containing benchmark prompts or solutions are removed.",
}


def _pipeline_section(config: dict, counts: dict) -> list[str]:
    lines = ["| stage | on | files removed | what it does |", "|---|---|---|---|"]
    switches = {"ingest": True, "licenses": config["licenses"]["enabled"], "optout": True,
                "filters": config["filters"]["enabled"],
                "dedup": config["dedup"]["exact"] or config["dedup"]["near"]["enabled"],
                "policy": config["policy"]["enabled"], "pii": config["pii"]["enabled"],
                "decontam": config["decontam"]["enabled"]}
    for stage, text in _STAGE_TEXT.items():
        removed = counts["stages"].get("license" if stage == "policy" else stage, 0)
        lines.append(f"| {stage} | {'yes' if switches[stage] else 'no'} | {removed} | {text} |")
    lines += ["", "Every setting of this run:", "", "| setting | value |", "|---|---|"]
    lines += [f"| `{key}` | {value} |" for key, value in _flatten(config)]
    return lines


def dataset_card(manifest: dict) -> str:
    counts = manifest["counts"]
    config = manifest["config"]
    optout = manifest.get("optout")
    name, version = manifest["dataset"]["name"], manifest["dataset"]["version"]
    languages = [(name_, v["files"], v["bytes"]) for name_, v in counts["languages"].items()]
    reasons = list(counts["reasons"].items())
    parts = [
        "---", _yaml_header(manifest).rstrip(), "---", "",
        f"# {name} (version {version})", "",
        f"Source code curated by codecurate {manifest['codecurate_version']}: "
        f"{counts['kept']} of {counts['files_in']} input files kept from {counts['repositories']} repositories.", "",
        "## Licences", "",
        f"Files are kept only when their licence type is one of: {', '.join(config['policy']['keep'])} "
        f"(licence policy {'on' if config['policy']['enabled'] else 'off'}). Each row carries the SPDX expression "
        "that applies (`license_expression`, e.g. `MIT OR Apache-2.0`) and its ids (`license`); the provenance "
        "table records where each licence was read (`license_evidence`). "
        "Respect the licence of every file you use.", "",
        _table(sorted(counts["license_types"].items()), ("licence type", "files")), "",
        "## Languages", "", _table(languages, ("language", "files", "bytes")), "",
        "## What was removed and why", "", _table(reasons, ("reason", "files")), "",
        "## Opt-out", "",
        (f"The opt-out list with sha256 `{optout['sha256']}` ({optout['entries']} entries) was applied."
         if optout else "No opt-out list was applied to this version."),
        "Ask to be removed from the next version and check with `codecurate audit DATASET --user OWNER`.", "",
        "## How to audit", "",
        "```", "codecurate audit DATASET --repo OWNER/NAME    # why each file is in or out",
        "codecurate verify DATASET --optout LIST        # checksums, schema, opt-out absence", "```", "",
        "## How it was made", "",
        f"Stages in order, with the resolved configuration (sha256 `{manifest['config_sha256']}`).", "",
        *_pipeline_section(config, counts), "",
    ]
    return "\n".join(parts)
