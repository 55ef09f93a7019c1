"""The twenty-sixth held-out set's causes (issue 23): a random draw of popular PyPI packages — protoc's
generated `_pb2.py` modules write a serialized descriptor as an escaped bytes literal, where a field's
tag byte and a length of 64 (`Z@`) stand right before the `go_package` path.
"""

from pii.email_recognizer import EmailRecognizer


def found(text: str, path: str) -> list[str]:
    return [text[f.start : f.end] for f in EmailRecognizer().find_at(text, "Python", path)]


def test_a_descriptor_s_tag_and_length_bytes_are_no_mailbox() -> None:
    """`\\x01Z@google.golang.org/…` (hex escapes) and `\\001Z@…` (octal, as newer protoc writes them): the
    byte after the escape is a tag, `@` the length; an address after an escape is still one."""
    hex_form = ("_serialized_options = b'\\n\\x0f\\x63om.example.typeB\\x0fQuaternionProtoP\\x01"
                "Z@google.golang.org/genproto/googleapis/type/quaternion;quaternion\\xa2\\x02\\x03GTX'\n")
    octal_form = ("_serialized_options = b'\\n\\017com.example.typeB\\017QuaternionProtoP\\001"
                  "Z@google.golang.org/genproto/googleapis/type/quaternion;quaternion\\242\\002\\003GTX'\n")
    assert found(hex_form, "pkg/proto/google/type/quaternion_pb2.py") == []
    assert found(octal_form, "pkg/proto/google/type/quaternion_pb2.py") == []
    record = "CONTACT = b'\\x12\\x15lena.brandt@kestrel-mail.net\\x1a\\x02ok'\n"
    assert found(record, "pkg/fixtures/contact_pb2.py") == ["lena.brandt@kestrel-mail.net"]
