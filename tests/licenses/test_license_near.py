"""Near-verbatim licence texts (licenses/near.py) and licence-file prose (licenses/prose.py)."""

from licenses.near import near_match
from licenses.prose import pointed_file, points_to_headers, split_third_party, states_choice, states_restriction
from licenses.template_texts import template_text

MIT = (
    "Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated "
    'documentation files (the "Software"), to deal in the Software without restriction, including without limitation '
    "the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to "
    "permit persons to whom the Software is furnished to do so, subject to the following conditions:\n\n"
    "The above copyright notice and this permission notice shall be included in all copies or substantial portions of "
    "the Software.\n\n"
    'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO '
    "THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE "
    "AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF "
    "CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER "
    "DEALINGS IN THE SOFTWARE.\n"
)


def test_verbatim_and_harmless_variants_are_accepted() -> None:
    assert near_match(MIT).spdx_id == "MIT" and near_match(MIT).accepted
    longer_holder = MIT.replace("IN NO EVENT SHALL", "IN NO EVENT SHALL THE AUTHORS, CONTRIBUTORS OR")
    assert near_match(longer_holder).accepted
    extra_line = "This file is part of the Example toolkit.\n\n" + MIT
    assert near_match(extra_line).accepted


def test_operative_differences_are_named() -> None:
    restricted = MIT.replace("to deal in", "to deal, for non-commercial purposes only, in")
    found = near_match(restricted)
    assert found is not None and not found.accepted
    assert any("commercial" in difference for difference in found.operative)
    no_modify = MIT.replace("copy, modify, merge", "copy, merge")
    assert not near_match(no_modify).accepted
    appended = MIT + "\nYou must publish the source code of every modified version under these terms.\n"
    assert not near_match(appended).accepted


def test_unrelated_or_short_text_is_not_near_anything() -> None:
    assert near_match("Licensed under the MIT license.") is None
    assert near_match("def main():\n    return 0\n" * 20) is None


def test_copyleft_texts_never_become_a_permissive_reference() -> None:
    found = near_match(template_text("GPL-2.0"))
    assert found is None or not found.accepted


def test_choice_words() -> None:
    assert states_choice("Licensed under either of Apache License 2.0 or MIT license at your option.")
    assert states_choice("This project is dual-licensed under MIT and GPL-3.0.")
    # The GPL's own "(at your option) any later version" is not a choice between licences.
    assert not states_choice("either version 2 of the License, or (at your option) any later version.")
    assert not states_choice("WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.")


def test_restriction_pointer_and_per_file_words() -> None:
    assert states_restriction("Free for non-commercial use.")
    assert not states_restriction("Permission is hereby granted, free of charge, to any person.")
    assert points_to_headers("See the header of each source file for its licence.")
    assert pointed_file("Licensed under the terms in LICENSE-MIT.", "LICENSE") == "LICENSE-MIT"
    assert pointed_file("See LICENSE for details.", "LICENSE") is None


def test_third_party_sections_are_cut_off() -> None:
    text = "Own licence text here, long enough.\n\n----------\n\nThe bundled zlib code is under the zlib license:\n\nzlib text\n"
    parts = split_third_party(text)
    assert parts.text.startswith("Own licence") and "zlib" not in parts.text and "zlib" in parts.bundled
    heading = "MIT text of the project.\n\n## Licenses for bundled software\n\nGPL text\n"
    assert "GPL" not in split_third_party(heading).text
    assert split_third_party("Third-party code is welcome here.\n").bundled == ""
