"""Licences a manifest lists for parts that the licence files scope to their own paths (issue 24,
branch `lic-lost`).

Each fixture models a layout met in real packages, with invented names and text written here:
- a licence file with an exceptions list (items naming their files, under other licences) beside a
  manifest whose classifiers list every licence of the package: the manifest's AND is the package's
  parts, not the terms of every file;
The opposite cases keep every rule fail-closed.
"""

from licenses.config import LicensesConfig
from licenses.repo_licenses import LicenseDecision, RepoLicenseScanner


def decide(files: dict[str, str], path: str) -> LicenseDecision:
    scanner = RepoLicenseScanner(LicensesConfig())
    for name, text in files.items():
        if scanner.wants(name):
            scanner.observe(name, text)
        else:
            scanner.observe_source(name, text)
    return scanner.decide(path, files.get(path, ""))


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
