"""Repository layouts that real projects use (issue 12), each modelled by a fixture written here.

No real repository's files are copied: the prose, pointer, bundle and source-available texts are
written for these tests; full licence texts come from the templates licenseclassifier ships.
"""

from licenses.config import LicensesConfig
from licenses.repo_licenses import LicenseDecision, RepoLicenseScanner
from licenses.template_texts import template_text
from tests.support.licence_scan import decide_as_ingest, scan_as_ingest

CODE = "int main(void) { return 0; }\n"
MIT = "Copyright (c) 2020 Example Author\n\n" + template_text("MIT")


def scan(files: dict[str, str], config: LicensesConfig | None = None) -> RepoLicenseScanner:
    return scan_as_ingest(files, config, count_headers=False)


def decide(files: dict[str, str], path: str, text: str = CODE, config: LicensesConfig | None = None) -> LicenseDecision:
    return decide_as_ingest(files, path, config, text=text, count_headers=False)


# --- 1. expressions and choices -------------------------------------------------------------

PROSE_DUAL = (
    "This project is offered under two licences: the Unlicense and the MIT License.\n"
    "You may use it under either license, at your option.\n"
)


def test_prose_dual_licence_copying_beside_both_texts_and_a_manifest_is_an_or() -> None:
    files = {
        "COPYING": PROSE_DUAL,
        "LICENSE-MIT": MIT,
        "UNLICENSE": template_text("Unlicense"),
        "Cargo.toml": '[package]\nname = "finder"\nlicense = "Unlicense OR MIT"\n',
    }
    result = decide(files, "crates/core/main.rs")
    assert result.license_type == "permissive"
    assert result.expression == "MIT OR Unlicense"
    assert result.license == ["MIT", "Unlicense"]


def test_prose_choice_alone_is_an_or() -> None:
    result = decide({"COPYING": PROSE_DUAL}, "src/a.rs")
    assert result.license_type == "permissive" and " OR " in result.expression


def test_cargo_or_beside_two_licence_files() -> None:
    files = {
        "LICENSE-MIT": MIT,
        "LICENSE-APACHE": template_text("Apache-2.0"),
        "Cargo.toml": '[package]\nlicense = "MIT OR Apache-2.0"\n',
    }
    result = decide(files, "src/de.rs")
    assert result.expression == "MIT OR Apache-2.0" and result.license_type == "permissive"


def test_without_a_declared_choice_two_licence_files_stay_an_and() -> None:
    result = decide({"LICENSE-MIT": MIT, "COPYING": template_text("GPL-3.0")}, "src/a.c")
    assert result.expression == "GPL-3.0-only AND MIT" and result.license_type == "non_permissive"


def test_a_sub_package_choice_does_not_cover_the_root_copyleft_licence() -> None:
    files = {"COPYING": template_text("GPL-3.0"), "web/package.json": '{"license": "(MIT OR GPL-3.0-only)"}'}
    result = decide(files, "web/app.js")
    assert result.license_type == "non_permissive" and "AND" in result.expression


def test_all_allowed_needs_every_alternative() -> None:
    # Manifests trusted alone (`manifests: alone`) so the choice is all that is judged.
    files = {"package.json": '{"license": "MIT OR GPL-3.0-only"}'}
    assert decide(files, "index.js", config=LicensesConfig(manifests="alone")).license_type == "permissive"
    strict = LicensesConfig(choose="all_allowed", manifests="alone")
    assert decide(files, "index.js", config=strict).license_type == "non_permissive"


# --- 2. prose and pointers ------------------------------------------------------------------

PER_FILE = "For information only: each source file in this project carries its own licence in its header.\n"


def test_per_file_pointer_lets_headers_decide() -> None:
    files = {"COPYING": PER_FILE, "src/a.c": "// SPDX-License-Identifier: MIT\n" + CODE}
    assert decide(files, "src/a.c").expression == "MIT"
    headerless = decide(files, "src/b.c")
    assert headerless.license_type == "non_permissive"
    assert headerless.expression == "LicenseRef-scancode-unknown-license-reference"
    assert "each file's header" in headerless.evidence


def test_pointer_to_a_licence_file_that_is_there() -> None:
    files = {"LICENSE": "This software is licensed under the terms in LICENSE-MIT.\n", "LICENSE-MIT": MIT}
    assert decide(files, "x.c").expression == "MIT"


def test_pointer_to_a_licence_file_that_is_missing_is_an_unread_reference() -> None:
    result = decide({"LICENSE": "This software is licensed under the terms in LICENSE-FOO.\n"}, "x.c")
    assert result.license_type == "non_permissive"


def test_prose_with_a_restriction_is_never_permissive() -> None:
    text = "Dual-licensed under MIT and Apache-2.0 at your option, but commercial use is not permitted without a paid licence.\n"
    assert decide({"LICENSE": text}, "a.c").license_type == "non_permissive"


# --- 3. scope -------------------------------------------------------------------------------


def test_third_party_bundle_at_the_root_does_not_decide_the_projects_files() -> None:
    bundle = "Licenses of crates bundled into release binaries\n\n" + template_text("GPL-3.0") + template_text("MPL-2.0")
    files = {"UNLICENSE": template_text("Unlicense"), "THIRD_PARTY_LICENSES.txt": bundle, "CREDITS": "Thanks to the GPL-3.0 parser team.\n"}
    assert decide(files, "src/main.rs") == LicenseDecision(["Unlicense"], "permissive", "UNLICENSE")


def test_licenses_folder_of_bundled_dependencies_decides_nothing() -> None:
    files = {"LICENSE": MIT, "licenses/readline.txt": template_text("GPL-3.0")}
    assert decide(files, "src/a.c").license_type == "permissive"


def test_vendored_folder_is_still_judged_by_its_own_licence() -> None:
    files = {"LICENSE": MIT, "third_party/rl/COPYING": template_text("GPL-3.0")}
    assert decide(files, "third_party/rl/rl.c").license_type == "non_permissive"


SEPARATOR = "\n" + "-" * 70 + "\n\n"
LINKING_EXCEPTION_COPYING = (
    "This library is copyright its contributors. Only version 2 of the GPL applies to it."
    + SEPARATOR
    + "LINKING EXCEPTION\n\nBeyond what the GNU General Public License permits, the authors give you unlimited "
    "permission to link the compiled library into combinations with other programs, and to distribute those "
    "combinations without any restriction coming from the use of this file."
    + SEPARATOR
    + template_text("GPL-2.0")
    + SEPARATOR
    + "The bundled compression code is licensed under the zlib license:\n\n"
    + template_text("Zlib")
)


def test_gpl_with_linking_exception_and_bundled_sections() -> None:
    result = decide({"COPYING": LINKING_EXCEPTION_COPYING}, "src/repo.c")
    assert result.expression == "GPL-2.0-only WITH GCC-exception-2.0"
    assert result.license_type == "non_permissive"
    assert "bundled sections skipped" in result.evidence


LINKING_HEADER = (
    "/*\n * Copyright (C) the examplelib contributors. All rights reserved.\n *\n"
    " * This file is part of examplelib, distributed under the GNU GPL v2 with\n"
    " * a Linking Exception. For full terms see the included COPYING file.\n */\n" + CODE
)


def test_header_naming_gpl_with_a_linking_exception_is_one_with_expression() -> None:
    # Alone, the header's words name the generic exception; bound to the GPL it modifies, not ANDed.
    result = decide({}, "src/odb.c", LINKING_HEADER)
    assert result.expression == "GPL-2.0-only WITH LicenseRef-scancode-linking-exception-2.0-plus"
    assert result.license_type == "non_permissive"


def test_header_pointing_to_copying_takes_the_exception_its_text_has() -> None:
    files = {"COPYING": LINKING_EXCEPTION_COPYING, "src/odb.c": LINKING_HEADER}
    result = decide(files, "src/odb.c")
    assert result.expression == "GPL-2.0-only WITH GCC-exception-2.0"
    assert (result.license_type, result.evidence) == ("non_permissive", "header")
    # A header-less file beside it gets the same expression from COPYING.
    assert decide(files, "src/pack.c").expression == result.expression


def test_header_exception_is_not_taken_from_a_different_licence() -> None:
    files = {"LICENSE": MIT, "src/odb.c": LINKING_HEADER}
    result = decide(files, "src/odb.c")
    assert result.expression == "GPL-2.0-only WITH LicenseRef-scancode-linking-exception-2.0-plus"
    assert result.license_type == "non_permissive"


def test_reuse_layout() -> None:
    files = {
        "LICENSES/MIT.txt": template_text("MIT"),
        "LICENSES/GPL-3.0-or-later.txt": template_text("GPL-3.0"),
        ".reuse/dep5": (
            "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
            "Upstream-Name: demo\n\nFiles: assets/*\nCopyright: 2023 Example\nLicense: CC0-1.0\n"
        ),
        "src/core.py": "# SPDX-License-Identifier: MIT\nx = 1\n",
        "src/plugin.py": "# SPDX-License-Identifier: GPL-3.0-or-later\nx = 2\n",
    }
    scanner = scan(files)
    assert scanner.decide("src/core.py", files["src/core.py"]).expression == "MIT"
    assert scanner.decide("src/plugin.py", files["src/plugin.py"]).license_type == "non_permissive"
    assert scanner.decide("assets/logo.svg", "<svg/>") == LicenseDecision(["CC0-1.0"], "permissive", "dep5:.reuse/dep5")
    assert scanner.decide("src/other.py", "x = 3\n").license_type == "no_license"


def test_reuse_toml_annotations() -> None:
    files = {"REUSE.toml": 'version = 1\n\n[[annotations]]\npath = ["docs/**"]\nSPDX-License-Identifier = "CC-BY-4.0"\n'}
    assert decide(files, "docs/guide/intro.md", "Intro\n").expression == "CC-BY-4.0"


ISC = """\
Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted, provided that the above
copyright notice and this permission notice appear in all copies.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
"""
"""The ISC licence in ISC's own wording, typed here: the Debian stanza below holds it as it is, the
near-verbatim variant further down changes it only where it says."""


def _dep5_text(text: str) -> str:
    """A licence text as a debian/copyright stanza holds it: indented, blank lines as ` .`."""
    return "".join(f" {line}\n" if line else " .\n" for line in text.splitlines())


DEP5 = """\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: kvstore

Files: *
Copyright: 2019 Example Upstream
License: GPL-2+

Files: src/lzf*
Copyright: 2000 Example Compressor Author
License: BSD-2-clause or GPL-2+

Files: deps/tiny/*
Copyright: 2015 Example Person
License: Tiny-Permission

License: Tiny-Permission
""" + _dep5_text(ISC)


def test_debian_copyright_is_read_per_path_last_match_wins() -> None:
    scanner = scan({"debian/copyright": DEP5, "COPYING": template_text("GPL-2.0")})
    assert scanner.decide("src/server.c", CODE).expression == "GPL-2.0-or-later"
    lzf = scanner.decide("src/lzf_c.c", CODE)
    assert lzf.expression == "BSD-2-Clause OR GPL-2.0-or-later" and lzf.license_type == "permissive"
    assert lzf.evidence == "dep5:debian/copyright"
    assert scanner.decide("deps/tiny/t.c", CODE).expression == "ISC"


# --- 4. texts inside comments, near-verbatim --------------------------------------------------

# OpenBSD's wording (`and distribute`), and one word added to the disclaimer.
ISC_VARIANT = "Copyright (c) 2011 Example Maintainer <dev@example.com>\n\n" + ISC.replace(
    "modify, and/or distribute", "modify, and distribute"
).replace("FROM LOSS OF USE", "FROM LOSS OF MIND, USE")


def _c_block(text: str) -> str:
    return "/*\n" + "".join(f" * {line}".rstrip() + "\n" for line in text.splitlines()) + " */\n#include <stdio.h>\n"


def test_isc_with_one_disclaimer_word_changed_in_copying_and_c_headers() -> None:
    files = {"COPYING": ISC_VARIANT, "src/a.c": _c_block(ISC_VARIANT)}
    header = decide(files, "src/a.c")
    assert header.expression == "ISC" and header.evidence.startswith("header[near ISC")
    assert "+mind" in header.evidence
    folder = decide(files, "src/b.c")
    assert folder.expression == "ISC" and folder.evidence.startswith("COPYING[near ISC")


def test_a_condition_added_to_isc_keeps_it_unknown_and_names_the_difference() -> None:
    restricted = ISC_VARIANT.replace("for any\npurpose", "for any non-commercial\npurpose")
    header = decide({"src/a.c": _c_block(restricted)}, "src/a.c")
    assert header.license_type == "non_permissive" and "+non commercial" in header.evidence
    dropped = ISC_VARIANT.replace("modify, and distribute", "and modify")
    assert decide({"COPYING": dropped}, "a.c").license_type == "non_permissive"


def test_licence_notice_in_every_comment_style() -> None:
    notice = template_text("MIT").splitlines()
    styles = {
        "a.go": "\n".join(f"// {line}".rstrip() for line in notice) + "\npackage a\n",
        "a.py": '"""\n' + "\n".join(notice) + '\n"""\nimport os\n',
        "a.rb": "\n".join(f"# {line}".rstrip() for line in notice) + "\nputs 1\n",
        "a.lua": "\n".join(f"-- {line}".rstrip() for line in notice) + "\nprint(1)\n",
        "a.el": "\n".join(f";; {line}".rstrip() for line in notice) + "\n(message 1)\n",
        "a.c": _c_block("\n".join(notice)),
    }
    config = LicensesConfig(header_lines=60)
    for path, text in styles.items():
        assert decide({"COPYING": template_text("GPL-3.0")}, path, text, config).expression == "MIT", path


def _bsd_header_with(alternative: str) -> str:
    """A C header: a copyright line, the BSD-2-Clause text, then a paragraph offering another licence."""
    return _c_block(f"Copyright (c) 2000 Example Author\n\n{template_text('BSD-2-Clause')}\n\n{alternative}")


def test_redis_style_alternative_in_a_file_header() -> None:
    header = _bsd_header_with(
        "Alternatively, the contents of this file may be used under the terms of\n"
        "the GNU General Public License (\"GPL\") version 2 or any later version,\n"
        "in which case the provisions of the GPL are applicable instead of the above.")
    result = decide({}, "src/lzf_d.c", header + CODE, LicensesConfig(header_lines=60))
    assert result.expression == "BSD-2-Clause OR GPL-2.0-or-later" and result.license_type == "permissive"


def test_alternative_that_refers_back_to_the_notice_by_name_adds_no_third_licence() -> None:
    # "the BSD license" in the alternative's wording is the notice already read above it, not a
    # further choice (a bare "BSD license" would otherwise be read as BSD-3-Clause).
    header = _bsd_header_with(
        "Alternatively, this file may be distributed under the terms of the GNU General\n"
        "Public License (\"GPL\") version 2 or any later version. To keep only the GPL and\n"
        "stop others from using your changed copy under the BSD license, delete the\n"
        "paragraphs above and put the GPL's notice in their place.")
    result = decide({}, "src/codec.c", header + CODE, LicensesConfig(header_lines=60))
    assert result.expression == "BSD-2-Clause OR GPL-2.0-or-later" and result.license_type == "permissive"


def _header(*paragraphs: str) -> str:
    lines = "\n\n".join(paragraphs).splitlines()
    return "/*\n" + "".join(f" * {line}".rstrip() + "\n" for line in lines) + " */\n" + CODE


def test_choice_stated_beside_two_full_notices_is_between_them() -> None:
    header = _header(
        "Copyright (C) 2015 Example Author", template_text("BSD-2-Clause"),
        "This program is free software; you can redistribute it and/or modify it under the terms of\n"
        "the GNU General Public License version 2 as published by the Free Software Foundation.\n"
        "This code is dual-licensed: you may pick either the GNU General Public License version 2\n"
        "(\"GPL\") or the BSD license (\"BSD\").",
    )
    result = decide({}, "lib/hash.h", header, LicensesConfig(header_lines=80))
    assert result.expression == "BSD-2-Clause OR GPL-2.0-only" and result.license_type == "permissive"


def test_choice_never_drops_an_unexplained_restriction() -> None:
    header = _header(
        "Copyright (C) 2015 Example Author", template_text("MIT"),
        "The software may not be used for commercial purposes.\n"
        "You may use this file under either of the terms above, at your option.",
    )
    assert decide({}, "lib/tool.c", header, LicensesConfig(header_lines=80)).license_type == "non_permissive"


# --- 5. source-available licences are named --------------------------------------------------

RSAL_LIKE = (
    "Redis Source Available License 2.0 (RSALv2) Agreement\n\n"
    "A summary written for this test: you may use, copy and change the software, but you may not\n"
    "offer it to third parties as a hosted service, and you may not remove or hide licence keys.\n"
)


def test_source_available_licence_in_its_own_words_is_named() -> None:
    result = decide({"LICENSE.txt": RSAL_LIKE}, "src/server.c")
    assert result == LicenseDecision(["LicenseRef-scancode-rsalv2"], "non_permissive", "LICENSE.txt")


def test_source_available_choice_stays_non_permissive() -> None:
    files = {"LICENSE.txt": "Choose one of the following licences at your option: RSALv2 or SSPLv1 or AGPLv3.\n"}
    result = decide(files, "src/server.c")
    assert result.license_type == "non_permissive"
    assert {"LicenseRef-scancode-rsalv2", "SSPL-1.0"} <= set(result.license)


def test_non_commercial_and_field_of_use_licences_are_non_permissive() -> None:
    for declared in ("PolyForm-Noncommercial-1.0.0", "CC-BY-NC-4.0", "Elastic-2.0", "BUSL-1.1", "SSPL-1.0", "JSON",
                     "Apache-2.0 WITH LicenseRef-scancode-commons-clause"):
        result = decide({"package.json": f'{{"license": "{declared}"}}'}, "index.js")
        assert result.license_type == "non_permissive", declared
    json_text = decide({"LICENSE": template_text("JSON")}, "a.js")
    assert json_text.license == ["JSON"] and json_text.license_type == "non_permissive"


# --- found on real packages (benchmarks/license_real.py), modelled here -------------------------


def test_a_section_that_names_its_files_decides_those_files_only() -> None:
    licence = (
        template_text("Apache-2.0") + "\n" + "-" * 60 + "\n\nFollowing applies to:\n./build/pod.spec\n./tools/gen.py\n\n"
        + template_text("MPL-2.0")
    )
    scanner = scan({"LICENSE": licence})
    assert scanner.decide("src/server.py", CODE).expression == "Apache-2.0"
    scoped = scanner.decide("tools/gen.py", CODE)
    assert scoped.expression == "MPL-2.0" and scoped.license_type == "non_permissive"


def test_attributions_around_a_licence_text_are_not_an_unknown_licence() -> None:
    text = (
        "Widget toolkit:\nCopyright (c) 2019 Example Author\n\nColour tables derived from example-colours:\n"
        "https://example.com/colours\nCopyright (c) Example Painter\n\nThe following MIT license applies to the above material.\n\n"
        + template_text("MIT")
    )
    assert decide({"LICENSE": text}, "lib/a.js").expression == "MIT"
    restricted = text.replace("applies to the above material.", "applies to the above material, for non-commercial use only.")
    assert decide({"LICENSE": restricted}, "lib/a.js").license_type == "non_permissive"


def test_a_licence_text_naming_gpl_compatibility_is_not_the_gpl() -> None:
    text = "This project uses the BSD licence, which is GPL-compatible.\n\n" + template_text("BSD-3-Clause")
    assert decide({"LICENSE": text}, "a.py").license_type == "permissive"


def test_a_restriction_inside_what_the_classifier_calls_mit_is_caught() -> None:
    text = "Copyright (c) 2020 Example Author, for non-commercial use only.\n\n" + template_text("MIT")
    assert decide({"LICENSE": text}, "a.js").license_type == "non_permissive"
    header = "/*\n * Copyright (c) 2020 Example Author. Not for commercial use.\n *\n" + "".join(
        f" * {line}".rstrip() + "\n" for line in template_text("MIT").splitlines()) + " */\n"
    assert decide({}, "a.c", header + CODE, LicensesConfig(header_lines=60)).license_type == "non_permissive"
    # The licence's own wording ("may not be used to endorse …") is not a restriction it adds.
    assert decide({"LICENSE": template_text("BSD-3-Clause")}, "a.c").license_type == "permissive"


def test_a_header_offering_a_choice_between_named_licences_is_an_or() -> None:
    header = (
        "/*\n * Copyright (c) Example Co.\n *\n * This source code is licensed under both the BSD-style license (found in\n"
        " * the LICENSE file at the root) and the GPLv2 (found in the COPYING file at the root).\n"
        " * You may select, at your option, one of the above-listed licenses.\n */\n"
    )
    files = {"LICENSE": template_text("BSD-3-Clause"), "COPYING": template_text("GPL-2.0")}
    result = decide(files, "lib/compress.c", header + CODE)
    assert result.license_type == "permissive" and set(result.expression.split(" OR ")) == {"BSD-3-Clause", "GPL-2.0-only"}
    assert decide(files, "lib/other.c").license_type == "non_permissive"  # no header: both files apply


def test_files_named_after_a_licence_with_another_suffix_are_not_licence_files() -> None:
    files = {"LICENSE": MIT, "zlib.map": "ZLIB_1.2.0 { global: compressBound; };\n", "zlib.3": ".TH ZLIB 3\n.SH NAME\n"}
    assert decide(files, "src/a.c").expression == "MIT"


def test_a_readme_choice_covers_the_licence_files_it_names() -> None:
    files = {
        "LICENSE": template_text("BSD-3-Clause"),
        "COPYING": template_text("GPL-2.0"),
        "README.md": "# Packer\n\n## License\n\nPacker is dual-licensed under BSD and GPLv2: use either, at your option.\n",
    }
    result = decide(files, "build/cmake/rules.cmake", "set(X 1)\n")
    assert result.license_type == "permissive" and set(result.expression.split(" OR ")) == {"BSD-3-Clause", "GPL-2.0-only"}
    files["README.md"] = "# Packer\n\n## License\n\nSee LICENSE and COPYING.\n"
    assert decide(files, "build/cmake/rules.cmake", "set(X 1)\n").license_type == "non_permissive"


def test_a_misnamed_lesser_public_license_header_is_still_named() -> None:
    header = (
        "#  This program is free software: you can redistribute it and/or modify\n"
        "#  it under the terms of the GNU Lesser Public License as published by\n"
        "#  the Free Software Foundation, either version 3 of the License, or\n"
        "#  (at your option) any later version.\n"
    )
    result = decide({"LICENSE": MIT}, "lib/api.py", header + "import os\n")
    assert result.license_type == "non_permissive" and any(key.startswith("LGPL-") for key in result.license)
