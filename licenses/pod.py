"""The licence a Perl module states in its POD, wherever in the file the section sits.

CPAN modules (and the Debian packages made from them) write their licence as a POD section,
`=head1 LICENSE`, `=head1 COPYRIGHT AND LICENSE`, usually at the end of the module, after the code
and often after `__END__`: "This library is free software; you can redistribute it and/or modify it
under the same terms as Perl itself." A module with no licence file and no README states its terms
only there, far past the header window. This module reads those sections.

Read only where needed (`repo_licenses.py`): for Perl files (`.pm`, `.pl`, `.pod`) whose header
window states no licence. A file without a POD heading costs one substring search. What a section
says counts as the file's own licence notice (like a header's), and only when it states something we
can read: Perl's terms, a recognised licence text, a non-permissive licence it names, a restriction
(a permissive licence merely named opens nothing, as in a header); a section of copyright lines, or
one that only points to a licence file, states nothing and is left out.
"""

from __future__ import annotations

import posixpath
import re

from licenses.classify import classify_text
from licenses.names import names_in_text
from licenses.prose import states_restriction
from licenses.readme import MAX_SECTION_CHARS, perl_terms, with_perl_terms
from licenses.spdx import PERMISSIVE_CATEGORIES, PROPRIETARY, UNKNOWN, LicenseExpr, category, combine, leaf

PERL_EXTENSIONS = frozenset({"pm", "pl", "pod"})
MAX_POD_CHARS = 2_000_000
_POD_HEADING = re.compile(r"\n=head([1-4])[ \t]+([^\n]*)")
_POD_END = re.compile(r"\n=(?:cut|head[1-4])\b")
_LICENCE_TITLE = re.compile(r"licen[cs]|copying|copyright", re.IGNORECASE)
_MAX_TITLE_WORDS = 6


def is_perl(path: str) -> bool:
    name = posixpath.basename(path)
    return "." in name and name.rsplit(".", 1)[1].lower() in PERL_EXTENSIONS


def pod_licence_sections(text: str) -> str:
    """The bodies of every POD section whose heading is about the licence or copyright, joined."""
    text = text[:MAX_POD_CHARS]
    if "\n=head" not in text:
        return ""
    bodies: list[str] = []
    for match in _POD_HEADING.finditer(text):
        title = match.group(2)
        if not _LICENCE_TITLE.search(title) or len(title.split()) > _MAX_TITLE_WORDS:
            continue
        end = _POD_END.search(text, match.end())
        bodies.append(text[match.end() : end.start() if end else len(text)][:MAX_SECTION_CHARS])
    return "\n\n".join(body.strip() for body in bodies if body.strip())


def pod_licence(text: str) -> list[LicenseExpr]:
    """The licence the POD licence sections of a Perl file state, as one expression ([] when they
    state nothing we can read): Perl's terms (`Artistic-1.0-Perl OR GPL-1.0-or-later`) and any
    other licence they name, a restriction as `LicenseRef-…-proprietary`."""
    section = pod_licence_sections(text)
    if not section:
        return []
    # A licence text counts as a header's notice would; a name alone only when it is not permissive
    # (as in a header): "released under the MIT license" in the POD of a module inside a GPL
    # repository must not make it permissive.
    keys = [key for key in classify_text(section, threshold=0.0, max_chars=MAX_SECTION_CHARS).ids if key != UNKNOWN]
    keys += [key for key in names_in_text(section, with_fallback=False)
             if key not in keys and key != UNKNOWN and category(key) not in PERMISSIVE_CATEGORIES]
    perl = perl_terms(section)
    stated = with_perl_terms(perl, keys) if perl is not None else combine("AND", [leaf(key) for key in keys])
    found = [stated] if stated is not None else []
    if states_restriction(section):
        found.append(leaf(PROPRIETARY))
    expr = combine("AND", found)
    return [expr] if expr is not None else []
