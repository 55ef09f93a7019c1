"""Domains that cannot exist: an A-label (`xn--…`) that is not valid IDNA holds no mailbox.

An address whose domain no registry can delegate reaches nobody; validators' tests write such
domains to check the error they raise (`me@1.xn--4dbc.com`). Two checks, from the standards that
define which names may be registered: the A-label must decode as Punycode (RFC 3492, RFC 5891
§5.4), and in a name that holds right-to-left text every label must start with a left-to-right or
right-to-left letter (RFC 5893 §2, rule 1: `1` beside a Hebrew label is refused). Only names with an
A-label are checked, so plain ASCII domains cost one substring test.
"""

import unicodedata

_RIGHT_TO_LEFT = frozenset({"R", "AL", "AN"})
_LABEL_START = frozenset({"L", "R", "AL"})


def _decode(label: str) -> str | None:
    """The U-label of an A-label, the label itself otherwise; None when the Punycode is broken."""
    if not label.startswith("xn--"):
        return label
    try:
        decoded = label[4:].encode("ascii").decode("punycode")
    except (UnicodeError, ValueError):
        return None
    return decoded if decoded and not decoded.isascii() else None


def is_invalid_idn(domain: str) -> bool:
    """True when the domain has an A-label and breaks Punycode or the bidi rule (module docstring)."""
    lowered = domain.lower()
    if "xn--" not in lowered:
        return False
    labels = [_decode(label) for label in lowered.split(".")]
    if any(label is None for label in labels):
        return True
    decoded = [label for label in labels if label]
    if not any(unicodedata.bidirectional(c) in _RIGHT_TO_LEFT for label in decoded for c in label):
        return False
    return any(unicodedata.bidirectional(label[0]) not in _LABEL_START for label in decoded)
