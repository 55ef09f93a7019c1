"""General causes the tenth held-out PII labels revealed (benchmarks/README.md, "A tenth held-out set").
Fixtures are written here; names, hosts, addresses and keys are made up."""

from pii.redact import Redactor


def test_a_transition_address_is_judged_by_the_ipv4_it_carries(redactor: Redactor) -> None:
    """A network template's README configures a VLAN interface with a 6to4 address whose embedded
    IPv4 is `0.0.0.0` and shows the parsed result; a 6to4 address of a private or documentation
    IPv4 names nobody either. One of a public IPv4 is that site's host, and a Teredo address whose
    client mapping is public is that client: both are redacted."""
    readme = (
        "interface Vlan41\n description Uplink_Vlan\n ip address 192.168.7.1/24\n"
        " ipv6 address 2002::1b2c/126\n!\n"
        "# {'interface': 'Vlan41', 'ipv6': '2002::1b2c', 'mask': '126'}\n"
        "tunnel source 2002:a00:1::1  # 6to4 of 10.0.0.1\n"
        "relay 2002:c000:221::1  # 6to4 of 192.0.2.33\n"
        "teredo 2001:0:c000:201:8000:63bf:3fff:fdd2  # client 192.0.2.45\n"
    )
    assert redactor.redact(readme, "Markdown", "README.md").text == readme
    public = "peer 2002:4d5b:802d::1\nclient 2001:0:c000:201:8000:63bf:b2a4:7fd2\n"
    assert redactor.redact(public, "Text", "notes/peers.txt").counts == {"IP_ADDRESS": 2}
