"""A permissive licence that only a package manifest declares (issue 24, licenses/DECISIONS.md).

The fixtures model the layouts found in real packages whose licence was read by hand: an npm
platform-binary package (package.json, a README about installing, a native stub), a PyPI sdist
whose setup.py says `license="MIT"` and ships no licence file, a monorepo whose root has no
licence but one sub-package has its own LICENSE. All texts are written here; licence texts come
from the templates licenseclassifier ships.
"""

import pytest

from core.records import FileRecord
from licenses.config import LicensesConfig, PolicyConfig
from licenses.policy import PolicyStep
from licenses.repo_licenses import LicenseDecision
from licenses.template_texts import template_text
from tests.support.licence_scan import decide_as_ingest

CODE = "module.exports = require('./binding.node');\n"
MIT = "Copyright (c) 2023 Example Author\n\n" + template_text("MIT")
BINDING_PACKAGE = {
    "package.json": '{"name": "@example/tool-linux-x64", "version": "1.2.3", "license": "MIT", "os": ["linux"]}',
    "README.md": "# @example/tool-linux-x64\n\nThe Linux x64 binary for @example/tool. Install @example/tool instead.\n",
    "index.js": CODE,
}
SDIST = {
    "setup.py": 'from setuptools import setup\nsetup(name="example", version="0.1", license="MIT",\n'
                '      classifiers=["License :: OSI Approved :: MIT License"])\n',
    "README.rst": "example\n=======\n\nA small helper. See the docs for usage.\n",
    "example/__init__.py": "VERSION = '0.1'\n",
}
WITH_TEXT = LicensesConfig()
ALONE = LicensesConfig(manifests="alone")


def decide(files: dict[str, str], path: str, config: LicensesConfig = WITH_TEXT) -> LicenseDecision:
    return decide_as_ingest(files, path, config, text=CODE, count_headers=False)


@pytest.mark.parametrize("files, path, evidence", [
    (BINDING_PACKAGE, "index.js", "manifest:package.json"),
    (SDIST, "example/__init__.py", "manifest:setup.py"),
])
def test_a_declaration_without_any_licence_text_is_declared_only(files, path, evidence) -> None:
    # The declared ids and expression are kept: a user who accepts declarations can see them.
    assert decide(files, path) == LicenseDecision(["MIT"], "declared_only", evidence, "MIT")


@pytest.mark.parametrize("files, path", [(BINDING_PACKAGE, "index.js"), (SDIST, "example/__init__.py")])
def test_manifests_alone_keeps_the_old_reading(files, path) -> None:
    assert decide(files, path, ALONE).license_type == "permissive"


def test_a_licence_file_that_agrees_makes_it_permissive_as_before() -> None:
    files = {**BINDING_PACKAGE, "LICENSE": MIT}
    decision = decide(files, "index.js")
    assert (decision.license_type, decision.expression) == ("permissive", "MIT")
    assert decision.evidence == "LICENSE;manifest:package.json"


def test_a_readme_licence_statement_is_text_enough() -> None:
    files = {**BINDING_PACKAGE, "README.md": BINDING_PACKAGE["README.md"] + "\n## License\n\nMIT\n"}
    assert decide(files, "index.js").license_type == "permissive"


def test_a_manifest_contradicting_the_licence_file_stays_non_permissive() -> None:
    files = {**BINDING_PACKAGE, "COPYING": template_text("GPL-3.0")}
    for config in (WITH_TEXT, ALONE):
        decision = decide(files, "index.js", config)
        assert decision.license_type == "non_permissive" and decision.expression == "GPL-3.0-only AND MIT"


def test_a_copyleft_declaration_alone_is_still_non_permissive() -> None:
    # The rule only withholds a permissive reading; a declared restriction is believed.
    files = {**BINDING_PACKAGE, "package.json": '{"name": "x", "license": "GPL-3.0-or-later"}'}
    for config in (WITH_TEXT, ALONE):
        assert decide(files, "index.js", config).license_type == "non_permissive"


def test_a_file_header_still_decides_its_own_file() -> None:
    files = {**BINDING_PACKAGE, "lib/util.js": "// SPDX-License-Identifier: MIT\n" + CODE}
    assert decide(files, "lib/util.js").license_type == "permissive"
    assert decide(files, "index.js").license_type == "declared_only"


def test_licence_text_must_apply_to_the_file() -> None:
    """A monorepo without a root licence: packages/a ships the MIT text, packages/b only declares
    MIT. A's LICENSE covers a's files (licence files apply under their folder), and b's copies
    would travel without any text or notice: b is declared_only (the layout of a Python binding
    beside a bundled crate that alone carries a LICENSE)."""
    files = {
        "packages/a/LICENSE": MIT, "packages/a/package.json": '{"license": "MIT"}',
        "packages/b/package.json": '{"license": "MIT"}',
    }
    assert decide(files, "packages/a/index.js").license_type == "permissive"
    assert decide(files, "packages/b/index.js").license_type == "declared_only"
    files["LICENSE"] = MIT
    assert decide(files, "packages/b/index.js").license_type == "permissive"


def test_a_declared_choice_beside_the_text_of_one_alternative_is_permissive_as_before() -> None:
    files = {"Cargo.toml": '[package]\nname = "x"\nlicense = "MIT OR Apache-2.0"\n', "LICENSE-MIT": MIT}
    decision = decide(files, "src/lib.rs")
    assert (decision.license_type, decision.expression) == ("permissive", "MIT OR Apache-2.0")


def test_a_far_restriction_still_spoils_a_trusted_declaration() -> None:
    body = "\n".join(f"var a{i} = {i};" for i in range(80))
    text = body + "\n// This file is licensed under the GNU General Public License version 3.\n"
    files = {**BINDING_PACKAGE, "index.js": text}
    assert decide(files, "index.js", ALONE).license_type == "non_permissive"
    assert decide(files, "index.js").license_type == "non_permissive"


def test_the_policy_drops_declared_only_with_its_own_reason() -> None:
    record = FileRecord(id="1", repo_name="o/r", path="index.js", commit="c", content=CODE, size=len(CODE),
                        content_sha256="0" * 64, license_type="declared_only")
    assert PolicyStep(PolicyConfig()).process(record) == "license:declared_only"
    assert PolicyStep(PolicyConfig(keep=["permissive", "declared_only"])).process(record) is None
