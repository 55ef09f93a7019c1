"""The twenty-fifth held-out set's causes (issue 23): a random draw of widely used npm packages — a
wallet SDK's test resources hold BIP32 extended private keys and a passphrase under a name written
`PassPhrase`; an AWS SDK's generated reference shows `"STRING_VALUE"` where a password goes.

Keys are made here from drawn bytes (no real wallet's key); the one published key is derived from
BIP32's published test seed, as the specification derives it.
"""

import hashlib
import hmac
import random
import string

from pii.key_recognizer import KeyRecognizer
from pii.password_recognizer import PasswordRecognizer
from pii.redact import Redactor
from pii.config import PiiConfig

_RNG = random.Random(25)
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_XPRV, _XPUB = bytes.fromhex("0488ade4"), bytes.fromhex("0488b21e")


def found(recognizer, text: str, language: str | None, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [text[f.start : f.end] for f in recognizer.find_at(text, language, path)]


def _base58check(payload: bytes) -> str:
    raw = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    number, out = int.from_bytes(raw, "big"), ""
    while number:
        number, digit = divmod(number, 58)
        out = _BASE58[digit] + out
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + out


def _extended(version: bytes, depth: int, chain_code: bytes, key: bytes) -> str:
    """BIP32's serialization: version, depth, parent fingerprint, child number, chain code, key."""
    fingerprint = bytes(4) if depth == 0 else _RNG.randbytes(4)
    return _base58check(version + bytes([depth]) + fingerprint + bytes(4) + chain_code + key)


def test_a_wallet_s_extended_private_key_is_a_key_but_not_the_spec_s_vector_or_a_public_key() -> None:
    drawn = _extended(_XPRV, 3, _RNG.randbytes(32), b"\0" + _RNG.randbytes(32))
    public = _extended(_XPUB, 3, _RNG.randbytes(32), b"\x02" + _RNG.randbytes(32))
    mismatched = _extended(_XPRV, 3, _RNG.randbytes(32), b"\x03" + _RNG.randbytes(32))  # a public key under `xprv`
    edited = drawn[:60] + ("A" if drawn[60] != "A" else "B") + drawn[61:]  # the checksum no longer holds
    master = hmac.new(b"Bitcoin seed", bytes(range(16)), hashlib.sha512).digest()  # BIP32 test vector 1's seed
    published = _extended(_XPRV, 0, master[32:], b"\0" + master[:32])
    resources = (f"exports.keys = {{\n  userXprv: '{drawn}',\n  userXpub: '{public}',\n"
                 f"  backupXprv: '{edited}',\n  specXprv: '{published}',\n  invalidXprv: '{mismatched}',\n}};\n")
    assert found(KeyRecognizer(), resources, "JavaScript", "dist/test/resources.js") == [drawn]


def test_a_passphrase_named_pass_phrase_is_a_password() -> None:
    """`walletPassPhrase`, `PASS_WORD`, `passCode`: the one word written as two."""
    value = "".join(_RNG.choice(string.ascii_letters + string.digits) for _ in range(14)) + "@" + "<bN1"
    for name in ("walletPassPhrase", "PASS_WORD", "passCode"):
        text = f"    const {name} = '{value}';\n"
        assert found(PasswordRecognizer(), text, "JavaScript", "dist/test/unit/etc.js") == [value], name


def test_an_upper_case_name_where_a_password_goes_is_no_password() -> None:
    """The AWS SDK's generated reference writes every string field's value as `"STRING_VALUE"`; a drawn
    password in the same place is still one."""
    reference = (' *     MasterUserOptions: { // MasterUserOptions\n *       MasterUserName: "STRING_VALUE",\n'
                 ' *       MasterUserPassword: "STRING_VALUE",\n *     },\n')
    redactor = Redactor(PiiConfig())
    assert redactor.find(reference, "TypeScript", "dist-types/commands/UpdateDomainConfigCommand.d.ts") == []
    drawn = "".join(_RNG.choice(string.ascii_letters + string.digits) for _ in range(12))
    spans = redactor.find(reference.replace('Password: "STRING_VALUE"', f'Password: "{drawn}"'), "TypeScript",
                          "src/commands/UpdateDomainConfigCommand.ts")
    assert [span.end - span.start for span in spans] == [len(drawn)]
