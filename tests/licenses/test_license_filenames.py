"""Evidence files by name (licenses/filenames.py)."""

import pytest

from licenses.filenames import EvidenceKind, evidence_kind, folder_chain, folder_of

LICENSE, NOTICE, README, MANIFEST = EvidenceKind.LICENSE, EvidenceKind.NOTICE, EvidenceKind.README, EvidenceKind.MANIFEST
THIRD_PARTY, DECLARATIONS = EvidenceKind.THIRD_PARTY, EvidenceKind.DECLARATIONS


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("LICENSE", LICENSE), ("LICENCE", LICENSE), ("license.txt", LICENSE), ("LICENSE.md", LICENSE),
        ("LICENSE.rst", LICENSE), ("COPYING", LICENSE), ("COPYING.LESSER", LICENSE), ("LICENSE-APACHE", LICENSE),
        ("LICENSE-MIT", LICENSE), ("LICENSE.GPLv3", LICENSE), ("UNLICENSE", LICENSE), ("MIT", LICENSE),
        ("GPL-3.0.txt", LICENSE), ("vendor/lib/LICENSE", LICENSE),
        ("NOTICE", NOTICE), ("COPYRIGHT", NOTICE), ("LEGAL", NOTICE), ("PATENTS", NOTICE),
        ("THIRD_PARTY_NOTICES.txt", THIRD_PARTY), ("THIRD_PARTY_LICENSES.txt", THIRD_PARTY),
        ("ThirdPartyNotices.txt", THIRD_PARTY), ("LICENSE-THIRD-PARTY", THIRD_PARTY), ("CREDITS", THIRD_PARTY),
        ("CREDITS.md", THIRD_PARTY), ("LICENSES/MIT.txt", THIRD_PARTY), ("licenses/zlib.txt", THIRD_PARTY),
        ("third_party/zlib/LICENSE", LICENSE), ("credits.py", None), ("third_party.py", None),
        ("debian/copyright", DECLARATIONS), (".reuse/dep5", DECLARATIONS), ("REUSE.toml", DECLARATIONS),
        ("README.md", README), ("docs/readme.rst", README), ("README", README),
        ("package.json", MANIFEST), ("Cargo.toml", MANIFEST), ("pyproject.toml", MANIFEST), ("setup.cfg", MANIFEST),
        ("setup.py", MANIFEST), ("composer.json", MANIFEST), ("a.gemspec", MANIFEST), ("pom.xml", MANIFEST),
        ("a.nuspec", MANIFEST), ("DESCRIPTION", MANIFEST), ("a.cabal", MANIFEST),
        ("license.go", None), ("src/LicenseManager.java", None), ("notice.js", None), ("licenses.json", None),
        ("mitigation.py", None), ("gpl.c", None), ("zlib.map", None), ("zlib.3", None), ("mit.vcproj", None), ("main.c", None), ("README.py", None),
    ],
)
def test_evidence_kind(path: str, kind: EvidenceKind | None) -> None:
    assert evidence_kind(path) is kind


def test_folders() -> None:
    assert folder_of("a/b/c.py") == "a/b"
    assert folder_of("LICENSE") == ""
    assert folder_chain("a/b") == ["a/b", "a", ""]
    assert folder_chain("") == [""]


def test_a_detached_signature_beside_a_licence_file_is_not_licence_evidence() -> None:
    """diffstat's tarball ships `COPYING` and its PGP signature `COPYING.asc`: the signature is
    armoured binary, and read as a licence text it was an unknown licence that made the package
    non-permissive. The file it signs is read on its own."""
    from licenses.config import LicensesConfig
    from licenses.repo_licenses import RepoLicenseScanner
    from licenses.template_texts import template_text

    for name in ("COPYING.asc", "LICENSE.sig", "LICENSE.txt.asc", "COPYING.sha256"):
        assert evidence_kind(name) is None, name
    assert evidence_kind("COPYING") is LICENSE
    scanner = RepoLicenseScanner(LicensesConfig())
    scanner.observe("tool-1.0/COPYING", "Copyright 2020 Example Author\n\n" + template_text("MIT"))
    scanner.observe("tool-1.0/COPYING.asc", "-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEEexample0123456789abcdef\n=AbCd\n-----END PGP SIGNATURE-----\n")
    decision = scanner.decide("tool-1.0/main.c", "int main(void) { return 0; }\n")
    assert (decision.license, decision.license_type, decision.evidence) == (["MIT"], "permissive", "tool-1.0/COPYING")
