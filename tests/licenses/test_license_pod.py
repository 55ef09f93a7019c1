"""Perl modules state their licence in POD, usually at the end of the module (after `__END__`), and
a README made by pod2text indents each section's body under an all-capitals heading.

Fixtures model a CPAN distribution as `h2xs`/`Module::Starter`/`Dist::Zilla` lay it out (written for
these tests): `lib/Acme/Widget.pm` with code first, then the POD; `t/*.t`; `Makefile.PL`.
"""

from __future__ import annotations

from licenses.config import LicensesConfig
from licenses.pod import pod_licence, pod_licence_sections
from licenses.readme import licence_section, perl_terms, readme_licenses
from licenses.repo_licenses import decide_without_tree
from licenses.spdx import render
from tests.support.licence_scan import decide_as_ingest

PERL = "Artistic-1.0-Perl OR GPL-1.0-or-later"
MIT = (
    "MIT License\n\nCopyright (c) 2021 Ada Example\n\n"
    "Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated "
    "documentation files (the \"Software\"), to deal in the Software without restriction, including without limitation "
    "the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to "
    "permit persons to whom the Software is furnished to do so, subject to the following conditions:\n\n"
    "The above copyright notice and this permission notice shall be included in all copies or substantial portions of "
    "the Software.\n\n"
    "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO "
    "THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE "
    "AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, "
    "TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE "
    "SOFTWARE.\n"
)


def module(licence_pod: str, *, code_lines: int = 120, end_marker: bool = True) -> str:
    """A module whose code runs far past the header window, then its POD (after `__END__`)."""
    code = "package Acme::Widget;\n\nuse strict;\nuse warnings;\n\nour $VERSION = '0.07';\n\n"
    code += "".join(f"sub part_{n} {{\n    my ($self, %args) = @_;\n    return $self->{{parts}}[{n}];\n}}\n\n" for n in range(code_lines // 5))
    code += "1;\n"
    pod = (
        "\n=head1 NAME\n\nAcme::Widget - widgets for the example distribution\n\n"
        "=head1 SYNOPSIS\n\n    use Acme::Widget;\n    my $w = Acme::Widget->new;\n\n"
        "=head1 AUTHOR\n\nAda Example E<lt>ada@example.invalidE<gt>\n\n"
        f"{licence_pod}\n=cut\n"
    )
    return code + ("__END__\n" if end_marker else "") + pod


PERL_POD = (
    "=head1 COPYRIGHT AND LICENSE\n\nCopyright (C) 2009 by Ada Example\n\n"
    "This library is free software; you can redistribute it and/or modify\n"
    "it under the same terms as Perl itself.\n"
)


def distribution(pm: str, **more: str) -> dict[str, str]:
    return {
        "Makefile.PL": "use ExtUtils::MakeMaker;\nWriteMakefile(NAME => 'Acme::Widget', VERSION_FROM => 'lib/Acme/Widget.pm');\n",
        "lib/Acme/Widget.pm": pm,
        "lib/Acme/Widget/Util.pm": "package Acme::Widget::Util;\nuse strict;\nsub helper { return 1 }\n1;\n",
        "t/00-load.t": "use Test::More tests => 1;\nuse_ok('Acme::Widget');\n",
        **more,
    }


def test_a_module_whose_only_licence_is_its_pod_at_the_end_is_under_perls_terms() -> None:
    files = distribution(module(PERL_POD))
    own = decide_as_ingest(files, "lib/Acme/Widget.pm")
    assert (own.expression, own.license_type, own.evidence) == (PERL, "non_permissive", "header[pod]")
    # The package's other files carry no statement: the module's POD speaks for the package
    # (header consensus), as it does for a reader.
    for path in ("lib/Acme/Widget/Util.pm", "t/00-load.t", "Makefile.PL"):
        decision = decide_as_ingest(files, path)
        assert (decision.expression, decision.license_type) == (PERL, "non_permissive"), path


def test_interleaved_pod_without_end_marker_and_an_explained_choice_is_perls_choice_alone() -> None:
    licence = (
        "=head1 LICENSE\n\nThis module is free software; you may copy this under the same\n"
        "terms as perl itself (either the GNU General Public License or\nthe Artistic License)\n"
    )
    stated = pod_licence(module(licence, end_marker=False))
    # The GPL and the Artistic licence it names are Perl's alternatives, not terms added to them.
    assert [render(expr) for expr in stated] == [PERL]


def test_same_license_as_perl_and_a_separate_copyright_heading() -> None:
    licence = "=head1 COPYRIGHT\n\nCopyright 2003 Ada Example.\n\n=head1 LICENSE\n\nReleased under the same license as Perl itself.\n"
    assert pod_licence_sections(module(licence)).startswith("Copyright 2003 Ada Example.")
    assert [render(expr) for expr in pod_licence(module(licence))] == [PERL]


def test_copyright_lines_or_a_pointer_in_pod_state_nothing_and_the_licence_file_decides() -> None:
    for licence in ("=head1 COPYRIGHT\n\nCopyright 2012 Ada Example. All rights reserved.\n",
                    "=head1 LICENSE\n\nSee the LICENSE file in this distribution.\n"):
        assert pod_licence(module(licence)) == []
        decision = decide_as_ingest(distribution(module(licence), LICENSE=MIT), "lib/Acme/Widget.pm")
        assert (decision.expression, decision.license_type) == ("MIT", "permissive"), licence


def test_a_permissive_licence_only_named_in_pod_opens_nothing_but_a_copyleft_one_closes() -> None:
    assert pod_licence(module("=head1 LICENSE\n\nThis module is released under the MIT license.\n")) == []
    gpl = module("=head1 LICENSE\n\nThis program is free software; you can redistribute it under the terms of the GNU General Public License version 3.\n")
    decision = decide_as_ingest(distribution(gpl, LICENSE=MIT), "lib/Acme/Widget.pm")
    assert decision.license_type == "non_permissive" and "GPL-3.0" in decision.expression


def test_the_header_window_wins_and_other_languages_are_not_read_for_pod() -> None:
    tagged = "# SPDX-License-Identifier: MIT\n" + module(PERL_POD)
    decision = decide_as_ingest(distribution(tagged), "lib/Acme/Widget.pm")
    assert (decision.expression, decision.evidence) == ("MIT", "header")
    # The same POD text at the end of a Python file is not a Perl module's POD.
    python = "def part():\n    return 1\n" * 60 + '\n"""\n' + module(PERL_POD).split("__END__\n", 1)[1] + '"""\n'
    assert decide_without_tree(LicensesConfig(), None, "widget.py", python).license_type == "no_license"
    assert decide_without_tree(LicensesConfig(), None, "Widget.pm", module(PERL_POD)).expression == PERL


POD2TEXT_README = (
    "NAME\n    Acme::Widget - widgets for the example distribution\n\n"
    "SYNOPSIS\n      use Acme::Widget;\n      my $w = Acme::Widget->new;\n\n"
    "DESCRIPTION\n    Makes widgets.\n\n"
    "AUTHOR\n    Ada Example\n\n"
    "COPYRIGHT AND LICENSE\n    Copyright (c) 2003 by Ada Example.\n"
    "    This software is released under the same license as Perl itself.\n"
)


def test_a_pod2text_readme_heading_with_its_indented_body_is_the_licence_section() -> None:
    assert licence_section(POD2TEXT_README).startswith("Copyright (c) 2003 by Ada Example.")
    assert perl_terms("This software is released under the same license as Perl itself.") is not None
    assert [render(expr) for expr in readme_licenses(POD2TEXT_README)] == [PERL]
    files = distribution(module("=head1 AUTHOR\n\nAda Example\n"), README=POD2TEXT_README)
    decision = decide_as_ingest(files, "lib/Acme/Widget.pm")
    assert (decision.expression, decision.license_type, decision.evidence) == (PERL, "non_permissive", "readme:README")


def test_all_rights_reserved_on_the_copyright_line_above_perls_terms_adds_no_restriction() -> None:
    readme = POD2TEXT_README.replace(
        "    Copyright (c) 2003 by Ada Example.\n",
        "    Copyright 2007, 2008 Ada Example, all rights reserved.\n\n",
    )
    assert [render(expr) for expr in readme_licenses(readme)] == [PERL]


def test_a_pod_section_headed_authors_and_copyright_naming_the_gnu_public_license_v2_or_later() -> None:
    licence = (
        "=head1 AUTHORS AND COPYRIGHT\n\nCopyright 1999-2004, Ada Example\n\n"
        "Acme::Widget is covered under the GNU Public License (GPL) version 2 or\nlater.\n"
    )
    assert [render(expr) for expr in pod_licence(module(licence))] == ["GPL-2.0-or-later"]
