"""Bar charts as inline SVG, drawn on the server: no script, nothing the page's CSP refuses
(presentation attributes only, no `style`), readable at 390 px (the label sits above its bar, and
the drawing scales with its box through its viewBox).

Hand-written: a chart library would bring a script bundle or a PNG renderer for six rectangles.
"""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH = 420
ROW = 40
BAR = 14
LABEL_CHARS = 56


def _color(value: float) -> str:
    if value >= 0.999:
        return "#2f9e44"
    if value > 0:
        return "#f08c00"
    return "#adb5bd"


def bar_chart(pairs: list[tuple[str, float]], title: str, chart_id: str) -> Markup:
    """Horizontal bars, one per (label, completion 0..1), with the percentage at the bar's end."""
    height = ROW * max(len(pairs), 1) + 30
    out = [
        f'<svg id="{escape(chart_id)}" class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-size="15" font-weight="700" fill="#1d2430">{escape(title)}</text>',
    ]
    if not pairs:
        out.append('<text x="0" y="44" font-size="13" fill="#667085">Chưa có số liệu.</text>')
    track = WIDTH - 52
    for i, (label, value) in enumerate(pairs):
        y = 30 + ROW * i
        v = min(max(value, 0.0), 1.0)
        short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
        pct = f"{100 * v:.0f}%"
        out.append(
            f'<g class="bar" data-label="{escape(label)}" data-value="{v:.4f}">'
            f"<title>{escape(label)}: {pct}</title>"
            f'<text x="0" y="{y + 12}" font-size="13" fill="#1d2430">{escape(short)}</text>'
            f'<rect x="0" y="{y + 18}" width="{track}" height="{BAR}" fill="#eef1f6"/>'
            f'<rect x="0" y="{y + 18}" width="{track * v:.1f}" height="{BAR}" fill="{_color(v)}"/>'
            f'<text x="{track + 8}" y="{y + 30}" font-size="13" fill="#1d2430">{pct}</text></g>'
        )
    out.append("</svg>")
    return Markup("".join(out))  # every text above went through escape()
