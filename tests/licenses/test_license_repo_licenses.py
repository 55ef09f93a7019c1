"""Per-repository evidence and per-file decisions (licenses/repo_licenses.py)."""

import time

import pytest

from licenses.config import LicensesConfig
from licenses.repo_licenses import LicenseDecision, RepoLicenseScanner, decide_without_tree
from licenses.spdx import UNKNOWN
from licenses.template_texts import template_text
from tests.support.licence_scan import scan_as_ingest

MIT = "Copyright (c) 2024 Jane Doe\n\n" + template_text("MIT")
APACHE = template_text("Apache-2.0")
GPL3 = template_text("GPL-3.0")
CODE = "int main(void) { return 0; }\n"
GPL_HEADER = (
    "/*\n * This program is free software; you can redistribute it and/or modify\n"
    " * it under the terms of the GNU General Public License as published by\n"
    " * the Free Software Foundation; either version 2 of the License, or\n"
    " * (at your option) any later version.\n */\n"
)


def scan(files: dict[str, str], host: str = "") -> RepoLicenseScanner:
    return scan_as_ingest(files, host=host)


def decide(files: dict[str, str], path: str, text: str = CODE, host: str = "") -> LicenseDecision:
    return scan(files, host).decide(path, text)


def test_single_licence_file() -> None:
    assert decide({"LICENSE": MIT}, "src/a.c") == LicenseDecision(["MIT"], "permissive", "LICENSE")


def test_no_evidence_is_no_license() -> None:
    assert decide({"src/a.c": CODE}, "src/a.c") == LicenseDecision([], "no_license", "")


def test_dual_licence_files_at_one_level_combine() -> None:
    both_permissive = decide({"LICENSE-MIT": MIT, "LICENSE-APACHE": APACHE}, "src/lib.rs")
    assert both_permissive == LicenseDecision(["Apache-2.0", "MIT"], "permissive", "LICENSE-APACHE;LICENSE-MIT")
    with_copyleft = decide({"LICENSE-MIT": MIT, "COPYING": GPL3}, "src/a.c")
    assert with_copyleft.license == ["GPL-3.0-only", "MIT"] and with_copyleft.license_type == "non_permissive"


def test_licence_per_sub_folder_nearest_wins() -> None:
    files = {"LICENSE": MIT, "gpl_part/COPYING": GPL3, "docs/LICENSE": template_text("CC-BY-4.0")}
    assert decide(files, "src/a.c").license == ["MIT"]
    assert decide(files, "gpl_part/deep/b.c") == LicenseDecision(["GPL-3.0-only"], "non_permissive", "gpl_part/COPYING")
    assert decide(files, "docs/guide.md").license == ["CC-BY-4.0"]


def test_vendored_folder_with_its_own_licence() -> None:
    files = {"LICENSE": MIT, "vendor/libfoo/LICENSE": GPL3}
    assert decide(files, "vendor/libfoo/foo.c").license_type == "non_permissive"
    assert decide(files, "main.c").license_type == "permissive"


def test_vendored_folder_with_only_a_manifest_adds_to_the_enclosing_licence() -> None:
    files = {"LICENSE": MIT, "node_modules/left/package.json": '{"license": "GPL-3.0-only"}'}
    result = decide(files, "node_modules/left/index.js")
    assert result == LicenseDecision(["GPL-3.0-only", "MIT"], "non_permissive", "LICENSE;manifest:node_modules/left/package.json")


def test_a_sub_package_manifest_does_not_escape_a_copyleft_repository() -> None:
    files = {"COPYING": GPL3, "web/package.json": '{"license": "ISC"}'}
    assert decide(files, "web/app.js").license_type == "non_permissive"


def test_gpl_header_in_an_mit_repository() -> None:
    result = decide({"LICENSE": MIT}, "src/gpl.c", GPL_HEADER + CODE)
    assert result == LicenseDecision(["GPL-2.0-or-later"], "non_permissive", "header")


def test_named_gpl_in_a_header_adds_to_the_repository_licence() -> None:
    result = decide({"LICENSE": MIT}, "src/a.c", "// This file is licensed under the GPL.\n" + CODE)
    assert result.license_type == "non_permissive" and result.evidence == "header;LICENSE"


def test_spdx_tag_overrides_the_repository_licence_both_ways() -> None:
    assert decide({"COPYING": GPL3}, "a.c", "// SPDX-License-Identifier: MIT\n" + CODE).license_type == "permissive"
    assert decide({"LICENSE": MIT}, "a.c", "// SPDX-License-Identifier: AGPL-3.0-only\n" + CODE).license_type == "non_permissive"


def test_manifest_says_mit_but_licence_file_says_gpl() -> None:
    result = decide({"LICENSE": GPL3, "package.json": '{"license": "MIT"}'}, "index.js")
    assert result == LicenseDecision(["GPL-3.0-only", "MIT"], "non_permissive", "LICENSE;manifest:package.json")


def test_manifest_alone_is_declared_only() -> None:
    """No licence text anywhere: the declaration is recorded, but is not a permissive licence that
    can travel with copies (licenses/DECISIONS.md); `manifests: alone` trusts it as before."""
    files = {"Cargo.toml": '[package]\nlicense = "MIT OR Apache-2.0"\n'}
    assert decide(files, "src/lib.rs") == LicenseDecision(["Apache-2.0", "MIT"], "declared_only", "manifest:Cargo.toml")
    trusting = RepoLicenseScanner(LicensesConfig(manifests="alone"))
    trusting.observe("Cargo.toml", files["Cargo.toml"])
    assert trusting.decide("src/lib.rs", CODE) == LicenseDecision(["Apache-2.0", "MIT"], "permissive", "manifest:Cargo.toml")


def test_unreadable_manifest_declaration_yields_to_a_licence_file() -> None:
    files = {"LICENSE": MIT, "package.json": '{"license": "SEE LICENSE IN LICENSE"}'}
    assert decide(files, "index.js") == LicenseDecision(["MIT"], "permissive", "LICENSE")


def test_readme_only_licence() -> None:
    files = {"README.md": "# Tool\n\n## License\n\nThis project is licensed under the Apache License 2.0.\n"}
    assert decide(files, "src/a.py") == LicenseDecision(["Apache-2.0"], "permissive", "readme:README.md")


def test_readme_is_ignored_when_a_licence_file_applies() -> None:
    files = {"LICENSE": MIT, "README.md": "# Tool\n\n## License\n\nGPL-3.0\n"}
    assert decide(files, "a.py") == LicenseDecision(["MIT"], "permissive", "LICENSE")


def test_empty_licence_file_holds_no_terms() -> None:
    assert decide({"LICENSE": "  \n\n"}, "a.py").license_type == "no_license"
    assert decide({"LICENSE": ""}, "a.py", host="MIT") == LicenseDecision(["MIT"], "permissive", "metadata")


def test_a_licence_file_that_is_not_a_licence_is_unknown() -> None:
    result = decide({"LICENSE": "TODO: pick a licence before release.\n"}, "a.py")
    assert result == LicenseDecision([UNKNOWN], "non_permissive", "LICENSE")


def test_unrecognised_licence_text_keeps_the_licences_it_names() -> None:
    custom = "MIT License, except that commercial use requires a paid agreement with the author.\n"
    result = decide({"LICENSE": custom}, "a.py")
    assert result.license == [UNKNOWN, "MIT"] and result.license_type == "non_permissive"


def test_huge_licence_file_is_bounded() -> None:
    huge = MIT + "\n" + ("Additional third-party notices follow. " * 30_000)  # ~1.2 MB
    started = time.perf_counter()
    result = decide({"LICENSE": huge}, "a.py")
    assert time.perf_counter() - started < 20
    assert "MIT" in result.license and result.license_type == "non_permissive"  # unread remainder


def test_binary_licence_file_is_unknown_and_does_not_crash() -> None:
    binary = "\x00\x01\x02\x03\ufffd" * 20_000
    assert decide({"LICENSE": binary}, "a.py") == LicenseDecision([UNKNOWN], "non_permissive", "LICENSE")
    assert decide({"LICENSE": MIT}, "blob.bin", binary).license == ["MIT"]


def test_notice_file_beside_a_licence_adds_no_unknown() -> None:
    notice = "Example Project\nCopyright 2024 The Example Authors\n\nThis product includes software developed at Example Corp.\n"
    assert decide({"LICENSE": APACHE, "NOTICE": notice}, "a.java") == LicenseDecision(["Apache-2.0"], "permissive", "LICENSE")


def test_patents_grant_file_is_an_ignored_notice() -> None:
    assert decide({"LICENSE": template_text("BSD-3-Clause"), "PATENTS": template_text("GooglePatentsFile")}, "a.go").license_type == "permissive"


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("MIT", LicenseDecision(["MIT"], "permissive", "metadata")),
        ("GPL-2.0", LicenseDecision(["GPL-2.0-only"], "non_permissive", "metadata")),
        ("NOASSERTION", LicenseDecision([UNKNOWN], "non_permissive", "metadata")),
        ("other", LicenseDecision([UNKNOWN], "non_permissive", "metadata")),
        ("", LicenseDecision([], "no_license", "")),
    ],
)
def test_host_metadata_is_the_weakest_evidence(host: str, expected: LicenseDecision) -> None:
    assert decide({}, "a.py", host=host) == expected
    assert decide({"LICENSE": MIT}, "a.py", host=host).evidence == "LICENSE"


def test_decide_without_tree() -> None:
    config = LicensesConfig()
    assert decide_without_tree(config, "MIT", "a.c", CODE) == LicenseDecision(["MIT"], "permissive", "metadata")
    assert decide_without_tree(config, "MIT", "a.c", GPL_HEADER + CODE).license_type == "non_permissive"
    assert decide_without_tree(config, "", "a.c", CODE) == LicenseDecision([], "no_license", "")
    named = decide_without_tree(config, "Apache-2.0", "a.c", "# Licensed under the GNU AGPL v3.\n")
    assert named.evidence == "header;metadata" and named.license_type == "non_permissive"
    assert decide_without_tree(config, ["MIT", "Apache-2.0"], "a.c", CODE).license == ["Apache-2.0", "MIT"]  # type: ignore[arg-type]


def test_wants_only_evidence_files() -> None:
    scanner = RepoLicenseScanner(LicensesConfig())
    assert scanner.wants("LICENSE") and scanner.wants("a/b/package.json") and scanner.wants("README.md")
    assert not scanner.wants("src/main.c") and not scanner.wants("license.go")


def test_end_to_end_repository() -> None:
    """A realistic tree: expected licence type for every file."""
    files = {
        "LICENSE": MIT,
        "README.md": "# Demo\n\n## License\n\nMIT\n",
        "package.json": '{"name": "demo", "license": "MIT"}',
        "src/index.js": "// entry point\nmodule.exports = 1;\n",
        "src/gpl_plugin.js": GPL_HEADER + "module.exports = 2;\n",
        "src/tagged.js": "// SPDX-License-Identifier: MIT OR GPL-3.0-only\nexport default 3;\n",
        "third_party/zlib/LICENSE": template_text("Zlib"),
        "third_party/zlib/inflate.c": CODE,
        "third_party/readline/COPYING": GPL3,
        "third_party/readline/readline.c": CODE,
        "tools/package.json": '{"license": "Apache-2.0"}',
        "tools/build.js": "build();\n",
        "secret/engine.c": "/* Copyright Acme. Proprietary and confidential. Unauthorized copying is strictly prohibited. */\n" + CODE,
    }
    scanner = scan(files)
    expected = {
        "LICENSE": "permissive",
        "README.md": "permissive",
        "package.json": "permissive",
        "src/index.js": "permissive",
        "src/gpl_plugin.js": "non_permissive",
        "src/tagged.js": "permissive",
        "third_party/zlib/LICENSE": "permissive",
        "third_party/zlib/inflate.c": "permissive",
        "third_party/readline/COPYING": "non_permissive",
        "third_party/readline/readline.c": "non_permissive",
        "tools/package.json": "permissive",
        "tools/build.js": "permissive",
        "secret/engine.c": "non_permissive",
    }
    assert {path: scanner.decide(path, text).license_type for path, text in files.items()} == expected
    assert scanner.decide("tools/build.js", "").evidence == "LICENSE;manifest:package.json;manifest:tools/package.json"


def test_a_sub_folder_third_party_notice_neither_adds_to_nor_replaces_the_enclosing_licence() -> None:
    files = {"COPYING": GPL3, "lib/THIRD_PARTY_NOTICES.txt": "Bundled parser:\n\n" + MIT}
    result = decide(files, "lib/parser.c")
    assert result == LicenseDecision(["GPL-3.0-only"], "non_permissive", "COPYING")


def test_a_notice_alone_with_a_licence_applies() -> None:
    assert decide({"NOTICE": MIT}, "a.c") == LicenseDecision(["MIT"], "permissive", "NOTICE")


def test_files_of_one_repository_each_get_their_own_decision() -> None:
    # One scanner decides every file of a repository in turn; what one file's header adds must not
    # stick to the files decided after it, and a licence file met later changes later decisions.
    scanner = scan({"LICENSE": MIT, "vendor/gpl/COPYING": GPL3})
    plain = LicenseDecision(["MIT"], "permissive", "LICENSE", "MIT")
    assert scanner.decide("src/a.c", CODE) == plain
    named = scanner.decide("src/b.c", "/* Parts of this file are released under the GPL license. */\n" + CODE)
    assert named.license_type == "non_permissive" and named.evidence == "header;LICENSE"
    assert scanner.decide("src/c.c", CODE) == plain
    assert scanner.decide("vendor/gpl/d.c", CODE).license == ["GPL-3.0-only"]
    scanner.observe("src/LICENSE", APACHE)
    assert scanner.decide("src/e.c", CODE).license == ["Apache-2.0"]
    assert scanner.decide("f.c", CODE) == plain


def test_a_cpan_licence_file_offering_perls_terms_is_perls_choice() -> None:
    """CPAN's generated LICENSE: "the same terms as the Perl 5 programming language system itself",
    then the GPL-1 and the Artistic texts in full. That is Perl's choice, `Artistic-1.0-Perl OR
    GPL-1.0-or-later` (as Debian writes it), not both licences at once."""
    from licenses.template_texts import template_text

    preface = (
        "This software is copyright (c) 2014 by Example Author.\n\n"
        "This is free software; you can redistribute it and/or modify it under\n"
        "the same terms as the Perl 5 programming language system itself.\n\n"
        "Terms of the Perl programming language system itself\n\n"
        "a) the GNU General Public License as published by the Free\n   Software Foundation; either version 1, or (at your option) any\n"
        "   later version, or\nb) the \"Artistic License\"\n\n"
    )
    text = preface + "--- GPL ---\n\n" + template_text("GPL-1.0") + "\n\n--- Artistic ---\n\n" + template_text("Artistic-1.0") + "\n"
    scanner = RepoLicenseScanner(LicensesConfig())
    scanner.observe("Example-Module-0.014/LICENSE", text)
    decision = scanner.decide("Example-Module-0.014/lib/Example/Module.pm", "package Example::Module;\n1;\n")
    assert decision.expression == "Artistic-1.0-Perl OR GPL-1.0-or-later"
    assert decision.license_type == "non_permissive"
