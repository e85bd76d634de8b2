"""The terms the law sets on the accountability cycle, counted in working days by the calendar's
deadline rules (data, not constants): the final document is sent within a term after the end of
control, each recommendation is answered within a term after receipt, and a body gives notice of
its decision date a number of working days ahead."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from baqylau.core.calendar import WorkingCalendar
from baqylau.monitoring.models import Campaign

from .models import FinalDocument

SEND_RULE = "final-document-send"
ANSWER_RULE = "recommendation-answer"
NOTICE_RULE = "decision-notice"


@dataclass(frozen=True)
class SendTerm:
    """When the final document is due: the term counted in working days from the end of
    control, and how the campaign stands against it."""

    due_on: date
    days_left: int  # working days left; negative when late
    sent_on: date | None

    @property
    def late(self) -> bool:
        return self.sent_on is None and self.days_left < 0

    @property
    def near(self) -> bool:
        """Two working days or fewer left, and not sent."""
        return self.sent_on is None and 0 <= self.days_left <= 2

    @property
    def sent_late(self) -> bool:
        return self.sent_on is not None and self.sent_on > self.due_on


def send_term(campaign: Campaign, *, today: date | None = None, calendar=None) -> SendTerm:
    calendar = calendar or WorkingCalendar()
    today = today or timezone.localdate()
    due_on = calendar.deadline(calendar.rule(SEND_RULE), campaign.ends_on)
    if today <= due_on:
        left = calendar.working_days_between(today, due_on)
    else:
        left = -calendar.working_days_between(due_on, today)
    document = final_document_of(campaign)
    return SendTerm(due_on=due_on, days_left=left, sent_on=document.sent_on if document else None)


def final_document_of(campaign: Campaign) -> FinalDocument | None:
    """The campaign's final document, if one is written (the relation, cached on the campaign)."""
    try:
        return campaign.final_document
    except FinalDocument.DoesNotExist:
        return None
