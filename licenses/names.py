"""Licence *names* in free text → SPDX ids.

Manifests, PyPI classifiers, README sections and headers often name a licence instead of quoting
it ("Apache Software License", "GPLv3+", "BSD3", "UNLICENSED"). licenseclassifier matches whole
licence texts, not names, so this small ordered table covers the names people actually write.
Specific names are matched (and blanked out) before general ones, so "LGPL" is not also read as
"GPL" and "MIT-0" is not also "MIT". Unversioned GNU names take the SPDX "any version" reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple
from functools import lru_cache

_VERSION = r"(?:[ ]*\([\"'“]?[a-z]{1,8}[\"'”]?\))?[ ,_-]*(?:version[ ]*|ver\.?[ ]*|v\.?[ ]*)?(?P<v>\d(?:\.\d)?)?(?:\.0)?"
_LATER = r"(?P<later>\+|[ ,]*(?:or|and)[ ]+(?:any[ ]+)?later|-or-later)?"


def _gnu(family: str, default: str, valid: set[str]) -> Callable[[re.Match[str]], str]:
    def build(match: re.Match[str]) -> str:
        version = match.group("v") or ""
        later = bool(match.group("later")) or not version
        version = version if "." in version else f"{version}.0" if version else default
        if version not in valid:
            version = default
        return f"{family}-{version}-{'or-later' if later else 'only'}"

    return build


def _creative_commons(match: re.Match[str]) -> str:
    words = match.group(0)
    if re.search(r"\bzero\b|\bcc0\b", words):
        return "CC0-1.0"
    if re.search(r"\bpublic[ ]+domain[ ]+dedication\b", words) and not re.search(r"\bby\b|\battribution\b", words):
        return "CC-PDDC"  # the "Creative Commons Public Domain Dedication", retired, not a CC BY licence
    parts = ["CC-BY"]
    if re.search(r"\bnc\b|non-?commercial", words):
        parts.append("NC")
    if re.search(r"\bnd\b|no-?deriv", words):
        parts.append("ND")
    if re.search(r"\bsa\b|share-?alike", words):
        parts.append("SA")
    version = re.search(r"(\d\.\d)", words)
    return "-".join(parts) + "-" + (version.group(1) if version else "4.0")


def _versioned(family: str, default: str) -> Callable[[re.Match[str]], str]:
    def build(match: re.Match[str]) -> str:
        version = match.group("v") or default
        return f"{family}-{version if '.' in version else version + '.0'}"

    return build


class _Rule(NamedTuple):
    pattern: re.Pattern[str]
    build: Callable[[re.Match[str]], str]
    words: tuple[str, ...] = ()
    """Words one of which every match contains: a text with none of them is not searched (the
    regex tries every position, since a leading `\\b` gives the engine no literal to skip to,
    while `in` finds a word at C speed). Empty: always searched."""

# Read only when nothing else is named: "Copyright X. All rights reserved. MIT licensed" is MIT.
_FALLBACK_RULES: list[_Rule] = [
    _Rule(re.compile(r"\ball ?rights ?reserved\b|\bcommercial[ ]+license\b"), lambda _m: "LicenseRef-scancode-proprietary-license"),
]


def _const(key: str) -> Callable[[re.Match[str]], str]:
    return lambda _match: key


def _redis(match: re.Match[str]) -> str:
    version = match.group("rv") or ""
    return "LicenseRef-scancode-redis-source-available-1.0" if version.startswith("1") else "LicenseRef-scancode-rsalv2"


_POLYFORM = {
    "noncommercial": "PolyForm-Noncommercial-1.0.0",
    "non-commercial": "PolyForm-Noncommercial-1.0.0",
    "small business": "PolyForm-Small-Business-1.0.0",
    "shield": "LicenseRef-scancode-polyform-shield-1.0.0",
    "perimeter": "LicenseRef-scancode-polyform-perimeter-1.0.0",
    "internal use": "LicenseRef-scancode-polyform-internal-use-1.0.0",
    "free trial": "LicenseRef-scancode-polyform-free-trial-1.0.0",
    "strict": "LicenseRef-scancode-polyform-strict-1.0.0",
    "defensive": "LicenseRef-scancode-polyform-defensive-1.0.0",
}


def _polyform(match: re.Match[str]) -> str:
    return _POLYFORM.get(re.sub(r"[ _-]+", " ", match.group("variant")).replace("non commercial", "noncommercial"), "LicenseRef-scancode-polyform-strict-1.0.0")


def _functional_source(match: re.Match[str]) -> str:
    return "FSL-1.1-MIT" if "mit" in match.group(0) else "FSL-1.1-ALv2"


# Order matters: the first rules are the more specific ones.
_RULES: list[_Rule] = [
    # Source-available and field-of-use licences first: their names contain words ("redis",
    # "elastic", "MIT future licence") that the general rules below would misread.
    _Rule(re.compile(r"\bredis[ ]+source[ ]+available[ ]+license(?:[ ,]*(?:version[ ]*|v)?(?P<rv>\d)(?:\.\d)?)?|\brsal[ -]?(?:v?(?P<rv2>\d))?\b"), _redis, ('redis', 'rsal')),
    _Rule(re.compile(r"\bpolyform[ _-]+(?P<variant>non[ -]?commercial|small[ _-]+business|shield|perimeter|internal[ _-]+use|free[ _-]+trial|strict|defensive)"), _polyform, ('polyform',)),
    _Rule(re.compile(r"\bfunctional[ ]+source[ ]+license(?:[^;\n]{0,40}\b(?:mit|apache))?|\bfsl-1\.[01]-(?:mit|alv2|apache-2\.0)\b"), _functional_source, ('functional', 'fsl-1.')),
    _Rule(re.compile(r"\bsustainable[ ]+use[ ]+license"), _const("SUL-1.0"), ('sustainable',)),
    _Rule(re.compile(r"\bconfluent[ ]+community[ ]+license"), _const("LicenseRef-scancode-confluent-community-1.0"), ('confluent',)),
    _Rule(re.compile(r"\bshall[ ]+be[ ]+used[ ]+for[ ]+good,?[ ]+not[ ]+evil|\bjson[ ]+license\b"), _const("JSON"), ('shall', 'json')),
    _Rule(re.compile(r"\bunlicensed\b|\bproprietary\b"), _const("LicenseRef-scancode-proprietary-license"), ('unlicensed', 'proprietary')),
    _Rule(re.compile(r"\bcreative[ ]+commons[ ]+zero\b|\bcc0\b|creative[ ]+commons(?![ ]+(?:has|have|is|does|recommends?|organi[sz]ation|corporation|foundation)\b)(?:[^.;\n]|\.(?=\d)){0,80}|\bcc[ -]by(?:[ -](?:nc|nd|sa))*(?:[ -]\d\.\d)?"), _creative_commons, ('creative', 'cc')),
    _Rule(re.compile(r"\b(?:gnu[ ]+)?(?:affero[ ]+general[ ]+public[ ]+license|agpl(?![a-uw-z]))" + _VERSION + _LATER), _gnu("AGPL", "3.0", {"1.0", "3.0"}), ('affero', 'agpl')),
    _Rule(re.compile(r"\b(?:gnu[ ]+)?(?:(?:lesser|library)[ ]+(?:general[ ]+)?public[ ]+license|lgpl(?![a-uw-z]))" + _VERSION + _LATER), _gnu("LGPL", "2.0", {"2.0", "2.1", "3.0"}), ('lesser', 'library', 'lgpl')),
    _Rule(re.compile(r"\b(?:gnu[ ]+)?(?:general[ ]+public[ ]+license|gpl(?![a-uw-z]))" + _VERSION + _LATER), _gnu("GPL", "1.0", {"1.0", "2.0", "3.0"}), ('general', 'gpl')),
    _Rule(re.compile(r"\b(?:gnu[ ]+)?free[ ]+documentation[ ]+license|\bfdl\b|\bgfdl\b"), _const("GFDL-1.3-or-later"), ('free', 'fdl')),
    _Rule(re.compile(r"\bserver[ ]+side[ ]+public[ ]+license|\bsspl(?:[ -]?v?\d(?:\.\d)?)?\b"), _const("SSPL-1.0"), ('server', 'sspl')),
    _Rule(re.compile(r"\bbusiness[ ]+source[ ]+license|\bbusl(?:-?v?\d\.\d)?\b"), _const("BUSL-1.1"), ('business', 'busl')),
    _Rule(re.compile(r"\belastic[ ]+license"), _const("Elastic-2.0"), ('elastic',)),
    _Rule(re.compile(r"\bcommons[ ]+clause\b"), _const("LicenseRef-scancode-commons-clause"), ('commons',)),
    _Rule(re.compile(r"\b(?:mozilla[ ]+public[ ]+license|mpl(?![a-z]))" + _VERSION), _versioned("MPL", "2.0"), ('mozilla', 'mpl')),
    _Rule(re.compile(r"\b(?:eclipse[ ]+public[ ]+license|epl(?![a-z]))" + _VERSION), _versioned("EPL", "2.0"), ('eclipse', 'epl')),
    # The Eclipse Distribution License 1.0 is the BSD-3-Clause text (SPDX has no id of its own for it).
    _Rule(re.compile(r"\beclipse[ ]+distribution[ ]+licen[cs]e(?:[ ,-]*v(?:ersion)?\.?)?[ ]*1\.0\b|\bedl[ -]?(?:v[ -]?)?1\.0\b"), _const("BSD-3-Clause"), ('eclipse', 'edl')),
    _Rule(re.compile(r"\beuropean[ ]+union[ ]+public[ ]+licen[cs]e|\beupl\b"), _const("EUPL-1.2"), ('european', 'eupl')),
    _Rule(re.compile(r"\bcddl\b|common[ ]+development[ ]+and[ ]+distribution"), _const("CDDL-1.0"), ('cddl', 'common')),
    _Rule(re.compile(r"\bmicrosoft[ ]+reciprocal|\bms-rl\b"), _const("MS-RL"), ('microsoft', 'ms-rl')),
    _Rule(re.compile(r"\bmicrosoft[ ]+public[ ]+license|\bms-pl\b"), _const("MS-PL"), ('microsoft', 'ms-pl')),
    _Rule(re.compile(r"\bartistic(?:[ ]+license|(?=[ -]?v?\d))" + _VERSION), _versioned("Artistic", "2.0"), ('artistic',)),
    _Rule(re.compile(r"\b(?:academic[ ]+free[ ]+license|afl(?![a-z]))" + _VERSION), _versioned("AFL", "3.0"), ('academic', 'afl')),
    _Rule(re.compile(r"\b(?:ijg|independent[ ]+jpeg[ ]+group)(?:[ ]*\([^)]{0,40}\))?[ ]+licen[cs]e"), _const("IJG"), ('ijg', 'independent')),
    _Rule(re.compile(r"\bmit[ -]0\b|\bmit[ ]+no[ ]+attribution"), _const("MIT-0"), ('mit',)),
    _Rule(re.compile(r"\b(?:expat|mit)\b"), _const("MIT"), ('expat', 'mit')),
    _Rule(re.compile(r"\bapache(?:[ ]+software)?(?:[ ]+license)?" + _VERSION), _versioned("Apache", "2.0"), ('apache',)),
    _Rule(re.compile(r"\b0bsd\b|\bzero[ -]clause[ ]+bsd"), _const("0BSD"), ('0bsd', 'zero')),
    _Rule(re.compile(r"\bbsd[ _-]*(?:2|two)(?:[ _-]*clause)?\b|\bsimplified[ ]+bsd|\bfreebsd[ ]+license"), _const("BSD-2-Clause"), ('bsd',)),
    _Rule(re.compile(r"\bbsd[ _-]*(?:4|four)(?:[ _-]*clause)?\b|\boriginal[ ]+bsd"), _const("BSD-4-Clause"), ('bsd',)),
    _Rule(re.compile(r"\bbsd[ _-]*(?:3|three)(?:[ _-]*clause)?\b|\b(?:new|modified|revised)[ ]+bsd|\bbsd\b"), _const("BSD-3-Clause"), ('bsd',)),
    _Rule(re.compile(r"\bisc\b"), _const("ISC"), ('isc',)),
    _Rule(re.compile(r"\bthe[ ]+unlicense\b|\bunlicense\b"), _const("Unlicense"), ('unlicense',)),
    _Rule(re.compile(r"\bboost[ ]+software[ ]+license|\bbsl-1\.0\b|\bboost\b"), _const("BSL-1.0"), ('boost', 'bsl-1.0')),
    _Rule(re.compile(r"\bwtfpl\b|do[ ]+what[ ]+the[ ]+fuck"), _const("WTFPL"), ('wtfpl', 'fuck')),
    _Rule(re.compile(r"\bzlib\b"), _const("Zlib"), ('zlib',)),
    _Rule(re.compile(r"\bpython[ ]+software[ ]+foundation|\bpsfl?\b"), _const("PSF-2.0"), ('python', 'psf')),
    _Rule(re.compile(r"\bpostgresql[ ]+license"), _const("PostgreSQL"), ('postgresql',)),
    _Rule(re.compile(r"\bopen[ ]+font[ ]+license|\bofl\b"), _const("OFL-1.1"), ('font', 'ofl')),
    _Rule(re.compile(r"\buniversal[ ]+permissive[ ]+license|\bupl\b"), _const("UPL-1.0"), ('universal', 'upl')),
    _Rule(re.compile(r"\bpublic[ ]+domain\b|\bpublicdomain\b"), _const("LicenseRef-scancode-public-domain"), ('public',)),
]


# Words without which no rule above can produce a non-permissive id: a cheap pre-check that lets
# source headers (mostly permissive notices or plain copyright lines) skip the full table.
_NON_PERMISSIVE_HINT = re.compile(
    r"\b(?:[al]?gpl|g?fdl|sspl|busl|mpl|epl|eupl|cddl|ofl|ms-rl|cc[ -]by)"
    r"|general[ ]+public|(?:lesser|library)[ ]+public|proprietary|unlicensed|creative[ ]+commons|documentation[ ]+licen|server[ ]+side"
    r"|business[ ]+source|elastic|commons[ ]+clause|mozilla|eclipse|european[ ]+union|common[ ]+development"
    r"|reciprocal|artistic|open[ ]+font|redis[ ]+source|\brsal|polyform|functional[ ]+source|fsl-|sustainable[ ]+use|confluent|not[ ]+evil"
    r"|json[ ]+licen",
    re.IGNORECASE,
)


_UNVERSIONED = {"GPL-1.0-or-later": "GPL-", "LGPL-2.0-or-later": "LGPL-", "AGPL-3.0-or-later": "AGPL-"}


_WHITESPACE_RUN = r"[\t\n\x0b\x0c\r\x1c-\x1f ?]+"
_ASCII_HINT = re.compile(
    _NON_PERMISSIVE_HINT.pattern.replace("[ ]+", _WHITESPACE_RUN).replace("[ -]", f"(?:-|{_WHITESPACE_RUN})").encode()
)
"""`_NON_PERMISSIVE_HINT` for the ASCII-lowered bytes of the raw text (`?` for every other character),
case-sensitive: ~5x faster on comments, and it matches wherever the hint can. The hint reads the
text with each whitespace run made one space; here a run is ASCII whitespace (what `\\s` matches
below 0x80) or `?` (other whitespace), and `\\b` still holds since `?` is not a word character."""
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")
"""The characters besides ASCII letters that a case-insensitive pattern takes for ASCII letters."""


def may_name_non_permissive(text: str) -> bool:
    """False only when `text` cannot name a non-permissive licence (see `_NON_PERMISSIVE_HINT`)."""
    if (text.isascii() or not _FOLDS_TO_ASCII.search(text)) and not _ASCII_HINT.search(text.encode("ascii", "replace").lower()):
        return False
    return bool(_NON_PERMISSIVE_HINT.search(re.sub(r"\s+", " ", text)))


# "GPL-compatible", "compatible with the GPL": a statement about another licence, not a grant of it.
_COMPATIBLE = re.compile(
    r"\b(?:gnu[ ]+)?(?:[al]?gpl|general[ ]+public[ ]+license)[ -]+compatib\w*"
    r"|\bcompatib\w*[ ]+with[ ]+(?:the[ ]+)?(?:gnu[ ]+)?(?:[al]?gpl|(?:lesser[ ]+)?general[ ]+public[ ]+license)(?:[ ,]*v(?:ersion)?[ ]*\d(?:\.\d)?)?"
    # Comparisons and denials: "unlike the GPL", "other software that is released under the GPL",
    # "it does not mean that we're distributing X under the GPL license".
    r"|\bunlike[ ]+the[ ]+(?:gnu[ ]+)?[al]?gpl\b"
    r"|\bother[ ]+(?:software|code|programs?)[ ]+(?:that[ ]+(?:is|are)[ ]+)?(?:released|licensed|distributed)[ ]+under[ ]+the[ ]+(?:gnu[ ]+)?[al]?gpl\b"
    r"|\bnot[ ]+mean[ ]+that[ ]+we(?:'re|[ ]+are)[ ]+distributing[ ]+[\w.-]+[ ]+under[ ]+the[ ]+(?:gnu[ ]+)?[al]?gpl(?:[ ]+license)?"
)


def _normalise(text: str) -> str:
    text = text.lower().replace("licence", "license")
    text = re.sub(r"\s+", " ", text)
    # "the GNU Public License (GPL) version 2 or later": the GNU GPL by a common misnomer.
    text = text.replace("gnu public license", "gnu general public license")
    return _COMPATIBLE.sub(lambda match: " " * len(match.group(0)), text)


@lru_cache(maxsize=1024)
def _names(text: str, with_fallback: bool) -> tuple[str, ...]:
    text = _normalise(text)
    found: list[str] = []
    for pattern, build, words in _RULES:
        if words and not any(word in text for word in words):
            continue
        matches = list(pattern.finditer(text))
        if matches:
            found.extend(build(match) for match in matches)
            text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    if not found and with_fallback:
        for pattern, build, _ in _FALLBACK_RULES:
            found.extend(build(match) for match in pattern.finditer(text))
    found = list(dict.fromkeys(found))
    # "the GPL" after "GPL version 2 or later" is the same licence, not the "any version" reading.
    return tuple(key for key in found if not (key in _UNVERSIONED and any(
        other != key and other.startswith(_UNVERSIONED[key]) for other in found)))


def names_in_text(text: str, *, with_fallback: bool = True) -> list[str]:
    """SPDX ids of every licence named in `text`, most specific rules first, no duplicates.

    `with_fallback=False` skips the weak "all rights reserved" reading, which is right for a
    manifest field or a README licence section but wrong for a source header, where that phrase
    routinely sits above an open-source licence.
    """
    return list(_names(text[:10_000], with_fallback))
