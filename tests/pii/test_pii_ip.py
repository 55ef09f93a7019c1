import pytest

from pii.ip_recognizer import IpRecognizer

REC = IpRecognizer()


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ('HOST = "93.184.216.34"', "Python", "93.184.216.34"),
        ("const api = 'http://151.101.1.69:8080/v1';", "JavaScript", "151.101.1.69"),
        ("// production server: 8.34.211.17", "Go", "8.34.211.17"),
        ('#define UPSTREAM "64.233.160.100"', "C", "64.233.160.100"),
        ("ssh deploy@52.14.143.201", "Shell", "52.14.143.201"),
        ("host: 2a00:1450:4001:81c::200e", "YAML", "2a00:1450:4001:81c::200e"),
        ('{"server": "2606:4700:4700::1111"}', "JSON", "2606:4700:4700::1111"),
        ("allowed 203.1.114.7/32", None, "203.1.114.7"),
        ("server at 45.33.32.156.", None, "45.33.32.156"),
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
