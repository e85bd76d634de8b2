"""The ranking's chart, drawn on the server as SVG like baqylau.core.charts."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

LABEL_CHARS = 32


def percent(share) -> str:
    """A share (0 to 1) as a percentage in the current locale, or a dash."""
    if share is None:
        return "—"
    # Rounded here: number_format cuts extra decimals off instead of rounding them.
    value = (Decimal(share) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{number_format(value, decimal_pos=1, use_l10n=True)}\u00a0%"


def _label(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"


def on_time_bars_svg(*, title: str, rows: list[dict]):
    """One horizontal bar per body: its share of requests answered on time (ranking rows)."""
    if not rows:
        return ""
    label_w, bar_w, right, top, bottom, row_h = 240, 240, 56, 22, 8, 22
    width = label_w + bar_w + right
    height = top + row_h * len(rows) + bottom
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="chart" role="img"><title>{escape(title)}</title>'
    ]
    for k in range(5):  # grid at 0, 25, 50, 75 and 100 %
        x = label_w + bar_w * k / 4
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 4}" y2="{height - bottom}" class="grid"/>'
            f'<text x="{x:.1f}" y="{top - 8}" text-anchor="middle" class="axis">{k * 25}\u00a0%'
            "</text>"
        )
    for i, row in enumerate(rows):
        name = str(row["body"])
        share = row["share_on_time"]
        y = top + row_h * i
        shown = escape(percent(share))
        parts.append(
            f'<text x="{label_w - 6}" y="{y + row_h / 2 + 4:.1f}" text-anchor="end" '
            f'class="axis"><title>{escape(name)}</title>{escape(_label(name))}</text>'
        )
        w = bar_w * float(share or 0)
        if share is not None:
            parts.append(
                f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" '
                f'class="actual"><title>{escape(name)}: {shown}</title></rect>'
            )
        parts.append(
            f'<text x="{label_w + w + 4:.1f}" y="{y + row_h / 2 + 4:.1f}" class="axis">'
            f"{shown}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
