"""The dataset card (README.md in Hugging Face format), generated from the manifest alone."""

from __future__ import annotations

import json

import yaml

from pipeline.dataset.manifest import dataset_digest


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


def _pipeline_section(manifest: dict) -> list[str]:
    """One row per stage of the registry, as the manifest recorded it (`pipeline/stages.py`)."""
    counts, config = manifest["counts"], manifest["config"]
    lines = ["| stage | on | files removed | what it does |", "|---|---|---|---|"]
    for stage in manifest.get("stages", []):
        removed = counts["stages"].get(stage["reason_prefix"], 0)
        lines.append(f"| {stage['name']} | {'yes' if stage['enabled'] else 'no'} | {removed} | {stage['description']} |")
    lines += ["", "Every setting of this run:", "", "| setting | value |", "|---|---|"]
    lines += [f"| `{key}` | {value} |" for key, value in _flatten(config)]
    return lines


def _attribution_section(manifest: dict) -> list[str]:
    """What the `attribution/` table holds and why a redistributor needs it (`pipeline/attribution.py`)."""
    shards = manifest["shards"].get("attribution", [])
    rows = sum(shard["rows"] for shard in shards)
    size = sum(shard["bytes"] for shard in shards)
    return [
        "### Attribution", "",
        "Most licences that allow redistribution (MIT, BSD, ISC, Apache-2.0, Zlib …) require their text and the "
        "copyright notices to accompany every copy. The `attribution/` table (Parquet, "
        f"{len(shards)} shard(s), {rows} row(s), {size} bytes, listed with their sha256 in `manifest.json`) holds, for "
        "every repository with a kept file under such a licence, one row with `scope` `repository`, and one row "
        "with `scope` `file` and the file's `path` for each kept file whose own header licence differs from its "
        "repository's: `repo_name`, `commit`, `license_expression`, `license`, `license_texts` (the licence "
        "files' contents, by path; ScanCode's reference text, path `licensedcode:…`, where the licence was read "
        "from a header, a manifest or metadata), `notices` (Apache NOTICE files) and `copyright_lines` (found in those texts "
        "and in the kept files' headers). E-mail addresses are redacted as in the data. Every licence except "
        "the ScanCode \"Public Domain\" category is taken to require the notice. Ship the rows of the "
        "repositories you redistribute with your copies; `codecurate verify` checks that every such kept file "
        "has one.",
    ]


def _declared_only_note(config: dict) -> list[str]:
    """What a kept `declared_only` file is, when the policy keeps them (licenses/DECISIONS.md)."""
    if config["policy"]["enabled"] and "declared_only" not in config["policy"]["keep"]:
        return []
    return [
        "Licence type `declared_only` marks files whose permissive licence only a package manifest declares "
        "(the `license` field of package.json, PKG-INFO, pyproject.toml …): no licence file, NOTICE, README "
        "statement or header in the repository states it. The declaration may be genuine, but the licence text "
        "and copyright notice that such licences require to accompany copies are not in the repository: their "
        "attribution rows hold the licence's reference text and no copyright line. Decide for yourself whether "
        "to redistribute them.", "",
    ]


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
        *_declared_only_note(config),
        _table(sorted(counts["license_types"].items()), ("licence type", "files")), "",
        *_attribution_section(manifest), "",
        "## Languages", "", _table(languages, ("language", "files", "bytes")), "",
        "## What was removed and why", "", _table(reasons, ("reason", "files")), "",
        "## Opt-out", "",
        (f"The opt-out list with sha256 `{optout['sha256']}` ({optout['entries']} entries) was applied."
         if optout else "No opt-out list was applied to this version."),
        "Ask to be removed from the next version and check with `codecurate audit DATASET --user OWNER`.", "",
        "## How to audit", "",
        f"Dataset digest (sha256 over the manifest's shard list; `codecurate verify` prints it): "
        f"`{dataset_digest(manifest)}`", "",
        "```", "codecurate audit DATASET --repo OWNER/NAME    # why each file is in or out",
        "codecurate verify DATASET --optout LIST        # checksums, schema, opt-out absence", "```", "",
        "## How it was made", "",
        f"Stages in order, with the resolved configuration (sha256 `{manifest['config_sha256']}`).", "",
        *_pipeline_section(manifest), "",
    ]
    return "\n".join(parts)
