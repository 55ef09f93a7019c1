"""Package manifest licence fields, one test per format (licenses/manifests.py)."""

import pytest

from licenses.manifests import manifest_licenses, trove_classifiers
from licenses.spdx import PROPRIETARY, UNKNOWN, UNKNOWN_REFERENCE, LicenseExpr, leaf

MIT_OR_APACHE = LicenseExpr("OR", (leaf("MIT"), leaf("Apache-2.0")))


def _keys(path: str, text: str) -> list[list[str]]:
    return [[item.label for item in expr.leaves()] for expr in manifest_licenses(path, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"name": "a", "license": "MIT"}', [leaf("MIT")]),
        ('{"license": "(MIT OR Apache-2.0)"}', [MIT_OR_APACHE]),
        ('{"license": {"type": "ISC"}}', [leaf("ISC")]),
        ('{"licenses": [{"type": "MIT"}, {"type": "GPL-2.0"}]}', [LicenseExpr("AND", (leaf("MIT"), leaf("GPL-2.0-only")))]),
        ('{"license": "UNLICENSED"}', [leaf(PROPRIETARY)]),
        ('{"license": "SEE LICENSE IN EULA.txt"}', [leaf(UNKNOWN_REFERENCE)]),
        ('{"name": "no licence field"}', []),
        ("{not json", []),
        ("[1, 2]", []),
    ],
)
def test_package_json(text: str, expected: list[LicenseExpr]) -> None:
    assert manifest_licenses("web/package.json", text) == expected


def test_cargo_toml_spdx_and_legacy_slash() -> None:
    assert manifest_licenses("Cargo.toml", '[package]\nname = "a"\nlicense = "MIT OR Apache-2.0"\n') == [MIT_OR_APACHE]
    assert manifest_licenses("Cargo.toml", '[package]\nlicense = "MIT/Apache-2.0"\n') == [MIT_OR_APACHE]
    assert manifest_licenses("Cargo.toml", "[package\nbroken") == []


def test_pyproject_pep639_classic_table_and_classifiers() -> None:
    assert manifest_licenses("pyproject.toml", '[project]\nlicense = "GPL-3.0-or-later"\n') == [leaf("GPL-3.0-or-later")]
    assert manifest_licenses("pyproject.toml", '[project]\nlicense = {text = "BSD 3-Clause"}\n') == [leaf("BSD-3-Clause")]
    text = '[project]\nclassifiers = ["License :: OSI Approved :: MIT License", "Programming Language :: Python"]\n'
    assert manifest_licenses("pyproject.toml", text) == [leaf("MIT")]
    assert manifest_licenses("pyproject.toml", '[tool.poetry]\nlicense = "Apache-2.0"\n') == [leaf("Apache-2.0")]


def test_setup_cfg() -> None:
    text = "[metadata]\nname = a\nlicense = LGPL-2.1-or-later\nclassifiers =\n    License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)\n"
    assert _keys("setup.cfg", text) == [["LGPL-2.1-or-later"], ["LGPL-2.0-or-later"]]


def test_setup_py_reads_literals_without_running_code() -> None:
    text = 'from setuptools import setup\nsetup(name="a", license="Apache 2.0",\n classifiers=["License :: OSI Approved :: Apache Software License"])\n'
    assert _keys("setup.py", text) == [["Apache-2.0"], ["Apache-2.0"]]
    assert manifest_licenses("setup.py", "setup(license=LICENSE)") == []


def test_composer_json_list_is_a_choice() -> None:
    assert manifest_licenses("composer.json", '{"license": ["MIT", "Apache-2.0"]}') == [MIT_OR_APACHE]
    (proprietary,) = manifest_licenses("composer.json", '{"license": "proprietary"}')
    assert proprietary.key.startswith("LicenseRef-scancode-proprietary")


def test_gemspec() -> None:
    assert _keys("a.gemspec", "Gem::Specification.new do |s|\n  s.license = 'MIT'\nend\n") == [["MIT"]]
    assert _keys("a.gemspec", "spec.licenses = ['MIT', 'GPL-2.0']\n") == [["MIT", "GPL-2.0-only"]]


def test_pom_xml_names_and_urls() -> None:
    text = """<project><licenses><license><name>The Apache Software License, Version 2.0</name>
    <url>https://www.apache.org/licenses/LICENSE-2.0.txt</url></license></licenses></project>"""
    assert manifest_licenses("pom.xml", text) == [leaf("Apache-2.0")]
    url_only = "<project><licenses><license><url>https://opensource.org/licenses/MIT</url></license></licenses></project>"
    assert manifest_licenses("pom.xml", url_only) == [leaf("MIT")]
    gnu = "<licenses><license><url>https://www.gnu.org/licenses/gpl-3.0.html</url></license></licenses>"
    assert manifest_licenses("pom.xml", gnu) == [leaf("GPL-3.0-only")]
    assert manifest_licenses("pom.xml", "<project><name>no licence</name></project>") == []


def test_nuspec_expression_and_url() -> None:
    assert manifest_licenses("a.nuspec", '<package><metadata><license type="expression">MIT</license></metadata></package>') == [leaf("MIT")]
    assert manifest_licenses("a.nuspec", "<package><licenseUrl>https://example.com/eula</licenseUrl></package>") == [leaf(UNKNOWN_REFERENCE)]


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("MIT + file LICENSE", [["MIT"]]),
        ("GPL (>= 2)", [["GPL-2.0-or-later"]]),
        ("GPL-2 | GPL-3", [["GPL-2.0-only", "GPL-3.0-only"]]),
        ("BSD_3_clause + file LICENSE", [["BSD-3-Clause"]]),
        ("file LICENSE", [[UNKNOWN_REFERENCE]]),
    ],
)
def test_r_description(field: str, expected: list[list[str]]) -> None:
    assert _keys("DESCRIPTION", f"Package: a\nVersion: 1.0\nLicense: {field}\nTitle: x\n") == expected


def test_cabal() -> None:
    assert _keys("a.cabal", "name: a\nlicense: BSD3\n") == [["BSD-3-Clause"]]
    assert _keys("a.cabal", "name: a\nlicense:      GPL-3\n") == [["GPL-3.0-only"]]
    assert _keys("a.cabal", "name: a\nlicense: AllRightsReserved\n") == [[PROPRIETARY]]
    assert _keys("a.cabal", "name: a\nlicense: OtherLicense\n") == [[UNKNOWN]]


def test_trove_classifiers_ignore_bare_osi_approved() -> None:
    assert trove_classifiers(["License :: OSI Approved"]) == []
    assert trove_classifiers(["License :: Other/Proprietary License"]) == [leaf(PROPRIETARY)]


def test_unknown_manifest_names_are_ignored() -> None:
    assert manifest_licenses("Makefile", "license = MIT") == []


def test_freely_distributable_is_no_licence_and_adds_nothing_beside_one() -> None:
    """An sdist's pyproject lists "License :: Freely Distributable" beside its MIT classifier: the
    classifier describes the terms and names no licence, so it must not add an unknown one."""
    pyproject = (
        '[project]\nname = "example"\nclassifiers = [\n  "License :: Freely Distributable",\n'
        '  "License :: OSI Approved :: MIT License",\n]\n'
    )
    assert manifest_licenses("example-1.0/pyproject.toml", pyproject) == [leaf("MIT")]
    assert trove_classifiers(["License :: Freely Distributable"]) == []
    # A classifier that does restrict stays what it says.
    assert trove_classifiers(["License :: Other/Proprietary License"]) == [leaf(PROPRIETARY)]
