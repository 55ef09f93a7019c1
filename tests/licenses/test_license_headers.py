"""File-level evidence: SPDX tags and licence headers (licenses/headers.py)."""

from licenses.headers import comment_text, scan_header
from licenses.spdx import PROPRIETARY, LicenseExpr, leaf

LIMITS = {"max_lines": 50, "max_chars": 8_192}

GPL_NOTICE = """\
# This program is free software; you can redistribute it and/or modify
# it under the terms of the GNU General Public License as published by
# the Free Software Foundation; either version 2 of the License, or
# (at your option) any later version.
#
# This program is distributed in the hope that it will be useful,
# but WITHOUT ANY WARRANTY; without even the implied warranty of
# MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
# GNU General Public License for more details.
"""

APACHE_NOTICE = """\
/*
 * Copyright 2024 Example Corp.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package example;
"""


def _override(text: str) -> list[LicenseExpr]:
    return scan_header(text, **LIMITS).override


def test_spdx_tags_in_every_comment_style() -> None:
    assert _override("/* SPDX-License-Identifier: GPL-2.0-only */\nint x;") == [leaf("GPL-2.0-only")]
    assert _override("#!/bin/sh\n# SPDX-License-Identifier: MIT OR Apache-2.0\n") == [
        LicenseExpr("OR", (leaf("MIT"), leaf("Apache-2.0")))
    ]
    assert _override("<!-- SPDX-License-Identifier: MIT -->\n<html/>") == [leaf("MIT")]
    assert _override("// SPDX-License-Identifier: GPL-2.0+ WITH Linux-syscall-note\n")[0].label == (
        "GPL-2.0-or-later WITH Linux-syscall-note"
    )


def test_gpl_notice_header_is_recognised() -> None:
    assert _override("#!/usr/bin/env python\n" + GPL_NOTICE + "import os\n") == [leaf("GPL-2.0-or-later")]


def test_apache_notice_header_is_recognised() -> None:
    assert _override(APACHE_NOTICE) == [leaf("Apache-2.0")]


def test_a_named_copyleft_licence_is_extra_evidence_not_an_override() -> None:
    evidence = scan_header("// Released under the GNU GPL v3 licence.\nint main() {}\n", **LIMITS)
    assert evidence.override == [] and evidence.extra == [leaf("GPL-3.0-only")]


def test_named_permissive_licences_and_copyright_lines_add_nothing() -> None:
    assert not scan_header("// Copyright 2024 X. All rights reserved.\n// MIT licensed.\nint x;\n", **LIMITS)
    assert not scan_header("// Use of this source is governed by a BSD-style license in LICENSE.\n", **LIMITS)


def test_proprietary_markers_are_extra_evidence() -> None:
    evidence = scan_header("/* Copyright Acme. Proprietary and confidential.\n * Unauthorized copying is prohibited. */\n", **LIMITS)
    assert leaf(PROPRIETARY) in evidence.extra


def test_licence_words_in_code_are_not_comments() -> None:
    assert not scan_header('LICENSES = ["GPL-3.0", "MIT"]  \nprint("licensed under the GPL")\n', **LIMITS)


def test_only_the_leading_lines_are_read() -> None:
    late = "x = 1\n" * 60 + "# SPDX-License-Identifier: GPL-3.0-only\n"
    assert not scan_header(late, **LIMITS)


def test_binary_text_has_no_header() -> None:
    assert not scan_header("\x00\x01\x02" * 1000, **LIMITS)


def test_comment_text_strips_markers_from_line_and_block_comments() -> None:
    lines = ["/**", " * Block line", " */", "int x; // trailing is code", "# hash line", '"""', "Docstring line", '"""']
    assert comment_text(lines).split("\n") == ["", "Block line", "", "hash line", "", "Docstring line", ""]


def test_names_inside_a_matched_licence_text_do_not_count() -> None:
    from licenses.template_texts import template_text

    header = "".join(f"# {line}\n" for line in template_text("ZPL-2.1").splitlines())
    evidence = scan_header(header + "import os\n", **LIMITS)
    assert evidence.override == [leaf("ZPL-2.1")] and evidence.extra == []


def test_a_copyright_line_naming_a_copyleft_licence_still_counts() -> None:
    text = APACHE_NOTICE.replace("Copyright 2024 Example Corp.", "Copyright 2024 Example Corp., parts under the GNU GPL v2 licence")
    evidence = scan_header(text, **LIMITS)
    assert evidence.override == [leaf("Apache-2.0")] and evidence.extra == [leaf("GPL-2.0-only")]


def test_comment_text_strips_any_whitespace_and_framing_marks() -> None:
    lines = ["//\u3000Copyright 2024 Example Corp.\u00a0 ", "#\tLicensed under the MIT License. ##", "<!-- note -->",
             "   ;; --- rule ---", "code(); // not a comment line"]
    assert comment_text(lines).split("\n") == ["Copyright 2024 Example Corp.", "Licensed under the MIT License.",
                                               "note", "rule"]


def test_spdx_tags_in_any_case_and_spacing() -> None:
    assert _override("// spdx-license-identifier :  MIT */\nint x;\n") == [leaf("MIT")]
    assert _override("# SPDX-License-Identifier:Apache-2.0\n# SPDX-License-Identifier: MIT\n") == [leaf("Apache-2.0"), leaf("MIT")]
    assert _override("// License-Identifier: GPL-2.0-only\n// SPDX-Identifier: GPL-2.0-only\n") == []
    assert _override("// SPDX-License-Identifier\n// : GPL-2.0-only\n") == []  # a tag is one line


def test_comment_text_reads_every_line_comment_marker() -> None:
    lines = ["REM Licensed under the MIT License", "  rem second", "dnl autoconf comment", ":: batch comment",
             "' VB comment", "-- SQL comment", "; ini comment", "% TeX comment", "! Fortran comment", " * continued",
             "remove(x)  # code, not a comment", "dnlx = 1", "#include <stdio.h>", "x = 1  // trailing"]
    # Word markers (REM, dnl, ::) are markers, not words of the comment: left in, they break notices.
    assert comment_text(lines).split("\n") == ["Licensed under the MIT License", "second", "autoconf comment",
                                               "batch comment", "VB comment", "SQL comment", "ini comment",
                                               "TeX comment", "Fortran comment", "continued"]
