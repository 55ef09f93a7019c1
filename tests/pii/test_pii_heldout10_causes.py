"""General causes the tenth held-out PII labels revealed (benchmarks/README.md, "A tenth held-out set").
Fixtures are written here; names, hosts, addresses and keys are made up."""

from pii.redact import Redactor


def test_a_transition_address_is_judged_by_the_ipv4_it_carries(redactor: Redactor) -> None:
    """A network template's README configures a VLAN interface with a 6to4 address whose embedded
    IPv4 is `0.0.0.0` and shows the parsed result; a 6to4 address of a private or documentation
    IPv4 names nobody either, nor does a Teredo-prefixed value typed without a public server
    (`2001::dead:beef`). One of a public IPv4 is that site's host, and a Teredo address whose client
    mapping is public is that client: both are redacted."""
    readme = (
        "interface Vlan41\n description Uplink_Vlan\n ip address 192.168.7.1/24\n"
        " ipv6 address 2002::1b2c/126\n!\n"
        "# {'interface': 'Vlan41', 'ipv6': '2002::1b2c', 'mask': '126'}\n"
        "tunnel source 2002:a00:1::1  # 6to4 of 10.0.0.1\n"
        "relay 2002:c000:221::1  # 6to4 of 192.0.2.33\n"
        "teredo 2001:0:c000:201:8000:63bf:3fff:fdd2  # client 192.0.2.45\n"
        "formats: \"2001::dead:beef\", \"2001::dead:beef/64\"  # typed: no Teredo server\n"
    )
    assert redactor.redact(readme, "Markdown", "README.md").text == readme
    public = "peer 2002:4d5b:802d::1\nclient 2001:0:4d5b:8001:8000:63bf:b2a4:7fd2\n"
    assert redactor.redact(public, "Text", "notes/peers.txt").counts == {"IP_ADDRESS": 2}


def test_a_version_after_a_product_name_in_a_software_header_is_kept(redactor: Redactor) -> None:
    """A mail library's captured message says which client wrote it (`X-Mailer: Evolution …`, a
    four-part version); a client sends `"User-Agent": "Claws Mail …"`. The relay and the originating
    client of the same message are addresses, and a `Server:` log line in prose is not a product."""
    message = (
        "Received: from relay.corp-mail.test ([77.91.128.45])\n\tby mx.example.org; Mon, 1 Mar 2021 10:00:00\n"
        "From: Dana <dana@example.org>\nMime-Version: 1.0\n"
        "X-Mailer: Evolution 2.32.3.1 \nX-Newsreader: Forte Agent 4.2.112.1\n"
        "User-Agent: Apple Mail v3.9.4.12\nX-Originating-IP: 77.91.128.46\n\nbody\n"
    )
    published = redactor.redact(message, "Text", "tests/data/evolution.msg")
    for version in ("2.32.3.1", "4.2.112.1", "3.9.4.12"):
        assert version in published.text
    assert published.counts == {"IP_ADDRESS": 2}
    code = 'HEADERS = {"User-Agent": "Claws Mail 3.7.6.2", "X-Forwarded-For": "77.91.128.47"}\n'
    published = redactor.redact(code, "Python", "client/http.py")
    assert "3.7.6.2" in published.text and published.counts == {"IP_ADDRESS": 1}
    log = "Server: listening on 77.91.128.48\nServer: mx1 77.91.128.49\nServer: Host 77.91.128.50\n"
    assert redactor.redact(log, "Text", "logs/server.log").counts == {"IP_ADDRESS": 3}


def test_an_obfuscated_address_at_a_webmail_provider_without_its_tld(redactor: Redactor) -> None:
    """A maintainer's docs list a private address written `name [at] gmail`, the TLD left out; the
    name of a large webmail service alone routes to its mailbox. Prose that names the service with
    a bare ` at ` is not an address, and a form that spells the TLD is found once, as before."""
    contact = (
        "Contact\n=======\n\n- Private email: dwhitfield42 [at] gmail\n- Backup: dana.w (at) Yahoo.\n"
        "- Old: d_whit <at> protonmail\n"
    )
    published = redactor.redact(contact, "reStructuredText", "docs/index.rst")
    assert published.counts == {"EMAIL": 3}
    assert "dwhitfield42" not in published.text and "d_whit" not in published.text
    prose = "Sign-in problems? Look at gmail settings, or ask at outlook support (at) any time.\n"
    assert redactor.redact(prose, "Markdown", "docs/faq.md").text == prose
    spelled = "Reach me: dwhitfield42 [at] gmail [dot] com or d_whit (at) gmail.com\n"
    assert redactor.redact(spelled, "Markdown", "README.md").counts == {"EMAIL": 2}


def test_a_short_hand_made_key_mixing_four_classes_under_a_key_name(redactor: Redactor) -> None:
    """A private-API client hard-codes a short app key typed by hand in leetspeak, upper and lower
    case, digits and a symbol: too short and too symbolic for the random-value rules. Under a
    secret-like name it is a credential. Key bindings, formats, versions and word-like values under
    such names stay, and so does the same line in test code (the suite's own value)."""
    constants = (
        "exports.SIGNATURE_VERSION = '4';\n"
        "exports.CRUMB_KEY = 'tQ7&vB3#xK';\n"
        "exports.APP_VERSION = '101.0.0.15.120';\n"
        "exports.TOGGLE_KEY = 'Ctrl-Shift-F12';\n"
        "exports.DATE_KEY = '%Y-%m-%d';\n"
        "exports.LABEL_KEY = 'My_Key_2!';\n"
        "exports.RELEASE_KEY = 'V2.0-rc1';\n"
        "exports.SORT_KEY = 'nA4$bQ2!';\n"
    )
    published = redactor.redact(constants, "JavaScript", "dist/core/constants.js")
    assert published.counts == {"KEY": 1} and "tQ7&vB3#xK" not in published.text
    for kept in ("Ctrl-Shift-F12", "%Y-%m-%d", "My_Key_2!", "V2.0-rc1", "nA4$bQ2!"):
        assert kept in published.text
    assert redactor.redact(constants, "JavaScript", "test/constants.test.js").counts == {}


def test_a_counting_run_of_digits_is_the_stock_dummy_password(redactor: Redactor) -> None:
    """A recorded issue quotes the reporter's curl call against their own test box with the stock
    dummy password; a counting run of digits reveals nothing.  Any other number of that length may
    be a real PIN-like password and stays redacted."""
    recorded = "[root@box ~]# curl -k https://10.1.2.3:8000/run/ -d username='apiuser' -d password='123456'\n"
    assert redactor.redact(recorded, "Text", "tests/ReplayData/Issue.txt").text == recorded
    assert redactor.redact("password = 87654321\n", "INI", "conf/app.ini").counts == {}
    assert redactor.redact("password = 84615372\n", "INI", "conf/app.ini").counts == {"PASSWORD": 1}


def test_a_toy_password_in_a_docstring_example_is_documentation(redactor: Redactor) -> None:
    """A client library's docstring shows a login with a made-up word password on `>>>` / `...`
    lines; the same word assigned in the module's code, or a random-looking password in the example,
    stays redacted."""
    source = ('def delete_devices(self, devices, auth):\n    """Delete devices.\n\n    Example:\n'
              '        >>> auth = {"type": "m.login.password",\n'
              '        ...         "user": "example",\n'
              '        ...         "password": "walrus7"}\n    """\n')
    assert redactor.redact(source, "Python", "src/client/api.py").text == source
    assert redactor.redact('ADMIN_PASSWORD = "walrus7"\n', "Python", "src/client/api.py").counts == {"PASSWORD": 1}
    example = source.replace("walrus7", "Tq8vR2mXk9")
    assert redactor.redact(example, "Python", "src/client/api.py").counts == {"PASSWORD": 1}


def test_a_captured_session_cookie_is_a_credential(redactor: Redactor) -> None:
    """A replay file quotes a response whose `Set-Cookie` header carries the service's session id; a
    vcrpy cassette records the same header as a YAML list; a recorded request sends it back in
    `Cookie:`. The session ids go; the attributes, a preference cookie, the CSRF token, a
    placeholder in a README and a test program's own fixture cookie stay."""
    replay = ('{"body": "HTTP/1.1 200 OK\\r\\nSet-Cookie: session_id=7f3c9a1e5b2d8f604c1a9e7b3d5f2a8c6e4b1d09; '
              'expires=Tue, 26 Feb 2013 05:50:12 GMT; Path=/\\r\\n\\r\\n{}"}\n')
    out = redactor.redact(replay, "JSON", "tests/ReplayData/Login.txt")
    assert out.counts == {"KEY": 1} and "expires=Tue, 26 Feb 2013" in out.text and "Path=/" in out.text
    cassette = "    headers:\n      Set-Cookie:\n      - PHPSESSID=q8v2kd7s9fj3mx0p1zr6tyb4wn; path=/; HttpOnly\n"
    assert redactor.redact(cassette, "YAML", "tests/cassettes/login.yaml").counts == {"KEY": 1}
    request = ("      Cookie: csrftoken=Xk9fQ2mZt7Lp4RwN8bVcAa; theme=dark; sessionid=Zq7Rt2Lm9Xv4Kp8Wn3Bc; "
               "_auth_csrf=Lq2Wz8Rt4Ym7Xn3Kc9Vb; authenticity_token=Pq7Zr2Lx9Wv4Mt8Kn3Bd\n")
    out = redactor.redact(request, "YAML", "tests/cassettes/login.yaml")
    assert out.counts == {"KEY": 1} and "csrftoken=Xk9fQ2mZt7Lp4RwN8bVcAa; theme=dark" in out.text
    assert "_auth_csrf=Lq2Wz8Rt4Ym7Xn3Kc9Vb; authenticity_token=Pq7Zr2Lx9Wv4Mt8Kn3Bd" in out.text
    readme = "Send `Cookie: session=<your session id>` with each request.\n"
    assert redactor.redact(readme, "Markdown", "README.md").text == readme
    fixture = 'HEADERS = {"Cookie": "sessionid=Zq7Rt2Lm9Xv4Kp8Wn3Bc"}\nRAW = "Cookie: sessionid=Zq7Rt2Lm9Xv4Kp8Wn3Bc"\n'
    assert redactor.redact(fixture, "Python", "tests/test_client.py").text == fixture


def test_an_at_sign_spaced_out_in_a_credit_line_is_an_address(redactor: Redactor) -> None:
    """An author credit spaces the at-sign out so that harvesters miss it (`<name @ host.org>`,
    `Name Surname (name @ host.org)`, `name @ host.org (remove spaces)`); a matrix product in parentheses, or the same spacing in prose,
    is no address."""
    credits = ("# Copyright 2019 Ada Quillfeather <ada.q @ quillworks.org>\n# Thanks: Bo Rendle (bo @ rendle.net)\n"
               "# Contact: c.ward @ quillworks.org (remove spaces)\n")
    assert redactor.redact(credits, "Python", "src/quill/__init__.py").counts == {"EMAIL": 3}
    code = "projected = (weights @ inputs.shape)\nscores = (a @ b.T)\n# ping me @ quillworks.org later\n"
    assert redactor.redact(code, "Python", "src/quill/model.py").text == code
