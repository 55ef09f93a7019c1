"""Public IPv4 and IPv6 addresses.

Only addresses that can point at a real host are personal data: private, loopback, link-local,
documentation, shared, multicast and reserved ranges are left alone (the standard library's
`is_global` knows them), and so is the short documented list of public infrastructure
(`public_infrastructure`: public DNS resolvers, scanme.nmap.org). Every other public address is
redacted wherever it stands, test code and fixtures included (pii/DECISIONS.md), also in test code
that checks what an address is (`ip_address(…).is_global`, a GeoIP lookup, a client-IP picker),
where the stand-in changes the test's answer (the cost is measured and listed); only the quads
such a test typed by hand (`1.2.3.4`) stay there, as they name no host. Code adds its own
look-alikes, which `ip_context` rules out from the surrounding text: versions, User-Agent tokens,
section and heading numbers, OIDs (`1.3.6.1.4.1`, longer than a quad); and slices such as `xs[::2]`
that a generic IPv6 pattern accepts. IPv6 candidates are anchored on a first group of
exactly four hex digits starting with 2 or 3, because every global unicast address (2000::/3) starts
that way; slices, C++ scopes and times never do.
"""

import ipaddress
import re
from collections.abc import Iterator

from pii.entities import IP_ADDRESS
from pii.ip_context import is_not_an_address, is_test_path, is_toy_quad, on_comment_line
from pii.public_infrastructure import is_public_infrastructure
from pii.recognizer_base import CODE_LANGUAGES, Finding, PathRecognizer

# The lookbehinds sit after the first character so that the regex engine can skip ahead to digits.
# A quad starts after anything but a word character or a dot; an escaped newline, tab or carriage
# return in a string literal (`"…\n198.51.100.7"`) counts as the break it stands for, and so does
# the end of a terminal colour code (`\x1b[0;36m198.51.100.7`: a digit and `m`).
_IPV4 = re.compile(r"\d(?:(?<![\w.]\d)|(?<=\\[ntr]\d)|(?<=\dm\d))\d{0,2}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?!\w|\.\d|-\w)")
_IPV6 = re.compile(r"[23](?<![\w:.][23])[0-9A-Fa-f]{3}:(?:[0-9A-Fa-f]{0,4}:){1,6}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])")
# Pieces every match above contains, found from their literal first character (`.`, `:`), which
# the regex engine skips to; the full patterns, which must try every digit, run only where they are.
_IPV4_HINT = re.compile(r"\.\d{1,3}\.\d{1,3}\.\d")
_IPV6_HINT = re.compile(r":(?<=[23][0-9A-Fa-f]{3}:)[0-9A-Fa-f]{0,4}:")
_PREFIX_LENGTH = re.compile(r"/(\d{1,3})(?!\d)")
# Test code that checks what an address *is*: builds address objects, asks whether one is global or
# private, looks it up in a GeoIP database, derives networks, integers or reverse names from it.
# Twisted's `IPv4Address("TCP", host, port)` is not one: it is a connection's endpoint (a peer or
# a listening host), the address used as an address.
# There the exact digits are the test's input: its hand-typed toys stay, every other public address
# is redacted though a private stand-in changes the answer (pii/DECISIONS.md: the flips it costs).
_ADDRESS_PROPERTY_TEST = re.compile(
    r"\bipaddress\b|\bip_(?:address|network|interface)\(|\bIPv[46](?:Address\((?!\s*[\"'](?:TCP|UDP)[\"'])|Network\(|Interface\()"
    r"|\bIP(?:Address|Network|Range|Set)\("
    r"|\.is_(?:global|private|reserved|loopback|multicast|link_local|routable)\b|\binet_(?:pton|aton)\b|\bip2long\b"
    r"|\breverse_pointer\b|\bECSOption\b|\bgeoip2?\b|\bmaxminddb\b|\.(?:city|country|asn)\(|\bget_client_ip\("
    r"|\b(?:private|public)=\w"
)
_PROTOCOL_ASSIGNMENTS = ipaddress.IPv4Network("192.0.0.0/24")  # IETF special use; newer Pythons agree
_GLOBAL_UNICAST = ipaddress.IPv6Network("2000::/3")
# IANA's IPv6 Global Unicast Address Assignments (RFC 7249 registry; the 2019 allocation of 2a10::/12
# to the RIPE NCC is the latest): the blocks of 2000::/3 given to the regional registries, 6to4
# and IANA's own protocol block; the rest is reserved, so no host has an address there. Each entry
# covers its allocations whole (2001::/16 for the /23s inside it): a host in a block the list misses
# would be kept, so it errs toward redacting.
_ALLOCATED_UNICAST = tuple(ipaddress.IPv6Network(prefix) for prefix in (
    "2001::/16", "2002::/16", "2003::/18", "2400::/12", "2600::/12", "2610::/23", "2620::/23",
    "2800::/12", "2a00::/12", "2a10::/12", "2c00::/12",
))


def _is_network(candidate: str, text: str, end: int) -> bool:
    """`192.0.2.0/24`, `2001:db8::/32`: a network, its first address and a prefix length. A single
    host /32 or /128 still counts as an address, and so does an interface's address with its
    network's length (`198.51.100.7/24`, `--ip 172.101.202.254/16`): bits set after the prefix
    name one host in the network. A number after `/` that is no prefix length leaves it a network."""
    match = _PREFIX_LENGTH.match(text, end)
    if match is None or match.group(1) in ("32", "128"):
        return False
    try:
        network = ipaddress.ip_network(f"{candidate}/{match.group(1)}", strict=False)
    except ValueError:
        return True  # `/99`: not a prefix length, left as before
    return network.network_address == ipaddress.ip_address(candidate)


def public_ipv4(candidate: str) -> bool:
    parts = candidate.split(".")
    if any(len(part) > 1 and part[0] == "0" for part in parts):
        return False  # leading zeros: dates, serials, zero-padded versions
    try:
        address = ipaddress.IPv4Address(candidate)
    except ValueError:
        return False
    return address.is_global and not (address.is_multicast or address.is_reserved or address in _PROTOCOL_ASSIGNMENTS)


def public_ipv6(candidate: str) -> bool:
    try:
        address = ipaddress.IPv6Address(candidate)
    except ValueError:
        return False
    carried = carried_host(address)
    if carried is not None:
        return carried
    return address in _GLOBAL_UNICAST and address.is_global and any(address in block for block in _ALLOCATED_UNICAST)


def carried_host(address: ipaddress.IPv6Address) -> bool | None:
    """Whether a transition address names a host, decided by the IPv4 address it carries (None for
    any other address). A 6to4 address (`2002::/16`, RFC 3056) holds its site's IPv4 in bits 16-48;
    a Teredo address (`2001::/32`, RFC 4380) its server's IPv4 in bits 32-64 and its client's NAT
    mapping (inverted) in the last 32 bits. It is a host exactly when that IPv4 would be redacted:
    `2002::fd37` (embedding `0.0.0.0`), `2002:c000:204::1` (`192.0.2.4`, documentation) and a Teredo
    client that is private or public infrastructure name nobody; a Teredo client on a public host
    is that client (Python calls all of `2001::/23` non-global, which kept every one). A Teredo
    address without a public server (`2001::dead:beef` in a docstring) was typed, not assigned.
    `::ffff:a.b.c.d` (IPv4-mapped) is never matched as IPv6: its dotted tail is judged as IPv4."""
    if address.sixtofour is not None:
        return _ipv4_host(str(address.sixtofour))
    if address.teredo is not None:
        server, client = address.teredo
        return public_ipv4(str(server)) and _ipv4_host(str(client))
    return None


def _ipv4_host(candidate: str) -> bool:
    return public_ipv4(candidate) and not is_public_infrastructure(candidate)


def packed_in_text(candidate: str, text: str, start: int, lowered: list[str]) -> bool:
    """The address's four bytes written in hex in the same text (`01020304` in a DNS update's wire
    vector, `0a000005`): a wire-format test vector that asserts the dotted form back. Redacting the
    dotted form would hide nothing — the bytes stay — and break the test (dnspython's
    `test_good_explicit_delete_wire`). A comment asserts nothing: a captured reply decoded in a
    comment beside its hex (`-- rdata = 198.51.100.7` in a Haskell test) is read by people, and
    its address is redacted as any other."""
    if on_comment_line(text, start):
        return False
    if not lowered:
        lowered.append(text.lower())
    return "".join(f"{int(part):02x}" for part in candidate.split(".")) in lowered[0]


def _typed_by_hand(candidate: str) -> bool:
    """A dotted quad typed by hand (`ip_context.is_toy_quad`: `1.2.3.4`, `99.99.99.99`), never drawn from a host."""
    parts = candidate.split(".")
    return len(parts) == 4 and all(part.isdigit() for part in parts) and is_toy_quad([int(part) for part in parts])


class IpRecognizer(PathRecognizer):
    def __init__(self) -> None:
        super().__init__([IP_ADDRESS])


    def find_at(self, text: str, language: str | None, path: str | None) -> Iterator[Finding]:
        found = list(self._addresses(text))
        if found and is_test_path(path) and language in CODE_LANGUAGES and _ADDRESS_PROPERTY_TEST.search(text):
            # A test of what an address is: a quad typed by hand is its input and names no host
            # (`1.2.3.4`); any other public address is redacted as everywhere (module docstring).
            found = [finding for finding in found if not _typed_by_hand(text[finding.start:finding.end])]
        yield from found

    def _addresses(self, text: str) -> Iterator[Finding]:
        lowered: list[str] = []  # the text in lower case, made once and only for a file with an address
        if "." in text and _IPV4_HINT.search(text):
            for match in _IPV4.finditer(text):
                candidate = match.group()
                if _is_network(candidate, text, match.end()) or candidate.endswith((".0", ".255")):
                    continue  # a network or broadcast address, not a host
                if text.startswith(".in-addr.arpa", match.end()):
                    if match.start() >= 2 and text[match.start() - 1] == "/" and text[match.start() - 2].isdigit():
                        continue  # `0/29.3.2.1.in-addr.arpa`: an RFC 2317 classless delegation, a network
                    candidate = ".".join(reversed(candidate.split(".")))  # reverse-DNS name of an address
                if (
                    public_ipv4(candidate)
                    and not is_public_infrastructure(candidate)
                    and not is_not_an_address(text, match.start(), match.end(), [int(p) for p in candidate.split(".")])
                    and not packed_in_text(candidate, text, match.start(), lowered)
                ):
                    yield Finding(IP_ADDRESS, match.start(), match.end())
        if ":" in text and _IPV6_HINT.search(text):
            for match in _IPV6.finditer(text):
                if match.group().endswith("::") or _is_network(match.group(), text, match.end()):
                    continue
                if public_ipv6(match.group()) and not is_public_infrastructure(match.group()):
                    yield Finding(IP_ADDRESS, match.start(), match.end())
