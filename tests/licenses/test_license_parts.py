"""Licence files made of several parts, read as a careful reader reads them (issue 24, branch `lic-parts`).

Each fixture models a layout met in real packages, with invented names and text written here (licence
texts come from licenseclassifier's templates):
- a licence file that is, or ends in, a Debian machine-readable copyright document (`Format:` line,
  `Files:` paragraphs): each paragraph decides its own paths, `Files: *` the rest;
- "distributed under X, with the following exceptions:" and items that name their files (paragraphs,
  or bullets under an "Exceptions" heading): the items decide those files only;
- a README that offers a choice between licence files it names ("… in the file COPYING-GPL … in the
  file COPYING-BSD … either license"): the OR of those files;
- a README "Copyright" section that only says who holds the rights: no licence statement;
- a package whose library modules carry SPDX tags and whose tests do not: the share of headed files is
  judged on the modules.
The opposite cases keep every rule fail-closed.
"""

from licenses.config import LicensesConfig
from licenses.licence_files import read_licence_file
from licenses.names import names_in_text
from licenses.prose import without_explanations
from licenses.readme import readme_licenses
from licenses.repo_licenses import LicenseDecision
from licenses.spdx import PERMISSIVE_CATEGORIES, category, render, spdx_errors
from licenses.template_texts import template_text
from support.licence_scan import decide_as_ingest


def decide(files: dict[str, str], path: str) -> LicenseDecision:
    return decide_as_ingest(files, path)


def indented(text: str) -> str:
    """A licence text as a DEP-5 `License:` paragraph's continuation lines."""
    return "\n".join(" " + line if line.strip() else " ." for line in text.strip().splitlines())


# --- a DEP-5 document inside a licence file ------------------------------------------------------

DEP5_COPYING = (
    "Wormgame and its helper scripts are released under the BSD-2-Clause License.\n\n"
    "The sprites are under the WTFPL; the m4 macro for the audio library is LGPLv2.1+.\n\n"
    "The following section is written in the machine-readable copyright format.\n\n"
    "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
    "Source: https://example.invalid/wormgame\n\n"
    "Files: *\nCopyright: 2012, Example Author\nLicense: BSD-2-Clause\n\n"
    "Files: sprites/*\nCopyright: 1999, Other Author\nLicense: WTFPL\n\n"
    "Files: m4/audio.m4\nCopyright: 1997, Third Author\nLicense: LGPL-2.1+\n\n"
    "Files: configure\nCopyright: 1994, Tool Authors\nLicense:\n"
    " This script is offered under terms we have not seen anywhere before; ask the authors.\n\n"
    "License: BSD-2-Clause\n" + indented(template_text("BSD-2-Clause")) + "\n"
)


def test_a_dep5_document_in_a_licence_file_decides_path_by_path() -> None:
    files = {
        "wormgame/COPYING": DEP5_COPYING,
        "wormgame/lgpl-2.1.txt": template_text("LGPL-2.1"),
        "wormgame/src/main.c": "int main(void) { return 0; }\n",
    }
    main = decide(files, "wormgame/src/main.c")
    assert (main.license_type, main.expression) == ("permissive", "BSD-2-Clause")
    assert decide(files, "wormgame/sprites/worm.c").expression == "WTFPL"
    assert decide(files, "wormgame/m4/audio.m4").license_type == "non_permissive"
    # A paragraph that gives its terms without a short name is read from those terms (unknown
    # here), never left to `Files: *`.
    configure = decide(files, "wormgame/configure")
    assert configure.license_type == "non_permissive" and "unknown" in configure.expression


def test_a_restriction_in_the_prose_above_the_document_keeps_the_file_read_whole() -> None:
    restricted = DEP5_COPYING.replace("are released under", "may not be sold and are released under")
    files = {"wormgame/COPYING": restricted, "wormgame/src/main.c": "int main(void) { return 0; }\n"}
    assert decide(files, "wormgame/src/main.c").license_type == "non_permissive"


def test_a_dep5_document_without_files_star_is_read_as_usual() -> None:
    without_star = DEP5_COPYING.replace("Files: *\nCopyright: 2012, Example Author\nLicense: BSD-2-Clause\n\n", "")
    reading = read_licence_file(without_star, "COPYING", LicensesConfig())
    assert reading.note != "DEP-5 document"
    assert not any(paths == ("sprites/*",) for paths, _ in reading.scoped)


# --- an exceptions list -----------------------------------------------------------------------------

EXCEPTIONS_PARAGRAPHS = (
    "Widgetlib is copyright Example Org and distributed under the MIT license (see\n"
    "doc/licenses/MIT.txt), with the following exceptions:\n\n"
    "Some code, such as compat.py and src/widgetlib/_tree.py, is derived from the\n"
    "standard library and licensed under the PSF License v2.\n\n"
    "runner.py, the test-runner script, is GPL and copyright Somebody Else.\n\n"
    "The schema resources are unlicensed and copyright their authors (see\n"
    "src/widgetlib/resources/rng/schema.rng and src/widgetlib/resources/xsl/).\n"
)


def test_exception_paragraphs_naming_files_decide_those_files_only() -> None:
    files = {
        "widgetlib/LICENSES.txt": EXCEPTIONS_PARAGRAPHS,
        "widgetlib/src/widgetlib/core.py": "def run():\n    pass\n",
    }
    core = decide(files, "widgetlib/src/widgetlib/core.py")
    assert core.license_type == "permissive", core
    assert decide(files, "widgetlib/runner.py").license_type == "non_permissive"
    assert decide(files, "widgetlib/src/widgetlib/resources/xsl/extract.xsl").license_type == "non_permissive"


def test_an_exception_that_names_no_file_still_applies_to_all() -> None:
    text = EXCEPTIONS_PARAGRAPHS + "\nThe plotting helpers are distributed under the GNU GPL version 3.\n"
    files = {"widgetlib/LICENSES.txt": text, "widgetlib/src/widgetlib/core.py": "def run():\n    pass\n"}
    assert decide(files, "widgetlib/src/widgetlib/core.py").license_type == "non_permissive"


EXCEPTIONS_SECTION = (
    "Copying Parsekit\n================\n\n"
    "Most of the files of this project are under the `MIT License`_; there are exceptions,\nlisted below.\n\n"
    "Exceptions\n==========\n\n"
    "The exceptions to the licence above are:\n\n"
    "* parsekit/utils/quotes.py\n\n"
    "  Copyright 2011 Someone.\n  Released under the terms of the `BSD 2-Clause License`_.\n\n"
    "* | parsekit/writers/math.py,\n  | parsekit/writers/\\*.css\n\n"
    "  These files were released under the `GNU General Public License`_ version 3 or later.\n\n"
    "All licences used are OSI-approved.\n\n"
    ".. _GNU General Public License: https://www.gnu.org/licenses/gpl.html\n"
    ".. _BSD 2-Clause License: https://opensource.org/licenses/BSD-2-Clause\n"
    ".. _MIT License: https://opensource.org/licenses/MIT\n"
)


def test_bulleted_exceptions_under_a_heading_decide_their_files() -> None:
    files = {"parsekit/COPYING.rst": EXCEPTIONS_SECTION, "parsekit/parsekit/core.py": "x = 1\n"}
    core = decide(files, "parsekit/parsekit/core.py")
    assert (core.license_type, core.expression) == ("permissive", "MIT")
    assert decide(files, "parsekit/parsekit/writers/math.py").license_type == "non_permissive"
    assert decide(files, "parsekit/parsekit/writers/theme.css").license_type == "non_permissive"
    assert decide(files, "parsekit/parsekit/utils/quotes.py").license_type == "permissive"


# --- a README offering a choice between licence files --------------------------------------------------

README_CHOICE = (
    "# pyfetch\n\nBindings for a transfer library.\n\n## License\n\n"
    "pyfetch is dual licensed under the GPL and a BSD-style license. A full copy of the GPL is\n"
    "included in the file COPYING-GPL. A full copy of the BSD-style license is included in the file\n"
    "COPYING-BSD. You can redistribute and/or modify pyfetch according to the terms of either license.\n"
)
BSD3 = "Copyright (c) 2010, Example Foundation\nAll rights reserved.\n\n" + template_text("BSD-3-Clause")


def test_a_readme_choice_between_the_licence_files_it_names_is_their_or() -> None:
    files = {
        "pyfetch/README.md": README_CHOICE,
        "pyfetch/COPYING-GPL": template_text("GPL-2.0"),
        "pyfetch/COPYING-BSD": BSD3,
        "pyfetch/src/fetch.c": "int f(void) { return 0; }\n",
    }
    decision = decide(files, "pyfetch/src/fetch.c")
    assert decision.license_type == "permissive" and " OR " in decision.expression, decision
    assert not spdx_errors(decision.expression)


def test_without_the_choice_or_beside_a_file_it_does_not_name_the_texts_stay_anded() -> None:
    plain = README_CHOICE.replace("dual licensed", "licensed").replace("according to the terms of either license", "under these terms")
    files = {
        "pyfetch/README.md": plain,
        "pyfetch/COPYING-GPL": template_text("GPL-2.0"),
        "pyfetch/COPYING-BSD": BSD3,
        "pyfetch/src/fetch.c": "int f(void) { return 0; }\n",
    }
    assert decide(files, "pyfetch/src/fetch.c").license_type == "non_permissive"
    # A named alternative that cannot be read is no alternative: nothing is offered.
    files["pyfetch/README.md"] = README_CHOICE
    files["pyfetch/COPYING-GPL"] = "Pyfetch may be copied by members of the Example Club, on the club's terms.\n"
    assert decide(files, "pyfetch/src/fetch.c").license_type == "non_permissive"
    files["pyfetch/COPYING-GPL"] = template_text("GPL-2.0")
    files["pyfetch/LICENSE-NC"] = "This code may be used for non-commercial purposes only.\n"
    assert decide(files, "pyfetch/src/fetch.c").license_type == "non_permissive"


# --- a README copyright note ----------------------------------------------------------------------------

def test_a_readme_copyright_note_is_no_licence_statement() -> None:
    note = (
        "# radixmap\n\nA lock-free map.\n\nCopyright\n=========\n\n"
        "This code was developed at Example Corp as part of a larger library, then extracted by the\n"
        "author. The copyright belongs to Example Corp; this library is not a product supported by it.\n"
    )
    assert readme_licenses(note) == []
    # Under a "License" heading the same words are a statement we cannot read: unknown.
    assert readme_licenses(note.replace("Copyright\n=========", "License\n=======")) != []
    reserved = readme_licenses(note.replace("supported by it.", "supported by it. All rights reserved."))
    assert reserved and all(category(item.key) not in PERMISSIVE_CATEGORIES for expr in reserved for item in expr.leaves())


# --- the header share judged on the package's own modules -------------------------------------------------

def radixmap(tests: str) -> dict[str, str]:
    tag = "/* SPDX-License-Identifier: BSD-3-Clause */\n"
    return {
        "radixmap/README.md": "# radixmap\n\nA lock-free map.\n",
        "radixmap/radixmap.c": tag + "int get(void) { return 0; }\n",
        "radixmap/radixmap.h": tag + "int get(void);\n",
        "radixmap/main.c": "int main(void) { return 0; }\n",
        "radixmap/compat.h": "#define X 1\n",
        **{f"radixmap/{tests}/t{index}.c": "int t(void) { return 0; }\n" for index in range(6)},
        f"radixmap/{tests}/rand.c": tag + "int r(void) { return 4; }\n",
    }


def test_test_folders_do_not_dilute_the_share_of_headed_modules() -> None:
    decision = decide(radixmap("tests"), "radixmap/new.c")
    assert (decision.license_type, decision.expression) == ("permissive", "BSD-3-Clause")
    # The same header-less files as modules of the package: a minority is headed, nothing is lifted.
    assert decide(radixmap("engine"), "radixmap/new.c").license_type != "permissive"
    # Inside the test folder itself its own files count: 1 of 7 headed grants nothing.
    assert decide(radixmap("tests"), "radixmap/tests/new.c").license_type != "permissive"


def test_the_creative_commons_public_domain_dedication_is_not_a_cc_by_licence() -> None:
    assert names_in_text("derived from the Creative Commons Public Domain Dedication.", with_fallback=False) == ["CC-PDDC"]
    assert names_in_text("under the Creative Commons Attribution 4.0 licence", with_fallback=False) == ["CC-BY-4.0"]


# --- a roll-up of the licences' terms, and a rationale ----------------------------------------------------

ROLL_UP = (
    "Imagecodec Licenses\n===================\n\n"
    "Imagecodec is covered by two compatible BSD-style licenses:\n\n"
    "- The IJG (Independent JPEG Group) License, listed in README.ijg, for the code inherited from libjpeg.\n"
    "- The Modified (3-clause) BSD License, listed below, for the rest.\n\n"
    "Complying with the Imagecodec Licenses\n======================================\n\n"
    "This section sums up the licensing terms, to the best of our understanding.\n\n"
    "1.  You must keep every existing copyright notice in the source.\n\n"
    "    **Origin**\n    - Clause 1 of the IJG License\n    - Clause 1 of the Modified BSD License\n\n"
    "2.  You cannot use the name of the IJG in advertising or publicity.\n\n"
    "    **Origin**\n    - IJG License\n    - Clause 3 of the Modified BSD License\n\n"
    "The Modified (3-clause) BSD License\n===================================\n\n" + BSD3 + "\n\n"
    "Why Two Licenses?\n=================\n\n"
    "The IJG License could have been used alone, but it names the IJG only and does not extend its\n"
    "protections to the newer authors, hence the Modified BSD License for new code.\n"
)


def test_a_roll_up_citing_the_granted_licences_and_a_rationale_add_no_terms() -> None:
    reading = read_licence_file(ROLL_UP, "LICENSE.md", LicensesConfig())
    expression = " AND ".join(render(expr) for expr in reading.exprs)
    assert "unknown" not in expression.lower() and "BSD-3-Clause" in expression, expression
    files = {"imagecodec/LICENSE.md": ROLL_UP, "imagecodec/src/decode.c": "int d(void) { return 0; }\n"}
    assert decide(files, "imagecodec/src/decode.c").license_type == "permissive"


def test_an_obligation_without_its_origin_or_citing_another_licence_stays_unread() -> None:
    assert "Complying with" not in without_explanations(ROLL_UP)
    uncited = ROLL_UP.replace("    **Origin**\n    - Clause 1 of the IJG License\n    - Clause 1 of the Modified BSD License\n\n", "")
    assert "Complying with" in without_explanations(uncited)
    unnamed = ROLL_UP.replace("    - IJG License\n", "    - our own policy\n")
    assert "Complying with" in without_explanations(unnamed)
    other = ROLL_UP.replace("    - IJG License\n", "    - Section 4 of the GNU GPL version 3\n")
    assert decide({"imagecodec/LICENSE.md": other, "imagecodec/src/decode.c": "x"}, "imagecodec/src/decode.c").license_type != "permissive"
    restricted = ROLL_UP.replace("hence the Modified BSD License for new code.", "and the code is for non-commercial use only.")
    assert decide({"imagecodec/LICENSE.md": restricted, "imagecodec/src/decode.c": "x"}, "imagecodec/src/decode.c").license_type != "permissive"


def test_the_independent_jpeg_group_licence_is_named() -> None:
    assert names_in_text("The IJG (Independent JPEG Group) License, listed in README.ijg", with_fallback=False) == ["IJG"]


# --- a public-domain dedication in the authors' own words ------------------------------------------------

DEDICATION = (
    "Copying Textkit\n===============\n\n"
    "Most of the files of this project have been placed in the public domain, and therefore have no\n"
    "licence requirements and no restrictions on copying or usage; see the dedication below.\n\n"
    "Dedication\n==========\n\n"
    "The people who contributed to this project hereby dedicate the entire copyright in the work\n"
    "known as \"Textkit\" to the public domain. They intend this dedication to be an overt act of\n"
    "relinquishment in perpetuity of all present and future rights under copyright law.\n\n"
    "Once placed in the public domain, the work may be freely reproduced, distributed, modified,\n"
    "or otherwise exploited by anyone for any purpose, commercial or non-commercial.\n\n"
    "(This dedication is derived from the Creative Commons Public Domain Dedication. Creative Commons\n"
    "has retired that tool.)\n"
)


def test_a_public_domain_dedication_in_own_words_is_public_domain() -> None:
    files = {"textkit/COPYING.rst": DEDICATION, "textkit/textkit/core.py": "x = 1\n"}
    decision = decide(files, "textkit/textkit/core.py")
    assert decision.license_type == "permissive" and "unknown" not in decision.expression, decision


def test_a_dedication_that_adds_a_condition_or_another_licence_stays_unread() -> None:
    for changed in (
        DEDICATION.replace("for any purpose, commercial or non-commercial.", "for non-commercial purposes only."),
        DEDICATION.replace("for any purpose, commercial or non-commercial.", "for any purpose, if the authors are credited."),
        DEDICATION + "\nThe build scripts are under the GNU GPL version 3.\n",
    ):
        files = {"textkit/COPYING.rst": changed, "textkit/textkit/core.py": "x = 1\n"}
        assert decide(files, "textkit/textkit/core.py").license_type != "permissive"


def test_commercial_or_non_commercial_use_is_a_permission() -> None:
    from licenses.prose import states_restriction

    assert not states_restriction("may be used by anyone for any purpose, commercial or non-commercial")
    assert states_restriction("may be used for non-commercial purposes")
    assert names_in_text("Creative Commons has retired this legal tool.", with_fallback=False) == []
