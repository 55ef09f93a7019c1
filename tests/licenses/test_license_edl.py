"""The Eclipse Distribution License 1.0 is the BSD-3-Clause text under another name (SPDX gives it no
id of its own): a licence file that names it beside the EPL as a dual licence is that choice, and
the Eclipse *Public* License stays the EPL. The sentences are written for these tests."""

from licenses.config import LicensesConfig
from licenses.licence_files import read_licence_file
from licenses.names import names_in_text
from licenses.policy import LicensePolicy
from licenses.spdx import render

DUAL = (
    "This project is dual licensed under the Eclipse Public License 2.0 and the\n"
    "Eclipse Distribution License 1.0 as described in the epl-2.0.txt and edl-1.0.txt files.\n"
)


def test_edl_named_beside_the_epl_is_a_permissive_choice() -> None:
    reading = read_licence_file(DUAL, "LICENSE.txt", LicensesConfig())
    assert [render(expr) for expr in reading.exprs] == ["EPL-2.0 OR BSD-3-Clause"]
    assert LicensePolicy(LicensesConfig()).license_type(reading.exprs) == "permissive"


def test_edl_spellings_are_bsd_3_clause_and_the_epl_is_not() -> None:
    assert names_in_text("Eclipse Distribution License - v 1.0", with_fallback=False) == ["BSD-3-Clause"]
    assert names_in_text("released under the EDL-1.0", with_fallback=False) == ["BSD-3-Clause"]
    assert names_in_text("Eclipse Public License - v 2.0", with_fallback=False) == ["EPL-2.0"]


def test_epl_alone_stays_non_permissive() -> None:
    text = "This project is licensed under the Eclipse Public License 2.0 as described in the epl-2.0.txt file.\n"
    reading = read_licence_file(text, "LICENSE.txt", LicensesConfig())
    assert LicensePolicy(LicensesConfig()).license_type(reading.exprs) != "permissive"
