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
