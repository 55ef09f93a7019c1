"""A licence file whose opening offers one licence "or under" another, then gives both texts between
separator lines (issue 24, licence files with several parts): the reader may pick either, so the
file is the choice, never both at once. "and under" (both apply) and an opening that adds a
condition stay what they were. The opening sentences are written for these tests; the licence texts
come from licenseclassifier's templates."""

from licenses.config import LicensesConfig
from licenses.licence_files import read_licence_file
from licenses.policy import LicensePolicy
from licenses.spdx import render
from licenses.template_texts import template_text

SEPARATOR = "\n" + "-" * 69 + "\n\n"
BSD2 = "Copyright (c) 2011-2019, Example Gizmo Authors. All rights reserved.\n\n" + template_text("BSD-2-Clause")
GPL2 = template_text("GPL-2.0")


def read(opening: str) -> list[str]:
    text = opening + "\n" + SEPARATOR + "https://opensource.org/licenses/BSD-2-Clause\n\n" + BSD2 + SEPARATOR + GPL2
    return [render(expr) for expr in read_licence_file(text, "LICENSE.txt", LicensesConfig()).exprs]


def license_type(opening: str) -> str:
    text = opening + "\n" + SEPARATOR + BSD2 + SEPARATOR + GPL2
    return LicensePolicy(LicensesConfig()).license_type(read_licence_file(text, "LICENSE.txt", LicensesConfig()).exprs)


def test_or_under_another_licence_then_both_texts_is_a_choice() -> None:
    found = read("Gizmo is open. You can use, modify and redistribute it under a BSD\nlicense or under the GNU GPL, version 2.0.")
    assert len(found) == 1
    assert found[0].startswith("BSD-2-Clause OR GPL-2.0")
    assert license_type("Gizmo is open. You can use it under a BSD license or under the GNU GPL, version 2.0.") == "permissive"


def test_and_under_both_licences_is_not_a_choice() -> None:
    found = read("Gizmo is open. You can use, modify and redistribute it under a BSD\nlicense and under the GNU GPL, version 2.0.")
    assert not any(" OR " in expression for expression in found)
    assert license_type("Gizmo is open. You can use it under a BSD license and under the GNU GPL, version 2.0.") != "permissive"


def test_an_or_under_opening_that_adds_a_condition_is_not_a_plain_choice() -> None:
    found = read("Gizmo may be used for non-commercial purposes only, under a BSD license or under the GNU GPL, version 2.0.")
    assert all(" OR " not in expression or "LicenseRef" in expression for expression in found)
