"""ScanCode's licence texts as references for licences licenseclassifier has no template for.

The licence texts used here are read at run time from the installed `licensedcode-data` package
(a pinned dependency): none is copied into the repository. The fixtures around them (copyright
lines, renamed parties, added restrictions) are written here and model what real LICENSE files do.
"""

from __future__ import annotations

import pytest

from licenses.config import LicensesConfig
from licenses.near import MIN_WORDS, near_match, words
from licenses.policy import NON_PERMISSIVE, PERMISSIVE
from licenses.repo_licenses import RepoLicenseScanner
from licenses.scancode_texts import ReferenceText, reference_from_file, reference_sources, reference_texts
from licenses.spdx import PERMISSIVE_CATEGORIES, category
from licenses.template_texts import template_patterns

# A modelled database entry: an invented licence, in the layout of ScanCode's `.LICENSE` files.
ENTRY = """---
key: example-harbor
short_name: Example Harbor License
name: Example Harbor License
category: Permissive
owner: Harborview Labs
spdx_license_key: Example-Harbor
other_urls:
    - https://example.com/harbor
---

Copyright (c) 2031 Harborview Labs
All rights reserved.

Harborview Labs lets anyone use, copy and change this package, as long as
this paragraph stays with every copy.
"""


def _text(spdx_id: str) -> str:
    return next(reference.text for reference in reference_texts() if reference.spdx_id == spdx_id)


def _decide(licence: str) -> tuple[str, list[str], str]:
    scanner = RepoLicenseScanner(LicensesConfig())
    scanner.observe("LICENSE", licence)
    decision = scanner.decide("src/main.c", "int main(void) { return 0; }\n")
    return decision.license_type, decision.license, decision.evidence


def test_entry_is_parsed_and_copyright_lines_are_cut() -> None:
    reference = reference_from_file(ENTRY)
    assert reference == ReferenceText(
        "Example-Harbor",
        "Harborview Labs lets anyone use, copy and change this package, as long as\nthis paragraph stays with every copy.\n",
        "example-harbor",
        "Example Harbor License Example Harbor License Harborview Labs",
    )


@pytest.mark.parametrize(
    "change",
    [
        ("spdx_license_key: Example-Harbor", "spdx_license_key: LicenseRef-scancode-example-harbor"),
        ("spdx_license_key: Example-Harbor\n", ""),
        ("category: Permissive\n", "category: Permissive\nis_deprecated: yes\n"),
        ("category: Permissive\n", "category: Permissive\nis_exception: yes\n"),
        ("category: Permissive\n", "category: Permissive\nis_generic: yes\n"),
    ],
)
def test_entries_that_are_not_a_current_spdx_licence_are_left_out(change: tuple[str, str]) -> None:
    assert reference_from_file(ENTRY.replace(*change)) is None


def test_scancode_texts_fill_only_the_ids_without_a_template() -> None:
    sources = reference_sources()
    templates = template_patterns()
    assert [s.spdx_id for s in sources[: len(templates)]] == [t.spdx_id for t in templates]
    added = [s.spdx_id for s in sources[len(templates):]]
    assert "MIT" not in added and "ISC" not in added  # the classifier's own templates stay the reference
    assert {"MIPS", "ulem", "Cronyx", "SunPro"} <= set(added)
    sunpro = next(s for s in sources if s.spdx_id == "SunPro")
    assert "sunpro" in sunpro.names and "permission" not in sunpro.names and "license" not in sunpro.names


@pytest.mark.parametrize("spdx_id", ["MIPS", "ulem", "Cronyx", "ssh-keyscan"])
def test_a_permissive_licence_without_a_template_is_named(spdx_id: str) -> None:
    licence = f"Copyright (C) 2031 Example Maintainer <dev@example.com>\n\n{_text(spdx_id)}"
    licence_type, ids, evidence = _decide(licence)
    assert (licence_type, ids) == (PERMISSIVE, [spdx_id]), evidence


def test_short_texts_are_compared() -> None:
    # The shortest permissive licences have ~20 words: below the former 30-word floor.
    assert MIN_WORDS <= len(words(_text("ulem"))) < 30
    assert near_match(_text("ulem")).spdx_id == "ulem"
    assert near_match("This project is licensed as described in the file named LICENSE at the root of the repository.") is None


@pytest.mark.parametrize(
    "spdx_id, added",
    [
        ("ulem", "\nThis package may not be sold, and it is for non-commercial use only.\n"),
        ("MIPS", "\nCommercial redistribution requires a paid license from the author.\n"),
        ("Cronyx", "\nYou must not use this software for military purposes.\n"),
        ("TPDL", "\nUse inside a government agency requires a separate agreement with the author.\n"),
    ],
)
def test_an_added_restriction_keeps_the_text_unknown(spdx_id: str, added: str) -> None:
    licence_type, ids, evidence = _decide(_text(spdx_id) + added)
    assert licence_type == NON_PERMISSIVE and spdx_id not in ids, evidence


def test_a_removed_condition_keeps_the_text_unknown() -> None:
    text = _text("Cronyx")
    assert "provided that" in text
    # "… sold, in both source and binary form the copyright and these terms are retained": no condition.
    licence_type, ids, evidence = _decide(text.replace("provided that", ""))
    assert licence_type == NON_PERMISSIVE and "Cronyx" not in ids
    assert "near Cronyx: -provided that" in evidence


def test_the_licences_own_names_may_differ() -> None:
    # Instances of one licence name different parties ("Developed at SunSoft" for "SunPro").
    renamed = _text("SunPro").replace("SunPro", "Examplesoft")
    assert renamed != _text("SunPro")
    assert _decide(renamed)[:2] == (PERMISSIVE, ["SunPro"])
    # A term is not a name: dropping "modify" from the grant is operative.
    assert _decide(_text("SunPro").replace("modify, ", ""))[0] == NON_PERMISSIVE


def test_a_restriction_phrase_of_the_matched_licence_itself_is_not_an_addition() -> None:
    # Furuseth's own endorsement clause says "without their specific prior written permission".
    text = _text("Furuseth")
    assert "written permission" in text
    licence = "Portions Copyright 2031 Example Maintainer.\nPortions Copyright 2032 Example Org.\n\n" + text
    assert _decide(licence)[:2] == (PERMISSIVE, ["Furuseth"])
    # The same phrase added as a new condition is still read as one.
    added = licence + "\nRedistribution in binary form requires written permission from Example Org.\n"
    assert _decide(added)[0] == NON_PERMISSIVE


def test_a_copyright_sign_in_a_statement_is_harmless() -> None:
    # A copyright statement inside the text, its "(C)" dropped (a year-like difference, no term).
    text = _text("GD")
    assert "(C)" in text
    found = near_match(text.replace("(C)", "", 1))
    assert found is not None and found.spdx_id == "GD" and found.accepted


def test_a_scancode_variant_of_a_text_the_classifier_knows_is_not_a_reference() -> None:
    # ScanCode files OFL-1.1 as Copyleft Limited but its -RFN / -no-RFN entries as Permissive; the
    # entries carry the OFL-1.1 text. As references they would turn OFL-1.1 texts permissive.
    variant = _text("OFL-1.1-RFN")
    assert "Reserved Font Name" in variant
    found = near_match(variant.replace("SIL OPEN FONT LICENSE", "OPEN FONT LICENSE"))
    assert found is None or not found.accepted
    added = {s.spdx_id for s in reference_sources()[len(template_patterns()):]}
    assert not added & {"OFL-1.1-RFN", "OFL-1.1-no-RFN", "OFL-1.0-RFN", "GFDL-1.3-or-later"}


def test_non_permissive_scancode_texts_are_never_references() -> None:
    added = [s for s in reference_sources()[len(template_patterns()):] if category(s.spdx_id) not in PERMISSIVE_CATEGORIES]
    assert added, "the database has non-permissive licences without a licenseclassifier template"
    for source in added[:20]:
        found = near_match(source.lre)
        assert found is None or category(found.spdx_id) in PERMISSIVE_CATEGORIES
        assert found is None or found.spdx_id != source.spdx_id
