"""Licence type decisions (licenses/policy.py)."""

from types import SimpleNamespace

import pytest

from licenses.config import LicensesConfig, PolicyConfig
from licenses.policy import NO_LICENSE, NON_PERMISSIVE, PERMISSIVE, LicensePolicy, PolicyStep
from licenses.spdx import leaf, normalise_expression


def _type(*expressions: str, config: LicensesConfig | None = None) -> str:
    exprs = [expr for text in expressions if (expr := normalise_expression(text))]
    return LicensePolicy(config or LicensesConfig()).license_type(exprs)


@pytest.mark.parametrize(
    ("expressions", "expected"),
    [
        (["MIT"], PERMISSIVE),
        (["Unlicense"], PERMISSIVE),
        (["GPL-3.0-only"], NON_PERMISSIVE),
        (["MIT OR GPL-3.0-only"], PERMISSIVE),
        (["MIT AND GPL-3.0-only"], NON_PERMISSIVE),
        (["MIT", "GPL-3.0-only"], NON_PERMISSIVE),
        (["MIT", "Apache-2.0"], PERMISSIVE),
        (["GPL-2.0-or-later WITH Classpath-exception-2.0"], NON_PERMISSIVE),
        (["LicenseRef-scancode-unknown"], NON_PERMISSIVE),
        (["LicenseRef-scancode-proprietary-license"], NON_PERMISSIVE),
        (["CC-BY-NC-4.0"], NON_PERMISSIVE),
        ([], NO_LICENSE),
    ],
)
def test_combination_rules(expressions: list[str], expected: str) -> None:
    assert _type(*expressions) == expected


def test_notice_tags_are_ignored() -> None:
    policy = LicensePolicy(LicensesConfig())
    cla = leaf("LicenseRef-scancode-generic-cla")
    patents = leaf("GooglePatentsFile")
    assert policy.license_type([cla, patents]) == NO_LICENSE
    assert policy.license_type([leaf("BSD-3-Clause"), patents]) == PERMISSIVE
    assert policy.license_ids([leaf("BSD-3-Clause"), patents, cla]) == ["BSD-3-Clause"]


def test_ids_are_sorted_unique_with_exceptions_kept() -> None:
    exprs = [normalise_expression("MIT OR GPL-2.0+ WITH Classpath-exception-2.0"), normalise_expression("MIT")]
    ids = LicensePolicy(LicensesConfig()).license_ids([expr for expr in exprs if expr])
    assert ids == ["GPL-2.0-or-later WITH Classpath-exception-2.0", "MIT"]


def test_allow_and_deny_lists_override_categories() -> None:
    assert _type("GPL-3.0-only", config=LicensesConfig(allow=["GPL-3.0"])) == PERMISSIVE  # deprecated alias
    assert _type("MIT", config=LicensesConfig(deny=["MIT"])) == NON_PERMISSIVE
    assert _type("MIT", config=LicensesConfig(allow=["MIT"], deny=["MIT"])) == NON_PERMISSIVE
    assert _type("GooglePatentsFile", config=LicensesConfig(deny=["GooglePatentsFile"])) == NON_PERMISSIVE


def test_policy_step_drops_types_not_kept() -> None:
    step = PolicyStep(PolicyConfig(keep=["permissive", "no_license"]))
    step.setup()
    assert step.process(SimpleNamespace(license_type="permissive")) is None
    assert step.process(SimpleNamespace(license_type="no_license")) is None
    assert step.process(SimpleNamespace(license_type="non_permissive")) == "license:non_permissive"
    assert PolicyStep(PolicyConfig()).process(SimpleNamespace(license_type="no_license")) == "license:no_license"
