"""Random values for the PII benchmark: one factory per supported kind, plus look-alikes.

Every value is drawn from a seeded `random.Random`, so a benchmark set cannot be tuned to one
sample: change the seed and every key, address and password changes. Token formats follow what
providers document (`PROVIDER_FORMATS`, written from their documentation, not from the recognizer's
table, and including formats the recognizer may lack); passwords mix human-chosen and generated
styles.
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


# Token formats as the providers document them (prefix, alphabet, length), written from their
# documentation, NOT from pii/key_recognizer.py: formats our table lacks are planted too, so recall
# on this set shows what the table misses. (source: what each provider publishes about its format)
BASE32_UPPER = string.ascii_uppercase + "234567"
HEX = "0123456789abcdef"
PROVIDER_FORMATS = {
    # AWS IAM: 20-character key ids, AKIA (long-term) / ASIA (temporary), base32 body
    "aws_key_id": lambda r: r.choice(("AKIA", "ASIA")) + _chars(r, BASE32_UPPER, 16),
    # GitHub "new token formats" (2021): prefix + 30 base62 + 6 base62 CRC32; fine-grained PATs 22_59
    "github": lambda r: r.choice(("ghp_", "gho_", "ghu_", "ghs_", "ghr_")) + _chars(r, ALNUM, 36),
    "github_fine_grained": lambda r: "github_pat_" + _chars(r, ALNUM, 22) + "_" + _chars(r, ALNUM, 59),
    # GitLab: glpat- personal, gldt- deploy, glrt- runner tokens, 20 characters (longer in 17.x)
    "gitlab": lambda r: r.choice(("glpat-", "gldt-", "glrt-")) + _chars(r, URLSAFE, r.choice((20, 26))),
    # Slack: xoxb-/xoxp- team-user-secret, xapp- app-level tokens
    "slack": lambda r: r.choice(("xoxb-", "xoxp-")) + f"{r.randint(10**10, 10**13)}-{r.randint(10**10, 10**13)}-"
    + _chars(r, ALNUM, 24),
    "slack_app": lambda r: f"xapp-1-A{_chars(r, BASE32_UPPER, 10)}-{r.randint(10**12, 10**13)}-" + _chars(r, HEX, 64),
    # Stripe: secret and restricted live keys, up to 255 characters (typically 107)
    "stripe": lambda r: r.choice(("sk_live_", "rk_live_")) + _chars(r, ALNUM, r.choice((24, 99))),
    # Google Cloud API keys: AIza + 35 URL-safe characters
    "google_api": lambda r: "AIza" + _chars(r, URLSAFE, 35),
    # OpenAI: legacy sk-…T3BlbkFJ… (48), project keys sk-proj-…
    "openai": lambda r: "sk-" + _chars(r, ALNUM, 20) + "T3BlbkFJ" + _chars(r, ALNUM, 20),
    "openai_project": lambda r: "sk-proj-" + _chars(r, URLSAFE, 74) + "T3BlbkFJ" + _chars(r, URLSAFE, 74),
    # Anthropic: sk-ant-api03- + 93 URL-safe + AA
    "anthropic": lambda r: "sk-ant-api03-" + _chars(r, URLSAFE, 93) + "AA",
    # npm granular/automation tokens: npm_ + 36 base62
    "npm": lambda r: "npm_" + _chars(r, ALNUM, 36),
    # SendGrid: SG.<22>.<43>
    "sendgrid": lambda r: "SG." + _chars(r, URLSAFE, 22) + "." + _chars(r, URLSAFE, 43),
    # Twilio API key SID: SK + 32 hex
    "twilio": lambda r: "SK" + _chars(r, HEX, 32),
    # Hugging Face user access tokens: hf_ + 34 letters
    "huggingface": lambda r: "hf_" + _chars(r, string.ascii_letters, 34),
    # PyPI API tokens: pypi- + base64url macaroon starting with the pypi.org location caveat
    "pypi": lambda r: "pypi-AgEIcHlwaS5vcmc" + _chars(r, URLSAFE, r.randint(120, 180)),
    # Mailchimp API keys: 32 hex + -usNN data-centre suffix
    "mailchimp": lambda r: _chars(r, HEX, 32) + f"-us{r.randint(1, 21)}",
    # Shopify admin/app tokens: shpat_/shpca_/shppa_/shpss_ + 32 hex
    "shopify": lambda r: r.choice(("shpat_", "shpca_", "shppa_", "shpss_")) + _chars(r, HEX, 32),
    # Telegram Bot API tokens: <bot id>:<35 characters>
    "telegram": lambda r: f"{r.randint(10**8, 10**10)}:AA" + _chars(r, URLSAFE, 33),
    # Square: sq0atp- access tokens (22), sq0csp- application secrets (43)
    "square": lambda r: (lambda prefix, n: prefix + _chars(r, URLSAFE, n))(*r.choice((("sq0atp-", 22), ("sq0csp-", 43)))),
    # DigitalOcean personal access tokens: dop_v1_ + 64 hex
    "digitalocean": lambda r: "dop_v1_" + _chars(r, HEX, 64),
    # Databricks personal access tokens: dapi + 32 hex
    "databricks": lambda r: "dapi" + _chars(r, HEX, 32),
    # age secret keys: AGE-SECRET-KEY-1 + 58 bech32 upper-case characters
    "age": lambda r: "AGE-SECRET-KEY-1" + _chars(r, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58),
    # Azure storage account keys: 64 random bytes in base64 (88 characters)
    "azure_storage": lambda r: base64.b64encode(r.randbytes(64)).decode(),
    # JWTs (RFC 7519), HMAC-signed with a secret that is not in the file
    "jwt": lambda r: jwt(r),
}


def provider_key(rng: random.Random) -> str:
    return PROVIDER_FORMATS[rng.choice(sorted(PROVIDER_FORMATS))](rng)


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
