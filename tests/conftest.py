"""Test-wide settings: nothing may reach the network (no hub, no public-suffix list, no Prism);
the commands the tests start receive Ctrl-C however pytest itself was started."""

import os
import signal

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""

# A shell starts a background job (`make test &`, `nohup …`) with SIGINT ignored, and an ignored
# signal stays ignored across exec: every command a test starts would then ignore Ctrl-C, as a
# launcher started that way rightly does (`pipeline/cli/interrupt.py`), and the signal tests would
# test the shell instead. A handled signal is reset to the default on exec.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


import pytest  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def verify_every_built_dataset(tmp_path_factory):
    """After the last test, `verify` every dataset any test built (see tests/support/built_datasets.py)."""
    yield
    from support.built_datasets import verify_all

    checked, problems = verify_all(tmp_path_factory.getbasetemp())
    report = "\n".join(f"{dataset}:\n  " + "\n  ".join(failures) for dataset, failures in problems.items())
    assert not problems, f"{len(problems)} of {checked} datasets built by the tests do not verify:\n{report}"
