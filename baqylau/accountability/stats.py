"""How each state body answers the recommendations of public monitoring: its scorecard.

Which recommendations count: those of published campaigns that were sent, that is whose final
document reached the body (`sent_on` is set). A recommendation belongs to the year it was sent.
Drafts of a final document not yet sent are not counted: the body has not received them.

For a body (and a year, or all years), each counted recommendation is in exactly one of four
groups, the same as for information requests (baqylau.inforequests.stats):

* answered on time: the body answered (accepted, partly accepted or rejected) on or before the
  due date (`answered_late` is false);
* answered late: the body answered after the due date;
* not answered, overdue: no answer and the due date has passed (`due_on` before today), whether
  or not the nightly check has marked it overdue yet;
* awaiting: no answer and the due date has not passed.

received = on time + late + overdue + awaiting; answered = on time + late = accepted + partly
accepted + rejected.

* share answered on time: answered on time ÷ (answered + overdue). Awaiting recommendations are
  left out, since nobody knows yet whether they will be answered in time;
* verified as carried out, in part, not carried out: what the monitors found when they checked
  the measures (any counted recommendation, answered or not, may have been checked);
* share carried out: carried out ÷ verified (carried out + in part + not carried out).

A share with nothing to divide is None. The ranking has one row per state body with at least one
counted recommendation, best first: share answered on time, highest first (bodies with no share
last), then more recommendations received, then the name.

Every selector runs a constant number of queries: one that reads the few columns needed of every
counted recommendation, aggregated in Python, and one for the bodies' names.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from baqylau.registry.models import Organisation
from baqylau.registry.rankings import rank_bodies, share

from .models import AnswerState, Recommendation, Verification

ANSWERED_STATES = frozenset({AnswerState.ACCEPTED, AnswerState.PARTLY, AnswerState.REJECTED})

ON_TIME, LATE, OVERDUE, AWAITING = "on_time", "late", "overdue", "awaiting"


# The figures of a record, in the order the portal, the CSV and the API show them.
FIGURES = [
    "received",
    "answered",
    "answered_on_time",
    "answered_late",
    "overdue",
    "awaiting",
    "accepted",
    "partly_accepted",
    "rejected",
    "share_on_time",
    "verified_done",
    "verified_partly_done",
    "verified_not_done",
    "share_carried_out",
]

_COLUMNS = ("body_id", "sent_on", "due_on", "state", "answered_late", "verification")


def counted_recommendations(*, year: int | None = None) -> QuerySet:
    """The recommendations that count in the figures: of a published campaign, and sent."""
    qs = Recommendation.public_objects.sent()
    if year is not None:
        qs = qs.filter(sent_on__year=year)
    return qs


def recommendation_outcome(*, state: str, answered_late: bool, due_on, today: date) -> str:
    """ON_TIME, LATE, OVERDUE or AWAITING for one sent recommendation, as defined above."""
    if state in ANSWERED_STATES:
        return LATE if answered_late else ON_TIME
    if due_on is not None and due_on < today:
        return OVERDUE
    return AWAITING


@dataclass
class _Tally:
    received: int = 0
    outcomes: dict = field(default_factory=lambda: {ON_TIME: 0, LATE: 0, OVERDUE: 0, AWAITING: 0})
    decisions: dict = field(
        default_factory=lambda: {
            AnswerState.ACCEPTED: 0,
            AnswerState.PARTLY: 0,
            AnswerState.REJECTED: 0,
        }
    )
    verified: dict = field(
        default_factory=lambda: {
            Verification.DONE: 0,
            Verification.PARTLY_DONE: 0,
            Verification.NOT_DONE: 0,
        }
    )

    def add(self, row, today: date) -> None:
        _body, _sent_on, due_on, state, answered_late, verification = row
        self.received += 1
        outcome = recommendation_outcome(
            state=state, answered_late=answered_late, due_on=due_on, today=today
        )
        self.outcomes[outcome] += 1
        if state in self.decisions:
            self.decisions[state] += 1
        if verification in self.verified:
            self.verified[verification] += 1

    def figures(self) -> dict:
        on_time, late = self.outcomes[ON_TIME], self.outcomes[LATE]
        overdue = self.outcomes[OVERDUE]
        answered = on_time + late
        done = self.verified[Verification.DONE]
        checked = sum(self.verified.values())
        return {
            "received": self.received,
            "answered": answered,
            "answered_on_time": on_time,
            "answered_late": late,
            "overdue": overdue,
            "awaiting": self.outcomes[AWAITING],
            "accepted": self.decisions[AnswerState.ACCEPTED],
            "partly_accepted": self.decisions[AnswerState.PARTLY],
            "rejected": self.decisions[AnswerState.REJECTED],
            "share_on_time": share(on_time, answered + overdue),
            "verified_done": done,
            "verified_partly_done": self.verified[Verification.PARTLY_DONE],
            "verified_not_done": self.verified[Verification.NOT_DONE],
            "share_carried_out": share(done, checked),
        }


def _rows(queryset: QuerySet):
    return queryset.order_by().values_list(*_COLUMNS)


def body_recommendation_record(body, *, year: int | None = None, today: date | None = None) -> dict:
    """The figures of one body (all years, or the year the recommendations were sent). One
    query."""
    today = today or timezone.localdate()
    tally = _Tally()
    for row in _rows(counted_recommendations(year=year).filter(body=body)):
        tally.add(row, today)
    return {"body": body, "year": year, "as_of": today, **tally.figures()}


def _ranking_key(row: dict):
    share = row["share_on_time"]
    return (
        share is None,
        -(share or 0),
        -row["received"],
        str(row["body"]).casefold(),
        row["body"].pk,
    )


def _rank(tallies: dict[int, _Tally], *, year: int | None, today: date) -> list[dict]:
    figures = {pk: tally.figures() for pk, tally in tallies.items()}
    return rank_bodies(figures, year=year, today=today, key=_ranking_key)


def _state_rows(year: int | None = None):
    recommendations = counted_recommendations(year=year).filter(
        body__kind__in=Organisation.STATE_KINDS
    )
    return _rows(recommendations)


def ranking(*, year: int | None = None, today: date | None = None) -> list[dict]:
    """One row per state body with at least one counted recommendation, best first. Two queries
    at most (one when nothing counts)."""
    today = today or timezone.localdate()
    tallies: dict[int, _Tally] = {}
    for row in _state_rows(year):
        tallies.setdefault(row[0], _Tally()).add(row, today)
    return _rank(tallies, year=year, today=today)


def ranking_and_years(
    *, year: int | None = None, today: date | None = None
) -> tuple[list[dict], list[int]]:
    """The ranking of the year (all years when None) and the years in which recommendations
    were sent, latest first, read together for the ranking page: two queries at most."""
    today = today or timezone.localdate()
    tallies: dict[int, _Tally] = {}
    years: set[int] = set()
    for row in _state_rows():
        sent_on = row[1]
        years.add(sent_on.year)
        if year is None or sent_on.year == year:
            tallies.setdefault(row[0], _Tally()).add(row, today)
    return _rank(tallies, year=year, today=today), sorted(years, reverse=True)
