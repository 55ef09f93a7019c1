"""General causes the eighth held-out PII labels (Debian sources) revealed (benchmarks/README.md, "An
eighth held-out set"). Fixtures are written here; names and domains are made up."""

from pii.redact import Redactor


def test_an_address_in_pod_escapes_is_found(redactor: Redactor) -> None:
    """Perl's POD writes `<` and `>` as `E<lt>` and `E<gt>`: the `E` that opens the closing escape
    is glued to the TLD (`….orgE<gt>`), which read as the unknown TLD `orgE` and let the author's
    address through."""
    pod = "=head1 AUTHOR\n\nJan Kowal E<lt>jkowal@kowal-soft.orgE<gt>\n\n=cut\n"
    result = redactor.redact(pod, "Perl", "t/lib/Test/Fake/HTTPD.pm")
    assert result.counts == {"EMAIL": 1} and "jkowal" not in result.text
    assert result.text.endswith("E<lt>redacted1@example.comE<gt>\n\n=cut\n")


def test_an_address_written_as_a_regular_expression_is_found(redactor: Redactor) -> None:
    """A mail client's sample config lists its mailing lists and scores its author's mail by
    patterns with escaped dots; the pattern matches exactly that address. A pattern on a reserved
    domain stays."""
    muttrc = (
        "lists ^dev@kowal-soft\\.org$ ^users@kowal-soft\\.org$\n"
        "#score '~f ^me@cs\\.kowal-uni\\.edu$' 1000\n"
        'MATCH = r"^.+@example\\.com$"\n'
    )
    result = redactor.redact(muttrc, None, "contrib/sample.muttrc")
    assert result.counts == {"EMAIL": 3}
    assert "kowal" not in result.text and 'r"^.+@example\\.com$"' in result.text
    c_string = 'static const char *owner = "jan@kowal-soft\\\\.org";\n'
    assert redactor.redact(c_string, "C", "src/owner.c").counts == {"EMAIL": 1}


def test_angle_bracket_at_and_dot_are_an_obfuscated_address(redactor: Redactor) -> None:
    """`name <at> domain <dot> com` in a C file's credits: the bracketed words were understood, but
    the text was never scanned because only `(at)` and `[at]` announced an obfuscated form."""
    credits = "/**\n * mod_x.c, by jan.kowal <at> gmail <dot> com\n *  extended by ewa <at> kowal-soft <dot> pl\n */\n"
    result = redactor.redact(credits, "C", "src/mod_x.c")
    assert result.counts == {"EMAIL": 2} and "kowal" not in result.text


def test_a_path_built_on_a_variable_is_no_password(redactor: Redactor) -> None:
    """A release script compares the shell's working directory `$PWD` with a path under `$HOME`:
    `PWD` names the directory, and a value that starts with a variable and a slash is a path."""
    script = 'if [ $PWD = "$HOME/projects/kowal/kowal" ]; then\n  echo "copy it elsewhere first"\nfi\n'
    assert redactor.redact(script, "Shell", "utils/make_snapshot.sh").text == script
    assert redactor.redact('DB_PWD = "kR7v$Qm2x/9p"\n', "Python", "app/db.py").counts == {"PASSWORD": 1}


def test_a_toy_address_written_as_an_address_is_redacted(redactor: Redactor) -> None:
    """Three independent label sets (heldout6-8) mark `1.2.3.4`-style quads REDACT where code uses them
    as addresses (issue 23: "a public address used as an address ... test code and fixtures
    included"): in a string literal, before a port, after an address key. The same digits in prose or
    a comment stay: there they are section numbers (`# RFC 8754 sect 2.1.1.1`) or a notation."""
    used = (
        'for command in "allow 1.2.3.4" "deny 1.2.3.4"; do run "$command"; done\n',
        "  kill 1.2.3.4:4000 -- kill the client instance with that source address\n",
        'headers = {"X-Forwarded-For": "99.99.99.99, 88.88.88.88"}\n',
        'self.assertEqual(dns.ptrSoaName("1.2.3.4", "29"), "0/29.3.2.1.in-addr.arpa.")\n',
        "sock.getaddrinfo.return_value = [(2, 1, 6, '', ('1.2.3.4', 8080))]\n",
    )
    for text in used:
        assert "IP_ADDRESS" in redactor.redact(text, None, "tests/test_proxy.py").counts, text
    prose = (
        "# RFC 8754 sect 2.1.1.1, Pad1 is a single byte\n",
        "    ADDR -- an IPv4 address in the form 1.2.3.4\n",
        "/* 7.18.1.1 Exact-width integer types */\n",
    )
    for text in prose:
        assert redactor.redact(text, None, "tests/test_proxy.py").counts == {}, text


def test_an_address_whose_bytes_the_file_holds_in_hex_stays(redactor: Redactor) -> None:
    """A DNS library's update test decodes a wire vector and asserts the record's address back: the
    vector holds the address's bytes (`01020304`), so redacting the dotted form hides nothing and
    breaks the test (the test-suite benchmark's only IP flip under the toy rule above)."""
    test = (
        'wire = hextowire("03666f6fc00c 0001 00fe 00000000 0004 01020304")\n'
        'self.assertEqual(u.update[0][0].address, "1.2.3.4")\n'
    )
    assert redactor.redact(test, "Python", "tests/test_update.py").text == test
    other = test.replace("01020304", "0a000005")
    assert redactor.redact(other, "Python", "tests/test_update.py").counts == {"IP_ADDRESS": 1}
