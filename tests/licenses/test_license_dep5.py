"""DEP-5 and REUSE.toml per-path declarations (licenses/dep5.py)."""

from licenses.dep5 import debian_expression, matching, parse_dep5, parse_reuse_toml, rule_base
from licenses.spdx import render


def _text(field: str) -> str:
    return render(debian_expression(field, {}))


def test_debian_short_names() -> None:
    assert _text("GPL-2+") == "GPL-2.0-or-later"
    assert _text("LGPL-2.1") == "LGPL-2.1-only"
    assert _text("Expat") == "MIT"
    assert _text("BSD-3-clause") == "BSD-3-Clause"
    assert _text("GPL-1+ or Artistic") == "GPL-1.0-or-later OR Artistic-1.0-Perl"
    assert _text("Apache-2.0 and MIT") == "Apache-2.0 AND MIT"
    assert _text("GPL-3+ with OpenSSL exception").startswith("GPL-3.0-or-later WITH")
    assert _text("public-domain") == "LicenseRef-scancode-public-domain"


def test_unmachine_readable_copyright_is_ignored() -> None:
    assert parse_dep5("This package was debianized by someone.\nLicense: GPL\n", "", lambda text: []) == []


def test_patterns_are_relative_to_the_folder_above_debian() -> None:
    text = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nLicense: MIT\n\nFiles: lib/*.c\nLicense: Zlib\n"
    rules = parse_dep5(text, rule_base("pkg/debian/copyright"), lambda body: [])
    assert render(matching(rules, "pkg/lib/deep/x.c")) == "Zlib"  # DEP-5's * crosses folders
    assert render(matching(rules, "pkg/main.c")) == "MIT"
    assert matching(rules, "other/main.c") is None


def test_reuse_toml() -> None:
    rules = parse_reuse_toml('[[annotations]]\npath = "img/**"\nSPDX-License-Identifier = "CC0-1.0 OR MIT"\n', "")
    assert render(matching(rules, "img/a/b.png")) == "CC0-1.0 OR MIT"
    assert parse_reuse_toml("not toml [", "") == []
