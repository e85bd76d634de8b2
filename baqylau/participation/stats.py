"""How each state body answers the problem reports citizens send it: its figures, by year.

Which reports count: published reports (a report still awaiting moderation has not reached the
body, and one a moderator hid is left out) addressed to a state body. A report counts for the
body it is addressed to now (a forwarded report for the body it was forwarded to), in the year
it was published.

For a body (and a year, or all years), each counted report is in exactly one of four groups:

* answered on time: the body gave its first answer since it received the report (acknowledged,
  in progress, done or rejected) on or before the due date;
* answered late: that first answer came after the due date;
* not answered: no answer, and the due date has passed (`due_on` before today);
* awaiting: no answer yet, and the due date has not passed.

A report that citizens reopened ("not fixed") or that was forwarded starts its term again on
that day: the groups above describe the body's answer since then.

received = on time + late + not answered + awaiting.

* confirmed fixed: the reporter or a supporter confirmed the problem fixed after the body said
  it was done;
* reopened: reports that the reporter or a supporter said were not fixed after the body said
  done, at least once (whatever happened later);
* share answered on time: answered on time ÷ (answered on time + answered late + not answered);
  awaiting reports are left out. A share with nothing to divide is None.

The ranking has one row per state body with at least one counted report, best first: share
answered on time, highest first (bodies with no share last), then more reports received, then
the name.

Every selector runs a constant number of queries, whatever the number of reports: the figures are
counted by the database, grouped by body.
"""

from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from baqylau.registry.models import Organisation
from baqylau.registry.rankings import rank_bodies, share

from .models import Report

# The figures of a record, in the order pages show them.
FIGURES = [
    "received",
    "answered_on_time",
    "answered_late",
    "not_answered",
    "awaiting",
    "fixed",
    "reopened",
    "share_on_time",
]


def counted_reports(*, year: int | None = None) -> QuerySet:
    """The reports that count: published and addressed to a state body."""
    qs = Report.public_objects.filter(body__kind__in=Organisation.STATE_KINDS)
    if year is not None:
        qs = qs.filter(published_at__year=year)
    return qs


def _counts(today: date) -> dict:
    answered = Q(answered_at__isnull=False)
    in_time = Q(due_on__isnull=True) | Q(answered_at__date__lte=F("due_on"))
    unanswered = Q(answered_at__isnull=True)
    return {
        "received": Count("pk"),
        "answered_on_time": Count("pk", filter=answered & in_time),
        "answered_late": Count("pk", filter=answered & ~in_time),
        "not_answered": Count("pk", filter=unanswered & Q(due_on__lt=today)),
        "awaiting": Count(
            "pk", filter=unanswered & (Q(due_on__isnull=True) | Q(due_on__gte=today))
        ),
        "fixed": Count("pk", filter=Q(status=Report.Status.FIXED)),
        "reopened": Count("pk", filter=Q(reopened_count__gt=0)),
    }


def _figures(counts: dict) -> dict:
    on_time = counts["answered_on_time"]
    whole = on_time + counts["answered_late"] + counts["not_answered"]
    return {**counts, "share_on_time": share(on_time, whole)}


def body_report_record(body, *, year: int | None = None, today: date | None = None) -> dict:
    """The figures of one body (all years, or the year the reports were published). One
    query."""
    today = today or timezone.localdate()
    counts = counted_reports(year=year).filter(body=body).aggregate(**_counts(today))
    return {"body": body, "year": year, "as_of": today, **_figures(counts)}


def _ranking_key(row: dict):
    value = row["share_on_time"]
    return (
        value is None,
        -(value or 0),
        -row["received"],
        str(row["body"]).casefold(),
        row["body"].pk,
    )


def _rank(tallies: dict[int, dict], *, year: int | None, today: date) -> list[dict]:
    if not tallies:
        return []
    figures = {pk: _figures(counts) for pk, counts in tallies.items()}
    return rank_bodies(figures, year=year, today=today, key=_ranking_key)


def ranking_and_years(
    *, year: int | None = None, today: date | None = None
) -> tuple[list[dict], list[int]]:
    """The ranking of the year (all years when None), one row per state body with at least one
    counted report, best first; and the years in which counted reports were published, latest
    first. The database counts by body and year: two queries at most (one when nothing
    counts)."""
    today = today or timezone.localdate()
    counts = _counts(today)
    rows = (
        counted_reports()
        .order_by()
        .annotate(year=ExtractYear("published_at"))
        .values("body_id", "year")
        .annotate(**counts)
        .values_list("body_id", "year", *counts)
    )
    tallies: dict[int, dict] = {}
    years: set[int] = set()
    for body_id, published_year, *values in rows:
        years.add(published_year)
        if year is not None and published_year != year:
            continue
        tally = tallies.setdefault(body_id, dict.fromkeys(counts, 0))
        for name, value in zip(counts, values, strict=True):
            tally[name] += value
    return _rank(tallies, year=year, today=today), sorted(years, reverse=True)


def ranking(*, year: int | None = None, today: date | None = None) -> list[dict]:
    """One row per state body with at least one counted report, best first."""
    return ranking_and_years(year=year, today=today)[0]
