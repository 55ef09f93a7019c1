"""Reference licence texts from ScanCode's licence database (the `licensedcode-data` package): reading them.

licenseclassifier's templates (what the classifier and the near-verbatim reader compare with) lag
behind the SPDX License List: newer permissive licences (Cronyx, MIPS, ulem, TTWL …) have no
template, so their texts are read as unknown. ScanCode's LicenseDB, nexB's own database of licence
texts, keys and categories (it follows the SPDX list's additions, but its texts are its own files, not
the SPDX list's), has a reference text for most of them; the PyPI package `licensedcode-data` ships it
as data only (no code, no dependencies).

Each `licenses/*.LICENSE` file is YAML front matter (key, category, `spdx_license_key`, flags) then
the licence text. Kept here: current licences (not deprecated, not an exception, not ScanCode's
generic or unknown placeholders) with a real SPDX id. Copyright lines are cut from the text, as they
are from the texts being read: who holds the copyright is not a term of the licence.
"""

from __future__ import annotations

import importlib.metadata
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from licenses.prose import COPYRIGHT_LINE

DISTRIBUTION = "licensedcode-data"
_DATA = "licensedcode/data/licenses"
_SKIP_FLAGS = ("is_deprecated", "is_exception", "is_generic", "is_unknown")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n?", re.S)
_FIELD = re.compile(r"^([a-z_]+):[ \t]*(.*?)[ \t]*$", re.M)
_REF_CATEGORIES = ("Permissive", "Public Domain")
_ALL_RIGHTS = re.compile(r"^[ \t]*all rights reserved\.?[ \t]*$", re.I | re.M)


@dataclass(frozen=True)
class ReferenceText:
    spdx_id: str
    text: str
    key: str
    """ScanCode's own key (for the evidence and for tests)."""
    names: str = ""
    """The licence's name and owner as the database gives them ("SunPro Attribution License",
    "Oracle (Sun)"): words of the text that name a party or product, not a term."""


def parse_licence_file(raw: str) -> tuple[dict[str, str], str]:
    """(top-level scalar fields of the front matter, licence text) of one ScanCode `.LICENSE` file.

    Only unindented `field: value` lines are read (lists and `|` blocks are skipped): every field
    used here is a plain scalar, and a full YAML parse of 2,700 files costs seconds per process."""
    match = _FRONT_MATTER.match(raw)
    if match is None:
        return {}, raw
    fields = {}
    for name, value in _FIELD.findall(match.group(1)):
        if value and value not in ("|", ">", "|-", ">-"):
            quoted = len(value) >= 2 and value[0] == value[-1] and value[0] in "'\""
            fields[name] = value[1:-1] if quoted else value
    return fields, raw[match.end():]


def reference_from_file(raw: str, *, scancode_only: bool = False) -> ReferenceText | None:
    """The reference a `.LICENSE` file gives, or None when it is not a usable licence text.

    `scancode_only`: instead, the texts of licences SPDX has no id for (`LicenseRef-scancode-…`),
    permissive or public-domain ones only (`licence_ref_texts`)."""
    data, text = parse_licence_file(raw)
    spdx_id = data.get("spdx_license_key", "")
    if any(data.get(flag, "no").lower() in ("yes", "true") for flag in _SKIP_FLAGS):
        return None
    if scancode_only:
        if spdx_id and not spdx_id.startswith("LicenseRef-") or data.get("category") not in _REF_CATEGORIES or not data.get("key"):
            return None
        spdx_id = spdx_id or f"LicenseRef-scancode-{data['key']}"
    elif not spdx_id or spdx_id.startswith("LicenseRef-"):
        return None
    body = _ALL_RIGHTS.sub("", COPYRIGHT_LINE.sub("", text)).strip()
    if not body:
        return None
    names = " ".join(data.get(field, "") for field in ("short_name", "name", "owner"))
    return ReferenceText(spdx_id, body + "\n", data.get("key", ""), names)


def data_version() -> str | None:
    """The installed licensedcode-data version (None when it is not installed)."""
    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return None


def _data_dir() -> Path:
    # `licensedcode` is a namespace package (no __init__): locate the data through the distribution.
    try:
        return Path(str(importlib.metadata.distribution(DISTRIBUTION).locate_file(_DATA)))
    except importlib.metadata.PackageNotFoundError as error:
        # Reading without it would silently read fewer licences: fail, and say how to fix it.
        raise RuntimeError(f"{DISTRIBUTION} is not installed; reinstall the project (pyproject.toml pins it)") from error


@lru_cache(maxsize=1)
def reference_texts() -> tuple[ReferenceText, ...]:
    """Every usable licence text of the installed licensedcode-data, sorted by ScanCode key."""
    found = []
    for path in sorted(_data_dir().glob("*.LICENSE")):
        reference = reference_from_file(path.read_text(encoding="utf-8", errors="replace"))
        if reference is not None:
            found.append(reference)
    return tuple(found)


@lru_cache(maxsize=1)
def licence_ref_texts() -> tuple[ReferenceText, ...]:
    """The permissive and public-domain texts ScanCode has that SPDX has no id for, as
    `LicenseRef-scancode-<key>` — dated versions of a licence whose SPDX text is another version
    (Info-ZIP's 2007 licence beside SPDX's 2009 `Info-ZIP`), and licences SPDX never listed. The
    near-verbatim reader compares with them only after the SPDX texts (`near.near_match`)."""
    found = []
    for path in sorted(_data_dir().glob("*.LICENSE")):
        reference = reference_from_file(path.read_text(encoding="utf-8", errors="replace"), scancode_only=True)
        if reference is not None:
            found.append(reference)
    return tuple(found)
