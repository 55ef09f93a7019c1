"""Sender Rewriting Scheme addresses: `SRS0=HHH=TT=orig-domain=orig-local@forwarder`.

A forwarding host (a hosting provider's bounce domain) rewrites the envelope sender so that SPF
passes; the rewritten address carries the original sender's domain and local part, and bounces to it
are relayed to that sender (SRS1 wraps an SRS0 once more: `SRS1=HHH=first-forwarder==HHH=TT=…`). So
the address is whoever it wraps: the wrapped sender decides whether it reaches a person. The e-mail
recognizer judges the wrapped `orig-local@orig-domain` with its own rules and, when it redacts,
takes the whole rewritten address, so the original domain does not stay in front of the stand-in.
"""

import re

# Looking back from the local part (which follows the last `=`): `SRS0=` or `SRS1=` (or `+`/`-`, the
# separators RFC-less implementations use), any fields, then the original domain and a `=`.
_SRS_HEAD = re.compile(
    r"(?<![\w.+-])SRS[01][=+-][^\s@<>\"'`()=]*(?:==?[^\s@<>\"'`()=]+)*?=([A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)=\Z",
    re.IGNORECASE,
)


def srs_wrapped_domain(text: str, start: int) -> tuple[int, str] | None:
    """For a local part starting at `start` right after an SRS rewrite's fields, the rewrite's start
    and the original sender's domain; None when the address is not an SRS rewrite."""
    if start == 0 or text[start - 1] != "=":
        return None
    match = _SRS_HEAD.search(text, max(0, start - 320), start)
    return None if match is None else (match.start(), match.group(1))
