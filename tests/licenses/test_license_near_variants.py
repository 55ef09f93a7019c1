"""Licence texts near, but not equal to, a known text, and statements that apply to some paths only
(issue 24, branch lic-near). Each fixture models a situation found in real packages with text
written here (or a licence's reference text from the installed data), never a copied package file."""

import re

from licenses.config import LicensesConfig
from licenses.headers import scan_header
from licenses.licence_files import read_licence_file
from licenses.near import near_match
from licenses.readme import kind_statements, offered_files, own_grant, readme_reading
from licenses.repo_licenses import LicenseDecision
from licenses.scancode_data import licence_ref_texts
from licenses.spdx import UNKNOWN, UNKNOWN_REFERENCE, leaf
from licenses.template_texts import template_text
from tests.support.licence_scan import scan_as_ingest

CODE = "int main(void) { return 0; }\n"
MIT = "Copyright (c) 2020 Example Author\n\n" + template_text("MIT")
GPL3 = template_text("GPL-3.0")

BSD2 = (
    "Copyright (C) 2001-2019 Example Author\n\n"
    "Redistribution and use in source and binary forms, with or without\n"
    "modification, are permitted provided that the following conditions\n"
    "are met:\n"
    "1. Redistributions of source code must retain the above copyright\n"
    "   notice, this list of conditions and the following disclaimer.\n"
    "2. Redistributions in binary form must reproduce the above copyright\n"
    "   notice, this list of conditions and the following disclaimer in the\n"
    "   documentation and/or other materials provided with the distribution.\n\n"
    "THIS SOFTWARE IS PROVIDED BY THE AUTHOR ``AS IS'' AND ANY EXPRESS OR IMPLIED WARRANTIES,\n"
    "INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A\n"
    "PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY DIRECT,\n"
    "INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED\n"
    "TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS\n"
    "INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT\n"
    "LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF\n"
    "THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.\n"
)
# The pager's own licence: clause 2 asks only for the copyright notice in the documentation.
LIGHTER_BSD2 = BSD2.replace(
    "copyright\n   notice, this list of conditions and the following disclaimer in the\n   documentation",
    "copyright\n   notice in the documentation",
)


def decide(files: dict[str, str], path: str = "src/main.c", *, sources: dict[str, str] | None = None) -> LicenseDecision:
    return scan_as_ingest({**files, **(sources or {})}).decide(path, CODE)


def read(text: str, name: str = "LICENSE"):
    return read_licence_file(text, name, LicensesConfig())


# --- ScanCode's texts without an SPDX id: the second tier of the near-verbatim reader ------------

def _licence_ref(spdx_id: str) -> str:
    return next(reference.text for reference in licence_ref_texts() if reference.spdx_id == spdx_id)


def test_an_older_dated_version_of_a_licence_is_read_as_that_version() -> None:
    # Info-ZIP's 2007 licence lacks a sentence SPDX's (2009) text has: not the SPDX text, but a text
    # ScanCode knows, permissive, under its LicenseRef id.
    older = "This is version 2007-Mar-4 of the licence.\n\nCopyright (c) 1990-2007 Example Group.\n\n" + _licence_ref(
        "LicenseRef-scancode-info-zip-2007-03")
    found = near_match(re.sub(r"(?:https?|ftp)://\S+", " ", older))  # the reader compares without addresses
    assert found is not None and found.accepted and found.spdx_id == "LicenseRef-scancode-info-zip-2007-03"
    decision = decide({"LICENSE": older})
    assert decision.license_type == "permissive" and decision.license == ["LicenseRef-scancode-info-zip-2007-03"]


def test_second_tier_texts_keep_their_conditions_and_never_displace_an_spdx_text() -> None:
    base = _licence_ref("LicenseRef-scancode-info-zip-2007-03")
    restricted = base.replace("for any purpose", "for any non-commercial purpose only", 1)
    assert restricted != base
    assert decide({"LICENSE": restricted}).license_type == "non_permissive"
    assert near_match(template_text("MIT")).spdx_id == "MIT"  # an SPDX text keeps its SPDX id


# --- a notice requirement that names fewer texts to carry -------------------------------------

def test_a_notice_clause_that_asks_for_fewer_texts_is_still_that_licence() -> None:
    found = near_match(LIGHTER_BSD2)
    assert found is not None and found.accepted and found.spdx_id == "BSD-2-Clause"
    assert read(LIGHTER_BSD2).exprs == (leaf("BSD-2-Clause"),)


def test_dropping_the_copyright_notice_itself_or_a_grant_word_stays_unknown() -> None:
    no_notice = BSD2.replace("reproduce the above copyright\n   notice, this list", "reproduce this list")
    found = near_match(no_notice)
    assert found is None or not found.accepted or found.spdx_id != "BSD-2-Clause"
    assert read(no_notice).exprs != (leaf("BSD-2-Clause"),)
    no_modification = LIGHTER_BSD2.replace("with or without\nmodification, ", "without modification, ")
    assert read(no_modification).exprs != (leaf("BSD-2-Clause"),)


# --- licence files a README offers as alternatives --------------------------------------------

OFFER = (
    "    This is the source of the pager.\n\n"
    "    This program is free software.  You may redistribute it and/or\n"
    "    modify it under the terms of either:\n\n"
    "    1. The GNU General Public License, version 3 or later.  A copy of\n"
    "       this license is in the file COPYING.\n"
    "    or\n"
    "    2. The Pager License, in the file LICENSE.\n"
)


def test_files_a_readme_offers_as_alternatives_are_one_choice() -> None:
    assert offered_files(OFFER) == ("copying", "license")
    files = {"README": OFFER, "COPYING": GPL3, "LICENSE": LIGHTER_BSD2}
    decision = decide(files)
    assert decision.license_type == "permissive"
    assert " OR " in decision.expression and "GPL-3.0" in decision.expression
    assert decision.evidence.startswith("COPYING;LICENSE")  # both texts are still the evidence


def test_without_the_offer_or_with_an_unreadable_alternative_both_files_bind() -> None:
    assert decide({"COPYING": GPL3, "LICENSE": LIGHTER_BSD2}).license_type == "non_permissive"
    # An alternative we cannot read is not offered to be picked: its terms may bind whatever is chosen.
    unreadable = "The Pager Terms: you may use this program if you send the author a postcard every year.\n"
    assert decide({"README": OFFER, "COPYING": unreadable, "LICENSE": LIGHTER_BSD2}).license_type == "non_permissive"
    assert offered_files("Licensed under the MIT license; see LICENSE and COPYING.\n") == ()


# --- superseded licence files ------------------------------------------------------------------

OLD_NOTES = (
    "This is the old COPYING file, kept for its history. Parts of the program were once under the\n"
    "GNU General Public License; all remaining code is now covered by the new licence in LICENSE.\n"
)


def test_an_old_copy_beside_the_current_licence_file_is_history() -> None:
    decision = decide({"LICENSE": MIT, "COPYING.OLD": OLD_NOTES})
    assert decision.license_type == "permissive" and decision.license == ["MIT"]


def test_an_old_copy_alone_is_still_read() -> None:
    assert decide({"COPYING.OLD": OLD_NOTES}).license_type == "non_permissive"
    assert decide({"LICENSE": MIT, "COPYING.OLD": GPL3}, "x.c").license_type == "permissive"
    assert decide({"LICENSE": MIT, "COPYING": GPL3}, "x.c").license_type == "non_permissive"


# --- headers: the notice block, apart from the comments after it --------------------------------

ISC_NOTICE = (
    "/*\n * Copyright (c) 2019 Example Author <author@example.org>\n *\n"
    " * Permission to use, copy, modify, and distribute this software for any\n"
    " * purpose with or without fee is hereby granted, provided that the above\n"
    " * copyright notice and this permission notice appear in all copies.\n *\n"
    ' * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES\n'
    " * WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF\n"
    " * MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR\n"
    " * ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES\n"
    " * WHATSOEVER RESULTING FROM LOSS OF MIND, USE, DATA OR PROFITS, WHETHER\n"
    " * IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING\n"
    " * OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.\n */\n\n"
    "#include <stdlib.h>\n\n"
)
DESCRIPTION = (
    "/*\n * Each window holds a number of panes, each of which is a terminal. This file\n"
    " * has the code that creates, resizes and destroys them, and the list they are kept in.\n"
    " * A pane is split off a window when asked; panes are kept in the order they were made, and\n"
    " * the active one is the last one selected. Layouts are applied after every resize, and the\n"
    " * cells of a pane are redrawn when its size or its position changes.\n */\n\n"
)


def header(text: str):
    return scan_header(text, max_lines=60, max_chars=6000)


def test_a_description_after_the_notice_is_not_part_of_it() -> None:
    assert header(ISC_NOTICE + DESCRIPTION + CODE).override == [leaf("ISC")]


def test_a_restriction_in_the_comments_after_the_notice_still_binds() -> None:
    restricted = DESCRIPTION.replace("This file\n * has", "This file may not be used for commercial purposes. It\n * has")
    assert restricted != DESCRIPTION
    found = header(ISC_NOTICE + restricted + CODE).override
    assert found and any(item.key == UNKNOWN for expr in found for item in expr.leaves())


# --- "code is under the licence at the top of its file" -----------------------------------------

PER_FILE = "THIS IS FOR INFORMATION ONLY, CODE IS UNDER THE LICENCE AT THE TOP OF ITS FILE.\n"


def test_a_per_file_project_s_headerless_file_takes_the_licence_its_headers_agree_on() -> None:
    assert read(PER_FILE).per_file
    sources = {f"src/part{n}.c": ISC_NOTICE + CODE for n in range(4)}
    decision = decide({"COPYING": PER_FILE}, "src/main.c", sources=sources)
    assert decision.license_type == "permissive" and decision.license == ["ISC"]


def test_a_per_file_project_whose_headers_disagree_stays_an_unseen_reference() -> None:
    sources = {f"src/part{n}.c": ISC_NOTICE + CODE for n in range(3)}
    sources["src/other.c"] = "/* SPDX-License-Identifier: GPL-2.0-only */\n" + CODE
    decision = decide({"COPYING": PER_FILE}, "src/main.c", sources=sources)
    assert decision.license_type == "non_permissive"
    assert decide({"COPYING": PER_FILE}, "src/main.c").license == [UNKNOWN_REFERENCE]


# --- README statements about the fonts, the documentation, a vendored part ---------------------

FONT_README = (
    "# Example Icons\n\n## License\n"
    "- The Example Icons font is licensed under the SIL OFL 1.1:\n"
    "  - http://scripts.sil.org/OFL\n"
    "- Example Icons CSS, LESS, and Sass files are licensed under the MIT License:\n"
    "  - https://opensource.org/licenses/mit-license.html\n"
    "- The Example Icons documentation is licensed under the CC BY 3.0 License:\n"
    "  - http://creativecommons.org/licenses/by/3.0/\n\n"
    "## Changelog\n- 1.0\n"
)


def test_readme_items_about_fonts_and_documentation_leave_the_code_its_own_licence() -> None:
    exprs, scoped = readme_reading(FONT_README)
    assert exprs == [leaf("MIT")]
    assert {expr.key for _, expr in scoped} == {"OFL-1.1", "CC-BY-3.0"}
    manifest = '{"name": "example-icons", "license": "(OFL-1.1 AND MIT)"}'
    for files in ({"README.md": FONT_README}, {"README.md": FONT_README, "package.json": manifest}):
        assert decide(files, "css/icons.css").license_type == "permissive"
        font = decide(files, "fonts/icons.ttf")
        assert font.license_type == "non_permissive" and "OFL-1.1" in font.license


def test_a_readme_that_only_speaks_of_the_font_still_binds_the_code() -> None:
    only_font = "# X\n\n## License\n\nThe X font is licensed under the SIL OFL 1.1.\n"
    assert kind_statements(only_font.split("## License\n\n")[1]) == (only_font.split("## License\n\n")[1], [])
    assert decide({"README.md": only_font}, "x.css").license_type == "non_permissive"
    # "Font" as part of a product's name is not the font.
    named = "- Font Example CSS files are licensed under the MIT License.\n- The docs are licensed under CC BY-NC 4.0.\n"
    rest, scoped = kind_statements(named)
    assert "CSS files" in rest and [expr.key for _, expr in scoped] == ["CC-BY-NC-4.0"]
    # A statement about the code *and* its documentation is the code's own.
    both = "The code and documentation are licensed under CC BY-NC 4.0.\nSee LICENSE for the MIT License text.\n"
    assert kind_statements(both) == (both, [])


def test_a_vendored_part_s_licence_in_the_readme_decides_nothing_for_the_code() -> None:
    section = "The code is MIT-licensed.\nThe vendored suffix list data from upstream is under the MPL-2.0.\n\n" + template_text("MIT")
    readme = "Example\n=======\n\nLicense\n-------\n\n" + section
    assert readme_reading(readme)[0] == [leaf("MIT")]
    manifest = "from setuptools import setup\nsetup(name='example', license='MIT and MPL-2.0')\n"
    assert decide({"README.rst": readme, "setup.py": manifest}, "example.py").license_type == "permissive"


# --- a README with no licence section: a grant to the package's own content ---------------------

def test_a_readme_grant_to_the_package_s_own_content_counts_without_a_licence_section() -> None:
    readme = (
        "# Example Tags\n\nJSON files made from the registry.\n\n## Credits\n\n"
        "The JSON database is licensed under the [Creative Commons Zero v1.0 Universal (CC0-1.0)]"
        "(https://creativecommons.org/publicdomain/zero/1.0/legalcode) license.\n"
    )
    assert own_grant(readme) == leaf("CC0-1.0")
    decision = decide({"README.md": readme}, "data/tags.json")
    assert decision.license_type == "permissive" and decision.license == ["CC0-1.0"]


def test_a_readme_sentence_about_someone_else_s_code_grants_nothing() -> None:
    assert own_grant("# X\n\nThis library uses the parser from Foo, which is licensed under the MIT license.\n") is None
    assert own_grant("# X\n\nThe code is licensed under the MIT license, for non-commercial use only.\n") is None
    assert own_grant("# X\n\nThe code is licensed under the MIT license, as the project it was forked from.\n") is None
    assert decide({"README.md": "# X\n\nThe Foo database is licensed under the MIT license.\n"}).license_type != "permissive"


def test_a_second_tier_licence_has_its_reference_text_for_the_attribution_table() -> None:
    from licenses.attribution import reference_texts_of

    texts = reference_texts_of(["LicenseRef-scancode-info-zip-2007-03"])
    assert list(texts) == ["licensedcode:info-zip-2007-03.LICENSE"]
