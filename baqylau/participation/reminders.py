"""Reminders of problem reports, run daily by `send_report_reminders`.

The officers of a body are written one email listing the published reports the body has not
answered since it received them: those due within BAQYLAU_REPORT_REMINDER_DAYS working days
(default 2), and those past the due date. Each report is in such an email once per due date as
due soon and once as overdue (a reopened or forwarded report has a new due date, and is
reminded of again). Officers who turned off the emails about reports received
(NotificationPreference.reports_received) are not written to; a body none of whose officers
wants them is skipped without marking its reports, so that an officer added later is reminded.

Each report is claimed by a conditional UPDATE under a row lock before the email is enqueued,
so that two runs at once, or a second run the same day, never remind of it twice.
"""

from dataclasses import dataclass
from datetime import date
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from baqylau.accountability.emails import body_officers
from baqylau.core.calendar import WorkingCalendar

from . import tasks
from .models import Report

DEFAULT_DAYS = 2


@dataclass
class RemindersReport:
    due_soon: int = 0  # reports whose officers were reminded that the answer is due soon
    overdue: int = 0  # reports whose officers were told that the answer is overdue
    bodies: int = 0  # bodies written to


def reminder_days() -> int:
    return int(getattr(settings, "BAQYLAU_REPORT_REMINDER_DAYS", DEFAULT_DAYS))


def awaiting_reports():
    """Published reports, routed to a body, that the body has not answered since it received
    them."""
    return Report.public_objects.filter(
        body__isnull=False,
        status=Report.Status.OPEN,
        answered_at__isnull=True,
        due_on__isnull=False,
    )


def _due_soon(today: date, last_day: date):
    return (
        awaiting_reports()
        .filter(due_on__gte=today, due_on__lte=last_day)
        .exclude(reminded_for=F("due_on"))
    )


def _overdue(today: date):
    return awaiting_reports().filter(due_on__lt=today).exclude(overdue_reminded_for=F("due_on"))


def _claim(queryset, field: str) -> list[int]:
    """Lock the reports, mark them reminded of their due date, return their ids."""
    # Only the reports' rows: the rule of what is public joins their plans (an outer join).
    ids = list(queryset.select_for_update(of=("self",)).order_by("pk").values_list("pk", flat=True))
    if ids:
        Report.private_objects.filter(pk__in=ids).update(**{field: F("due_on")})
    return ids


def reports_remind(
    *, today: date | None = None, days: int | None = None, calendar: WorkingCalendar | None = None
) -> RemindersReport:
    """Claim, body by body, the reports due soon and overdue that were not reminded of for
    their due date, and enqueue one email to the body's officers for them."""
    today = today or timezone.localdate()
    days = reminder_days() if days is None else days
    calendar = calendar or WorkingCalendar()
    last_day = calendar.add_working_days(today, days)
    report = RemindersReport()
    soon, late = _due_soon(today, last_day), _overdue(today)
    bodies = {*soon.values_list("body_id", flat=True), *late.values_list("body_id", flat=True)}
    for body_id in sorted(bodies):
        if not body_officers(body_id, "reports_received"):
            continue
        with transaction.atomic():
            soon_ids = _claim(soon.filter(body_id=body_id), "reminded_for")
            late_ids = _claim(late.filter(body_id=body_id), "overdue_reminded_for")
            if not (soon_ids or late_ids):
                continue
            transaction.on_commit(
                partial(
                    tasks.reports_reminder_send.enqueue,
                    body_id=body_id,
                    due_soon=soon_ids,
                    overdue=late_ids,
                )
            )
        report.due_soon += len(soon_ids)
        report.overdue += len(late_ids)
        report.bodies += 1
    return report
