"""A licence file read as a reader reads it, part by part (issue 24): a choice sentence followed by the
texts it offers, the LLVM exception after Apache-2.0, a footnote comparing with the GPL, permissive
licences named in plain words, Windows line ends. Every expression emitted is valid SPDX. The prose
is written for these tests; licence texts come from licenseclassifier's templates."""

from licenses.config import LicensesConfig
from licenses.licence_files import read_licence_file
from licenses.names import names_in_text
from licenses.spdx import combine, leaf, normalise_expression, render, spdx_errors
from licenses.template_texts import template_text

BSD3 = "Copyright (c) 2010, Example Foundation\nAll rights reserved.\n\n" + template_text("BSD-3-Clause")
SEPARATOR = "\n" + "-" * 79 + "\n"


def read(text: str) -> list[str]:
    return [render(expr) for expr in read_licence_file(text, "LICENSE", LicensesConfig()).exprs]


def test_either_or_then_both_texts_is_the_choice() -> None:
    text = (
        "Widgetkit is available under *either* the terms of the modified BSD license *or* the\n"
        "Academic Free License version 2.1. As a recipient of Widgetkit, you may choose which\n"
        "license to receive this code under.\n\nThe text of the AFL and BSD licenses is reproduced below.\n"
        + SEPARATOR + "The \"New\" BSD License:\n**********************\n\n" + BSD3
        + SEPARATOR + "The Academic Free License, v. 2.1:\n**********************************\n\n" + template_text("AFL-2.1")
    )
    assert read(text) == ["BSD-3-Clause OR AFL-2.1"]
    assert read(text.replace("\n", "\r\n")) == ["BSD-3-Clause OR AFL-2.1"]


def test_a_choice_whose_opening_restricts_is_not_a_plain_choice() -> None:
    text = (
        "Widgetkit is available under either the BSD license or the AFL, at your option, for non-commercial use only.\n"
        + SEPARATOR + BSD3 + SEPARATOR + template_text("AFL-2.1")
    )
    assert all("OR" not in expression or "LicenseRef" in expression for expression in read(text))


LLVM = (
    "---- LLVM Exceptions to the Apache 2.0 License ----\n\n"
    "As an exception, if, as a result of your compiling your source code, portions\n"
    "of this Software are embedded into an Object form of such source code, you\n"
    "may redistribute such embedded portions in such Object form without complying\n"
    "with the conditions of Sections 4(a), 4(b) and 4(d) of the License.\n\n"
    "In addition, if you combine or link compiled forms of this Software with\n"
    "software that is licensed under the GPLv2 (\"Combined Software\") and if a\n"
    "court of competent jurisdiction determines that the patent provision (Section\n"
    "3), the indemnity provision (Section 9) or other Section of the License\n"
    "conflicts with the conditions of the GPLv2, you may retroactively and\n"
    "prospectively choose to deem waived or otherwise exclude such Section(s) of\n"
    "the License, but only in their entirety and only with respect to the Combined\n"
    "Software.\n"
)


def test_apache_with_the_llvm_exception_text_is_that_exception() -> None:
    assert read(template_text("Apache-2.0") + "\n\n" + LLVM) == ["Apache-2.0 WITH LLVM-exception"]
    assert render(normalise_expression("Apache-2.0 WITH LLVM exception")) == "Apache-2.0 WITH LLVM-exception"


def test_a_footnote_about_gpl_compatibility_is_not_the_gpl() -> None:
    text = (
        "Gadget is licensed under The BSD License (3 Clause, also known as the new BSD license).\n"
        "The license is an OSI approved Open Source license and is GPL-compatible(1).\n\n" + BSD3 + "\n\n"
        "Footnotes\n=========\n(1) A GPL-compatible license makes it possible to combine Gadget with other software\n"
        "    that is released under the GPL, it does not mean that we're distributing Gadget under the GPL license.\n"
        "    The BSD license, unlike the GPL, lets you distribute a modified version without publishing your changes.\n"
    )
    assert read(text) == ["BSD-3-Clause"]
    footnote = text.split("Footnotes", 1)[1]
    assert names_in_text(footnote, with_fallback=False) == ["BSD-3-Clause"]


def test_permissive_licences_named_in_plain_words_are_those_licences() -> None:
    assert read("This module is in the public domain.\n\nParts of it were adapted from the Python standard library\n"
                "and are covered by the Python Software Foundation License.\n") == ["PSF-2.0 AND LicenseRef-scancode-public-domain"]
    # The same words with a condition stay unknown.
    assert "LicenseRef-scancode-unknown" in read("This module is in the public domain for personal use only.\n")[0]


def test_every_expression_emitted_is_valid_spdx() -> None:
    odd = [
        normalise_expression("Apache-2.0 WITH LLVM exception"), normalise_expression("GPL-2.0-only WITH MIT"),
        normalise_expression("MIT OR (Apache-2.0 WITH not-an-exception)"), normalise_expression("MIT AND CommonsClause"),
        combine("OR", [leaf("MIT"), leaf("GPL-2.0-only", "weird exception")]), combine("AND", [leaf("CommonsClause"), leaf("MIT")]),
    ]
    for expr in odd:
        text = render(expr)
        assert text and spdx_errors(text) == [], (expr, text)
        for item in expr.leaves():
            assert spdx_errors(item.label) == [], item.label
