"""Inline SVG charts and number formatting for the HTML report.

Charts are generated as text here, not drawn by a JavaScript library, so that `report.html` is
one self-contained file: it opens from a laptop, an artefact store or an air-gapped review
machine without fetching scripts, fonts or styles.  Every label passes through `esc` because
repository names, licence ids and reasons come from strangers' repositories.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH = 800
LABEL_WIDTH = 210
BAR_AREA = 400
ROW = 26
BAR = 18
PALETTE = ("#3b6ea8", "#e07b39", "#5a9e5a", "#c44e52", "#8172b2", "#937860", "#d67ab1", "#7f7f7f")
KEPT_COLOUR = "#5a9e5a"
DROP_COLOUR = "#c44e52"


def esc(text: object) -> str:
    """HTML/SVG-safe text, quotes included (labels also go into attributes)."""
    return escape(str(text), quote=True)


def fmt_int(value: float) -> str:
    return f"{int(value):,}"


def fmt_count(value: int, noun: str) -> str:
    return f"{value:,} {noun}" + ("" if value == 1 else "s")


def fmt_bytes(value: float) -> str:
    """Decimal units, as storage and download sizes are quoted."""
    size = float(value)
    if abs(size) < 1000:
        return f"{int(size)} B"
    for unit in ("kB", "MB", "GB", "TB"):
        size /= 1000
        if abs(size) < 1000:
            break
    return f"{size:.1f} {unit}"


def _clip(label: str, limit: int = 32) -> str:
    """Long labels would run into the bars; the full text stays in the bar's tooltip."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _svg(height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-label="{esc(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{esc(title)}</title>{''.join(body)}</svg>"
    )


def _label(y: int, text: str) -> str:
    return (
        f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR - 5}" text-anchor="end" class="label">'
        f"{esc(_clip(text))}</text>"
    )


def empty_note(text: str) -> str:
    return f'<p class="empty">{esc(text)}</p>'


def bar_chart(
    rows: Sequence[tuple[str, float, str]],
    title: str,
    colours: Sequence[str] | None = None,
) -> str:
    """Horizontal bars for (label, value, value text); bar length is |value| so signed changes
    can be drawn, with the sign left to the text and the colour."""
    if not rows:
        return empty_note(f"{title}: nothing to show.")
    top = max(abs(value) for _, value, _ in rows) or 1
    body = []
    for index, (label, value, text) in enumerate(rows):
        y = 4 + index * ROW
        length = max(1.0, BAR_AREA * abs(value) / top) if value else 0.0
        colour = colours[index] if colours else PALETTE[0]
        body.append(_bar(y, label, LABEL_WIDTH, length, colour, text, LABEL_WIDTH + length + 6, "value"))
    return _svg(8 + len(rows) * ROW, title, body)


def _bar(y: float, label: str, x: float, length: float, colour: str, text: str, text_x: float, text_class: str) -> str:
    """One labelled bar with its hover title and its value written beside it."""
    return (
        f"<g>{_label(y, label)}"
        f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{BAR}" fill="{colour}" rx="2">'
        f"<title>{esc(label)}: {esc(text)}</title></rect>"
        f'<text x="{text_x:.1f}" y="{y + BAR - 5}" class="{text_class}">{esc(text)}</text></g>'
    )


def funnel_chart(steps: Sequence[tuple[str, int, int]], title: str) -> str:
    """Centred bars for (label, files remaining, files dropped at this step): the shape shows
    at a glance which stage removed most of the input."""
    if not steps:
        return empty_note(f"{title}: nothing to show.")
    top = max(remaining for _, remaining, _ in steps) or 1
    centre = LABEL_WIDTH + BAR_AREA / 2
    body = []
    for index, (label, remaining, dropped) in enumerate(steps):
        y = 4 + index * ROW
        length = max(1.0, BAR_AREA * remaining / top) if remaining else 0.0
        last = index == len(steps) - 1
        colour = KEPT_COLOUR if last else PALETTE[0]
        note = fmt_int(remaining) + (f"  (−{fmt_int(dropped)})" if dropped else "")
        body.append(_bar(y, label, centre - length / 2, length, colour, note, LABEL_WIDTH + BAR_AREA + 8,
                         "value drop" if dropped else "value"))
    return _svg(8 + len(steps) * ROW, title, body)


def share_bar(parts: Sequence[tuple[str, float, str]], title: str) -> str:
    """One 100 % stacked bar with a legend: for a few categories whose proportions matter
    more than their absolute sizes (licence types)."""
    total = sum(value for _, value, _ in parts)
    if not parts or total <= 0:
        return empty_note(f"{title}: nothing to show.")
    body = []
    x = 0.0
    span = WIDTH - 8
    for index, (label, value, text) in enumerate(parts):
        width = span * value / total
        share = 100 * value / total
        colour = PALETTE[index % len(PALETTE)]
        body.append(
            f'<rect x="{4 + x:.1f}" y="4" width="{width:.1f}" height="28" fill="{colour}">'
            f"<title>{esc(label)}: {esc(text)} ({share:.1f}%)</title></rect>"
        )
        y = 44 + index * 22
        body.append(
            f'<rect x="4" y="{y}" width="14" height="14" fill="{colour}"/>'
            f'<text x="26" y="{y + 12}" class="label">{esc(_clip(label, 60))}: {esc(text)} ({share:.1f}%)</text>'
        )
        x += width
    return _svg(48 + len(parts) * 22, title, body)


NUMERIC = ' class="n"'


def html_table(header: tuple[str, ...], rows: list[tuple[object, ...]], numeric_from: int = 1) -> str:
    """Exact numbers beside each chart; columns from `numeric_from` on are right-aligned."""
    def cells(row: tuple[object, ...], tag: str) -> str:
        return "".join(
            f'<{tag}{NUMERIC if i >= numeric_from else ""}>{esc(cell)}</{tag}>' for i, cell in enumerate(row)
        )
    body = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in rows)
    return f"<table><thead><tr>{cells(header, 'th')}</tr></thead><tbody>{body}</tbody></table>"


def html_section(anchor: str, title: str, intro: str, *parts: str) -> str:
    return f'<section id="{anchor}"><h2>{esc(title)}</h2><p class="intro">{esc(intro)}</p>{"".join(parts)}</section>'
