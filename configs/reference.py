"""Renders the configuration reference (Markdown) from the config model itself, so the README
cannot drift from the code: `python -m configs.reference --write README.md` refreshes it,
and a test checks that the README holds the current text."""

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


def updated_readme(readme: str) -> str:
    """The README text with its reference block replaced by the current one."""
    start, end = readme.index(BEGIN), readme.index(END) + len(END)
    return readme[:start] + reference() + readme[end:]


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["--write"]:
        path = sys.argv[2] if len(sys.argv) > 2 else "README.md"
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(updated_readme(text))
    else:
        print(reference())
