"""Emails of problem reports, each in its recipient's language, sent by background tasks after
the step that caused them committed. A reporter without an account is written to in the language
of the page they reported from (kept on the report's first event); their address is never given
to the body.
"""

from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone, translation

from baqylau.accountability.emails import body_officers, site_link
from baqylau.accounts.emails import render_email
from baqylau.accounts.models import User
from baqylau.core.calendar import WorkingCalendar

from .models import Moderation, Report, ReportEvent
from .tokens import confirmation_token, fix_token

PREFIX = "participation/emails/"


def _send(messages: list[EmailMessage]) -> None:
    if messages:
        get_connection().send_messages(messages)


def _message(address: str, language: str, template: str, context: dict) -> EmailMessage:
    subject, text = render_email(PREFIX + template, context, language=language)
    return EmailMessage(subject, text, to=[address])


def _report_link(report: Report, language: str) -> str:
    return site_link(report.get_absolute_url, language)


def _reporter(report: Report) -> tuple[str, str, User | None] | None:
    """The reporter's address and language, or None when there is no one to write to."""
    if report.reporter_id:
        user = report.reporter
        if not user.is_active or not user.email:
            return None
        return user.email, user.language, user
    if report.reporter_email:
        return report.reporter_email, report.language or translation.get_language(), None
    return None


def report_confirmation_send(*, report_id: int) -> None:
    """To a reporter without an account: the link that confirms the report."""
    report = Report.private_objects.get(pk=report_id)
    if report.moderation != Moderation.UNCONFIRMED or not report.reporter_email:
        return
    language = report.language
    token = confirmation_token(report)
    link = site_link(lambda: reverse("participation:confirm", kwargs={"token": token}), language)
    _send([_message(report.reporter_email, language, "confirm", {"report": report, "link": link})])


def report_published_send(*, report_id: int) -> None:
    """To the officers of the body it is routed to: a new report with its due date; to the
    reporter: it is public."""
    report = Report.private_objects.select_related("body", "category", "reporter").get(pk=report_id)
    if report.moderation != Moderation.PUBLISHED:
        return
    messages = []
    if report.body_id:
        for user in body_officers(report.body_id, "reports_received"):
            messages.append(
                _message(
                    user.email,
                    user.language,
                    "received",
                    {"user": user, "report": report, "link": _inbox_link(user.language)},
                )
            )
    reporter = _reporter(report)
    if reporter:
        address, language, user = reporter
        messages.append(
            _message(
                address,
                language,
                "published",
                {"user": user, "report": report, "link": _report_link(report, language)},
            )
        )
    _send(messages)


def _inbox_link(language: str) -> str:
    return site_link(lambda: reverse("participation:inbox"), language)


def report_answer_send(*, event_id: int) -> None:
    """After an answer: to the reporter and the supporters (asking "is it fixed?" after done);
    after "not fixed": to the body's officers; after forwarding: to the new body's officers."""
    event = ReportEvent.objects.select_related(
        "report__body", "report__reporter", "report__category", "to_body", "from_body"
    ).get(pk=event_id)
    report = event.report
    messages = []
    if event.kind in ReportEvent.ANSWERS:
        people = []
        reporter = _reporter(report)
        if reporter:
            people.append(reporter)
        for support in report.supports.select_related("user").order_by("pk"):
            user = support.user
            if user.is_active and user.email:
                people.append((user.email, user.language, user))
        for address, language, user in people:
            context = {
                "user": user,
                "report": report,
                "event": event,
                "link": _report_link(report, language),
            }
            if event.kind == ReportEvent.Kind.DONE:
                token = fix_token(report, user_id=user.pk if user else None)
                context["fixed_link"] = site_link(
                    lambda token=token: reverse(
                        "participation:fixed", kwargs={"pk": report.pk, "token": token}
                    ),
                    language,
                )
            messages.append(_message(address, language, "answer", context))
    if event.kind in (ReportEvent.Kind.NOT_FIXED, ReportEvent.Kind.FORWARDED) and report.body_id:
        for user in body_officers(report.body_id, "reports_received"):
            messages.append(
                _message(
                    user.email,
                    user.language,
                    "reopened" if event.kind == ReportEvent.Kind.NOT_FIXED else "received",
                    {
                        "user": user,
                        "report": report,
                        "event": event,
                        "link": _inbox_link(user.language),
                    },
                )
            )
    _send(messages)


def _answer_link(report: Report, language: str) -> str:
    return site_link(lambda: reverse("participation:answer", kwargs={"pk": report.pk}), language)


def reports_reminder_send(*, body_id: int, due_soon: list[int], overdue: list[int]) -> None:
    """To the body's officers who want the emails about reports: the reports due soon and those
    overdue, each with the link to answer it; those answered since are left out."""
    awaiting = (
        Report.public_objects.filter(
            body_id=body_id, status=Report.Status.OPEN, answered_at__isnull=True
        )
        .select_related("body", "category")
        .order_by("due_on", "pk")
    )
    soon = list(awaiting.filter(pk__in=due_soon))
    late = list(awaiting.filter(pk__in=overdue))
    if not (soon or late):
        return
    today = timezone.localdate()
    calendar = WorkingCalendar()
    for item in soon:
        item.days_left = calendar.working_days_between(today, item.due_on)
    for item in late:
        item.days_late = calendar.working_days_between(item.due_on, today)
    body = (soon or late)[0].body
    messages = []
    for user in body_officers(body_id, "reports_received"):
        language = user.language

        def linked(items, language=language):
            return [(item, _answer_link(item, language)) for item in items]

        context = {
            "user": user,
            "body": body,
            "soon": linked(soon),
            "late": linked(late),
            "link": _inbox_link(language),
        }
        messages.append(_message(user.email, language, "reminder", context))
    _send(messages)
