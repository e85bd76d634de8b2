"""The public ranking of state bodies by how they answer information requests."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import charts, stats


def ranking_page(request):
    years = stats.request_years()
    try:
        year = stats.parse_year(request.GET.get("year"))
    except ValueError:
        year = None
    if year not in years:
        year = None
    today = timezone.localdate()
    rows = stats.ranking(year=year, today=today)
    return render(
        request,
        "inforequests/ranking.html",
        {
            "rows": rows,
            "years": years,
            "year": year,
            "today": today,
            "chart": charts.on_time_bars_svg(
                title=_("Share of requests answered on time"), rows=rows
            ),
        },
    )
