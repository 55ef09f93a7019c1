"""Reference sources for the near-verbatim reader: licenseclassifier's templates, then ScanCode's
texts (`scancode_data.py`) for the licences no template covers.

The texts are read in `scancode_data.py`, which imports nothing of the classifier, so that the SPDX
layer (`spdx.py`) can ask which ids ScanCode knows without an import circle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from licenses.scancode_data import ReferenceText, data_version, licence_ref_texts, reference_from_file, reference_texts

__all__ = ["ReferenceSource", "ReferenceText", "data_version", "licence_ref_sources", "reference_from_file",
           "reference_sources", "reference_texts"]


@dataclass(frozen=True)
class ReferenceSource:
    """One reference for the near-verbatim reader: an id, its text in LRE syntax, and the words the
    text may vary in beyond what its LRE marks (names of parties, for the plain ScanCode texts)."""

    spdx_id: str
    lre: str
    names: frozenset[str] = frozenset()


_URL = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+", re.IGNORECASE)
_LRE_SYNTAX = re.compile(r"//\*\*|\*\*//|\(\(|\)\)|\|\||\?\?|__\d+__")


@lru_cache(maxsize=1)
def reference_sources() -> tuple[ReferenceSource, ...]:
    """licenseclassifier's templates, then ScanCode's texts for the licences that have no template
    and whose text the classifier cannot place at all.

    A ScanCode text is plain text: its stray LRE syntax is neutralised, and only the words of its
    licence's name and owner are flexible (a template has blanks there). Licences licenseclassifier
    knows keep its templates alone, so that the texts it reads today are read the same way."""
    from licenses.classify import classify_text
    from licenses.spdx import canonical_id
    from licenses.template_texts import template_patterns

    sources = [ReferenceSource(template.spdx_id, template.text) for template in template_patterns()]
    known = {canonical_id(source.spdx_id) or source.spdx_id for source in sources}
    for reference in reference_texts():
        key = canonical_id(reference.spdx_id) or reference.spdx_id
        if key in known:
            continue
        if classify_text(reference.text, threshold=0.0, max_chars=len(reference.text) + 1).ids:
            # The classifier already reads this text as a licence it knows: a renamed variant of it
            # (OFL-1.1-RFN is the OFL-1.1 text; ScanCode files the two in different categories), not a
            # gap. As a reference it would turn texts of that licence into the variant.
            continue
        sources.append(_plain_source(key, reference))
    return tuple(sources)


def _plain_source(key: str, reference: ReferenceText) -> ReferenceSource:
    from licenses.wording import OPERATIVE_WORDS, STOP_WORDS, words

    names = frozenset(
        word for word in words(reference.names)
        if not word.isdigit() and word not in OPERATIVE_WORDS and word not in STOP_WORDS and word not in _GENERIC_NAME_WORDS
    )
    # The reader takes addresses out of the text it compares (`licence_files._URL`: where a text can
    # be found is no term of it); the reference loses them the same way.
    return ReferenceSource(key, _LRE_SYNTAX.sub(" ", _URL.sub(" ", reference.text)), names)


@lru_cache(maxsize=1)
def licence_ref_sources() -> tuple[ReferenceSource, ...]:
    """ScanCode's permissive texts that SPDX has no id for (`LicenseRef-scancode-…`): the second
    tier of the near-verbatim reader, compared only when no SPDX text is near enough."""
    return tuple(_plain_source(reference.spdx_id, reference) for reference in licence_ref_texts())


_GENERIC_NAME_WORDS = frozenset(
    "license public general free open version agreement terms permission with without name names reserved exception "
    "variant disclaimer historical later style clause modified like".split()
)
"""Words of licence names that are about licensing, never a party's name."""
