"""The deadlines of the monitoring cycle, run daily by `send_monitoring_reminders`.

- Recommendations still unanswered after their due date become overdue
  (services.recommendations_mark_overdue), which tells the body's officers and the
  campaign's coordinators.
- The officers of a body are reminded BAQYLAU_RECOMMENDATION_REMINDER_DAYS working days before
  the recommendations of a campaign to it are due: once per due date, one email for all of them.
- The coordinators of a campaign whose final document is not sent are warned once when its term
  is near and once when it has passed (accountability.send_term).

Each reminder or warning is claimed by a conditional UPDATE before its email is enqueued, so that
two runs at once, or a second run the same day, never send it twice.
"""

from dataclasses import dataclass
from datetime import date
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from baqylau.core.calendar import WorkingCalendar
from baqylau.monitoring.models import Campaign

from . import emails, services, tasks
from .models import AnswerState, Recommendation
from .terms import send_term


@dataclass
class DeadlinesReport:
    overdue: int = 0  # recommendations marked overdue
    reminded: int = 0  # recommendations whose officers were reminded
    send_near: int = 0  # campaigns whose coordinators were warned that the document is due soon
    send_late: int = 0  # campaigns whose coordinators were told that the document is late


def reminder_days() -> int:
    return int(getattr(settings, "BAQYLAU_RECOMMENDATION_REMINDER_DAYS", 3))


def recommendations_remind(*, today: date, days: int, calendar: WorkingCalendar) -> int:
    """Claim the reminder of each campaign's recommendations to a body due within `days` working
    days, once per due date, and enqueue one email for them. Returns how many recommendations
    were covered."""
    last_day = calendar.add_working_days(today, days)
    candidates = (
        Recommendation.private_objects.filter(
            state=AnswerState.AWAITING, due_on__gte=today, due_on__lte=last_day
        )
        .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=F("due_on")))
        .values_list("campaign_id", "body_id", "due_on")
        .distinct()
    )
    reminded = 0
    for campaign_id, body_id, due_on in sorted(set(candidates)):
        if not emails.body_officers(body_id, "reminders"):
            continue  # an officer added later is still reminded
        with transaction.atomic():
            group = Recommendation.private_objects.filter(
                campaign_id=campaign_id,
                body_id=body_id,
                due_on=due_on,
                state=AnswerState.AWAITING,
            ).filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=due_on))
            claimed = group.update(reminded_for=due_on)
            if not claimed:
                continue
            # The email covers every recommendation of the group (emails.reminded_together).
            first = (
                Recommendation.private_objects.filter(
                    campaign_id=campaign_id,
                    body_id=body_id,
                    due_on=due_on,
                    reminded_for=due_on,
                    state=AnswerState.AWAITING,
                )
                .order_by("pk")
                .values_list("pk", flat=True)
                .first()
            )
            transaction.on_commit(partial(tasks.recommendation_reminder_send.enqueue, first))
        reminded += claimed
    return reminded


def send_terms_warn(*, today: date, calendar: WorkingCalendar) -> tuple[int, int]:
    """Warn the coordinators of campaigns whose final document is not sent: once when the term
    is near, once when it has passed. Returns (warned near, told late)."""
    near = late = 0
    campaigns = Campaign.private_objects.filter(
        status__in=emails.BEFORE_SENDING, ends_on__lte=today
    ).select_related("final_document")
    for campaign in campaigns:
        term = send_term(campaign, today=today, calendar=calendar)
        if term.near and campaign.send_reminded_for != term.due_on:
            # Once per due date: a new end of control brings a new term and a new warning.
            claim = Campaign.private_objects.filter(pk=campaign.pk).filter(
                Q(send_reminded_for__isnull=True) | ~Q(send_reminded_for=term.due_on)
            )
            near += _claim(claim, {"send_reminded_for": term.due_on}, campaign.pk, late=False)
        elif term.late and campaign.send_overdue_notified_at is None:
            claim = Campaign.private_objects.filter(
                pk=campaign.pk, send_overdue_notified_at__isnull=True
            )
            late += _claim(
                claim, {"send_overdue_notified_at": timezone.now()}, campaign.pk, late=True
            )
    return near, late


def _claim(claim, values: dict, campaign_id: int, *, late: bool) -> int:
    with transaction.atomic():
        if not claim.update(**values):
            return 0
        transaction.on_commit(partial(tasks.send_term_reminder_send.enqueue, campaign_id, late))
    return 1


def deadlines_run(*, today: date | None = None, days: int | None = None) -> DeadlinesReport:
    """Everything the daily run does, as if on `today`; `days` overrides the setting."""
    today = today or timezone.localdate()
    days = reminder_days() if days is None else days
    calendar = WorkingCalendar()
    report = DeadlinesReport()
    report.reminded = recommendations_remind(today=today, days=days, calendar=calendar)
    report.overdue = services.recommendations_mark_overdue(today=today)
    report.send_near, report.send_late = send_terms_warn(today=today, calendar=calendar)
    return report
