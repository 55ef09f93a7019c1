"""SPDX expression normalisation and ScanCode categories (licenses/spdx.py)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licenses.headers import scan_header
from licenses.spdx import UNKNOWN, LicenseExpr, canonical_id, category, leaf, normalise_expression


def test_or_expression_keeps_both_branches() -> None:
    expr = normalise_expression("MIT OR Apache-2.0")
    assert expr == LicenseExpr("OR", (leaf("MIT"), leaf("Apache-2.0")))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GPL-2.0+", "GPL-2.0-or-later"),
        ("GPL-2.0", "GPL-2.0-only"),
        ("gpl-3.0-or-later", "GPL-3.0-or-later"),
        ("mit", "MIT"),
        ("Apache License, Version 2.0", "Apache-2.0"),
        ("BSD", "BSD-3-Clause"),
    ],
)
def test_single_ids_are_canonical(text: str, expected: str) -> None:
    assert normalise_expression(text) == leaf(expected)


def test_with_exception_is_one_leaf_labelled_with_its_exception() -> None:
    expr = normalise_expression("LGPL-2.1-or-later WITH Classpath-exception-2.0")
    assert expr is not None and expr.op == "ID"
    assert expr.label == "LGPL-2.1-or-later WITH Classpath-exception-2.0"


def test_cargo_slash_means_or() -> None:
    assert normalise_expression("MIT/Apache-2.0") == LicenseExpr("OR", (leaf("MIT"), leaf("Apache-2.0")))


def test_nested_expression() -> None:
    expr = normalise_expression("Apache-2.0 AND (MIT OR GPL-3.0+)")
    assert expr is not None and expr.op == "AND"
    assert [item.key for item in expr.leaves()] == ["Apache-2.0", "MIT", "GPL-3.0-or-later"]


@pytest.mark.parametrize("text", ["Foo Corp Licence v3", "MIT AND", "NOASSERTION", "other"])
def test_unreadable_or_unasserted_is_unknown_not_absent(text: str) -> None:
    expr = normalise_expression(text)
    assert expr is not None and UNKNOWN in [item.key for item in expr.leaves()]


@pytest.mark.parametrize("text", ["", "   ", "NONE"])
def test_nothing_stated_is_none(text: str) -> None:
    assert normalise_expression(text) is None


def test_categories_come_from_the_scancode_index() -> None:
    assert category("MIT") == "Permissive"
    assert category("Unlicense") == "Public Domain"
    assert category("GPL-3.0-only") == "Copyleft"
    assert category("no-such-licence") is None
    assert canonical_id("bsd-new") == "BSD-3-Clause"
    assert canonical_id("GPL-2.0+") == "GPL-2.0-or-later"


@pytest.mark.parametrize("text", ["MIT AND ()", "() AND MIT", "Apache-2.0 WITH ()", "MIT AND (())"])
def test_an_empty_group_beside_a_licence_is_read_as_an_unknown_part(text: str) -> None:
    """license-expression's parser raises IndexError on an empty group next to an operator (seen in
    real headers as a half-filled template); the broken part may be restrictive, so it is unknown."""
    expr = normalise_expression(text)
    assert expr is not None and leaf(UNKNOWN) in expr.args


TAG_TOKENS = st.sampled_from(["MIT", "Apache-2.0", "GPL-2.0+", "LicenseRef-x", "Classpath-exception-2.0",
                              " AND ", " OR ", " WITH ", "and", "+", "(", ")", "()", " ", "/", ",", "\"", "*/"])


@settings(max_examples=300, deadline=None)
@given(tokens=st.lists(TAG_TOKENS, max_size=10))
def test_any_spdx_tag_is_read_without_raising(tokens: list[str]) -> None:
    """A header's tag is text anyone can write: reading it must decide, never crash a worker."""
    line = "// SPDX-License-Identifier: " + "".join(tokens)
    evidence = scan_header(line + "\nint main(void) { return 0; }\n", max_lines=50, max_chars=8192)
    assert all(isinstance(expr, LicenseExpr) for expr in evidence.override)
