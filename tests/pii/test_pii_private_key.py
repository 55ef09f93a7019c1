import random
import string

from pii.private_key_recognizer import PrivateKeyRecognizer

REC = PrivateKeyRecognizer()


def _pem(label: str = "RSA PRIVATE KEY", lines: int = 12) -> str:
    rng = random.Random(label)
    body = ["".join(rng.choice(string.ascii_letters + string.digits + "+/") for _ in range(64)) for _ in range(lines)]
    return "\n".join([f"-----BEGIN {label}-----", *body, f"-----END {label}-----"])


def test_whole_file_key_is_one_block(matched) -> None:
    key = _pem() + "\n"
    assert matched(REC, key) == [key.rstrip("\n")]


def test_key_in_python_string(matched) -> None:
    key = _pem("OPENSSH PRIVATE KEY")
    text = f'KEY = """{key}"""\nprint(KEY)\n'
    assert matched(REC, text, "Python") == [key]


def test_key_with_escaped_newlines_in_json(matched) -> None:
    key = _pem("PRIVATE KEY").replace("\n", "\\n")
    text = '{"type": "service_account", "private_key": "' + key + '\\n", "client_id": "1"}'
    assert matched(REC, text, "JSON") == [key]


def test_truncated_key_redacted_to_end_of_body(matched) -> None:
    key = _pem("EC PRIVATE KEY").rsplit("\n", 1)[0]  # END line missing
    text = key + "\n\nsome trailing prose\n"
    assert matched(REC, text) == [key]


def test_two_keys_and_public_key_left_alone(matched) -> None:
    public = _pem("PUBLIC KEY").replace("PUBLIC KEY", "PUBLIC KEY")
    first, second = _pem("RSA PRIVATE KEY"), _pem("ENCRYPTED PRIVATE KEY")
    text = f"{first}\n{public}\n{second}\n"
    assert matched(REC, text) == [first, second]


def test_documentation_stub_left_alone(matched) -> None:
    text = "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----"
    assert matched(REC, text) == []


def test_the_test_suites_own_key_in_test_code_stays() -> None:
    key = _pem("EC PRIVATE KEY")
    code = f'private_key = """{key}"""\n\ndef test_sign():\n    assert verify(sign(b"m", private_key))\n'
    for path in ("tests/algorithms/test_EC.py", "jwcrypto/tests-cookbook.py", "pkg/tests.py"):
        assert list(REC.find_at(code, "Python", path)) == [], path
    assert [code[f.start : f.end] for f in REC.find_at(code, "Python", "pkg/signing.py")] == [key]
    # A key file in a test folder is a key file, not test code.
    assert [f.end - f.start for f in REC.find_at(key, None, "tests/keys/ec.pem")] == [len(key)]
