"""The public ranking of state bodies by how they answer information requests, the
recommendations of public monitoring and citizens' problem reports: one page over the three apps,
so it lives in the portal."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from baqylau.accountability import stats as recommendation_stats
from baqylau.inforequests import charts, stats
from baqylau.participation import stats as report_stats


def ranking_page(request):
    today = timezone.localdate()
    try:
        year = stats.parse_year(request.GET.get("year"))
    except ValueError:
        year = None
    recommendation_rows, recommendation_years = recommendation_stats.ranking_and_years(
        year=year, today=today
    )
    report_rows, report_years = report_stats.ranking_and_years(year=year, today=today)
    years = sorted({*stats.request_years(), *recommendation_years, *report_years}, reverse=True)
    if year is not None and year not in years:
        year = None
        recommendation_rows, _years = recommendation_stats.ranking_and_years(today=today)
        report_rows, _years = report_stats.ranking_and_years(today=today)
    rows = stats.ranking(year=year, today=today)
    return render(
        request,
        "portal/ranking.html",
        {
            "rows": rows,
            "recommendation_rows": recommendation_rows,
            "report_rows": report_rows,
            "report_columns": report_stats.COLUMNS.values(),
            "years": years,
            "year": year,
            "today": today,
            "chart": charts.on_time_bars_svg(
                title=_("Share of requests answered on time"), rows=rows
            ),
            "recommendation_chart": charts.on_time_bars_svg(
                title=_("Share of recommendations answered on time"), rows=recommendation_rows
            ),
            "report_chart": charts.on_time_bars_svg(
                title=_("Share of problem reports answered on time"), rows=report_rows
            ),
        },
    )
