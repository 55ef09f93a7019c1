"""The nineteenth held-out set's causes (issue 23): real code in Haskell, Lisp and C# — a captured
DNS reply decoded in a test's comment beside its hex bytes, a build string and a format version in
comments, and a C# constant naming the XML element that holds a password.

Addresses are from documentation ranges or typed here for the test; the shapes are the set's.
"""

from pii.ip_recognizer import IpRecognizer
from pii.password_recognizer import PasswordRecognizer

# A public address typed for the test, and its four bytes in hex as a DNS message's RDATA carries them.
HOST = "81.218.249.56"
HOST_HEX = "51daf938"


def found(recognizer, text: str, language: str | None, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [text[f.start : f.end] for f in recognizer.find_at(text, language, path)]


def test_an_address_decoded_in_a_comment_beside_its_wire_bytes_is_redacted() -> None:
    """The test decodes the hex; the comment under it shows the decoded message for people. The
    comment asserts nothing, so its address goes; the same address in code comparing the decoded
    value stays (dnspython's wire vectors: redacting it breaks the test and hides nothing)."""
    wire = f'    "0001000000010000000000000{HOST_HEX}"\n'
    comment = wire + f'-- answer = [ResourceRecord {{rrname = "www.host.test.", rrtype = A, rdata = {HOST}}}]\n'
    assert found(IpRecognizer(), comment, "Haskell", "test/DecodeSpec.hs") == [HOST]
    python = wire.replace("    ", "WIRE = ") + f'assert decoded.address == "{HOST}"\n'
    assert found(IpRecognizer(), python, "Python", "tests/test_wire.py") == []


def test_a_format_version_in_a_comment_is_no_address() -> None:
    """`// 1.0.2.41` over the reader of that version of a file format; written where an address goes,
    or outside a comment (a router's own address in a device config), the same quad is one."""
    reader = "namespace Formats\n{\n\t// 1.0.2.41\n\tinternal sealed class NpwReader : FileFormatProvider\n"
    assert found(IpRecognizer(), reader, "C#", "Formats/NpwReader.cs") == []
    server = 'const string Server = "1.0.2.41";\n'
    assert found(IpRecognizer(), server, "C#", "Net/Client.cs") == ["1.0.2.41"]
    other = reader.replace("1.0.2.41", HOST)  # the leading octets of a drawn address are not single digits
    assert found(IpRecognizer(), other, "C#", "Formats/NpwReader.cs") == [HOST]
    router = "interface Loopback0\n ipv4 address 1.1.0.10 255.255.255.255\n!\nrouter bgp 65001\n bgp router-id 1.1.0.10\n"
    assert found(IpRecognizer(), router, None, "tests/fixtures/configs/sample.iosxr") == ["1.1.0.10", "1.1.0.10"]
    build = "  ;; for example: 3.1.0.36.mswinmt.1201-284e340 => 3>.1>.0>.36>.mswinmt.1201-284e340\n"
    assert found(IpRecognizer(), build, "Common Lisp", "test/run.lisp") == []


def test_a_constant_naming_the_passwords_element_is_no_password() -> None:
    importer = (
        '\t\tprivate const string ElemEntryPassword = "pass";\n'
        '\t\tprivate const string ElemEntryPassword2 = "additional";\n'
        '\t\tprivate const string FieldPassword = "user_pass";\n'
    )
    assert found(PasswordRecognizer(), importer, "C#", "DataExchange/Formats/NpwImporter.cs") == []
    defaults = '\t\tprivate const string DefaultPassword = "additional";\n'  # a default holds the value itself
    assert found(PasswordRecognizer(), defaults, "C#", "Setup/Defaults.cs") == ["additional"]
    with_digits = '\t\tprivate const string FieldPassword = "Kq7vZt2w";\n'  # no element is named so
    assert found(PasswordRecognizer(), with_digits, "C#", "Setup/Defaults.cs") == ["Kq7vZt2w"]
