"""How the "random-looking" rules of `pii.text_checks` behave: on random strings and on real literals.

The generic-secret recognizer redacts a value assigned to a secret-like name only when the value
looks generated. This measures the two sides of that rule (pii/DECISIONS.md quotes the figures):

- random strings of each length from 8 to 40 characters in the alphabets services issue keys in
  (lower-case hex, letters and digits, lower case and digits, base64url), 2,000 per cell, seeded:
  the share accepted is the rule's recall on generated keys of that shape;
- every quoted literal of 8–40 characters of `[A-Za-z0-9_-]` in the real-code corpus of
  `pii_real.py` (pinned packages, downloaded at run time; any name beside them): the share
  accepted is how often a value that is *not* a key would be taken if a secret-like name stood
  beside it (an upper bound: some of these literals are keys).

    python benchmarks/pii_random_rule.py [--packages N]
"""

from __future__ import annotations

import argparse
import random
import re
import string
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from pii.text_checks import looks_random, looks_random_short  # noqa: E402

ALPHABETS = {
    "hex": "0123456789abcdef",
    "alnum": string.ascii_letters + string.digits,
    "lower+digits": string.ascii_lowercase + string.digits,
    "base64url": string.ascii_letters + string.digits + "-_",
}
LENGTHS = (8, 10, 12, 14, 16, 20, 24, 32, 40)
_LITERAL = re.compile(r"""["']([A-Za-z0-9_-]{8,40})["']""")


def accepts(value: str) -> bool:
    """The rule as `secret_recognizer` applies it."""
    return looks_random(value) if len(value) >= 16 else looks_random_short(value)


def random_strings() -> None:
    rng = random.Random(23)
    print("share of random strings accepted (2,000 per cell)")
    print("length  " + "  ".join(f"{name:>12}" for name in ALPHABETS))
    for length in LENGTHS:
        shares = []
        for alphabet in ALPHABETS.values():
            taken = sum(accepts("".join(rng.choice(alphabet) for _ in range(length))) for _ in range(2000))
            shares.append(taken / 2000)
        print(f"{length:>6}  " + "  ".join(f"{share:>12.3f}" for share in shares))


def real_literals(packages: int | None) -> None:
    from pii_corpus import corpus

    seen: Counter[str] = Counter()
    taken: Counter[str] = Counter()
    for item in corpus(packages):
        for match in _LITERAL.finditer(item.text):
            value = match.group(1)
            band = "8-15" if len(value) < 16 else "16-40"
            seen[band] += 1
            taken[band] += accepts(value)
    for band in ("8-15", "16-40"):
        share = taken[band] / seen[band] if seen[band] else 0.0
        print(f"real literals {band:>5} chars: {seen[band]:,} seen, {taken[band]:,} accepted ({share:.4f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=None, help="only the first N pinned packages")
    args = parser.parse_args()
    random_strings()
    real_literals(args.packages)


if __name__ == "__main__":
    main()
