from pathlib import Path

import yaml

from pipeline.config import Config
from configs.reference import reference, updated_readme
from configs.presets import PRESETS, preset_text


def test_readme_holds_the_current_reference():
    readme = Path("README.md").read_text(encoding="utf-8")
    assert updated_readme(readme) == readme, "run: .venv/bin/python -m configs.reference --write README.md"


def test_reference_lists_every_setting_and_default_yaml_matches():
    text = reference()
    assert "`dedup.near.threshold` | `0.7`" in text
    assert "`filters.rules.max_line_length` | `1000`" in text
    assert yaml.safe_load(Path("configs/default.yaml").read_text()) == Config().resolved()
    for name in PRESETS:
        assert Path(f"configs/{name}.yaml").read_text() == preset_text(name), "run: python -m configs.presets"
