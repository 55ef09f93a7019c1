"""General causes the fifth held-out PII labels revealed (benchmarks/README.md, "A fifth held-out
set"). Each test models the situation with invented names, reserved domains and values generated
from a seeded RNG; no third-party code or real value is copied."""

import base64
import json
import random

from pii.redact import Redactor

_RNG = random.Random(5555)


def _ec_private_key_der() -> bytes:
    """A PKCS#8 EC P-256 private key's DER: the fixed algorithm header, then random key material."""
    header = bytes.fromhex("308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420")
    return header + _RNG.randbytes(32) + bytes.fromhex("a144034200") + b"\x04" + _RNG.randbytes(64)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def test_base64url_private_key_in_a_captured_credentials_fixture_is_redacted(redactor: Redactor) -> None:
    """A doorbell client's tests keep a captured push-registration response: its `keys` object holds
    the web-push key pair, the private half as base64url DER. The JSON is data the suite captured,
    not a key fixture named as one, so the private key is a credential; the public point stays."""
    public = _b64url(b"\x04" + _RNG.randbytes(64))
    private = _b64url(_ec_private_key_der())
    fixture = json.dumps({"fcm": {"token": "0123456789"}, "keys": {"public": public, "private": private}}, indent=2)
    published = redactor.redact(fixture, "JSON", "tests/fixtures/listen_credentials.json")
    assert private not in published.text and public in published.text
    assert published.counts.get("PRIVATE_KEY") == 1
    # a JSON key fixture named as one stays (the suite's own key, as before)
    assert redactor.redact(fixture, "JSON", "tests/keys/ec_key.json").text == fixture
    assert redactor.redact(fixture, "JSON", "tests/fixtures/jwks.json").text == fixture


def test_made_up_sub_account_addresses_in_a_client_docstring_stay(redactor: Redactor) -> None:
    """An exchange client's docstring shows a sample response listing sub-accounts: role words and
    repeated letters on a placeholder domain name nobody, in library code as in tests. A surname on
    the same domain, or a role word on a real provider, is still an address."""
    doc = (
        'def get_sub_accounts(self, **params):\n    """List sub-accounts.\n\n    .. code-block:: python\n\n'
        '        {"subAccounts": [{"email": "sub123@test.com"}, {"email": "master@test.com"},\n'
        '                         {"from": "aaa@test.com", "to": "subaccount1@test.com"}]}\n    """\n'
    )
    assert redactor.redact(doc, "Python", "exchange/client.py").text == doc
    for real in ("kowalczyk@test.com", "master@mailprovider.net"):
        assert redactor.redact(doc.replace("master@test.com", real), "Python", "exchange/client.py").counts == {"EMAIL": 1}


def test_sip_uris_of_numbers_and_made_up_users_are_not_mailboxes(redactor: Redactor) -> None:
    """A doorbell's captured call fixture names its SIP endpoints: a number or a made-up user at the
    vendor's SIP domain is a telephone line, not a mailbox; a person's name there is still one."""
    fixture = '{"sip_from": "sip:1234@voip.vendor.net", "sip_to": "sips:abc123@voip.vendor.net"}\n'
    assert redactor.redact(fixture, "JSON", "tests/fixtures/ding.json").text == fixture
    named = fixture.replace("1234@", "jan.kowalczyk@")
    assert redactor.redact(named, "JSON", "tests/fixtures/ding.json").counts == {"EMAIL": 1}


def test_a_proxy_password_for_a_one_label_test_host_stays(redactor: Redactor) -> None:
    """An HTTP client's tests route through a proxy written `http://user:withPwd@proxy:8888/`: a host
    without a dot is the suite's own; the same password for a real host is redacted."""
    code = 'class TestProxy(TestClient):\n    PROXY = "http://user:withPwd@proxyhost:8888/"\n'
    assert redactor.redact(code, "Python", "tests/test_http_client.py").text == code
    public = code.replace("proxyhost", "proxy.corp-net.com")
    assert redactor.redact(public, "Python", "tests/test_http_client.py").counts == {"PASSWORD": 1}
    assert redactor.redact(code, "Python", "client/settings.py").counts == {"PASSWORD": 1}


def test_a_web_push_public_key_stays_and_its_private_half_does_not(redactor: Redactor) -> None:
    """A push client's config names its VAPID key: 65 bytes, 0x04 and a P-256 point, handed to every
    browser. A random 32-byte value under the same name is a secret."""
    public = _b64url(b"\x04" + _RNG.randbytes(64))
    config = f'{{"config": {{"project_id": "project-1234", "vapid_key": "{public}"}}}}\n'
    assert redactor.redact(config, "JSON", "app/push_config.json").text == config
    private = _b64url(_RNG.randbytes(32))
    assert redactor.redact(config.replace(public, private), "JSON", "app/push_config.json").counts == {"KEY": 1}
