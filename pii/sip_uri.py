"""A SIP URI whose user part is a number or made up: `sip:1234@pbx.host`, `sips:+15550100@voip.host`,
`sip:abc123@vendor.host`.

RFC 3261 §19.1 writes a SIP address like a mail address after the `sip:` (or `sips:`) scheme. When
its user part is digits (an extension or a phone number, perhaps with a leading `+`) it names a
line on a telephone system, not a mailbox: nothing sent by mail arrives there, and the number is
judged, if at all, as a number; a made-up user part (`abc123`, `test`: `placeholder_addresses`) names
nobody. A SIP URI with a name as user part (`sip:alice.smith@host`) names a person and is still read
as an address.
"""

import re

from pii.placeholder_addresses import is_made_up_local

_SIP_SCHEME = re.compile(r"(?i)(?<![A-Za-z])sips?:\Z")


def is_sip_line(text: str, start: int, at: int) -> bool:
    """The "address" `text[start:at]@…` is a SIP URI whose user part is a number or made up
    (module docstring; numbers count as made up in `is_made_up_local`)."""
    return _SIP_SCHEME.search(text, max(0, start - 5), start) is not None and is_made_up_local(text[start:at])
