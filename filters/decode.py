"""Bytes → text: binary detection and charset decoding (docs/ARCHITECTURE.md §1).

UTF-8 first because nearly all code is UTF-8 and the check is cheap; charset-normalizer only for
the rest, and only when it is confident, since a wrong guess silently corrupts a training file.
"""

from __future__ import annotations

from dataclasses import dataclass

import charset_normalizer

_BOMS = (("utf-8-sig", b"\xef\xbb\xbf"), ("utf-32", b"\xff\xfe\x00\x00"), ("utf-32", b"\x00\x00\xfe\xff"),
         ("utf-16", b"\xff\xfe"), ("utf-16", b"\xfe\xff"))
_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32))


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str | None
    reason: str | None
    """`binary` or `undecodable` when `text` is None."""


def looks_binary(data: bytes, sample: int = 8192) -> bool:
    """NUL bytes, or many control characters in the head, mean binary (as git and enry decide)."""
    head = data[:sample]
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = len(head) - len(head.translate(None, delete=_CONTROL))  # one pass, not one per byte value
    return controls / len(head) > 0.1


def decode(data: bytes) -> Decoded:
    for encoding, bom in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding))
            except UnicodeDecodeError:
                return Decoded(None, "undecodable")
    if looks_binary(data):
        return Decoded(None, "binary")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data[:65536]).best()
    if best is None or best.encoding is None:
        return Decoded(None, "undecodable")
    try:
        return _checked(data.decode(best.encoding))
    except (UnicodeDecodeError, LookupError):
        return Decoded(None, "undecodable")


def _checked(text: str) -> Decoded:
    if "\x00" in text:
        return Decoded(None, "binary")
    return Decoded(text, None)
