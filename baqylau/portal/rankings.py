"""The public ranking of state bodies by how they answer information requests, the
recommendations of public monitoring and citizens' problem reports: one page over the three apps,
so it lives in the portal."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baqylau.accountability import stats as recommendation_stats
from baqylau.core.templatetags.baqylau import num
from baqylau.inforequests import charts, stats
from baqylau.participation import stats as report_stats

# The figures' columns of each table after the rank and the body: heading, key of the row, format
# and whether it is secondary. The share answered on time, by which bodies are ranked, comes first;
# a phone shows the main figures only, the body's page has them all.
MAIN, SECONDARY = False, True
REQUEST_COLUMNS = (
    (gettext_lazy("Share answered on time"), "share_on_time", charts.percent, MAIN),
    (gettext_lazy("Received"), "received", num, MAIN),
    (gettext_lazy("Answered on time"), "answered_on_time", num, MAIN),
    (gettext_lazy("Answered late"), "answered_late", num, SECONDARY),
    (gettext_lazy("Never answered"), "never_answered", num, MAIN),
    (gettext_lazy("Pending"), "pending", num, SECONDARY),
    (gettext_lazy("Refused"), "refused", num, SECONDARY),
    (gettext_lazy("Median days to answer"), "median_days_to_answer", num, SECONDARY),
    (gettext_lazy("Share of refusals"), "share_refused", charts.percent, SECONDARY),
)
RECOMMENDATION_COLUMNS = (
    (gettext_lazy("Share answered on time"), "share_on_time", charts.percent, MAIN),
    (gettext_lazy("Received"), "received", num, MAIN),
    (gettext_lazy("Answered on time"), "answered_on_time", num, MAIN),
    (gettext_lazy("Answered late"), "answered_late", num, SECONDARY),
    (gettext_lazy("Not answered, overdue"), "overdue", num, MAIN),
    (gettext_lazy("Awaiting the answer"), "awaiting", num, SECONDARY),
    (gettext_lazy("Accepted"), "accepted", num, SECONDARY),
    (gettext_lazy("Partly accepted"), "partly_accepted", num, SECONDARY),
    (gettext_lazy("Rejected"), "rejected", num, SECONDARY),
    (gettext_lazy("Verified as carried out"), "verified_done", num, MAIN),
)
REPORT_COLUMNS = (
    (gettext_lazy("Share answered on time"), "share_on_time", charts.percent, MAIN),
    (gettext_lazy("Received"), "received", num, MAIN),
    (gettext_lazy("Answered on time"), "answered_on_time", num, MAIN),
    (gettext_lazy("Answered late"), "answered_late", num, SECONDARY),
    (gettext_lazy("Not answered"), "not_answered", num, MAIN),
    (gettext_lazy("Awaiting the answer"), "awaiting", num, SECONDARY),
    (gettext_lazy("Confirmed fixed"), "fixed", num, MAIN),
    (gettext_lazy("Reopened"), "reopened", num, SECONDARY),
)


def _headings(columns) -> list[tuple[str, bool]]:
    return [(heading, secondary) for heading, _key, _fmt, secondary in columns]


def _table(rows: list[dict], columns) -> list[tuple[dict, list[tuple[str, str, bool]]]]:
    """Each row with its figures formatted for the page, in the order of the columns, each with
    its heading (the label of a row shown as a card on a phone) and whether it is secondary."""
    return [
        (row, [(heading, fmt(row[key]), secondary) for heading, key, fmt, secondary in columns])
        for row in rows
    ]


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
            "request_headings": _headings(REQUEST_COLUMNS),
            "request_table": _table(rows, REQUEST_COLUMNS),
            "recommendation_headings": _headings(RECOMMENDATION_COLUMNS),
            "recommendation_table": _table(recommendation_rows, RECOMMENDATION_COLUMNS),
            "report_headings": _headings(REPORT_COLUMNS),
            "report_table": _table(report_rows, REPORT_COLUMNS),
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
