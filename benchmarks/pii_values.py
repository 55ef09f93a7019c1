"""Random values for the PII benchmark: one factory per supported kind, plus look-alikes.

Every value is drawn from a seeded `random.Random`, so a benchmark set cannot be tuned to one
sample: change the seed and every key, address and password changes. Shapes follow what providers
issue (prefixes, alphabets, lengths); passwords mix human-chosen and generated styles.
"""

import base64
import ipaddress
import random
import string
import uuid

ALNUM = string.ascii_letters + string.digits
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "-_"
WORDS = ("summer", "dragon", "monkey", "river", "orange", "falcon", "tiger", "winter", "rocket", "purple", "castle",
         "silver", "coffee", "garden", "planet", "shadow", "thunder", "marble", "pepper", "willow")
FIRST = ("maria", "li", "ahmed", "olga", "kenji", "lucas", "fatima", "noah", "ingrid", "rahul", "chloe", "mateo")
LAST = ("garcia", "wang", "hassan", "petrova", "sato", "silva", "okafor", "jensen", "novak", "kumar", "dubois")
DOMAINS = ("gmail.com", "outlook.com", "proton.me", "yahoo.co.jp", "web.de", "acmecorp.io", "uni-heidelberg.de",
           "company.co.uk", "mail.ru", "fastmail.fm", "stanford.edu", "tutanota.com")


def _chars(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def email(rng: random.Random) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    local = rng.choice((f"{first}.{last}", f"{first}{rng.randint(1, 99)}", f"{first[0]}{last}", f"{first}_{last}",
                        f"{last}+dev"))
    return f"{local}@{rng.choice(DOMAINS)}"


def public_ipv4(rng: random.Random) -> str:
    while True:
        address = ipaddress.IPv4Address(rng.getrandbits(32))
        parts = [int(p) for p in str(address).split(".")]
        if address.is_global and not address.is_multicast and not address.is_reserved and 0 < parts[3] < 255 \
                and parts[0] != 192:
            return str(address)


def public_ipv6(rng: random.Random) -> str:
    prefix = rng.choice((0x2001, 0x2400, 0x2600, 0x2a00, 0x2a01, 0x2c0f, 0x2404))
    groups = [prefix] + [rng.getrandbits(16) for _ in range(7)]
    address = ipaddress.IPv6Address(":".join(f"{g:x}" for g in groups))
    return str(address) if address.is_global and not str(address).startswith("2001:db8") else public_ipv6(rng)


def provider_key(rng: random.Random) -> str:
    kind = rng.randrange(16)
    if kind == 0:
        return "AKIA" + _chars(rng, string.ascii_uppercase + "234567", 16)
    if kind == 1:
        return rng.choice(("ghp_", "gho_", "ghu_", "ghs_", "ghr_")) + _chars(rng, ALNUM, 36)
    if kind == 2:
        return "github_pat_" + _chars(rng, ALNUM, 22) + "_" + _chars(rng, ALNUM, 59)
    if kind == 3:
        return "glpat-" + _chars(rng, URLSAFE, 20)
    if kind == 4:
        return f"xoxb-{rng.randint(10**11, 10**12)}-{rng.randint(10**12, 10**13)}-" + _chars(rng, ALNUM, 24)
    if kind == 5:
        return rng.choice(("sk_live_", "rk_live_")) + _chars(rng, ALNUM, rng.choice((24, 34, 99)))
    if kind == 6:
        return "AIza" + _chars(rng, URLSAFE, 35)
    if kind == 7:
        return rng.choice(("sk-", "sk-proj-")) + _chars(rng, ALNUM, 48)
    if kind == 8:
        return "sk-ant-api03-" + _chars(rng, URLSAFE, 93) + "AA"
    if kind == 9:
        return "npm_" + _chars(rng, ALNUM, 36)
    if kind == 10:
        return "SG." + _chars(rng, URLSAFE, 22) + "." + _chars(rng, URLSAFE, 43)
    if kind == 11:
        return "SK" + _chars(rng, "0123456789abcdef", 32)
    if kind == 12:
        return _chars(rng, B64, 86) + "=="  # Azure storage account key
    if kind == 13:
        return jwt(rng)
    if kind == 14:
        return "hf_" + _chars(rng, string.ascii_letters, 34)
    return "pypi-AgEIcHlwaS5vcmc" + _chars(rng, URLSAFE, 60)


def jwt(rng: random.Random) -> str:
    def part(payload: bytes) -> str:
        return base64.urlsafe_b64encode(payload).decode().rstrip("=")

    header = part(b'{"alg":"HS256","typ":"JWT"}')
    body = part(f'{{"sub":"{rng.randint(1, 10**9)}","iat":{rng.randint(1.5e9, 1.8e9)}}}'.encode())
    return f"{header}.{body}.{_chars(rng, URLSAFE, 43)}"


def generic_secret(rng: random.Random, with_django: bool = True) -> str:
    """A prefix-less secret; `with_django=False` for test vectors (Django keys have a known shape)."""
    style = rng.randrange(4 if with_django else 3)
    if style == 0:
        return _chars(rng, "0123456789abcdef", rng.choice((32, 40, 64)))
    if style == 1:
        return _chars(rng, ALNUM, rng.randint(24, 48))
    if style == 2:
        return _chars(rng, B64, 40)
    return "django-insecure-" + _chars(rng, string.ascii_lowercase + string.digits + "!@#%^&*(-_=+)", 50)


def password(rng: random.Random, url_safe: bool = False) -> str:
    symbols = "!$*-_.~" if url_safe else "!$%^&*-_+=.?@"
    if rng.random() < 0.5:
        word = rng.choice(WORDS)
        word = word.capitalize() if rng.random() < 0.7 else word
        return f"{word}{rng.randint(1, 9999)}{rng.choice(symbols)}"
    return _chars(rng, ALNUM + symbols, rng.randint(10, 24))


def private_key(rng: random.Random) -> tuple[str, list[str]]:
    """(label, body lines) of a PEM block with a random body."""
    label = rng.choice(("RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY",
                        "ENCRYPTED PRIVATE KEY"))
    lines = [_chars(rng, B64, 64) for _ in range(rng.randint(6, 25))]
    lines.append(_chars(rng, B64, rng.randint(8, 60)) + "==")
    return label, lines


# --- look-alikes: must be left alone -------------------------------------------------------------


def private_ip(rng: random.Random) -> str:
    kind = rng.randrange(8)
    return (
        f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        "127.0.0.1",
        f"169.254.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        rng.choice(("192.0.2.", "198.51.100.", "203.0.113.")) + str(rng.randint(1, 254)),
        f"2001:db8::{rng.getrandbits(16):x}",
        f"fd{rng.getrandbits(8):02x}:{rng.getrandbits(16):x}::{rng.getrandbits(16):x}",
    )[kind]


def version(rng: random.Random) -> str:
    return f"{rng.randint(0, 30)}.{rng.randint(0, 40)}.{rng.randint(0, 99)}.{rng.randint(0, 300)}"


def example_email(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)}@{rng.choice(('example.com', 'example.org', 'example.net', 'localhost'))}"


def git_hash(rng: random.Random) -> str:
    return _chars(rng, "0123456789abcdef", 40)


def sha256(rng: random.Random) -> str:
    return _chars(rng, "0123456789abcdef", 64)


def a_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def base64_blob(rng: random.Random) -> str:
    return base64.b64encode(rng.randbytes(rng.randint(300, 900))).decode()
