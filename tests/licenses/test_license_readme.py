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
