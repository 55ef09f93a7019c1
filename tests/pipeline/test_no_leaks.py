"""No redacted value is ever written anywhere (README "Output", issue 8 §5).

Secrets and e-mail addresses are planted in kept files, in files that are dropped (licence,
filters) and in inputs that make the CLI fail; the run is made with `--debug` (DEBUG logging, two
workers so worker processes log too).  Every byte it leaves — each file under the output (raw and
decoded Parquet, including column statistics), stdout, stderr, its temporary directory — and every
error message is searched: only the placeholders may appear, and only in the data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support.dumps import write_dir
from support.hardening_support import MIT, module_text, run_cli_measured

from pii.ip_stand_in import private_ip_stand_in
from pipeline.cli import main

SECRETS = {
    "EMAIL": "maria.gonzalez@northwind-traders.net",
    "KEY": "AKIAQYLPMN5HJ3RTWXYZ",
    "PASSWORD": "Tr0ub4dor-Sample-9",
    "IP_ADDRESS": "198.51.7.213",
    "PRIVATE_KEY": "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun",
}
# Fragments that would show a partial leak (a local part, a key body) even if the whole value does not.
FRAGMENTS = ("maria.gonzalez", "northwind-traders", "QYLPMN5HJ3RT", "Tr0ub4dor", "198.51.7.213",
             "u1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6")
SPOOL_BYTES = 1024
# IP addresses are replaced by a same-length private stand-in by default (pii.ip_replacement: private),
# e-mail addresses by a reserved-domain stand-in (pii.email_replacement: reserved).
PLACEHOLDERS = ("redacted1@example.com", "<KEY>", "<PASSWORD>", "<PRIVATE_KEY>", private_ip_stand_in(SECRETS["IP_ADDRESS"]))


def secret_module(seed: int) -> str:
    """A normal module with every secret planted once, diluted so the file is redacted, not dropped."""
    planted = (f'ADMIN_EMAIL = "{SECRETS["EMAIL"]}"\n'
               f'AWS_ACCESS_KEY_ID = "{SECRETS["KEY"]}"\n'
               f'DATABASE_URL = "postgres://app:{SECRETS["PASSWORD"]}@db.internal.example/app"\n'
               f'UPSTREAM = "{SECRETS["IP_ADDRESS"]}"\n'
               f'DEPLOY_KEY = """-----BEGIN RSA PRIVATE KEY-----\n{SECRETS["PRIVATE_KEY"]}\n'
               f'-----END RSA PRIVATE KEY-----"""\n')
    return planted + module_text(seed, lines=60)


def build_inputs(root: Path) -> Path:
    dumps = root / "dumps"
    write_dir(dumps / "kept__repo", {"LICENSE": MIT.replace("The Sample Authors", f"M. G. <{SECRETS['EMAIL']}>"),
                                     "app/settings.py": secret_module(1)})
    write_dir(dumps / "copyleft__repo", {"COPYING": "GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007\n",
                                         "main.py": "# SPDX-License-Identifier: GPL-3.0-only\n" + secret_module(2)})
    write_dir(dumps / "filtered__repo", {"LICENSE": MIT, "long.py": "X = '" + "a" * 2000 + f"'  # {SECRETS['EMAIL']}\n",
                                         "blob.bin": b"\x00\x01" + SECRETS["KEY"].encode()})
    return dumps


def assert_clean(label: str, data: bytes | str) -> None:
    text = data if isinstance(data, str) else data.decode("utf-8", "replace")
    found = [fragment for fragment in (*SECRETS.values(), *FRAGMENTS) if fragment in text]
    assert found == [], f"{label} holds {found}"


@pytest.fixture(scope="module")
def debug_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("leaks")
    dumps = build_inputs(root)
    child_tmp = root / "child-tmp"
    child_tmp.mkdir()
    # A spool of 1 KiB: every repository's file contents spill to disk, secrets included.
    config = root / "spill.yaml"
    config.write_text(f"ingest:\n  spool_memory_bytes: {SPOOL_BYTES}\n")
    run = run_cli_measured(["--debug", "run", str(dumps), "--output", str(root / "out"), "--workers", "2",
                            "--config", str(config)], cwd=root, tmpdir=child_tmp, spill_log=root / "spills.log")
    assert run.returncode == 0, run.stderr[-3000:]
    return root, run


def test_stdout_stderr_and_debug_logs_hold_no_secret(debug_run) -> None:
    root, run = debug_run
    assert "DEBUG" in run.stderr, "the run did not log at DEBUG: the test would prove nothing"
    assert_clean("stdout", run.stdout)
    assert_clean("stderr (logs)", run.stderr)


def test_no_output_file_holds_a_secret(debug_run) -> None:
    root, _ = debug_run
    files = [path for path in (root / "out").rglob("*") if path.is_file()]
    assert any(path.suffix == ".parquet" for path in files)
    for path in files:
        assert_clean(str(path), path.read_bytes())  # raw: manifest, card, run.json, Parquet footers/statistics
        if path.suffix == ".parquet":
            for row in pq.read_table(path).to_pylist():
                label = row.get("id") or f"{row['repo_name']}:{row['scope']}:{row['path']}"  # attribution rows: no id
                assert_clean(f"{path} row {label}", json.dumps(row, default=str, ensure_ascii=False))


def test_placeholders_appear_only_in_the_data(debug_run) -> None:
    root, _ = debug_run
    data = pq.read_table(root / "out" / "data").to_pylist()
    settings = next(row for row in data if row["path"] == "app/settings.py")
    assert all(placeholder in settings["content"] for placeholder in PLACEHOLDERS), settings["content"][:600]
    assert settings["pii_redactions"] >= len(PLACEHOLDERS)
    provenance = pq.read_table(root / "out" / "provenance").to_pylist()
    assert not any(placeholder in json.dumps(row, default=str) for row in provenance for placeholder in PLACEHOLDERS)


def test_temporary_files_hold_no_secret(debug_run) -> None:
    """The spool spilled (each repository holds more than SPOOL_BYTES of files) into the run's
    temporary directory, and nothing with a secret was left there."""
    root, _ = debug_run
    log = root / "spills.log"
    spills = [line.split("\t", 1)[1] for line in (log.read_text() if log.exists() else "").splitlines()]
    assert len(spills) >= 2, f"the spool did not spill: the check below would prove nothing ({spills})"
    assert all(target.startswith(str(root / "child-tmp") + "/") for target in spills), spills
    leftovers = [path for path in (root / "child-tmp").rglob("*") if path.is_file()]
    for path in leftovers:
        assert_clean(str(path), path.read_bytes())


def test_error_messages_do_not_echo_secrets(tmp_path, capsys) -> None:
    """Inputs that fail carry a secret on the offending line; the message names the line only."""
    dumps = build_inputs(tmp_path)
    (tmp_path / "optout.txt").write_text(f"octo\n{SECRETS['EMAIL']}\n")
    (dumps / "index.jsonl").write_text(f'{{"repo": "kept/repo", "token": "{SECRETS["KEY"]}"}}\n')
    config = tmp_path / "config.yaml"
    # A secret as a bad *value* (a key name is the user's own text, and naming it is the fix).
    config.write_text(f"ingest:\n  max_file_bytes: {SECRETS['PASSWORD']}\n")
    runs = [["--optout", str(tmp_path / "optout.txt")], [], ["--config", str(config)]]
    for extra in runs:
        assert main(["run", str(dumps), "--output", str(tmp_path / "out"), *extra]) != 0
    captured = capsys.readouterr()
    assert len([line for line in captured.err.splitlines() if line.startswith("codecurate run: error:")]) == len(runs)
    assert_clean("error messages", captured.out + captured.err)
