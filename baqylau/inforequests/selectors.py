"""Reads that the workflow and its background tasks share. Pages have their own queries."""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, QuerySet

from baqylau.accounts.models import NotificationPreference, Role, User
from baqylau.core.models import DeadlineRule

from .models import InformationRequest, RequestEvent, Status

ANSWER_RULE = "info-request-answer"
EXTENSION_RULE = "info-request-extension"

# The body owes an answer by a known date. A redirected request waits for the new body to
# register it, and during a clarification the term stands still, so neither runs late.
RUNNING_TERM = {Status.SENT, Status.REGISTERED, Status.EXTENDED}


def body_officers(body) -> QuerySet[User]:
    """Active accounts that hold the officer role in the body."""
    return User.objects.filter(
        is_active=True,
        memberships__organisation=body,
        memberships__role=Role.OFFICER,
    ).distinct()


def wants_request_updates(user) -> bool:
    return bool(user.is_active and NotificationPreference.of(user).request_updates)


def wants_reminders(user) -> bool:
    return bool(user.is_active and NotificationPreference.of(user).reminders)


def officers_to_remind(body) -> list[User]:
    return [user for user in body_officers(body) if wants_reminders(user)]


def requests_past_due(*, today: date) -> QuerySet[InformationRequest]:
    """Requests whose term ended before `today` and that are not marked overdue yet."""
    return InformationRequest.private_objects.filter(status__in=RUNNING_TERM, due_date__lt=today)


def requests_due_for_reminder(*, today: date, days: int) -> QuerySet[InformationRequest]:
    """Requests due within `days` days from `today` whose officers were not yet reminded of
    this due date. A new due date (an extension, a restarted term) earns a new reminder."""
    reminded = RequestEvent.objects.filter(
        request=OuterRef("pk"), kind=RequestEvent.Kind.REMINDER, due_date=OuterRef("due_date")
    )
    return InformationRequest.private_objects.filter(
        status__in=RUNNING_TERM,
        due_date__gte=today,
        due_date__lte=today + timedelta(days=days),
    ).exclude(Exists(reminded))


def legal_basis_rule() -> DeadlineRule | None:
    """The rule of the answer term: its legal reference names the law a request is made under."""
    return DeadlineRule.objects.filter(code=ANSWER_RULE, is_active=True).first()


def inbox_awaiting(user) -> QuerySet[InformationRequest]:
    """The requests to the user's bodies that await an answer (overdue ones included), counted
    on the tab of the officers' inbox: all of them are visible to the officer (see
    InformationRequestQuerySet.visible_to), so the count asks no more."""
    bodies = user.memberships.filter(role=Role.OFFICER).values("organisation_id")
    return (
        InformationRequest.private_objects.filter(body_id__in=bodies)
        .exclude(status=Status.DRAFT)
        .awaiting_answer()
    )
