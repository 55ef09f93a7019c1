"""Licence text → SPDX ids with licenseclassifier, bounded and cached.

Licence files are classified once per distinct text: the same LICENSE text recurs across
thousands of repositories (and every file of a repository shares its header), so a bounded
per-process cache keyed by a digest pays for itself. Input is cut to a fixed prefix so that a
1 MB THIRD_PARTY file or a binary blob named LICENSE costs the same as an ordinary licence.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Generic, TypeVar

from licenseclassifier import identify_license

from licenses.spdx import UNKNOWN, canonical_id

_CACHE_ENTRIES = 4096
V = TypeVar("V")


@dataclass(frozen=True)
class TextLicenses:
    """What the classifier saw in one text.

    `ids` are canonical ids of every matched region (document order, no duplicates);
    `complete` is True when matched licence text covers at least the coverage threshold, i.e. the
    text *is* licence text and nothing else. An incomplete match means the text holds terms we
    could not read, which callers record as `UNKNOWN` next to the ids.
    """

    ids: tuple[str, ...]
    complete: bool
    spans: tuple[tuple[int, int], ...] = ()
    """Character ranges of the matched licence texts, so callers can look at what is left."""


class LruCache(Generic[V]):
    """Small thread-safe LRU: Beam may run several bundles per process on threads."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[bytes, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: bytes) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: bytes, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


_cache: LruCache[TextLicenses] = LruCache(_CACHE_ENTRIES)

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])


def looks_binary(text: str) -> bool:
    """NULs, control characters or replacement characters in bulk: not something a human reads."""
    sample = text[:4096]
    if sample.isascii():  # the usual case: count the control bytes in one pass, without a regex
        data = sample.encode("ascii")
        controls = len(data) - len(data.translate(None, delete=_CONTROL_BYTES))
    else:
        controls = len(_CONTROL.findall(sample))
    return bool(sample) and controls > max(8, len(sample) // 100)


def _canonical(raw_id: str) -> str:
    # Ids the ScanCode index does not know (newer SPDX ids, licensecheck's own such as
    # CommonsClause) are kept verbatim; the policy treats unknown ids as non-permissive.
    return canonical_id(raw_id) or raw_id


def text_key(*parts: object) -> bytes:
    """A short digest of a text and the settings it was read with, for the caches."""
    joined = "\0".join(str(part) for part in parts)
    return hashlib.blake2b(joined.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def classify_text(text: str, *, threshold: float, max_chars: int) -> TextLicenses:
    """Classify the first `max_chars` characters of `text` (never raises)."""
    text = text[:max_chars]
    if not text.strip():
        return TextLicenses((), False)
    if looks_binary(text):
        return TextLicenses((), False)
    key = hashlib.blake2b(f"{threshold}\0{text}".encode("utf-8", "surrogatepass"), digest_size=16).digest()
    cached = _cache.get(key)
    if cached is not None:
        return cached
    try:
        # One scan when the text is a licence; a second, threshold-free scan only to name the
        # licences inside a text that is not wholly licence (partial or mixed content).
        matches = identify_license(text, coverage_threshold=threshold)
        complete = bool(matches)
        if not complete and threshold > 0.0:
            matches = identify_license(text, coverage_threshold=0.0)
    except (RecursionError, ValueError, IndexError, KeyError, MemoryError):
        matches, complete = [], False
    result = TextLicenses(
        tuple(dict.fromkeys(_canonical(m.id) for m in matches)), complete, tuple((m.start, m.end) for m in matches)
    )
    _cache.put(key, result)
    return result


def text_evidence_ids(result: TextLicenses) -> list[str]:
    """Ids a licence *file* contributes: matched ids, plus UNKNOWN for any unread remainder."""
    ids = list(result.ids)
    if not result.complete:
        ids.append(UNKNOWN)
    return ids
