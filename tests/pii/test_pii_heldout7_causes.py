"""General causes the seventh held-out PII labels revealed (benchmarks/README.md, "A seventh held-out
set"). Fixtures are written here; keys are digests of made-up phrases, domains and names made up."""

import base64
import hashlib

from pii.redact import Redactor


def _wireguard_key(phrase: str) -> str:
    """32 random-looking bytes in base64, as `wg genkey` prints them (a digest, opens nothing)."""
    return base64.b64encode(hashlib.sha256(phrase.encode()).digest()).decode()


def test_commented_out_settings_keep_their_secrets_redacted(redactor: Redactor) -> None:
    """A VPN config's test fixture holds one live interface key and the peers' keys commented out,
    some under two comment markers: each is a private key whatever the line starts with. The peers'
    public keys, commented or not, stay."""
    private = [_wireguard_key(f"made-up interface {n}") for n in range(3)]
    public = _wireguard_key("made-up peer public")
    config = (
        f"[Interface]\n# first comment\nPrivateKey = {private[0]}\nListenPort = 51820\n\n"
        f"[Peer]\nEndpoint = 192.168.0.2:51820\n# PrivateKey = {private[1]}\nPublicKey = {public}\n\n"
        f"#! [Peer]\n#! # PrivateKey = {private[2]}\n#! PublicKey = {public}\n"
    )
    for path in ("test/wgtest1.conf", "examples/wg0.conf"):
        result = redactor.redact(config, None, path)
        assert result.counts == {"KEY": 3}, path
        assert all(key not in result.text for key in private) and result.text.count(public) == 2
    settings = "[database]\n; password = k9Xq2mZtRw7\nhost = db.internal\n"
    assert redactor.redact(settings, "INI", "deploy/app.ini").counts == {"PASSWORD": 1}


def test_a_urn_named_like_a_token_is_a_standard_name(redactor: Redactor) -> None:
    """SAML's authentication-context classes and OAuth's grant types are URNs published in their
    standards; a constant named `…TOKEN` holding one holds no credential. A random value under the
    same name still does."""
    module = (
        'PASSWORD = "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"\n'
        'TIMESYNCTOKEN = "urn:oasis:names:tc:SAML:2.0:ac:classes:TimeSyncToken"\n'
        'JWT_BEARER_TOKEN = "urn:ietf:params:oauth:grant-type:jwt-bearer"\n'
    )
    assert redactor.redact(module, "Python", "src/sso/authn_context.py").text == module
    live = 'SERVICE_TOKEN = "q7Vd2LmX9pR4tZ8wK3nB6yH1cF5gJ0sA"\n'
    assert redactor.redact(live, "Python", "src/sso/client.py").counts == {"KEY": 1}


def test_words_joined_by_underscores_are_a_test_password_too(redactor: Redactor) -> None:
    """A device library's transport tests log into their mock with `correct_pwd` and `wrong-pass`:
    words, like `pygmalion`. Outside test code, or with digits and capitals inside, a password stays
    redacted."""
    test = 'MOCK_PWD = "correct_pwd"\nBAD_PWD = "wrong-guess"\nMOCK_USER = "mock@example.com"\n'
    assert redactor.redact(test, "Python", "tests/transports/test_transport.py").text == test
    assert redactor.redact(test, "Python", "kasa/defaults.py").counts == {"PASSWORD": 2}
    mixed = 'MOCK_PWD = "c0rrect_Pwd9x"\n'
    assert redactor.redact(mixed, "Python", "tests/transports/test_transport.py").counts == {"PASSWORD": 1}


def test_a_metasyntactic_name_on_a_stand_in_domain_is_nobody(redactor: Redactor) -> None:
    """A client's docstring shows a query for `waldo@somewhere.com`: the Jargon File's stand-in name
    on a stand-in domain. The same name on a real-looking domain, or a person's name on the stand-in
    domain, is still an address."""
    doc = '    """e.g. SELECT Id FROM Lead WHERE Email = "waldo@somewhere.com"\n    """\n'
    assert redactor.redact(doc, "Python", "client/api.py").text == doc
    for other in ("waldo@kowalczyk-consulting.org", "m.kowalczyk@somewhere.com"):
        changed = doc.replace("waldo@somewhere.com", other)
        assert redactor.redact(changed, "Python", "client/api.py").counts == {"EMAIL": 1}, other


def test_a_key_named_by_a_later_argument_of_a_call_is_found(redactor: Redactor) -> None:
    """A config library's README adds the interface key with `add_attr(None, 'PrivateKey', '…')`: the
    name is the call's second argument and the key its third. A tuple of words is no call, and a
    password there is not judged (`print("user", "password", "token")` names no password): only a
    value that looks random is taken."""
    key = _wireguard_key("made-up readme key")
    readme = f"wc = wgconfig.WGConfig('wg0.conf')\nwc.add_attr(None, 'PrivateKey', '{key}')\nwc.write_file()\n"
    result = redactor.redact(readme, "Markdown", "README.md")
    assert result.counts == {"KEY": 1} and key not in result.text
    words = 'FIELDS = ("user", "password", "token")\nprint("user", "password", "token")\n'
    assert redactor.redact(words, "Python", "app/fields.py").counts == {}
