"""How each state body answers information requests, and the public ranking of bodies.

Which requests count: only those the public can see. A request counts when it was sent (it is not
a draft and has a sending date), it is public, and it was not withdrawn by its requester. A
request belongs to the year in which it was sent (`sent_at`, in the platform's time zone).

For a body (and a year, or all years), each counted request is in exactly one of four groups:

* answered on time: the body answered (`answered_on` is set and the status is answered in full,
  answered in part, refused or appealed) on or before the deadline (`due_date`, as lawfully
  extended when it was). An answer to a request that has no deadline yet counts as on time: the
  body answered before one was set;
* answered late: answered after the deadline;
* never answered: no answer and the deadline has passed (`due_date` before today), whatever the
  status says (sent, registered, extended, overdue, appealed...);
* pending: no answer and the deadline has not passed, or there is no deadline yet (the request
  was not registered).

received = on time + late + never answered + pending; answered = on time + late.

* refused: an answered request whose status is "refused", or "appealed" when the last classified
  answer of the request is a refusal (an appeal against a partial answer is not a refusal);
* median days to answer: the median, over answered requests, of the calendar days from the start
  of the deadline to the answer. The deadline starts on the registration date (`registered_on`),
  or on the day the request was sent when the body never registered it;
* share answered on time: answered on time ÷ (answered + never answered). Pending requests are
  left out, since nobody knows yet whether they will be answered in time;
* share of refusals: refused ÷ answered.

A share or a median with nothing to divide or nothing to take the median of is None. A request
counts for the body it is addressed to now (`body`): a redirected request counts for the body it
was redirected to, whose deadline starts when that body registers it.

The ranking has one row per state body (a kind in Organisation.STATE_KINDS) with at least one
counted request, best first: share answered on time, highest first (bodies with no share last),
then median days to answer, lowest first, then more requests received, then the name.

Every selector runs a constant number of queries: one that reads the few columns needed of every
counted request, aggregated in Python, and one for the bodies' names.
"""

import statistics
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from baqylau.registry.models import Organisation
from baqylau.registry.rankings import rank_bodies, share

from .models import Answer, InformationRequest, Status

ANSWERED_STATUSES = frozenset(
    {Status.ANSWERED_FULL, Status.ANSWERED_PARTIAL, Status.REFUSED, Status.APPEALED}
)

ON_TIME, LATE, NEVER, PENDING = "on_time", "late", "never", "pending"

DAYS_PLACES = Decimal("0.1")


def counted_requests(*, year: int | None = None) -> QuerySet:
    """The requests that count in the figures: sent, public, not withdrawn."""
    qs = InformationRequest.public_objects.exclude(status=Status.WITHDRAWN).exclude(sent_at=None)
    if year is not None:
        qs = qs.filter(sent_at__year=year)
    return qs


def request_years() -> list[int]:
    """The years in which counted requests were sent, latest first."""
    moments = counted_requests().order_by().datetimes("sent_at", "year", order="DESC")
    return [moment.year for moment in moments]


def request_outcome(*, status: str, due_date, answered_on, today: date) -> str:
    """ON_TIME, LATE, NEVER or PENDING for one request, as defined above."""
    if answered_on is not None and status in ANSWERED_STATUSES:
        return LATE if due_date is not None and answered_on > due_date else ON_TIME
    if due_date is not None and due_date < today:
        return NEVER
    return PENDING


def is_refusal(*, status: str, last_classification: str | None) -> bool:
    if status == Status.REFUSED:
        return True
    return status == Status.APPEALED and last_classification == Answer.Classification.REFUSAL


@dataclass
class _Tally:
    received: int = 0
    outcomes: dict = field(default_factory=lambda: {ON_TIME: 0, LATE: 0, NEVER: 0, PENDING: 0})
    refused: int = 0
    days: list = field(default_factory=list)

    def add(self, row, today: date) -> None:
        _body, status, sent_at, registered_on, due_date, answered_on, classification = row
        self.received += 1
        outcome = request_outcome(
            status=status, due_date=due_date, answered_on=answered_on, today=today
        )
        self.outcomes[outcome] += 1
        if outcome in (ON_TIME, LATE):
            start = registered_on or timezone.localdate(sent_at)
            self.days.append((answered_on - start).days)
            if is_refusal(status=status, last_classification=classification):
                self.refused += 1

    def figures(self) -> dict:
        on_time, late = self.outcomes[ON_TIME], self.outcomes[LATE]
        never = self.outcomes[NEVER]
        answered = on_time + late
        return {
            "received": self.received,
            "answered": answered,
            "answered_on_time": on_time,
            "answered_late": late,
            "never_answered": never,
            "pending": self.outcomes[PENDING],
            "refused": self.refused,
            "median_days_to_answer": _median(self.days),
            "share_on_time": share(on_time, answered + never),
            "share_refused": share(self.refused, answered),
        }


def _median(days: list[int]) -> Decimal | None:
    if not days:
        return None
    return Decimal(str(statistics.median(days))).quantize(DAYS_PLACES, ROUND_HALF_UP)


def _request_rows(queryset: QuerySet):
    """(body_id, status, sent_at, registered_on, due_date, answered_on, last classification)."""
    last_classification = Subquery(
        Answer.objects.filter(request=OuterRef("pk"))
        .exclude(classification="")
        .order_by("-received_on", "-id")
        .values("classification")[:1]
    )
    return (
        queryset.order_by()
        .annotate(last_classification=last_classification)
        .values_list(
            "body_id",
            "status",
            "sent_at",
            "registered_on",
            "due_date",
            "answered_on",
            "last_classification",
        )
    )


def body_request_record(body, *, year: int | None = None, today: date | None = None) -> dict:
    """The figures of one body (all years, or the year the requests were sent). One query."""
    today = today or timezone.localdate()
    tally = _Tally()
    for row in _request_rows(counted_requests(year=year).filter(body=body)):
        tally.add(row, today)
    return {"body": body, "year": year, "as_of": today, **tally.figures()}


def _ranking_key(row: dict):
    share, median = row["share_on_time"], row["median_days_to_answer"]
    return (
        share is None,
        -(share or 0),
        median is None,
        median or 0,
        -row["received"],
        str(row["body"]).casefold(),
        row["body"].pk,
    )


def ranking(*, year: int | None = None, today: date | None = None) -> list[dict]:
    """One row per state body with at least one counted request, best first. Two queries."""
    today = today or timezone.localdate()
    requests = counted_requests(year=year).filter(body__kind__in=Organisation.STATE_KINDS)
    tallies: dict[int, _Tally] = {}
    for row in _request_rows(requests):
        tallies.setdefault(row[0], _Tally()).add(row, today)
    figures = {pk: tally.figures() for pk, tally in tallies.items()}
    return rank_bodies(figures, year=year, today=today, key=_ranking_key)


# The years that a ?year= may name: four digits. Year 1 in Almaty begins in year 0 in UTC, which
# no date holds, and a larger number overflows the database's integers.
MIN_YEAR, MAX_YEAR = 1000, 9999


def parse_year(value: str | None) -> int | None:
    """The ?year= of a page, a download or the API: empty means all years.

    Raises ValueError for anything but a year from MIN_YEAR to MAX_YEAR.
    """
    if not value:
        return None
    year = int(value)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(value)
    return year
