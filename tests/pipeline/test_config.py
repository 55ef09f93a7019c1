import pytest

from pipeline.config import Config, ConfigError, load_config, parse_config


def test_presets_load_and_default_yaml_holds_every_default():
    assert load_config("default") == Config()
    assert load_config("configs/default.yaml") == Config()
    assert load_config("keep-all").policy.keep == ["permissive", "declared_only", "no_license", "non_permissive"]
    assert load_config("stack-v2").policy.keep == ["permissive", "declared_only", "no_license"]
    assert {load_config(name).licenses.manifests for name in ("default", "stack-v2", "keep-all", "dataflow")} == {"with_text"}
    load_config("dataflow")


def test_unknown_keys_and_bad_values_name_the_key_path():
    with pytest.raises(ConfigError, match=r"filters\.rules\.max_line_lenght: unknown key"):
        parse_config({"filters": {"rules": {"max_line_lenght": 10}}})
    with pytest.raises(ConfigError, match=r"dedup\.near\.threshold"):
        parse_config({"dedup": {"near": {"threshold": 1.5}}})
    with pytest.raises(ConfigError, match=r"policy\.keep\.0"):
        parse_config({"policy": {"keep": ["copyleft"]}})
    with pytest.raises(ConfigError, match="top level must be a mapping"):
        parse_config(["a"])


def test_unreadable_and_invalid_yaml(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("filters: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(bad)


def test_config_hash_changes_with_any_value():
    assert Config().sha256() == Config().sha256()
    assert parse_config({"write": {"shard_bytes": 10}}).sha256() != Config().sha256()
