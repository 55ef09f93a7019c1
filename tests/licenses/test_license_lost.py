"""Licences a manifest lists for parts that the licence files scope to their own paths (issue 24,
branch `lic-lost`).

Each fixture models a layout met in real packages, with invented names and text written here:
- a licence file with an exceptions list (items naming their files, under other licences) beside a
  manifest whose classifiers list every licence of the package: the manifest's AND is the package's
  parts, not the terms of every file;
The opposite cases keep every rule fail-closed.
"""

from licenses.repo_licenses import LicenseDecision
from licenses.template_texts import template_text
from support.licence_scan import decide_as_ingest


def decide(files: dict[str, str], path: str) -> LicenseDecision:
    return decide_as_ingest(files, path)


# --- a manifest listing the licences of excepted files ------------------------------------------------

EXCEPTIONS_COPYING = (
    "Copying Textkit\n===============\n\n"
    "Most of the files of this project are under the `MIT License`_; there are exceptions,\nlisted below.\n\n"
    "Exceptions\n==========\n\n"
    "The exceptions to the licence above are:\n\n"
    "* textkit/utils/quotes.py\n\n"
    "  Copyright 2012 Someone.\n  Released under the terms of the `BSD 3-Clause License`_.\n\n"
    "* | textkit/writers/formula.py,\n  | tools/editor/textkit-mode.el\n\n"
    "  These files are released under the `GNU General Public License`_ version 3 or later.\n\n"
    ".. _GNU General Public License: https://www.gnu.org/licenses/gpl.html\n"
    ".. _BSD 3-Clause License: https://opensource.org/licenses/BSD-3-Clause\n"
    ".. _MIT License: https://opensource.org/licenses/MIT\n"
)


def pyproject(*classifiers: str) -> str:
    listed = "".join(f'    "License :: {item}",\n' for item in classifiers)
    return f'[project]\nname = "textkit"\nversion = "1.0"\nclassifiers = [\n{listed}]\n'


def test_a_manifest_listing_the_licences_of_excepted_files_lists_the_parts() -> None:
    manifest = pyproject("OSI Approved :: MIT License", "OSI Approved :: BSD License",
                         "OSI Approved :: GNU General Public License (GPL)")
    files = {"COPYING.rst": EXCEPTIONS_COPYING, "pyproject.toml": manifest, "textkit/core.py": "x = 1\n"}
    core = decide(files, "textkit/core.py")
    assert (core.license_type, core.expression) == ("permissive", "MIT"), core
    # the excepted files keep their own licences, the copyleft ones stay closed
    assert decide(files, "textkit/writers/formula.py").license_type == "non_permissive"
    assert decide(files, "tools/editor/textkit-mode.el").license_type == "non_permissive"


def test_a_manifest_licence_the_licence_file_gives_no_path_still_applies() -> None:
    # The LGPL is in the manifest but in no exception item: it may be the package's own terms.
    manifest = pyproject("OSI Approved :: MIT License", "OSI Approved :: BSD License",
                         "OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)")
    files = {"COPYING.rst": EXCEPTIONS_COPYING, "pyproject.toml": manifest, "textkit/core.py": "x = 1\n"}
    assert decide(files, "textkit/core.py").license_type == "non_permissive"


def test_without_path_scoped_parts_a_manifests_copyleft_still_applies() -> None:
    plain = EXCEPTIONS_COPYING.split("Exceptions\n")[0].replace("; there are exceptions,\nlisted below.", ".")
    manifest = pyproject("OSI Approved :: MIT License", "OSI Approved :: GNU General Public License (GPL)")
    files = {"COPYING.rst": plain, "pyproject.toml": manifest, "textkit/core.py": "x = 1\n"}
    assert decide(files, "textkit/core.py").license_type == "non_permissive"


def test_a_manifest_in_another_folder_is_not_explained_by_these_parts() -> None:
    manifest = pyproject("OSI Approved :: MIT License", "OSI Approved :: GNU General Public License (GPL)")
    files = {"COPYING.rst": EXCEPTIONS_COPYING, "plugins/pyproject.toml": manifest, "plugins/p.py": "x = 1\n"}
    assert decide(files, "plugins/p.py").license_type == "non_permissive"


# --- a licence file with a section about the fonts -----------------------------------------------------

RULER = "-" * 60


def icon_kit_licence(code_section: str) -> str:
    return (
        "Example Icon Kit (https://example.invalid)\n\n" + RULER + "\n\n"
        "Icon Kit Free License\n\n"
        "Icon Kit Free is free and open source, and works with GPL projects. Use it for\n"
        "commercial projects, open source projects, or nearly anything else.\n\n" + RULER + "\n\n"
        "# Icons: CC BY 4.0 License (https://creativecommons.org/licenses/by/4.0/)\n\n"
        "The Icon Kit Free download is licensed under a Creative Commons Attribution 4.0\n"
        "International License, for all icons packaged as SVG files.\n\n" + RULER + "\n\n"
        "# Fonts: SIL OFL 1.1 License\n\n"
        "The SIL OFL license applies to all icons packaged as font files.\n\n"
        "Copyright (c) 2024 Example Icon Kit, with Reserved Font Name \"Icon Kit\".\n\n"
        + template_text("OFL-1.1") + "\n\n" + RULER + "\n\n"
        + code_section + "\n\n" + RULER + "\n\n"
        "# Attribution\n\n"
        "Attribution is required by the MIT, SIL OFL and CC BY licenses. The files already carry\n"
        "short attribution comments, so nothing more is needed when you use them as they are.\n"
    )


CODE_SECTION = "# Code: MIT License\n\nThe MIT license applies to all other files.\n\nCopyright 2024 Example Icon Kit\n\n" + template_text("MIT")


def test_a_section_about_the_fonts_decides_the_font_files_only() -> None:
    files = {"LICENSE.txt": icon_kit_licence(CODE_SECTION), "js/all.js": "var x = 1;\n"}
    code = decide(files, "js/all.js")
    assert (code.license_type, code.expression) == ("permissive", "CC-BY-4.0 AND MIT"), code
    assert decide(files, "webfonts/icons-solid.woff2").license_type == "non_permissive"
    # a manifest listing the parts ANDs nothing back onto the code
    files["package.json"] = '{"name": "icon-kit", "license": "(CC-BY-4.0 AND OFL-1.1 AND MIT)"}'
    assert decide(files, "js/all.js").expression == "CC-BY-4.0 AND MIT"


def test_a_restriction_in_the_rest_keeps_the_file_read_whole() -> None:
    restricted = CODE_SECTION + "\n\nThe files may be used for non-commercial purposes only."
    files = {"LICENSE.txt": icon_kit_licence(restricted), "js/all.js": "var x = 1;\n"}
    assert decide(files, "js/all.js").license_type == "non_permissive"


def test_without_a_licence_text_of_its_own_the_rest_keeps_the_fonts_licence() -> None:
    # The code section names no text: the rest is prose only, so nothing is read apart.
    files = {"LICENSE.txt": icon_kit_licence("# Code\n\nAsk us about the other files."), "js/all.js": "var x = 1;\n"}
    assert decide(files, "js/all.js").license_type == "non_permissive"


def test_a_fonts_heading_opening_the_file_is_the_files_own() -> None:
    text = "# Fonts: SIL OFL 1.1 License\n\n" + template_text("OFL-1.1") + "\n\n" + RULER + "\n\n" + CODE_SECTION
    files = {"LICENSE.txt": text, "src/build.py": "x = 1\n"}
    assert decide(files, "src/build.py").license_type == "non_permissive"
