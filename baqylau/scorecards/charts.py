"""The side-by-side chart of a scorecard's indicator: each group's average score and the
provider's self-evaluation as bars on the same 1-to-5 scale, drawn on the server as SVG (no
script; reads at a glance on a phone)."""

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH, LABEL, ROW, GAP = 360, 150, 20, 6


def _value(v) -> str:
    return number_format(v, decimal_pos=1, use_l10n=True)


def scores_svg(result) -> str:
    """Bars of each group's average and the provider's score for one IndicatorResult."""
    bars = [(group.name, tally.average, "group", tally.n) for group, tally in result.rows]
    if result.provider is not None:
        bars.append((str(_("Provider")), result.provider.value, "provider", None))
    if not bars:
        return ""
    inner = WIDTH - LABEL - 40
    height = len(bars) * (ROW + GAP) + 18
    title = _("Average scores of “%(indicator)s” from 1 to 5") % {
        "indicator": result.indicator.text
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'class="chart scorecard-chart" role="img"><title>{escape(title)}</title>'
    ]
    for k in range(1, 6):  # the scale
        x = LABEL + inner * k / 5
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{height - 14}" class="grid"/>'
            f'<text x="{x:.1f}" y="{height - 2}" text-anchor="middle" class="axis">{k}</text>'
        )
    for i, (name, value, css, n) in enumerate(bars):
        y = i * (ROW + GAP)
        label = name if len(name) <= 24 else name[:23] + "…"
        parts.append(
            f'<text x="{LABEL - 6}" y="{y + ROW - 5}" text-anchor="end" class="legend">'
            f"{escape(label)}</text>"
        )
        if value is None:
            parts.append(
                f'<text x="{LABEL + 4}" y="{y + ROW - 5}" class="axis">{escape(_("no scores"))}'
                "</text>"
            )
            continue
        length = inner * float(value) / 5
        shown = _value(value)
        hint = f"{name}: {shown}" + (f" ({n})" if n else "")
        parts.append(
            f'<rect x="{LABEL}" y="{y}" width="{length:.1f}" height="{ROW}" class="bar {css}">'
            f"<title>{escape(hint)}</title></rect>"
            f'<text x="{LABEL + length + 4:.1f}" y="{y + ROW - 5}" class="value">'
            f"{escape(shown)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
