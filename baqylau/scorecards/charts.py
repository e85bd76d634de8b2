"""The side-by-side chart of a scorecard's indicator: each group's average score and the
provider's self-evaluation as bars on the same 1-to-5 scale, drawn on the server as SVG (no
script; reads at a glance on a phone)."""

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# Each bar has its group's name above it, across the whole width: a long name (parents of
# children with disabilities) stays readable on a phone, where the chart is drawn about 1:1.
WIDTH, LEFT, LABEL, ROW, GAP, AXIS, LONGEST = 360, 4, 17, 18, 8, 18, 46


def _value(v) -> str:
    return number_format(v, decimal_pos=1, use_l10n=True)


def scores_svg(result) -> str:
    """Bars of each group's average and the provider's score for one IndicatorResult."""
    bars = [(group.name, tally.average, "group", tally.n) for group, tally in result.rows]
    if result.provider is not None:
        bars.append((str(_("Provider")), result.provider.value, "provider", None))
    if not bars:
        return ""
    inner = WIDTH - LEFT - 40
    step = LABEL + ROW + GAP
    height = len(bars) * step + AXIS
    title = _("Average scores of “%(indicator)s” from 1 to 5") % {
        "indicator": result.indicator.text
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'class="chart scorecard-chart" role="img"><title>{escape(title)}</title>'
    ]
    for k in range(1, 6):  # the scale
        x = LEFT + inner * k / 5
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{LABEL}" y2="{height - AXIS + 2}" class="grid"/>'
            f'<text x="{x:.1f}" y="{height - 3}" text-anchor="middle" class="axis">{k}</text>'
        )
    for i, (name, value, css, n) in enumerate(bars):
        y = i * step
        label = name if len(name) <= LONGEST else name[: LONGEST - 1] + "…"
        parts.append(f'<text x="{LEFT}" y="{y + LABEL - 4}" class="legend">{escape(label)}</text>')
        bar_y = y + LABEL
        if value is None:
            parts.append(
                f'<text x="{LEFT}" y="{bar_y + ROW - 4}" class="axis">{escape(_("no scores"))}'
                "</text>"
            )
            continue
        length = inner * float(value) / 5
        shown = _value(value)
        hint = f"{name}: {shown}" + (f" ({n})" if n else "")
        parts.append(
            f'<rect x="{LEFT}" y="{bar_y}" width="{length:.1f}" height="{ROW}" class="bar {css}">'
            f"<title>{escape(hint)}</title></rect>"
            f'<text x="{LEFT + length + 4:.1f}" y="{bar_y + ROW - 4}" class="value">'
            f"{escape(shown)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
