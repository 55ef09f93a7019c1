"""Public addresses that name shared infrastructure, not a person or a private host: kept as they are.

The list is short on purpose (pii/DECISIONS.md): every other public address is redacted wherever it
stands. An address belongs here only when its operator publishes it for everyone to use, so that it
identifies a service, never who configured or contacted it. Sources:

- public DNS resolvers: the list StarCoder kept (bigcode-project/bigcode-dataset, `pii/utils/replace.py`,
  `POPULAR_DNS_SERVERS`: Google, Cloudflare, Alternate DNS, Quad9, OpenDNS, Comodo, AdGuard), with
  the IPv6 addresses the same operators publish beside them (developers.google.com/speed/public-dns,
  one.one.one.one, quad9.net/service/service-addresses-and-features, OpenDNS and AdGuard setup pages);
- published scan and test targets: scanme.nmap.org, which the Nmap project runs so that anyone may
  scan it (nmap.org/book: "Nmap's test host"), and demo.pysnmp.com, the public SNMP simulator that
  the pysnmp documentation tells every reader to query;
- IANA's servers for the reserved example domains (RFC 2606: example.com/.net/.org), whose
  addresses resolver, DNS and HTTP tests print as "what example.com resolves to".
"""

import ipaddress
from typing import Final

PUBLIC_DNS_RESOLVERS: Final = frozenset(
    {
        # StarCoder / bigcode-dataset POPULAR_DNS_SERVERS, in its order
        "8.8.8.8", "8.8.4.4",  # Google Public DNS
        "1.1.1.1", "1.0.0.1",  # Cloudflare
        "76.76.19.19", "76.223.122.150",  # Alternate DNS
        "9.9.9.9", "149.112.112.112",  # Quad9
        "208.67.222.222", "208.67.220.220",  # OpenDNS
        "8.26.56.26", "8.20.247.20",  # Comodo Secure DNS
        "94.140.14.14", "94.140.15.15",  # AdGuard DNS
        # the same operators' IPv6 resolvers
        "2001:4860:4860::8888", "2001:4860:4860::8844",  # Google
        "2606:4700:4700::1111", "2606:4700:4700::1001",  # Cloudflare
        "2620:fe::fe", "2620:fe::9",  # Quad9
        "2620:119:35::35", "2620:119:53::53",  # OpenDNS
        "2a10:50c0::ad1:ff", "2a10:50c0::ad2:ff",  # AdGuard
    }
)

PUBLISHED_SCAN_TARGETS: Final = frozenset(
    {
        "45.33.32.156", "2600:3c01::f03c:91ff:fe18:bb2f",  # scanme.nmap.org
        "195.218.195.228",  # demo.pysnmp.com (formerly demo.snmplabs.com)
    }
)

RESERVED_EXAMPLE_DOMAIN_SERVERS: Final = frozenset(
    {
        "93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946",  # example.com / .net / .org (IANA, until 2024)
        "192.0.32.10",  # the same names' earlier IANA address (about 2008-2011), still in old docs and zone data
    }
)

PUBLIC_INFRASTRUCTURE: Final = PUBLIC_DNS_RESOLVERS | PUBLISHED_SCAN_TARGETS | RESERVED_EXAMPLE_DOMAIN_SERVERS


def is_public_infrastructure(address: str) -> bool:
    """True for the documented shared services above, however the address is written
    (`2001:4860:4860:0:0:0:0:8888` is Google's resolver too)."""
    try:
        return str(ipaddress.ip_address(address)) in PUBLIC_INFRASTRUCTURE
    except ValueError:
        return False
