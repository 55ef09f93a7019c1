"""Licence names in free text (licenses/names.py)."""

import pytest

from licenses.names import names_in_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The MIT License (MIT)", ["MIT"]),
        ("Apache Software License", ["Apache-2.0"]),
        ("GNU General Public License v3 or later (GPLv3+)", ["GPL-3.0-or-later"]),
        ("GNU Library or Lesser General Public License (LGPL)", ["LGPL-2.0-or-later"]),
        ("GPLv2", ["GPL-2.0-only"]),
        ("AGPL-3", ["AGPL-3.0-only"]),
        ("BSD3", ["BSD-3-Clause"]),
        ("BSD 2-Clause", ["BSD-2-Clause"]),
        ("MIT-0", ["MIT-0"]),
        ("CC-BY-NC-SA 4.0", ["CC-BY-NC-SA-4.0"]),
        ("Creative Commons Attribution-ShareAlike 4.0 International", ["CC-BY-SA-4.0"]),
        ("Mozilla Public License 2.0 (MPL 2.0)", ["MPL-2.0"]),
        ("UNLICENSED", ["LicenseRef-scancode-proprietary-license"]),
        ("The Unlicense", ["Unlicense"]),
        ("Public Domain", ["LicenseRef-scancode-public-domain"]),
        ("dual licensed under MIT or GPL-2.0", ["GPL-2.0-only", "MIT"]),
        ("gplot is a plotting tool", []),
        ("an artistic work", []),
    ],
)
def test_names(text: str, expected: list[str]) -> None:
    assert names_in_text(text) == expected


def test_all_rights_reserved_only_when_nothing_else_is_named() -> None:
    assert names_in_text("Copyright X. All rights reserved.") == ["LicenseRef-scancode-proprietary-license"]
    assert names_in_text("Copyright X. All rights reserved. Released under the MIT licence.") == ["MIT"]
    assert names_in_text("Copyright X. All rights reserved.", with_fallback=False) == []


def test_the_non_permissive_pre_check_covers_every_non_permissive_rule() -> None:
    from licenses.names import may_name_non_permissive
    from licenses.spdx import category

    samples = [
        "GPLv2", "GNU General Public License", "LGPL", "GNU Lesser General Public License", "AGPL-3.0",
        "Affero General Public License", "UNLICENSED", "proprietary", "CC-BY-SA 4.0", "Creative Commons NonCommercial",
        "GNU Free Documentation License", "GFDL", "SSPL", "Server Side Public License", "Business Source License",
        "Elastic License 2.0", "Commons Clause", "MPL 2.0", "Mozilla Public License", "EPL-2.0",
        "Eclipse Public License", "EUPL", "European Union Public Licence", "CDDL", "MS-RL",
        "Microsoft Reciprocal License", "Artistic License 2.0", "OFL", "Open Font License",
    ]
    for sample in samples:
        assert any(category(key) not in {"Permissive", "Public Domain"} for key in names_in_text(sample)), sample
        assert may_name_non_permissive(sample), sample
    assert not may_name_non_permissive("Licensed under the Apache License, Version 2.0; MIT; BSD-3-Clause")


def test_the_non_permissive_pre_check_reads_any_whitespace_and_case() -> None:
    from licenses.names import may_name_non_permissive

    # Comment bodies wrap names over lines, indent them with tabs or non-breaking spaces, shout
    # them, or (pasted from a word processor) carry characters that case-fold to ASCII letters.
    named = [
        "under the GNU General\n    Public License", "General\u00a0Public\u3000License", "GENERAL\tPUBLIC LICENSE",
        "cc\u00a0by-sa", "CC\n  BY 4.0", "Creative\x1cCommons", "the Mozilla Public License", "(GPL)", "gpl",
        "\u017fspl", "the Open\u2028Font License", "not\u0085evil", "GPL?",
    ]
    for sample in named:
        assert may_name_non_permissive(sample), repr(sample)
    not_named = [
        "sample", "the general idea", "library code", "Éagpl", "libgpl", "open the font file", "cc-\nby",
        "Licensed under the Apache License, Version 2.0", "",
    ]
    for sample in not_named:
        assert not may_name_non_permissive(sample), repr(sample)


# One way of writing each name the table reads, as manifests, classifiers and headers put it.
EVERY_RULE = [
    "Redis Source Available License v2", "Academic Free License v2.1", "RSALv2", "PolyForm Noncommercial", "Functional Source License, Version 1.1, MIT",
    "FSL-1.1-Apache-2.0", "Sustainable Use License", "Confluent Community License", "shall be used for good, not evil",
    "JSON License", "UNLICENSED", "proprietary", "Creative Commons Zero", "CC0", "CC-BY-SA 4.0", "GNU AGPLv3",
    "Affero General Public License", "GNU Lesser General Public License v2.1 or later", "LGPL-3.0", "GNU GPL v2+",
    "General Public License", "GNU Free Documentation License", "GFDL", "Server Side Public License", "SSPL-1.0",
    "Business Source License", "BUSL-1.1", "Elastic License 2.0", "Commons Clause", "Mozilla Public License 2.0", "MPL",
    "Eclipse Public License 2.0", "EPL-1.0", "Eclipse Distribution License 1.0", "European Union Public Licence", "EUPL", "CDDL",
    "Common Development and Distribution License", "Microsoft Reciprocal License", "MS-RL", "Microsoft Public License",
    "MS-PL", "Artistic License 2.0", "MIT-0", "MIT No Attribution", "Expat", "MIT", "Apache License, Version 2.0",
    "0BSD", "Zero-Clause BSD", "BSD 2-Clause", "Simplified BSD", "FreeBSD License", "BSD-4-Clause", "Original BSD",
    "BSD 3-Clause", "New BSD", "BSD", "ISC", "The Unlicense", "Boost Software License", "BSL-1.0", "WTFPL",
    "do what the fuck you want", "zlib", "Python Software Foundation License", "PSF", "PostgreSQL License",
    "Open Font License", "OFL", "Universal Permissive License", "UPL", "Public Domain", "publicdomain", "IJG License",
]


def test_each_rule_matches_only_where_one_of_its_words_is() -> None:
    from licenses.names import _RULES, _normalise

    assert all(rule.words for rule in _RULES)  # a rule without words would run on every text
    matched_rules = set()
    for sample in EVERY_RULE:
        text = _normalise(f"Released under the {sample} terms.")
        for index, rule in enumerate(_RULES):
            for match in rule.pattern.finditer(text):
                matched_rules.add(index)
                assert any(word in match.group(0) for word in rule.words), (sample, rule.pattern.pattern[:40])
    assert matched_rules == set(range(len(_RULES)))  # every rule was exercised
    for sample in EVERY_RULE:
        assert names_in_text(sample), sample
