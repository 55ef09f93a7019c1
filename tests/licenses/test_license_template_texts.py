"""Rendering licenseclassifier templates as plain text (licenses/template_texts.py)."""

import pytest

from licenses.template_texts import render_lre, template_text, templates


def test_render_lre_takes_first_alternatives_keeps_optional_words_and_fills_wildcards() -> None:
    lre = "//** title **//\nCopyright __5__ ((All||Some)) rights reserved?? ((by ((us||them))||nobody)).\n"
    assert render_lre(lre) == "Copyright Example Project Authors All rights reserved by us.\n"


def test_every_shipped_template_renders() -> None:
    rendered = templates()
    assert len(rendered) > 700
    assert all(template.text.strip() for template in rendered)
    assert "Permission is hereby granted" in template_text("MIT")
    with pytest.raises(KeyError):
        template_text("No-Such-Licence")
