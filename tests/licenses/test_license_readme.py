"""README licence sections (licenses/readme.py)."""

from licenses.readme import licence_section, readme_licenses
from licenses.spdx import UNKNOWN, leaf
from licenses.template_texts import template_text


def test_markdown_section_until_the_next_heading() -> None:
    text = "# Tool\n\nIntro mentions GPL tools.\n\n## Licence\n\nReleased under the MIT License.\n\n## Credits\n\nGPL friends.\n"
    assert licence_section(text) == "Released under the MIT License."
    assert readme_licenses(text) == [leaf("MIT")]


def test_setext_and_rst_headings() -> None:
    assert licence_section("Tool\n====\n\nx\n\nLicense\n-------\n\nApache 2.0\n\nMore\n----\n") == "Apache 2.0"
    assert readme_licenses("License\n=======\n\nThis project is GPLv3+.\n") == [leaf("GPL-3.0-or-later")]


def test_full_licence_text_in_a_section() -> None:
    text = "# X\n\n## License\n\n" + template_text("MIT")
    assert readme_licenses(text) == [leaf("MIT")]


def test_no_section_and_pointer_sections_add_nothing() -> None:
    assert readme_licenses("# X\n\nThis uses the GPL-licensed readline.\n") == []
    assert readme_licenses("# X\n\n## License\n\nSee the LICENSE file.\n") == []


def test_a_section_naming_nothing_known_is_unknown() -> None:
    assert readme_licenses("# X\n\n## License\n\nFree for friends of the author only.\n") == [leaf(UNKNOWN)]


def test_a_heading_about_the_licence_wins_over_an_identifier_that_contains_the_word() -> None:
    """An npm package about licence ids documents `require('example-license-ids')` before its own
    "## License": the API heading is not the licence section (it read as an unknown licence)."""
    text = (
        "# example-license-ids\n\nA list of licence identifiers.\n\n### require('example-license-ids')\n\n"
        "Type: `string[]`\n\nAll license IDs except the deprecated ones.\n\n"
        "## License\n\n[Creative Commons Zero v1.0 Universal](https://creativecommons.org/publicdomain/zero/1.0/)\n"
    )
    (found,) = readme_licenses(text)
    keys = {item.key for item in found.leaves()}
    assert "CC0-1.0" in keys and UNKNOWN not in keys  # the deed's URL also says "publicdomain"


def test_the_licence_heading_is_found_past_a_long_generated_readme() -> None:
    """A generated API client's README lists hundreds of kilobytes of sample links before
    "## License / Apache Version 2.0": the section is still found."""
    rows = "".join(f"| call {n} | [source code](https://example.org/samples/v1/thing_{n}.js) |\n" for n in range(4000))
    text = f"# Example client\n\n## Samples\n\n| Sample | Source |\n|---|---|\n{rows}\n## License\n\nApache Version 2.0\n\nSee [LICENSE](https://example.org/LICENSE)\n"
    assert len(text) > 250_000
    assert readme_licenses(text) == [leaf("Apache-2.0")]


def test_perl_terms_under_a_pod_style_heading_are_perls_choice() -> None:
    """A CPAN-style README (made from POD): "COPYRIGHT AND LICENCE" on a line of its own, then
    "under the same terms as Perl itself" — Artistic-1.0-Perl OR GPL-1.0-or-later, as Debian reads it."""
    text = (
        "Example-Module version 0.01\n===========================\n\nINSTALLATION\n\n   perl Makefile.PL\n   make\n\n"
        "COPYRIGHT AND LICENCE\n\nCopyright (C) 2012 by Example Author\n\n"
        "This library is free software; you can redistribute it and/or modify\n"
        "it under the same terms as Perl itself, either Perl version 5.8.8 or,\n"
        "at your option, any later version of Perl 5 you may have available.\n"
    )
    plain = text.replace("Example-Module version 0.01\n===========================\n", "NAME\n\nExample-Module\n")
    from licenses.spdx import normalise_expression

    perl = normalise_expression("Artistic-1.0-Perl OR GPL-1.0-or-later")
    assert readme_licenses(plain) == [perl]
    # Under a Markdown heading the same sentence is the same choice, not an unknown licence.
    assert readme_licenses("# Example\n\n## License\n\nYou may use it under the same terms as Perl itself.\n") == [perl]
    # Capitals alone are no heading in a marked-up README: "MIT" under "## License" is the statement.
    assert readme_licenses("# X\n\n## License\n\nMIT\n\nTHANKS\n\nTo friends.\n") == [leaf("MIT")]


def test_the_scanner_hands_the_readme_reader_the_whole_readme() -> None:
    """The licence-file character limit must not cut a README before its licence section."""
    from licenses.config import LicensesConfig
    from licenses.repo_licenses import RepoLicenseScanner

    rows = "".join(f"| call {n} | [source code](https://example.org/samples/v1/thing_{n}.js) |\n" for n in range(2000))
    scanner = RepoLicenseScanner(LicensesConfig())
    scanner.observe("README.md", f"# Example client\n\n## Samples\n\n{rows}\n## License\n\nApache Version 2.0\n")
    decision = scanner.decide("build/src/index.js", "exports.x = 1;\n")
    assert (decision.license, decision.license_type, decision.evidence) == (["Apache-2.0"], "permissive", "readme:README.md")
