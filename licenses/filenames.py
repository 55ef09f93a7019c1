"""Which files carry repository-level licence evidence, judged by name alone.

Ingest asks before reading a file, so this must be cheap and must not claim source files whose
names merely start like a licence file (`license.go`, `LicenseManager.java`, `notice.js`).
"""

from __future__ import annotations

import enum
import posixpath
import re
from functools import lru_cache


class EvidenceKind(enum.Enum):
    LICENSE = "license"  # LICENSE, COPYING, MIT, LICENSE-APACHE …: its text is a licence
    NOTICE = "notice"  # NOTICE, COPYRIGHT, LEGAL, PATENTS …: may hold licences, often only notices
    THIRD_PARTY = "third_party"  # THIRD_PARTY_LICENSES, CREDITS, licenses/…: other people's code
    DECLARATIONS = "declarations"  # debian/copyright, .reuse/dep5, REUSE.toml: licence per path
    README = "readme"
    MANIFEST = "manifest"


_DOC_EXTENSIONS = (".md", ".markdown", ".txt", ".text", ".rst", ".adoc", ".asciidoc", ".org")
# A licence's name may also come first ("MIT-LICENSE", "APACHE-LICENSE-2.0.txt", "GPL-LICENSE-2.txt").
_LICENSE_STEM = re.compile(
    r"(?:un)?licen[cs]es?|copying|(?:mit|bsd|isc|apache|gpl|lgpl|agpl|mpl|epl|zlib|wtfpl|cc0|0bsd|eupl|cddl)(?:[-_]?v?\d[\d.]*|\.v?\d+\.\d[\d.]*)?"
    r"(?:[-_.](?:licen[cs]es?|copying))?"
)
_GENERIC_STEM = re.compile(r"(?:un)?licen[cs]es?|copying")
_NOTICE_STEM = re.compile(r"notices?|copyright|legal|patents|third[-_]?party[-_]?(?:notices?|licen[cs]es?)|3rd[-_]?party[-_]?(?:notices?|licen[cs]es?)")
_THIRD_PARTY_NAME = re.compile(r"third[-_ ]?party|3rd[-_ ]?party|thirdparty|bundled|vendored|dependenc|external|^credits?\b|acknowledge?ments")
_LICENCE_FOLDERS = frozenset({"licenses", "licences", "license", "licence", "third_party_licenses", "third-party-licenses", "3rdparty-licenses"})
_CREDITS_STEM = re.compile(r"credits?|acknowledge?ments|(?:third|3rd)[-_]?party|thirdparty|bundled[-_]?licen[cs]es?|dependencies[-_]?licen[cs]es?")
_SUFFIX = re.compile(r"(?:[-_.][a-z0-9+]{1,16}){0,3}")
# A suffix that is a source/data extension makes the file code, not a licence file.
_CODE_EXTENSIONS = frozenset(
    "py js mjs cjs ts tsx jsx go java kt kts scala rb php rs c h cc cpp hpp cs fs vb swift m mm pl pm "
    "lua r dart ex exs erl hs ml sql sh bash zsh ps1 bat cmd json yaml yml toml xml html htm css scss "
    "less vue svelte ini cfg conf lock tmpl tpl j2 jinja png jpg jpeg gif svg ico pdf jar class o so "
    "dll exe zip gz tgz bz2 xz zst proto gradle cmake mk in am ac el clj groovy nix tf hcl".split()
)
# A detached signature or checksum beside a licence file (`COPYING.asc`, `LICENSE.sig`) holds no
# licence text: it signs the file it is named after, which is read on its own.
_SIGNATURE_EXTENSIONS = frozenset("asc sig sign gpg pgp p7s minisig sha1 sha256 sha512 md5 sum".split())
_README = re.compile(r"readme(?:\.(?:md|markdown|rst|txt|text|adoc|asciidoc|org))?")
_MANIFEST_NAMES = frozenset(
    {"package.json", "cargo.toml", "pyproject.toml", "setup.cfg", "setup.py", "composer.json", "pom.xml", "description"}
)
_MANIFEST_EXTENSIONS = (".gemspec", ".nuspec", ".cabal")


def _licence_like(name: str, stem: re.Pattern[str]) -> bool:
    for extension in _DOC_EXTENSIONS:
        if name.endswith(extension):
            name = name[: -len(extension)]
            break
    match = stem.match(name)
    if match is None:
        return False
    suffix = name[match.end() :]
    if stem is _LICENSE_STEM and not _GENERIC_STEM.search(match.group(0)) and suffix:
        return False  # "zlib.map", "mit.3", "gpl.vcproj": a licence's name alone, then anything, is not a licence file
    if not _SUFFIX.fullmatch(suffix):
        return False
    last = suffix.rsplit(".", 1)[-1] if "." in suffix else ""
    return last not in _CODE_EXTENSIONS and last not in _SIGNATURE_EXTENSIONS


@lru_cache(maxsize=8192)
def evidence_kind(path: str) -> EvidenceKind | None:
    """The kind of repository-level evidence `path` holds, or None for ordinary files (cached: the
    scanner asks once when it observes a file and again when it decides it)."""
    name = posixpath.basename(path).lower()
    if not name:
        return None
    if name in _MANIFEST_NAMES or name.endswith(_MANIFEST_EXTENSIONS):
        # R's DESCRIPTION is the only extension-less manifest; a stray "description" file in a
        # sub-folder is harmless because its parser requires a `License:` field.
        return EvidenceKind.MANIFEST
    lowered = path.strip("/").lower()
    if lowered.endswith(("debian/copyright", ".reuse/dep5")) or name == "reuse.toml":
        return EvidenceKind.DECLARATIONS
    if _README.fullmatch(name):
        return EvidenceKind.README
    licence, notice = _licence_like(name, _LICENSE_STEM), _licence_like(name, _NOTICE_STEM)
    credits = _licence_like(name, _CREDITS_STEM)
    if (licence or notice or credits) and (
        _THIRD_PARTY_NAME.search(name) or posixpath.basename(posixpath.dirname(lowered)) in _LICENCE_FOLDERS
    ):
        # About other people's code: never the licence of the files around it.
        return EvidenceKind.THIRD_PARTY
    if licence:
        return EvidenceKind.LICENSE
    if notice:
        return EvidenceKind.NOTICE
    return None


_SUPERSEDED = re.compile(r"(?:[-_.](?:old|orig|bak|backup|prev|previous))+$|~$")


def superseded(path: str) -> bool:
    """A licence file named as an old copy of one (`COPYING.OLD`, `LICENSE.orig`, `LICENSE~`): beside
    the current licence file of its folder it is history, not a second licence (`repo_licenses`)."""
    name = posixpath.basename(path).lower()
    for extension in _DOC_EXTENSIONS:
        name = name.removesuffix(extension)
    return bool(_SUPERSEDED.search(name))


def folder_of(path: str) -> str:
    """POSIX folder of a repository path ("" for the root)."""
    return posixpath.dirname(path.strip("/"))


def folder_chain(folder: str) -> list[str]:
    """`a/b/c` → [`a/b/c`, `a/b`, `a`, ``]: nearest folder first."""
    chain = [folder]
    while folder:
        folder = posixpath.dirname(folder)
        chain.append(folder)
    return chain
