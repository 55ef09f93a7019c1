"""Renders the configuration reference (Markdown) from the config model itself, so the README
cannot drift from the code: `python -m pipeline.config_reference` prints it, and a test checks
that the README holds the current text."""

from __future__ import annotations

import json

from pydantic import BaseModel

from pipeline.config import Config

BEGIN = "<!-- config-reference:begin -->"
END = "<!-- config-reference:end -->"


def _rows(model: type[BaseModel], prefix: str) -> list[str]:
    rows: list[str] = []
    for name, field in model.model_fields.items():
        key = f"{prefix}{name}"
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            rows += _rows(annotation, key + ".")
            continue
        default = field.get_default(call_default_factory=True)
        if isinstance(default, BaseModel):
            default = default.model_dump(mode="json")
        shown = json.dumps(default, ensure_ascii=False)
        if len(shown) > 60:
            shown = shown[:57] + "…"
        description = (field.description or "").replace("|", "\\|")
        rows.append(f"| `{key}` | `{shown}` | {description} |")
    return rows


def reference() -> str:
    lines = ["| key | default | meaning |", "|---|---|---|", *_rows(Config, "")]
    return "\n".join([BEGIN, *lines, END])


if __name__ == "__main__":
    print(reference())
