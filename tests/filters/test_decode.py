from filters.decode import decode, looks_binary


def test_utf8_and_bom():
    assert decode("héllo".encode()).text == "héllo"
    assert decode(b"\xef\xbb\xbfx = 1").text == "x = 1"


def test_utf16_with_bom_and_invalid_utf16():
    assert decode("print('hi')".encode("utf-16")).text == "print('hi')"
    assert decode(b"\xff\xfe\x00\xd8").reason == "undecodable"


def test_legacy_charset_is_detected():
    text = "# Grüße aus Köln, schöne Straße und Übermut\nprint('ä ö ü ß')\n" * 4
    assert decode(text.encode("latin-1")).text == text


def test_binary_is_refused():
    assert decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00").reason == "binary"
    assert looks_binary(bytes(range(1, 9)) * 100)
    assert not looks_binary(b"int main(void) { return 0; }\n")


def test_binary_means_more_than_a_tenth_of_control_bytes():
    assert not looks_binary(b"a" * 90 + b"\x01" * 10)  # exactly a tenth
    assert looks_binary(b"a" * 89 + b"\x01" * 11)
    assert looks_binary(b"a" * 89 + bytes(range(14, 25)))  # 0x0e-0x1f are control bytes too
    assert not looks_binary(b"\t\n\x0b\x0c\r" * 100)  # whitespace is not
    assert looks_binary(b"text" * 100 + b"\x00")  # one NUL is enough
