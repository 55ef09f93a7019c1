"""Evidence that is far or partial (issue 24), each case a fixture written here and modelled on a
real layout: a header that points to another file (zlib's Ada binding), a GPL notice past the header
window (an autoconf macro), non-commercial terms in a plain-text README section, a licence page that
only includes the root licence (Sphinx/MyST docs), bundled-component and documentation notices in a
licence file (jq), the FSF all-permissive notice of autotools files. No real project's text is copied.
"""

from licenses.config import LicensesConfig
from licenses.policy import LicensePolicy
from licenses.repo_licenses import LicenseDecision
from licenses.template_texts import template_text
from tests.support.licence_scan import decide_as_ingest

MIT = "Copyright (c) 2021 Example Maintainer\n\n" + template_text("MIT")
ZLIB = "Copyright (C) 1995-2020 Example Authors\n\n" + template_text("Zlib")


def decide(files: dict[str, str], path: str, config: LicensesConfig | None = None) -> LicenseDecision:
    return decide_as_ingest(files, path, config, read_text=True)


def _ada(lines: list[str]) -> str:
    width = max(len(line) for line in lines) + 4
    bar = "-" * (width + 4)
    return bar + "\n" + "".join(f"--  {line.ljust(width)}--\n" for line in lines) + bar + "\n"


ADA_GPL_HEADER = _ada([
    "Thick Ada binding for a compression library.",
    "",
    "Copyright (C) 2003 Example Binder",
    "",
    "This library is free software; you can redistribute it and/or modify",
    "it under the terms of the GNU General Public License as published by",
    "the Free Software Foundation; either version 2 of the License, or (at",
    "your option) any later version.",
    "",
    "This library is distributed in the hope that it will be useful, but",
    "WITHOUT ANY WARRANTY; without even the implied warranty of",
    "MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE. See the GNU",
    "General Public License for more details.",
    "",
    "As a special exception, if other files instantiate generics from this",
    "unit, or you link this unit with other files to produce an executable,",
    "this unit does not by itself cause the resulting executable to be",
    "covered by the GNU General Public License.",
]) + "package Squeeze is\nend Squeeze;\n"
ADA_POINTER = _ada([
    "Thick Ada binding for a compression library.",
    "",
    "Copyright (C) 2003 Example Binder",
    "",
    "Open source license information is in the squeeze.ads file.",
]) + "with Squeeze;\nprocedure Demo is\nbegin\n   null;\nend Demo;\n"


def test_a_header_pointing_to_a_gpl_file_takes_its_licence() -> None:
    files = {"LICENSE": ZLIB, "contrib/ada/squeeze.ads": ADA_GPL_HEADER, "contrib/ada/demo.adb": ADA_POINTER,
             "contrib/ada/other.adb": "procedure Other is\nbegin\n   null;\nend Other;\n"}
    demo = decide(files, "contrib/ada/demo.adb")
    assert demo.license_type == "non_permissive", demo
    assert "GPL" in demo.expression and "squeeze.ads" in demo.evidence
    # A file that points nowhere still takes its folder's licence.
    assert decide(files, "contrib/ada/other.adb").license_type == "permissive"


def test_a_header_pointing_to_a_licence_file_elsewhere_takes_that_file() -> None:
    files = {"LICENSE": MIT, "lib/COPYING.LIB": template_text("LGPL-2.1"),
             "lib/io.c": "/* Copyright 2001 Example.\n * See the file COPYING.LIB for copying permission. */\nint x;\n"}
    assert decide(files, "lib/io.c").license_type == "non_permissive"


def _m4_macro(notice_at_line: int) -> str:
    filler = [f"#   Step {index}: the macro probes one more compiler flag." for index in range(notice_at_line - 8)]
    return "\n".join([
        "# ===========================================================================",
        "#        An autoconf macro that checks for a threads library",
        "# ===========================================================================",
        "#", "# DESCRIPTION", "#", *filler, "#", "# LICENSE", "#",
        "#   Copyright (c) 2008 Example Hacker <hacker@example.com>", "#",
        "#   This program is free software: you can redistribute it and/or modify it",
        "#   under the terms of the GNU General Public License as published by the",
        "#   Free Software Foundation, either version 3 of the License, or (at your",
        "#   option) any later version.", "#",
        "AC_DEFUN([AX_THREADS], [true])", "",
    ])


def test_a_gpl_notice_past_the_header_window_is_found() -> None:
    macro = _m4_macro(notice_at_line=65)
    lines = macro.splitlines()
    assert next(index for index, line in enumerate(lines) if "free software" in line) >= 60
    files = {"COPYING": MIT, "m4/ax_threads.m4": macro, "src/main.c": "int main(void) { return 0; }\n"}
    assert decide(files, "m4/ax_threads.m4").license_type == "non_permissive"
    assert decide(files, "src/main.c").license_type == "permissive"


def test_a_non_commercial_comment_deep_in_a_file_is_found() -> None:
    body = "".join(f"int f{index}(void) {{ return {index}; }}\n" for index in range(120))
    tail = "/*\n * The routines below may be used for non-commercial purposes only;\n * contact the author for a licence.\n */\nint g(void) { return 0; }\n"
    files = {"LICENSE": MIT, "src/fast.c": body + tail}
    assert decide(files, "src/fast.c").license_type == "non_permissive"


def test_code_that_merely_mentions_commercial_or_the_gpl_stays_permissive() -> None:
    body = "".join(f"x{index} = {index}\n" for index in range(80))
    tail = "# Commercial support is available from the vendor.\n# The parser accepts GPL-style licence strings.\nlicense_name = 'GPL'\n"
    files = {"LICENSE": MIT, "pkg/mod.py": body + tail}
    assert decide(files, "pkg/mod.py").license_type == "permissive"


PLAIN_README = """\
        microED 2.1

        A small full-screen text editor for terminals.

Building:

    Run make in the source folder; the binary is called ed2.

Copyright Notices:

    microED was written by Example Author and extended by Example
    Contributor between 1986 and 1991.

    microED may be copied and distributed freely for any
    non-commercial purposes. It can only be incorporated into
    commercial software with the permission of the current author.
"""


def test_non_commercial_terms_in_a_readme_section_of_any_heading_are_read() -> None:
    files = {"README": PLAIN_README, "main.c": "int main(void) { return 0; }\n"}
    decision = decide(files, "main.c")
    assert decision.license_type == "non_permissive", decision
    # With the stack-v2 preset (which keeps `no_license`) the file must not pass either.
    assert decision.license_type != "no_license"


def test_a_readme_that_only_describes_the_code_decides_nothing() -> None:
    files = {"README": "Example tool\n\nIt must not be run as root. Commercial support is available.\n",
             "main.c": "int main(void) { return 0; }\n"}
    assert decide(files, "main.c").license_type == "no_license"


def test_a_licence_page_that_only_includes_the_root_licence_is_that_licence() -> None:
    bsd = "Copyright 2010 Example Project\n\n" + template_text("BSD-3-Clause")
    rst = "BSD-3-Clause License\n====================\n\n.. literalinclude:: ../LICENSE.txt\n    :language: text\n"
    myst = "---\norphan: true\n---\n\n# License\n\n```{include} ../LICENSE.txt\n\n```\n"
    for page in (rst, myst):
        files = {"LICENSE.txt": bsd, "docs/license.rst": page, "docs/index.rst": "Welcome\n=======\n"}
        decision = decide(files, "docs/index.rst")
        assert decision.license_type == "permissive" and decision.expression == "BSD-3-Clause", decision


def test_an_include_of_a_missing_file_is_not_permissive() -> None:
    files = {"docs/license.rst": ".. include:: ../LICENSE\n", "docs/index.rst": "Welcome\n=======\n"}
    assert decide(files, "docs/index.rst").license_type == "non_permissive"


HPND_LIKE = (
    "Permission to use, copy, modify, and distribute this software for any\n"
    "purpose without fee is hereby granted, provided that this entire notice\n"
    "is included in all copies of any software which is or includes a copy\n"
    "or modification of this software.\n\n"
    "THIS SOFTWARE IS BEING PROVIDED \"AS IS\", WITHOUT ANY EXPRESS OR IMPLIED WARRANTY.\n"
)
COMPONENT_COPYING = (
    "qx is copyright (C) 2019 Example Maintainer\n\n" + template_text("MIT") + "\n\n\n"
    "qx's documentation (everything found under the docs/ subdirectory in\n"
    "the source tree) is licensed under the Creative Commons CC BY 3.0\n"
    "license, which can be found at:\n\n"
    "         https://creativecommons.org/licenses/by/3.0/\n\n\n"
    "qx incorporates Example Person's fastnum.c and fmt.c, which bear the\n"
    "following notices:\n\n"
    "fastnum.c:\nCopyright (c) 1991 by Example Labs.\n\n" + HPND_LIKE
)


def test_component_and_documentation_notices_apply_to_their_files_only() -> None:
    files = {"COPYING": COMPONENT_COPYING, "src/main.c": "int main(void) { return 0; }\n", "docs/manual.md": "# Manual\n"}
    main = decide(files, "src/main.c")
    assert main.license_type == "permissive" and main.expression == "MIT", main
    docs = decide(files, "docs/manual.md")
    assert docs.expression == "CC-BY-3.0", docs


def test_a_note_that_vendored_folders_carry_their_own_licences_adds_nothing() -> None:
    text = (
        "Example Widgets is released under the MIT license, reproduced below.\n\n" + MIT + "\n\n"
        "Snippets in the documentation are dedicated to the public domain (CC0 1.0).\n\n"
        "Packages installed under node_modules/ and copies kept in vendor/ are distributed under their own licenses:\n"
        "some of them may not be used for commercial purposes.\n"
    )
    files = {"LICENSE": text, "lib/widget.js": "module.exports = 1;\n"}
    decision = decide(files, "lib/widget.js")
    assert decision.license_type == "permissive" and decision.expression == "MIT", decision


FSF_ALL_PERMISSIVE = (
    "# Makefile.in generated by automake from Makefile.am.\n\n"
    "# Copyright (C) 1994-2021 Free Software Foundation, Inc.\n\n"
    "# This Makefile.in is free software; the Free Software Foundation\n"
    "# gives unlimited permission to copy and/or distribute it,\n"
    "# with or without modifications, as long as this notice is preserved.\n\n"
    "# This program is distributed in the hope that it will be useful,\n"
    "# but WITHOUT ANY WARRANTY, to the extent permitted by law; without\n"
    "# even the implied warranty of MERCHANTABILITY or FITNESS FOR A\n"
    "# PARTICULAR PURPOSE.\n\nall:\n\techo ok\n"
)
FSFAP_MACRO = (
    "# LICENSE\n#\n#   Copyright (c) 2009 Example Hacker\n#\n"
    "#   Copying and distribution of this file, with or without modification, are\n"
    "#   permitted in any medium without royalty provided the copyright notice\n"
    "#   and this notice are preserved. This file is offered as-is, without any\n"
    "#   warranty.\n\nAC_DEFUN([AX_OK], [true])\n"
)


def test_fsf_all_permissive_headers_are_permissive_in_a_gpl_tree() -> None:
    files = {"COPYING": template_text("GPL-3.0"), "Makefile.in": FSF_ALL_PERMISSIVE, "m4/ax_ok.m4": FSFAP_MACRO,
             "src/main.c": "int main(void) { return 0; }\n"}
    assert decide(files, "Makefile.in").license_type == "permissive"
    assert decide(files, "m4/ax_ok.m4").license_type == "permissive"
    assert decide(files, "src/main.c").license_type == "non_permissive"


def test_the_far_search_needs_a_permissive_decision_only() -> None:
    """The search past the window runs only where it can change the type (cost): a GPL file stays GPL."""
    macro = _m4_macro(notice_at_line=65)
    files = {"COPYING": template_text("GPL-3.0"), "m4/ax_threads.m4": macro}
    decision = decide(files, "m4/ax_threads.m4")
    assert decision.license_type == "non_permissive" and "comments" not in decision.evidence
    assert LicensePolicy(LicensesConfig()).license_type([]) == "no_license"
