"""Same-length private stand-ins for public IP addresses (`pii.ip_replacement: private`).

StarCoder replaced addresses with a few fixed private ones; those change the literal's length, so a
program that slices, pads or measures the string computes something else. Here the stand-in has the
original's exact length and is still a valid address of the same family: IPv4 → 10.x.y.z (or
192.168.y.z for 15 characters), IPv6 → a unique-local fdXX:… address with the original's layout of
groups and `::`. The digits come from a hash of the original (an IPv6 address's value, not its
spelling), so one address maps to one stand-in everywhere in the dataset, written in full or
compressed alike, and distinct addresses rarely collide.
"""

import hashlib
import ipaddress


def _digits(address: str) -> bytes:
    return hashlib.blake2b(address.encode(), digest_size=32).digest()


def _octet(width: int, seed: int) -> str:
    """A decimal octet of exactly `width` digits, no leading zero, never 0 or 255."""
    low, high = {1: (1, 9), 2: (10, 99), 3: (100, 254)}[width]
    return str(low + seed % (high - low + 1))


def _ipv4(address: str) -> str:
    length = len(address)
    seeds = _digits(address)
    if length >= 15:
        return f"192.168.{_octet(3, seeds[0])}.{_octet(3, seeds[1])}"
    widths = [1, 1, 1]  # 10.a.b.c: split length - 5 digits over a, b, c, widest last
    for index in range(length - 8):
        widths[2 - index % 3] += 1
    return "10." + ".".join(_octet(width, seed) for width, seed in zip(widths, seeds))


def _group(value: int, seed: int) -> int:
    """A stand-in for a non-zero 16-bit group of as many hex digits as `value` has (never zero)."""
    width = len(f"{value:x}")
    low, high = 16 ** (width - 1), 16**width - 1
    return low + seed % (high - low + 1)


def _ipv6(address: str) -> str:
    """A stand-in keyed by the address's value, written in the original's layout: the same address
    spelled in full (`2001:503:83eb:0:0:0:0:30`) or compressed (`2001:503:83eb::30`) gets the same
    stand-in address, spelled the same way.  The first group becomes `fdXX` (unique-local); every
    other non-zero group gets hashed digits, as many as it has without leading zeros, so each
    group's text keeps its width; zero groups and the `::` that stands for them stay.  An embedded
    IPv4 tail (`…:a.b.c.d`) gets its own stand-in."""
    groups = [int(group, 16) for group in ipaddress.IPv6Address(address).exploded.split(":")]
    seeds = _digits(":".join(f"{group:x}" for group in groups))
    stand_in = [0xFD00 | seeds[0]] + [
        _group(group, int.from_bytes(seeds[2 * index : 2 * index + 2], "big")) if group else 0
        for index, group in enumerate(groups[1:], start=1)
    ]
    left, gap, right = address.partition("::")
    tokens = [left.split(":") if left else [], right.split(":") if right else []]
    width = sum(2 if "." in token else 1 for token in tokens[1])
    written = []
    for side, start in ((tokens[0], 0), (tokens[1], 8 - width)):
        out, index = [], start
        for token in side:
            if "." in token:
                out.append(_ipv4(token))
            elif index == 0:
                out.append(f"{stand_in[0]:x}" if len(token) == 4 else token)
            else:
                out.append(f"{stand_in[index]:0{len(token)}x}")
            index += 1
        written.append(":".join(out))
    return written[0] + gap + written[1] if gap else written[0]


def private_ip_stand_in(address: str) -> str:
    stand_in = _ipv6(address) if ":" in address else _ipv4(address)
    ipaddress.ip_address(stand_in)  # always valid by construction; fail loudly if not
    return stand_in
