"""Licence files and headers read as a careful reader reads them (issue 24, the file-read misses).

Each fixture is written for this test and modelled on a real situation: a licence typeset with words
hyphenated across line ends and two titled sections (libxslt), an X11 non-endorsement clause, a
licence's version preamble with two addresses (Info-ZIP), an "MIT License" title over copyright and
disclaimer only (keyv), a LICENSE that is one SPDX expression beside the two texts (pyroute2), a
copyright-line template named like a licence beside the Apache text (snowflake-sqlalchemy), gnulib's
m4 headers in `dnl` comments. Licence texts come from licenseclassifier's templates."""

from licenses.config import LicensesConfig
from licenses.headers import scan_header
from licenses.licence_files import read_licence_file, spdx_expression_file
from licenses.prose import states_restriction
from licenses.spdx import UNKNOWN, leaf, render, spdx_errors
from licenses.template_texts import template_text
from tests.support.licence_scan import decide_as_ingest

CONFIG = LicensesConfig()
CODE = "int main(void) { return 0; }\n"


def read(text: str, name: str = "LICENSE") -> list[str]:
    expressions = [render(expr) for expr in read_licence_file(text, name, CONFIG).exprs]
    assert all(not spdx_errors(expression) for expression in expressions)
    return expressions


def decide(files: dict[str, str]):
    return decide_as_ingest(files, "widget.c", CONFIG, text=CODE)


def _typeset(text: str) -> str:
    """The text as a narrow typesetter breaks it: words hyphenated across line ends."""
    return text.replace("furnished", "fur-\nnished").replace("FITNESS", "FIT-\nNESS").replace("CONNECTION", "CON-\nNECTION")


ENDORSEMENT = (
    "\nExcept as contained in this notice, the name of Jo Widget shall not\n"
    "be used in advertising or otherwise to promote the sale, use or other deal-\n"
    "ings in this Software without prior written authorization from her.\n"
)


def test_words_broken_across_line_ends_and_titled_sections_read_as_the_licence() -> None:
    mit = template_text("MIT")
    assert "fur-\nnished" in _typeset(mit)
    rule = "-" * 70
    text = (
        f"Licence for widgetlib except widgetext\n{rule}\n Copyright (C) 2003 Jo Widget.  All Rights Reserved.\n\n"
        + _typeset(mit) + ENDORSEMENT + f"\n{rule}\n\nLicence for widgetext\n{rule}\n Copyright (C) 2004 Al Ext.\n\n"
        + _typeset(mit) + ENDORSEMENT + f"{rule}\n"
    )
    assert read(text) == ["MIT"]


def test_a_hyphen_at_a_line_end_hides_no_restriction() -> None:
    # The text is not rewritten (a real compound such as "non-\nexclusive" stays as the templates have
    # it); the patterns that find restrictions and third-party parts read across the break instead.
    assert states_restriction("for non-\ncommercial use only")
    assert UNKNOWN in " ".join(read(template_text("MIT") + "\nThis copy may be used for non-\ncommercial purposes only.\n"))


def test_a_non_endorsement_clause_is_not_a_restriction_on_the_code() -> None:
    assert not states_restriction(ENDORSEMENT)
    assert not states_restriction("The names of the authors may not be used to endorse or promote products derived from it.")
    assert states_restriction("The software shall not be used for commercial purposes without prior written permission.")
    assert states_restriction(ENDORSEMENT + " The code must not be sold.")
    # A second clause in the same sentence is still read.
    assert states_restriction("The name of Jo Widget may not be used to endorse products derived from this software "
                              "without prior written permission, and this software must not be sold.")
    assert states_restriction("The name of Jo Widget may not be used to endorse products derived from it, "
                              "and the code may not be used for commercial purposes.")


def test_a_version_preamble_with_addresses_does_not_spoil_a_near_verbatim_licence() -> None:
    preamble = (
        "This is version 2011-Jun-30 of the Widget-Zip license.\n"
        "The definitive version of this document should be available at\n"
        "ftp://ftp.widget-zip.example.org/pub/widgetzip/license-terms.html indefinitely and\n"
        "a copy at http://www.widget-zip.example.org/pub/widgetzip/license-terms.html.\n\n"
    )
    # Its disclaimer reworded as real copies are: the classifier no longer matches it, the near-verbatim reading does.
    body = (template_text("Info-ZIP").replace("be held liable for\nany direct", "be held liable or responsible for\nany direct")
            .replace("arising\nout of the use", "arising in any way\nout of the use").replace("as is,", "as is and with all faults,"))
    assert read(preamble + body) == ["Info-ZIP"]
    # … also when typeset with words hyphenated across line ends (the same letters, split otherwise).
    typeset = body.replace("redistribute", "redis-\ntribute").replace("commercial", "com-\nmercial")
    assert read(preamble + typeset) == ["Info-ZIP"]
    # The same preamble adding a condition stays unknown.
    assert UNKNOWN in " ".join(read(preamble.replace("indefinitely", "for non-commercial use only") + body))


DISCLAIMER = (
    'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\n'
    "IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\n"
    "FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\n"
    "AUTHORS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY.\n"
)


def test_a_permissive_title_over_copyright_and_disclaimer_only_is_that_licence() -> None:
    assert read("MIT License\n\nCopyright (c) 2019 Jo Widget\nCopyright (c) 2022 Al Ext\n\n" + DISCLAIMER) == ["MIT"]
    # A condition beside the disclaimer, or a title that is not a permissive licence, is not.
    assert UNKNOWN in " ".join(read("MIT License\n\nCopyright (c) 2019 Jo Widget\n\nFor personal use only.\n\n" + DISCLAIMER))
    assert read("Widget Commercial License\n\nCopyright (c) 2019 Jo Widget\n\n" + DISCLAIMER) != ["MIT"]
    # A condition written inside the disclaimer paragraph keeps it: it is not only a disclaimer.
    assert UNKNOWN in " ".join(read("MIT License\n\nCopyright (c) 2019 Jo Widget\n\n"
                                    + DISCLAIMER.replace("LIABILITY.", "LIABILITY, PROVIDED A ROYALTY IS PAID FOR EACH COPY.")))


def test_a_licence_file_that_is_one_spdx_expression_states_it() -> None:
    assert render(spdx_expression_file("GPL-2.0-or-later OR Apache-2.0\n")) == "GPL-2.0-or-later OR Apache-2.0"
    assert spdx_expression_file("Copyright 2020 Jo Widget") is None
    assert spdx_expression_file("MIT AND Widget-Private-1.0") is None  # not an id SPDX knows
    assert spdx_expression_file("MIT\nfor non-commercial use") is None
    decision = decide({
        "LICENSE": "GPL-2.0-or-later OR Apache-2.0\n",
        "LICENSE.Apache-2.0": template_text("Apache-2.0"),
        "LICENSE.GPL-2.0-or-later": template_text("GPL-2.0"),
    })
    assert decision.license_type == "permissive" and " OR " in decision.expression


def test_a_copyright_only_file_yields_to_the_licence_beside_it() -> None:
    header = "\nCopyright (c) 2012-2023 Widget Computing Inc. All rights reserved.\n"
    beside = decide({"LICENSE.txt": template_text("Apache-2.0"), "license_header.txt": header})
    assert (beside.license_type, beside.license) == ("permissive", ["Apache-2.0"])
    alone = decide({"LICENSE": header})
    assert alone.license_type == "non_permissive"


GNULIB_M4 = (
    "# widget.m4 serial 12\n"
    "dnl Copyright (C) 2003-2022 Free Software Foundation, Inc.\n"
    "dnl This file is free software; the Free Software Foundation\n"
    "dnl gives unlimited permission to copy and/or distribute it,\n"
    "dnl with or without modifications, as long as this notice is preserved.\n"
    "dnl\n"
    "dnl This file can be used in projects which are not available under\n"
    "dnl the GNU General Public License or the GNU Lesser General Public\n"
    "dnl License but which still want to provide support for widgets.\n"
    "\nAC_DEFUN([gl_WIDGET], [\n  AC_REQUIRE([AC_PROG_CC])\n])\n"
)


def test_m4_dnl_comments_are_read_as_the_header() -> None:
    header = scan_header(GNULIB_M4, max_lines=CONFIG.header_lines, max_chars=CONFIG.header_chars)
    assert header.override == [leaf("FSFULLR")]
    assert header.extra == []  # the GPL is named as what the projects need *not* be under
    batch = "@echo off\nREM Copyright (C) 2020 Jo Widget\nREM This file is free software; the Free Software Foundation\nREM gives unlimited permission to copy and/or distribute it,\nREM with or without modifications, as long as this notice is preserved.\n"
    assert scan_header(batch, max_lines=50, max_chars=4000).override == [leaf("FSFULLR")]


def test_a_licence_named_after_but_is_still_read() -> None:
    text = "// This file is not licensed under the MIT license but under the GNU General Public License.\nint x;\n"
    header = scan_header(text, max_lines=50, max_chars=4000)
    assert [item.key for item in header.extra] == ["GPL-1.0-or-later"]


def test_a_heading_hyphenated_across_lines_is_still_read() -> None:
    gpl_notice = (
        "widget-fft.c is free software; you can redistribute it and/or modify it under the terms of the GNU\n"
        "General Public License as published by the Free Software Foundation; either version 2 of the License,\n"
        "or (at your option) any later version.\n"
    )
    text = "Copyright (c) 2021 Jo Widget\n\n" + template_text("MIT") + "\n" + "-" * 72 + "\nNotices for the third-\nparty components kept in contrib/:\n\n" + gpl_notice
    assert read(text) == ["MIT"]


def test_a_third_party_heading_that_ends_at_its_keyword_starts_the_bundled_part() -> None:
    text = (
        "The code of Widgetcrypt is partly in the public domain and partly under the BSD 2-Clause license.\n\n"
        "BSD license\n===========\n\nCopyright (c) 2014 Jo Widget\n\n" + template_text("BSD-2-Clause") + "\n\n"
        "Third-party code\n================\n\n"
        + "".join(f"The directory ``src/{name}`` holds code from {name} (https://example.org/{name}), available under\n"
                  f"the GNU General Public License version 2 or the Mozilla Public License 2.0, at your choice.\n"
                  f"See ``src/{name}/COPYING`` for the full text of the licenses.\n\n" for name in ("fastmul", "fastadd", "fastdiv"))
    )
    assert "GPL" not in " ".join(read(text))


README_WITH_BADGE = (
    "# widget\n\n[![npm](https://img.shields.io/npm/v/widget.svg)](https://example.org/widget) "
    "[![License](https://img.shields.io/badge/license-MPL--2.0%20OR%20Apache--2.0-blue.svg)](LICENSE)\n\nA widget.\n"
)


def test_a_readme_badge_choice_covers_the_licence_texts_it_names() -> None:
    decision = decide({"README.md": README_WITH_BADGE, "LICENSE": template_text("Apache-2.0"), "LICENSE-MPL": template_text("MPL-2.0")})
    assert decision.license_type == "permissive" and decision.expression == "MPL-2.0 OR Apache-2.0"
    # Alone it declares nothing: no licence text, no licence.
    assert decide({"README.md": README_WITH_BADGE}).license_type == "no_license"
    # Beside a licence text it does not name, that text decides.
    gpl = decide({"README.md": README_WITH_BADGE, "LICENSE": template_text("Apache-2.0"), "COPYING": template_text("GPL-3.0")})
    assert gpl.license_type == "non_permissive"


def test_a_file_named_alone_on_a_line_opens_that_files_notice() -> None:
    gnu = (
        "Widgetsh is free software; you can redistribute it and/or modify it under\n"
        "the terms of the GNU General Public License as published by the Free\n"
        "Software Foundation; either version 2, or (at your option) any later\nversion.\n"
    )
    text = ("Copyright (c) 1995 Jo Widget.  All rights reserved.\n\n" + template_text("BSD-3-Clause") + "\n\nmkwidgets.c:\n\n"
            "This file is not linked with widgetsh.  Its output is.\n\nCopyright (C) 1993 Free Software Foundation, Inc.\n\n" + gnu)
    reading = read_licence_file(text, "COPYING", CONFIG)
    assert [render(expr) for expr in reading.exprs] == ["BSD-3-Clause"]
    assert [paths for paths, _ in reading.scoped] == [("mkwidgets.c", "*/mkwidgets.c")]
    decision = decide({"COPYING": text})
    assert decision.license_type == "permissive"
    assert decide_as_ingest({"COPYING": text}, "src/mkwidgets.c", CONFIG, text=CODE).license_type == "non_permissive"


def test_code_comments_after_the_header_add_no_condition_to_its_notice() -> None:
    m4 = (
        "# widget_h.m4 serial 3\n"
        "dnl Copyright (C) 2009-2023 Free Software Foundation, Inc.\n"
        "dnl This file is free software; the Free Software Foundation\n"
        "dnl gives unlimited permission to copy and/or distribute it,\n"
        "dnl with or without modifications, as long as this notice is preserved.\n\n"
        "AC_DEFUN([gl_WIDGET_H], [\n  AC_REQUIRE([gl_WIDGET_H_LGPL])\n  dnl Prerequisites of lib/widget-lgpl.c.\n])\n\n"
        "# This macro invocation must not occur in macros that are AC_REQUIREd.\nAC_DEFUN([gl_WIDGET_INDICATOR], [x])\n"
    )
    header = scan_header(m4, max_lines=CONFIG.header_lines, max_chars=CONFIG.header_chars)
    assert (header.override, header.extra) == ([leaf("FSFULLR")], [])
    # A condition in the header itself still counts.
    for condition in ("It must not be sold.", "It must not be used in medical devices."):
        restricted = m4.replace("as long as this notice is preserved.\n", f"as long as this notice is preserved.\ndnl\ndnl {condition}\n")
        header = scan_header(restricted, max_lines=CONFIG.header_lines, max_chars=CONFIG.header_chars)
        assert UNKNOWN in [item.key for expr in header.override for item in expr.leaves()], condition


def test_a_readme_title_that_holds_the_word_in_a_name_is_not_the_licence_section() -> None:
    from licenses.readme import licence_section, readme_licenses

    readme = (
        "# widget-license-list\n\nA list of [licence](https://example.org/licenses/) names.\n\n## Usage\n\n"
        "```js\nconst names = require('widget-license-list');\n```\n\n## License\n\n"
        "[Creative Commons Zero v1.0 Universal](https://creativecommons.org/publicdomain/zero/1.0/)\n"
    )
    assert licence_section(readme).startswith("[Creative Commons Zero")
    assert "CC0-1.0" in [item.key for expr in readme_licenses(readme) for item in expr.leaves()]
    assert licence_section("# Widget\n\n## Licensing\n\nMIT\n") == "MIT"


def test_licence_files_named_after_their_licence_first() -> None:
    from licenses.filenames import EvidenceKind, evidence_kind

    for name in ("MIT-LICENSE", "BSD-LICENSE.txt", "APACHE-LICENSE-2.0.txt", "GPL-LICENSE-2.txt"):
        assert evidence_kind(name) is EvidenceKind.LICENSE, name
    for name in ("gpl-license.c", "mit-license.js", "mit-license-checker.py", "zlib.map"):
        assert evidence_kind(name) is None, name


def test_under_both_a_or_b_is_a_choice() -> None:
    readme = (
        "# odfwidget\n\n## REDISTRIBUTION LICENSE\n\nThis is odfwidget, Copyright (C) 2006-2020 Jo Widget.\n\n"
        "It is distributed under both GNU General Public License v.2 or (at\nyour option) any later version or APACHE License v.2.\n"
        "See GPL-LICENSE-2.txt and APACHE-LICENSE-2.0.txt.\n"
    )
    files = {"README.md": readme, "GPL-LICENSE-2.txt": template_text("GPL-2.0"), "APACHE-LICENSE-2.0.txt": template_text("Apache-2.0")}
    assert decide(files).license_type == "permissive"
    # "under both A and B" is a conjunction; the GPL's own "or any later version" offers no other licence.
    assert decide({**files, "README.md": readme.replace("any later version or APACHE", "any later version and APACHE")}).license_type == "non_permissive"


WIDGET_HISTORY = (
    "A. HISTORY OF THE SOFTWARE\n==========================\n\n"
    "Widgetlang was created in 1994 by Jo Widget at the Example Institute as a successor of a\n"
    "language called Gadget. In 1999 Jo moved to Example Labs, where several versions were released;\n"
    "in 2003 the Widgetlang Foundation was formed to own Widgetlang-related intellectual property.\n\n"
    "All Widgetlang releases are Open Source. Historically, most, but not all, releases have also been\n"
    "GPL-compatible; the table below summarizes the various releases.\n\n"
    "    Release   Derived from   Year   Owner             GPL-compatible?\n"
    + "".join(f"    {major}.{minor}       {major}.{max(minor - 1, 0)}            {1994 + major * 3 + minor}   Widgetlang Found.  yes\n"
              for major in range(1, 4) for minor in range(4))
    + "\nFootnotes: being GPL-compatible does not mean that we distribute Widgetlang under the GPL;\n"
    "all Widgetlang licences, unlike the GPL, let you distribute a modified version without making\n"
    "your changes open source.\n\nThanks to the many volunteers who made these releases possible.\n\n\n"
    "B. TERMS AND CONDITIONS FOR ACCESSING OR OTHERWISE USING WIDGETLANG\n"
    "===================================================================\n\n"
)


def test_a_history_section_before_the_terms_adds_no_licence() -> None:
    psf = template_text("PSF-2.0")
    assert read(WIDGET_HISTORY + psf) == ["PSF-2.0"]
    # A history that restricts is read.
    restricted = WIDGET_HISTORY.replace("Thanks to", "Releases after 3.0 are for non-commercial use only. Thanks to")
    assert UNKNOWN in " ".join(read(restricted + psf))


def test_exceptions_naming_a_file_and_bundled_binaries_stay_with_those_parts() -> None:
    text = (
        "widgetxml is copyright Jo Widget and distributed under the BSD license (see\n"
        "doc/licenses/BSD.txt), with the following exceptions:\n\n"
        "A copy of difflib is used as part of widgetxml.html, forked from the CPython standard\n"
        "library and licensed under the PSF-License v2. See https://docs.python.org/3/license.html\n\n"
        "runtests.py, the test-runner script, is GPL and copyright Example Foundation.\n"
        "See doc/licenses/GPL.txt.\n\n"
        "Binary wheels\n-------------\n\n"
        "The distributed binary wheels include bundled versions of the libraries\nzlib and iconv.\n"
        "These libraries are linked and distributed under their following respective licenses:\n\n"
        "**iconv**: LGPL 2.1, https://www.gnu.org/licenses/old-licenses/lgpl-2.1.en.html\n"
    )
    reading = read_licence_file(text, "LICENSES.txt", CONFIG)
    own = " ".join(render(expr) for expr in reading.exprs)
    assert "GPL" not in own, own
    assert [(paths, render(expr)) for paths, expr in reading.scoped] == [(("runtests.py", "*/runtests.py"), "GPL-1.0-or-later")]


def test_a_licence_whose_own_words_break_non_commercial_across_lines_is_still_that_licence() -> None:
    # UnixCrypt grants use "for non-\ncommercial or commercial purposes": the phrase is the licence's own.
    assert read(template_text("UnixCrypt")) == ["UnixCrypt"]
    assert UNKNOWN in " ".join(read(template_text("MIT") + "\nOnly for non-\ncommercial use.\n"))
