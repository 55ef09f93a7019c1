import pytest

from pii.ip_recognizer import IpRecognizer

REC = IpRecognizer()


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ('HOST = "95.217.163.246"', "Python", "95.217.163.246"),
        ("const api = 'http://151.101.1.69:8080/v1';", "JavaScript", "151.101.1.69"),
        ("// production server: 8.34.211.17", "Go", "8.34.211.17"),
        ('#define UPSTREAM "64.233.160.100"', "C", "64.233.160.100"),
        ("ssh deploy@52.14.143.201", "Shell", "52.14.143.201"),
        ("host: 2a00:1450:4001:81c::200e", "YAML", "2a00:1450:4001:81c::200e"),
        ('{"server": "2606:4700:4710::6813:9a1c"}', "JSON", "2606:4700:4710::6813:9a1c"),
        ("allowed 203.1.114.7/32", None, "203.1.114.7"),
        ("server at 45.33.32.157.", None, "45.33.32.157"),
    ],
)
def test_public_addresses_found(text: str, language: str | None, expected: str, matched) -> None:
    assert matched(REC, text, language) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        'bind = "10.0.3.7"',  # private
        "192.168.1.20 172.20.4.1 127.0.0.1 169.254.10.10",  # private, loopback, link-local
        "192.0.2.10 198.51.100.7 203.0.113.99 2001:db8::10",  # documentation
        "224.0.0.251 240.1.2.3 0.1.2.3",  # multicast, reserved, this-network
        "fd12:3456::1 fe80::1 ::1",
        '__version__ = "2.10.44.1"',
        "numpy==1.21.10.200",
        "requires libfoo-12.40.3.7",
        "Version: 12.30.45.200",
        "see section 1.2.3.4",
        "oid 1.3.6.1.4.1.311",
        "evens = xs[::2]; odd = xs[1::2]; rev = a[::-1]",
        "std::vector<int> v; a::b::c",
        "at 12:30:45, mac 00:1a:2b:3c:4d:5e",
        "route 64.233.160.0/19",  # a network
        "example address 123.45.67.89",
        "v1.22.33.44",
        "prefix 2001:4860::/32 and 2400:cb00::",
        "01.02.2023.1",
    ],
)
def test_look_alikes_ignored(text: str, matched) -> None:
    assert matched(REC, text) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # C99 section numbers in a header's comments (libgit2's stdint.h)
        ("/* 7.18.1.1 Exact-width integer types */\ntypedef signed char int8_t;", "C"),
        ("// 7.18.2.4 Limits of integer types capable of holding object pointers", "C"),
        ("   7.18.4.1 Macros for minimum-width integer constants", None),
        ("## 4.12.30.2 Retry policy", "Markdown"),
        ("see ISO C99 7.18.1.1 for the exact-width types", None),
        ("* Implements RFC 2616 14.35.10.1 byte ranges", None),
        # versions in URLs and User-Agent strings, sections of standards in prose
        ("<script src='https://cdn.quillbyte-invented.com/app.js?v=5.2.14.183'></script>", "HTML"),
        ("url = base + '/player.js?ver=4.61.18.210&lang=en'", "Python"),
        ("url = base + '/main.css?x=1&v=112.61.18.210'", "Python"),
        ("UA = 'VidApp/4.60.12.101 (Android 10; Pixel 4)'", "Python"),
        ('headers = {"User-Agent": "Dalvik/2.1.0 (Linux) VidTV/54.120.31.207"}', "Python"),
        ("see the HTML living standard 4.10.21.8 for the algorithm", "Text"),
        ("   specification 14.30.11.7 lists the fields", None),
        # versions: a semver coercion test lists quads beside the versions they coerce to
        ("    ['35.12.18.24', '35.12.18'],", "JavaScript"),
        ("t.equal(semver.coerce('42.14.18.99').version, '42.14.18')", "JavaScript"),
        ('"pkg": "~31.12.18.24"', "JSON"),
        ("   5.2.3.10.  Signature Expiration Time", "Python"),  # RFC 4880 section, indented
        ("reverse of 192.0.2.42 is 42.2.0.192.in-addr.arpa.", None),  # a documentation address
        ("172.17.11.91 → 91.11.17.172.in-addr.arpa. IN PTR", None),  # a private one
        ("    2.2.31.2 SRV_READ_HASH Request HashVersion", "Python"),
        ("PycURL 7.43.0.6 - 2020-09-02", "reStructuredText"),
        ("attributeTypes: ( 2.5.18.1 SYNTAX 1.3.6.1.4.1.1466.\n 115.121.1.15 )", None),
        ("    [MS-FSCC] 2.4.15.1 FILE_GET_EA_INFORMATION", "Python"),
        ("As per 11.2.4.5 TPM2B_PUBLIC_KEY_RSA, extract `unique`", "Python"),
        ("    is configured to use SSL, added in 7.43.0.2, has been changed", None),
        ("# MS-SMB2 3.3.5.18 lists both", "Python"),
        # OIDs in files about OIDs
        ("OIDS = {\n    '2.5.4.10': 'organization_name',\n}", "Python"),
        ("attributeTypes: ( 2.5.21.9 NAME 'structuralObjectClass' )", None),
        ("_IN('2.5.4.11', 'organizationalUnitName'); // oid table", "JavaScript"),
    ],
)
def test_not_used_as_an_address(text: str, language: str | None, matched) -> None:
    assert matched(REC, text, language) == []


def test_semver_file_quads_are_versions(matched) -> None:
    text = "const semver = require('semver')\nconst cases = [\n  '35.12.18.24',\n  '46.100.27.2',\n]\n"
    assert matched(REC, text, "JavaScript") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# production server: 95.217.163.246", "95.217.163.246"),
        ("/* 95.217.163.246 Main gateway */", "95.217.163.246"),  # large parts: not a section number
        ('servers = ["95.217.163.246", "151.101.1.69"]', "95.217.163.246"),
        ('requests.get("http://95.217.163.246:8080/v1", timeout=1.5)', "95.217.163.246"),
        ('assert isinstance(port, int)\nUPSTREAM = "95.217.163.246"\n', "95.217.163.246"),  # library code
        ('resolver = "2.5.41.10"  # upstream resolver', "2.5.41.10"),
        ("zone: 246.163.217.95.in-addr.arpa. IN PTR", "246.163.217.95"),  # reverse name of a public one
        ("2020-09-02 12:00:01 connect to 95.217.163.246 - 2020-09-02", "95.217.163.246"),  # a log line
        ("answer:\n 95.217.163.246 ok", "95.217.163.246"),
        ('def test_x():\n    pass\n# production: 95.217.163.246\n', "95.217.163.246"),  # a comment in test code
    ],
)
def test_addresses_in_context_still_found(text: str, expected: str, matched) -> None:
    assert matched(REC, text, "Python")[0] == expected


TEST_CODE_CASES = [
    # test code and fixtures: the old "test input" rule kept every one of these (issue 23)
    ("tests/test_extractor.py", "Python",
     "    'url': 'https://r3---sn.vidhost-invented.tv/videoplayback?expire=1&ip=95.217.163.246&id=o-A',\n"),
    ("tests/data/mails/msg_1.eml", None,
     "Received: from mx.quillbyte-invented.com (mx.quillbyte-invented.com [151.101.1.69])\n"),
    ("tests/test_client.py", "Python", 'def test_connect():\n    client.connect("151.101.1.69", 443)\n'),
    ("spec/server.spec.ts", "TypeScript", 'describe("server", () => {\n  const host = "95.217.163.246";\n});\n'),
    ("tests/fixtures/access.log", None, '95.217.163.246 - - [02/Sep/2020:12:00:01 +0000] "GET / HTTP/1.1" 200\n'),
    ("tests/test_dns.py", "Python", 'import pytest\nSERVERS = ["95.217.163.246", "2a00:1450:4001:81c::200e"]\n'),
    ("src/util.rs", "Rust", 'debug_assert_eq!(MAX_LEN, "151.101.129.69".len());\n'),  # same-length stand-in
    ("pkg/net.go", "Go", 'ip := net.ParseIP("95.217.163.246")\n'),
    ("docs/usage.py", "Python", "    >>> lookup('151.101.129.69')\n    'edge'\n"),
]


@pytest.mark.parametrize(("path", "language", "text"), TEST_CODE_CASES)
def test_addresses_in_test_code_and_fixtures_are_redacted(path: str, language: str | None, text: str) -> None:
    found = list(REC.find_at(text, language, path))
    assert found, text
    assert all(text[f.start : f.end] not in ("8.8.8.8", "1.1.1.1") for f in found)


def test_redactor_redacts_test_code_with_same_length_stand_ins(redactor) -> None:
    text = 'HOST = "95.217.163.246"\n'
    for path in ("tests/conftest.py", "app/settings.py"):
        redacted = redactor.redact(text, "Python", path).text
        assert "95.217.163.246" not in redacted and len(redacted) == len(text)


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9", "149.112.112.112", "208.67.222.222", "208.67.220.220",
     "94.140.14.14", "2001:4860:4860::8888", "2606:4700:4700::1111", "45.33.32.156", "195.218.195.228",
     "93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "192.0.32.10"],
)
def test_documented_public_infrastructure_stays(address: str) -> None:
    text = f'nameservers = ["{address}"]  # resolver\n'
    assert list(REC.find_at(text, "Python", "tests/test_resolver.py")) == []


def test_infrastructure_list_is_short_and_only_public_addresses() -> None:
    import ipaddress

    from pii.public_infrastructure import PUBLIC_INFRASTRUCTURE, is_public_infrastructure

    assert len(PUBLIC_INFRASTRUCTURE) <= 30
    assert all(ipaddress.ip_address(address).is_global for address in PUBLIC_INFRASTRUCTURE)
    assert is_public_infrastructure("2001:4860:4860:0:0:0:0:8888")  # written out in full
    assert not is_public_infrastructure("8.8.8.9")


def test_reverse_dns_name_gets_the_reversed_stand_in(redactor) -> None:
    from pii.ip_stand_in import private_ip_stand_in

    text = 'assert ptr("95.217.163.246") == "246.163.217.95.in-addr.arpa"\n'
    redacted = redactor.redact(text, "Python", "tests/test_ptr.py").text
    forward = private_ip_stand_in("95.217.163.246")
    assert redacted == f'assert ptr("{forward}") == "{".".join(reversed(forward.split(".")))}.in-addr.arpa"\n'


def test_addresses_after_many_dotted_numbers_and_colons(matched) -> None:
    # Versions, times and C++ scopes are look-alikes the search passes over on its way to addresses.
    noise = "".join(f"version = '1.{i}.{i + 1}'\nat = '12:{i % 60:02d}:07'\nstd::vector<int> v{i};\n" for i in range(200))
    text = noise + 'PRIMARY = "95.217.163.246"\nSECONDARY = "2a00:1450:4001:81c::200e"\nLAST = "2606:4700::1111"\n'
    assert matched(REC, text, "Python") == ["95.217.163.246", "2a00:1450:4001:81c::200e", "2606:4700::1111"]
    assert matched(REC, "8.34.211.17", None) == ["8.34.211.17"]  # the whole text
    assert matched(REC, "upstream 2a00::200e", None) == ["2a00::200e"]  # `::` right after the first group
    assert matched(REC, noise, "Python") == []


def test_smtp_status_codes_are_not_versions_beside_an_address(matched) -> None:
    text = 'u"    mx-in.quillbyte-invented.com[151.101.1.69] said: 550-5.1.1 The email account"'
    assert matched(REC, text, "Python") == ["151.101.1.69"]


def test_a_key_that_names_an_address_wins_over_nearby_version_words(matched) -> None:
    text = '"url": "rtmp://x/?device=__DEVICE__;osversion=__OSVERSION__;ua=__UA__;ip=151.101.1.69;uniqueid=1"'
    assert matched(REC, text, "Python") == ["151.101.1.69"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('nws := []string{"151.101.202.254/16"}\ncreateInterface(t, "test", nws...)', ["151.101.202.254"]),
        ('{"135.104.0.1/24", IPv4(135, 104, 0, 1)}', ["135.104.0.1"]),
        ("ip addr add 2a00:1450:4001:81c::200e/64 dev eth0", ["2a00:1450:4001:81c::200e"]),
        ('pools = ["151.101.0.0/16", "2a00:1450:4001::/48"]', []),  # networks: host bits all zero
        ("route 64.233.160.7/99", []),  # no prefix length: left as a network, as before
    ],
)
def test_an_interface_address_with_its_prefix_is_a_host(text: str, expected: list[str], matched) -> None:
    """Host bits set before the prefix length: one host of that network, not the network."""
    assert matched(REC, text, "Go") == expected


def test_bounds_of_a_network_range_are_not_hosts(matched) -> None:
    assert matched(REC, '"range": "133.1.0.1 - 133.1.255.255",', "Python") == []


@pytest.mark.parametrize(
    "text",
    [
        'from ipaddress import IPv4Address\nMETA = {"HTTP_X_FORWARDED_FOR": "177.139.233.139"}\n'
        'assert get_client_ip(META) == (IPv4Address("177.139.233.139"), False)\n',
        'def test_country():\n    record = reader.country("81.2.69.160")\n    assert record.country.iso_code == "GB"\n',
        'def test_global():\n    assert ip_address("151.101.1.69").is_global\n',
        'def testECSOption25(self):\n    opt = dns.edns.ECSOption("151.101.1.69", 25)\n',
        '@pytest.mark.parametrize("value", ["151.101.1.69"])\ndef test_public(value):\n    assert ipv4(value, private=False)\n',
    ],
)
def test_tests_of_what_an_address_is_redact_the_addresses_they_hold(text: str) -> None:
    """Privacy first: a public address in a test of what an address is (a client-IP picker, a
    GeoIP lookup, `is_global`, an ECS option) is redacted as everywhere, although the stand-in
    changes the test's answer (the flips this costs are listed in pii/DECISIONS.md)."""
    for path, language in (("tests/test_props.py", "Python"), ("pkg/props.py", "Python"), ("tests/data/props.txt", None)):
        assert list(REC.find_at(text, language, path)) != []


@pytest.mark.parametrize("toy", ["1.2.3.4", "99.99.99.99", "123.123.123.5", "12.34.56.78"])
def test_a_test_of_what_an_address_is_keeps_its_hand_typed_toys(toy: str) -> None:
    """Its input typed by hand names no host: kept there, where a stand-in would change the answer;
    used as an address in any other code, a toy is redacted (the toy rule)."""
    examined = f'def test_global():\n    assert not ip_address("{toy}").is_private\n    real = ip_address("151.101.1.69")\n'
    found = [examined[f.start:f.end] for f in REC.find_at(examined, "Python", "tests/test_props.py")]
    assert found == ["151.101.1.69"]
    used = f'def test_peer(self):\n    peer = connect("{toy}", 32008)\n'
    assert [used[f.start:f.end] for f in REC.find_at(used, "Python", "tests/test_client.py")] == [toy]


def test_a_connection_endpoint_object_is_not_a_test_of_what_an_address_is() -> None:
    """Twisted's `IPv4Address("TCP", host, port)` names a peer: the address is used, not examined,
    so even a toy there is redacted (the toy rule for an address in a string literal)."""
    text = ('from twisted.internet.address import IPv4Address\n'
            'def test_peer(self):\n    peer = IPv4Address("TCP", "1.2.3.4", 32008)\n')
    assert [text[f.start:f.end] for f in REC.find_at(text, "Python", "src/pkg/test/test_http2.py")] == ["1.2.3.4"]
    examined = 'def test_str():\n    assert str(IPv4Address("1.2.3.4")) == "1.2.3.4"\n'
    assert list(REC.find_at(examined, "Python", "src/pkg/test/test_http2.py")) == []


def test_example_domain_old_iana_address_in_zone_data_stays() -> None:
    """Doctest zone data gives example.net its earlier IANA address: a reserved name's server."""
    text = "zonedata:\n  example.net:\n  - A: 192.0.32.10\n"
    assert list(REC.find_at(text, "YAML", "test/doctest.yml")) == []


@pytest.mark.parametrize(
    "address, host",
    [("2a00:1450:4001:81c::200e", True), ("2001:4b98::1", True), ("2c0f:f248::1", True), ("2a10:8b40::7", True),
     ("2000:800::45", False), ("2345:425:2ca1::567:5673:23b5", False), ("3000::1", False), ("2d00::1", False)],
)
def test_an_ipv6_address_outside_the_registries_blocks_names_no_host(address: str, host: bool, matched) -> None:
    """IANA has given the regional registries only some blocks of 2000::/3: `2000:800::45` in a test,
    a textbook's `2345:…`, are typed, not assigned."""
    assert matched(REC, f'SERVER = "{address}"', "Python") == ([address] if host else [])
