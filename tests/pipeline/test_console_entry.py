"""The `codecurate` console script is the same process as `python -m pipeline.cli` (`cli/entry.py`).

Both leave with `os._exit` once their output is flushed (no interpreter teardown); what a user
sees must not suffer from it: the exit code (0, 2 for a usage error, 1 for a failure, 130 on
SIGINT), stderr's one-line messages, and every byte written to a pipe just before the exit
(`--json` output read by another program).  The console script is run as pip installs it: a
wrapper that imports the `[project.scripts]` target of pyproject.toml and `sys.exit`s its result.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import tomllib

import pytest
from support.hardening_support import REPO_ROOT, child_env
from support.optout_dataset import first_version

# What pip writes as `bin/codecurate` for a `[project.scripts]` entry `module:function`.
_WRAPPER = """\
import re
import sys
from {module} import {function}
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit({function}())
"""


# Says so on stderr when the interpreter tears down (`atexit` runs): `os._exit` skips it.
_TEARDOWN = "import atexit, sys\natexit.register(lambda: sys.stderr.write('TEARDOWN-RAN\\n'))\n"


def _console_script() -> list[str]:
    target = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["scripts"]["codecurate"]
    module, function = target.split(":")
    return [sys.executable, "-c", _TEARDOWN + _WRAPPER.format(module=module, function=function)]


ENTRIES = {"console script": _console_script(),
           "python -m pipeline.cli": [sys.executable, "-c", _TEARDOWN + "import runpy\n"
                                      "runpy.run_module('pipeline.cli', run_name='__main__', alter_sys=True)\n"]}


def _env() -> dict[str, str]:
    """As a user's shell starts it: stdout to a pipe is block-buffered (output not flushed before
    the exit would be lost), whatever this test process was started with."""
    env = child_env()
    env.pop("PYTHONUNBUFFERED", None)
    return env


def _run(entry: str, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([*ENTRIES[entry], *args], env=_env(), capture_output=True, text=True, timeout=300)
    assert "TEARDOWN-RAN" not in done.stderr  # both leave with os._exit, skipping the interpreter's teardown
    return done


@pytest.mark.parametrize("entry", ENTRIES)
def test_exit_codes_and_messages(entry):
    shown = _run(entry, "update", "--help")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.rstrip().endswith("(optout.copies in the config).")  # the last line of the help
    usage = _run(entry, "run")
    assert usage.returncode == 2
    assert "the following arguments are required: INPUT, --output" in usage.stderr
    missing = _run(entry, "verify", str(REPO_ROOT / "no-such-dataset"))
    assert missing.returncode == 1
    assert "manifest.json missing or unreadable" in missing.stderr


@pytest.mark.parametrize("entry", ENTRIES)
def test_json_written_just_before_the_exit_reaches_the_pipe(entry):
    built = first_version()
    done = _run(entry, "diff", str(built.v1), str(built.v1), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)  # all of it: a lost tail would not parse
    assert result["old"]["manifest_sha256"] == result["new"]["manifest_sha256"]
    audit = _run(entry, "audit", str(built.v1), "--file", "*", "--json")  # every file
    assert audit.returncode == 0, audit.stderr
    assert len(audit.stdout) > 8192  # more than one pipe buffer: flushed along the way and at the end
    assert json.loads(audit.stdout)


def test_sigint_ends_the_console_script_with_130(tmp_path):
    built = first_version()
    output = tmp_path / "out"
    child = subprocess.Popen([*ENTRIES["console script"], "run", str(built.dumps), "--output", str(output),
                              "--config", str(built.config), "--workers", "1", "--quiet"],
                             env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while not (output / ".tmp").exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert child.poll() is None, child.communicate()[1].decode()[-2000:]
    os.kill(child.pid, signal.SIGINT)
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == 130, stderr.decode()[-2000:]
    assert "interrupted; nothing was published" in stderr.decode()
    assert not (output / "manifest.json").exists()


def _beam_temp_folders(tmpdir) -> list[str]:
    return sorted(path.name for path in tmpdir.glob("beam-pipeline-temp*"))


@pytest.mark.parametrize("how", ["dry run", "dry run of an update", "refused output", "SIGINT while running"])
def test_no_beam_temp_folder_is_left_behind(tmp_path, how):
    """Beam removes its pipeline's temp folder only when `run()` returns; a process that describes a
    pipeline, refuses it or is interrupted must not leave one per call in the system's temp dir."""
    built = first_version()
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    env = {**_env(), "TMPDIR": str(tmpdir)}
    common = ["--config", str(built.config), "--workers", "1", "--quiet"]
    if how == "dry run of an update":
        command = ["update", str(built.v1), str(built.dumps), "--output", str(tmp_path / "v2"), "--dry-run"]
    else:
        output = built.v1 if how == "refused output" else tmp_path / "out"
        command = ["run", str(built.dumps), "--output", str(output), *common] + (["--dry-run"] if how == "dry run" else [])
    child = subprocess.Popen([*ENTRIES["console script"], *command], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, start_new_session=True)
    if how == "SIGINT while running":
        deadline = time.monotonic() + 120
        while not (tmp_path / "out" / ".tmp").exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert child.poll() is None
        os.kill(child.pid, signal.SIGINT)
    _, stderr = child.communicate(timeout=120)
    expected = {"dry run": 0, "dry run of an update": 0, "refused output": 1, "SIGINT while running": 130}[how]
    assert child.returncode == expected, stderr.decode()[-2000:]
    assert _beam_temp_folders(tmpdir) == []
