"""Test-wide settings: nothing may reach the network (no hub, no public-suffix list, no Prism)."""

import os

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""


import pytest  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def verify_every_built_dataset(tmp_path_factory):
    """After the last test, `verify` every dataset any test built (see tests/support/built_datasets.py)."""
    yield
    from support.built_datasets import verify_all

    checked, problems = verify_all(tmp_path_factory.getbasetemp())
    report = "\n".join(f"{dataset}:\n  " + "\n  ".join(failures) for dataset, failures in problems.items())
    assert not problems, f"{len(problems)} of {checked} datasets built by the tests do not verify:\n{report}"
