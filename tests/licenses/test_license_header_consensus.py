"""A package's licence read from its own files' headers, for a header-less file beside them
(licenses/header_consensus.py, issue 24).

The fixtures model packages read by hand for the held-out licence set: a PyPI sdist with no
licence file whose every module opens with the Apache-2.0 notice and whose `__init__.py` is empty;
a Debian upstream tarball whose C files carry `SPDX-License-Identifier: GPL-2.0-only`; an MPL-2.0
test harness whose test pages include a couple dedicated to the public domain. The opposite cases
guard against granting too much: headers that disagree, one vendored file with a header in an
otherwise silent project, a minority of headed files, a manifest that names another licence, a
licence file that decides instead. All texts are written here.
"""

from licenses.repo_licenses import LicenseDecision
from support.licence_scan import decide_as_ingest

APACHE_NOTICE = (
    "# Copyright 2022 Example Author\n#\n"
    '# Licensed under the Apache License, Version 2.0 (the "License");\n'
    "# you may not use this file except in compliance with the License.\n\n"
)


def tagged(licence: str, comment: str = "#") -> str:
    return f"{comment} SPDX-License-Identifier: {licence}\n"


def decide(files: dict[str, str], path: str, manifests: bool = True) -> LicenseDecision:
    """Observe as ingest does (evidence files, then every other file's header), decide `path`."""
    return decide_as_ingest(
        files, path, observed=lambda name: manifests or not name.endswith(("pyproject.toml", "package.json", "PKG-INFO")))


SDIST = {
    "example-0.4.1/pyproject.toml": '[project]\nname = "example"\nversion = "0.4.1"\nlicense = "Apache-2.0"\n',
    "example-0.4.1/README.md": "# example\n\nImage augmentations for JAX.\n",
    "example-0.4.1/src/example/__init__.py": "",
    "example-0.4.1/src/example/_version.py": "VERSION = '0.4.1'\n",
    **{f"example-0.4.1/src/example/{name}.py": APACHE_NOTICE + f"def {name}(x):\n    return x\n"
       for name in ("geometric", "colorspace", "imagelevel", "optional", "utils")},
}


def test_every_module_headed_alike_speaks_for_the_header_less_files() -> None:
    for manifests in (True, False):
        decision = decide(SDIST, "example-0.4.1/src/example/__init__.py", manifests)
        assert (decision.license, decision.license_type) == (["Apache-2.0"], "permissive"), manifests
        assert decision.evidence.startswith("headers:example-0.4.1/src/example")
    # The package's root (a header-less setup helper) is covered by the same reading of its subtree.
    root = decide({**SDIST, "example-0.4.1/setup_helper.py": "import os\n"}, "example-0.4.1/setup_helper.py")
    assert (root.license, root.license_type) == (["Apache-2.0"], "permissive")


def test_a_file_with_its_own_header_keeps_it() -> None:
    files = {**SDIST, "example-0.4.1/src/example/compat.py": tagged("MIT") + "x = 1\n"}
    assert decide(files, "example-0.4.1/src/example/compat.py").license == ["MIT"]


def test_copyleft_headers_and_a_restriction_among_disagreeing_headers_bind() -> None:
    tarball = {f"netflow-2.6/{name}.c": tagged("GPL-2.0-only", "//") + "int x;\n" for name in ("ipt_NETFLOW", "compat", "murmur")}
    tarball["netflow-2.6/Makefile.in"] = "all:\n\tcc -c *.c\n"
    tarball["netflow-2.6/gen_compat_def"] = "#!/bin/sh\necho compat\n"
    decision = decide(tarball, "netflow-2.6/gen_compat_def")
    assert (decision.license, decision.license_type) == (["GPL-2.0-only"], "non_permissive")
    harness = {f"harness-5.0/harness/{name}.py": tagged("MPL-2.0") + "x = 1\n" for name in ("runner", "base", "cli")}
    harness.update({f"harness-5.0/harness/www/page{n}.js": tagged("CC0-1.0", "//") + "var x;\n" for n in (1, 2)})
    decision = decide(harness, "harness-5.0/harness/__init__.py")
    assert decision.license_type == "non_permissive" and "MPL-2.0" in decision.license


def test_disagreeing_permissive_headers_grant_nothing() -> None:
    files = {
        "mixed-1.0/a.py": tagged("MIT") + "x = 1\n",
        "mixed-1.0/b.py": tagged("MIT") + "x = 1\n",
        "mixed-1.0/c.py": tagged("BSD-3-Clause") + "x = 1\n",
        "mixed-1.0/d.py": "x = 1\n",
    }
    assert decide(files, "mixed-1.0/d.py").license_type == "no_license"


def test_one_vendored_or_a_minority_of_headed_files_grants_nothing() -> None:
    vendored = {
        "app-1.0/main.js": "console.log('hi');\n",
        "app-1.0/util.js": "module.exports = {};\n",
        "app-1.0/vendor/tiny.js": tagged("MIT", "//") + "var tiny = 1;\n",
        "app-1.0/vendor/small.js": tagged("MIT", "//") + "var small = 1;\n",
    }
    assert decide(vendored, "app-1.0/main.js").license_type == "no_license"
    # The vendored files themselves still carry their own headers.
    assert decide(vendored, "app-1.0/vendor/tiny.js").license_type == "permissive"
    minority = {
        "tool-1.0/one.py": tagged("MIT") + "x = 1\n",
        **{f"tool-1.0/plain{n}.py": "x = 1\n" for n in range(3)},
    }
    assert decide(minority, "tool-1.0/plain0.py").license_type == "no_license"


def test_a_manifest_naming_another_licence_contradicts_the_headers() -> None:
    files = {**SDIST, "example-0.4.1/pyproject.toml": '[project]\nname = "example"\nlicense = "MIT"\n'}
    decision = decide(files, "example-0.4.1/src/example/__init__.py")
    assert (decision.license, decision.license_type) == (["MIT"], "declared_only")


def test_a_licence_file_decides_before_the_headers() -> None:
    files = {**SDIST, "example-0.4.1/LICENSE": "Copyright 2022 Example Author\n\nPermission to use, copy, modify, "
             "and/or distribute this software for any purpose with or without fee is hereby granted.\n"}
    decision = decide(files, "example-0.4.1/src/example/__init__.py")
    assert "headers:" not in decision.evidence and "example-0.4.1/LICENSE" in decision.evidence
