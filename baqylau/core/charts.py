"""Charts drawn on the server as SVG: no script needed, reusable in PDF reports."""

from decimal import ROUND_DOWN, Decimal
from html import escape as _escape

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from baqylau.core import numbers


def escape(text) -> str:
    return _escape(str(text))


def _fmt(value, separators=None) -> str:
    value = Decimal(value)
    places = 0 if value == value.to_integral() else min(2, -value.normalize().as_tuple().exponent)
    # Extra decimals are cut off, as Django's number_format does.
    return numbers.grouped(value, places, rounding=ROUND_DOWN, separators=separators)


def plan_actual_svg(
    *,
    title: str,
    years: list[int],
    plan: list,
    actual: list,
    unit: str = "",
    first_plan: list | None = None,
):
    """A line chart of plan (dashed) against actual (solid) by year; with `first_plan` (the plan
    as first published, when it was revised since), that too, dotted."""
    width, height = 360, 180
    left, right, top, bottom = 52, 12, 16, 40
    first_plan = first_plan or []
    known = [Decimal(v) for v in plan + actual + first_plan if v is not None]
    if not years or not known:
        return ""
    low, high = min(known + [Decimal(0)]), max(known)
    if high == low:
        high = low + 1
    span = high - low
    inner_w, inner_h = width - left - right, height - top - bottom
    separators = numbers.separators()

    def x(i: int) -> float:
        return left + (inner_w * i / (len(years) - 1) if len(years) > 1 else inner_w / 2)

    def y(v) -> float:
        return top + inner_h - float((Decimal(v) - low) / span) * inner_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="chart" role="img" aria-labelledby="t"><title>{escape(title)}</title>'
    ]
    for k in range(5):  # grid and axis labels
        v = low + span * k / 4
        yy = y(v)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{yy:.1f}" y2="{yy:.1f}" class="grid"/>'
            f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end" class="axis">'
            f"{escape(_fmt(v.quantize(Decimal('0.01')), separators))}</text>"
        )
    for i, year in enumerate(years):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - bottom + 16}" text-anchor="middle" '
            f'class="axis">{year}</text>'
        )
    series_drawn = [(plan, "plan", _("plan")), (actual, "actual", _("actual"))]
    if first_plan:
        series_drawn.insert(0, (first_plan, "first-plan", _("first plan")))
    unit = escape(unit)
    for series, css, label in series_drawn:
        label = escape(label)
        points = [(x(i), y(v)) for i, v in enumerate(series) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(f'<polyline points="{path}" class="{css}"/>')
        for (px, py), v in zip(points, [v for v in series if v is not None], strict=True):
            parts.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" class="{css}">'
                f"<title>{label}: {escape(_fmt(v, separators))} {unit}</title></circle>"
            )
    legend_y = height - 8
    parts.append(
        f'<line x1="{left}" x2="{left + 20}" y1="{legend_y - 4}" y2="{legend_y - 4}" class="plan"/>'
        f'<text x="{left + 24}" y="{legend_y}" class="legend">{escape(_("plan"))}</text>'
        f'<line x1="{left + 90}" x2="{left + 110}" y1="{legend_y - 4}" y2="{legend_y - 4}" '
        f'class="actual"/><text x="{left + 114}" y="{legend_y}" class="legend">'
        f"{escape(_('actual'))}</text>"
    )
    if first_plan:
        parts.append(
            f'<line x1="{left + 180}" x2="{left + 200}" y1="{legend_y - 4}" '
            f'y2="{legend_y - 4}" class="first-plan"/><text x="{left + 204}" y="{legend_y}" '
            f'class="legend">{escape(_("first plan"))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def financing_bars_svg(*, title: str, rows: list[dict]):
    """Bars of the current plan and execution per year (rows from financing_summary)."""
    if not rows:
        return ""
    width, height = 480, 200
    left, right, top, bottom = 70, 10, 12, 44
    high = max(max(r["total"]["current"], r["total"]["executed"] or 0) for r in rows) or Decimal(1)
    inner_w, inner_h = width - left - right, height - top - bottom
    slot = inner_w / len(rows)
    bar = min(28.0, slot / 3)
    # The axis reads in millions, billions or trillions, whichever the highest bar reaches.
    scale = numbers.scale_of(high) or 0
    size, unit = numbers.SCALES[scale], numbers.large_number_units()[scale]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="chart" role="img"><title>{escape(title)}</title>'
    ]
    for k in range(5):
        v = high * k / 4
        yy = top + inner_h - inner_h * k / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{yy:.1f}" y2="{yy:.1f}" class="grid"/>'
            f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end" class="axis">'
            f"{escape(_fmt((v / size).quantize(Decimal('0.1'))))}</text>"
        )
    for i, r in enumerate(rows):
        cx = left + slot * i + slot / 2
        for offset, value, css, label in (
            (-bar, r["total"]["current"], "plan", _("plan")),
            (0, r["total"]["executed"], "actual", _("executed")),
        ):
            if value is None:
                continue
            h = inner_h * float(Decimal(value) / Decimal(high))
            parts.append(
                f'<rect x="{cx + offset:.1f}" y="{top + inner_h - h:.1f}" width="{bar:.1f}" '
                f'height="{h:.1f}" class="{css}"><title>{r["year"]} · {escape(label)}: '
                f"{escape(_fmt(value))}</title></rect>"
            )
        parts.append(
            f'<text x="{cx:.1f}" y="{height - bottom + 16}" text-anchor="middle" class="axis">'
            f"{r['year']}</text>"
        )
    legend_y = height - 8
    parts.append(
        f'<rect x="{left}" y="{legend_y - 9}" width="10" height="10" class="plan"/>'
        f'<text x="{left + 14}" y="{legend_y}" class="legend">{escape(_("plan"))}</text>'
        f'<rect x="{left + 90}" y="{legend_y - 9}" width="10" height="10" class="actual"/>'
        f'<text x="{left + 104}" y="{legend_y}" class="legend">{escape(_("executed"))}</text>'
        f'<text x="{width - right}" y="{legend_y}" text-anchor="end" class="legend">'
        f"{escape(unit)}</text>"
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))
