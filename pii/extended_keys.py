"""BIP32 extended private keys (`xprv…`, and the testnet and SegWit variants `tprv`, `yprv`, `zprv`,
`uprv`, `vprv`): a wallet's master or account key. Every key below it is derived from it, so whoever
holds it spends the wallet's coins; a wallet library's test resources hold such keys by the dozen.

Taken when the string decodes as Base58Check to BIP32's 78-byte serialization whose key field holds
a private key (a zero byte, then the 32 key bytes): a checksum no placeholder, truncated or edited
copy passes. Kept: the BIP32 specification's own test vectors, which wallet libraries copy into their
tests as published values (sha256 of each value of `bip-0032.mediawiki` in bitcoin/bips at commit
7fe0b034ec967b52a5a28276419117326df93263, test vectors 1–5; the values are not stored here).
"""

import hashlib
import re

EXTENDED_PRIVATE_KEY = re.compile(r"(?<![A-Za-z0-9])[xtyzuv]prv[1-9A-HJ-NP-Za-km-z]{107,108}(?![A-Za-z0-9])")
"""Searched only in a text holding `prv` (`key_recognizer`): its first character is a class, which the
regex engine cannot skip to."""

_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_SERIALIZED_BYTES = 78
_KEY_FIELD = 45  # version 4, depth 1, parent fingerprint 4, child number 4, chain code 32

BIP32_TEST_VECTORS = frozenset(
    {
        "00860ac6121289549cc36c62bb823c2b6d496786444f73f282497678c279a392",
        "027f15220e18358921d3273f9526d09c18f772b49a483aedaea948fc0836ea6a",
        "04a564938fd41d291aa042c0bcfd9867ad19045aa895476645c5f1a1bb98871a",
        "2243ae4c730144699810edff877f309b57c9f62289420157926505582ea6d1f9",
        "37f4f4b83be29454630ddf4f9c2788632c6aa5cccf684683085978d36a1fb372",
        "38f45b57d43a7400a44a426bf98d87189b5022748f303be6d1d4fc21e4e65b85",
        "401340acba067fb3dc57398213921debb8b0b61eb3f761a74065261d1936dbcc",
        "412226a59787fdf87c121299c1ace9f050cc026564e444937bb460e78331c6bb",
        "42010a606042a639ab8c7467ca05a8a052c1379ad6acd530c9ac8adefbf1b0c3",
        "4ec7efd0add0ac4bf9b5a53141b34d4ebde7aa2a2860e2cdfa668b092cc822cc",
        "58526faf0059f1289c2f93883d836ec1726074c83e68d089aedfc8b47d09d735",
        "6ec5f0e63be5ba712920754274a89d386eb16eee0587277a74f7ca6e60fe8bf7",
        "75754388723db8eccc4b581f484b5585bc848eb60c9cfc7f3a06a37b8295a178",
        "7fa27c6487b720d71ef55b8c06c3391f84efab09b002cfa7133d65e545ce445e",
        "86826de463a4859a73dc07e71e0ad757ec4dfdaf649d196160c375f66c5625fb",
        "93e28cee01d34e885f66db5f8090be0d4a2de61160ca4e03a9ebc1dddc7d1b53",
        "9d61c593824c392ca2b757ac4c9e1d1a59ac0fc313f2a4f4a0acb9a7813a37ab",
        "9ff23bc99ee7c3311f9a78af165a78383d21023cbe4a0fa9988152d786c85c41",
        "ac17da3e11432de904272c5859b35477b412aceac390e9319a74b5a3acd12538",
        "bebe65f0e0569d6283a7b3677aa69e9047b2b288f1ab7de2e2714778e3112d66",
        "c14aca8e6d6b82d19f4330f9d64ed5efb790c8484ff6e5398c6771b7c21f5c50",
        "c3e981f8e1c6a20142aac2ca0c23af92f88c9d129371e0b7aa271ff17644556b",
        "e4cd8805007606c193388a4d1492742bee6c028ce949bdccbeeef671fca1fbf4",
        "ed7bfe0ceae813bcc585635656507759ac09ef1d1bc8a8b0a5d8bd227296dd78",
        "fa146b83df550394a57ed8f05186226882b82caffecc1ccc5df5710c1e5fa0a1",
    }
)


def _base58check(value: str) -> bytes | None:
    """The payload of a Base58Check string of a BIP32 serialization's length, or None."""
    number = 0
    for character in value:
        digit = _BASE58.find(character)
        if digit < 0:
            return None
        number = number * 58 + digit
    if number.bit_length() > 8 * (_SERIALIZED_BYTES + 4):
        return None
    raw = number.to_bytes(_SERIALIZED_BYTES + 4, "big")
    payload, checksum = raw[:-4], raw[-4:]
    return payload if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] == checksum else None


def is_live_extended_private_key(value: str) -> bool:
    """`value` is a valid BIP32 extended private key and not one of the specification's test vectors."""
    payload = _base58check(value)
    if payload is None or payload[_KEY_FIELD] != 0:
        return False
    return hashlib.sha256(value.encode()).hexdigest() not in BIP32_TEST_VECTORS
