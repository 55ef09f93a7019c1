"""Same-length private stand-ins for public IP addresses (`pii.ip_replacement: private`).

StarCoder replaced addresses with a few fixed private ones; those change the literal's length, so a
program that slices, pads or measures the string computes something else. Here the stand-in has the
original's exact length and is still a valid address of the same family: IPv4 → 10.x.y.z (or
192.168.y.z for 15 characters), IPv6 → a unique-local fdXX:… address with the original's layout of
groups and `::`. The digits come from a hash of the original, so one address maps to one stand-in
everywhere in the dataset, and distinct addresses rarely collide.
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


def _ipv6(address: str) -> str:
    """Keep every `:` where it is, rewrite each hex group with hashed digits, prefix `fd`."""
    seeds = _digits(address)
    hexdigits = "".join(f"{byte:02x}" for byte in seeds) * 2
    out, used = [], 0
    for index, group in enumerate(address.split(":")):
        if index == 0:
            out.append("fd" + hexdigits[:2] if len(group) == 4 else group)
            used = 2
        elif "." in group:  # embedded IPv4 tail
            out.append(_ipv4(group))
        else:
            out.append(hexdigits[used : used + len(group)].lstrip("0").rjust(len(group), "1") if group else "")
            used += len(group)
    return ":".join(out)


def private_ip_stand_in(address: str) -> str:
    stand_in = _ipv6(address) if ":" in address else _ipv4(address)
    ipaddress.ip_address(stand_in)  # always valid by construction; fail loudly if not
    return stand_in
