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


def test_or_follows_the_choose_setting() -> None:
    assert _type("MIT OR GPL-3.0-only") == PERMISSIVE
    assert _type("MIT OR GPL-3.0-only", config=LicensesConfig(choose="all_allowed")) == NON_PERMISSIVE
    assert _type("MIT OR Apache-2.0", config=LicensesConfig(choose="all_allowed")) == PERMISSIVE


def test_with_keeps_the_exception_in_view() -> None:
    assert _type("Apache-2.0 WITH LLVM-exception") == PERMISSIVE
    assert _type("Apache-2.0 WITH LicenseRef-scancode-commons-clause") == NON_PERMISSIVE
    assert _type("GPL-2.0-only WITH Classpath-exception-2.0") == NON_PERMISSIVE
    assert _type("MIT WITH LicenseRef-made-up-exception") == NON_PERMISSIVE


def test_field_of_use_licences_are_not_permissive() -> None:
    assert _type("JSON") == NON_PERMISSIVE
    assert _type("LicenseRef-scancode-rsalv2") == NON_PERMISSIVE
    assert _type("PolyForm-Small-Business-1.0.0") == NON_PERMISSIVE


def test_expression_column_leaves_notices_out() -> None:
    policy = LicensePolicy(LicensesConfig())
    exprs = [normalise_expression("MIT OR Apache-2.0"), leaf("LicenseRef-scancode-generic-cla"), leaf("GPL-2.0-only", "Classpath-exception-2.0")]
    assert policy.expression(exprs) == "(MIT OR Apache-2.0) AND GPL-2.0-only WITH Classpath-exception-2.0"
    assert policy.license_ids(exprs) == ["Apache-2.0", "GPL-2.0-only WITH Classpath-exception-2.0", "MIT"]
    assert policy.expression([]) == ""
