"""Emails of information requests, in the reader's language: a user's own (User.language), the
request's language for the letter to a body's address. Plain text, like the account emails.

These run in background tasks, after the step that caused them has committed: each reads the
current rows again and respects the user's email preferences.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import translation

from baqylau.accounts.emails import render_email

from . import selectors
from .models import InformationRequest, RequestEvent, Status

logger = logging.getLogger(__name__)


def request_link(request: InformationRequest, language: str) -> str:
    """The full address of the request's page in `language`."""
    with translation.override(language):
        path = request.get_absolute_url()
    return f"{settings.SITE_URL}{path}"


def _letter_pdf(request: InformationRequest) -> bytes | None:
    """The printable letter, when the PDF letters are installed; the email goes without it
    otherwise, since its text is the request in full."""
    try:
        from .letters import request_letter_pdf
    except ImportError:
        return None
    try:
        return request_letter_pdf(request)
    except Exception:
        logger.exception("No PDF letter for information request %s", request.pk)
        return None


def request_letter_send(*, request_id: int) -> None:
    """The request, to the body's address, in the language the requester wrote it in."""
    request = InformationRequest.private_objects.select_related("body", "requester").get(
        pk=request_id
    )
    if request.status in (Status.DRAFT, Status.WITHDRAWN) or not request.body.email:
        return
    requester = request.requester
    subject, text = render_email(
        "inforequests/email/letter",
        {
            "request": request,
            "body": request.body,
            "requester": requester,
            "requester_name": requester.full_name or requester.email,
            "rule": selectors.legal_basis_rule(),
            "link": request_link(request, request.language),
        },
        language=request.language,
    )
    # A written request gives the requester's address for the answer: a reply reaches them.
    message = EmailMessage(subject, text, to=[request.body.email], reply_to=[requester.email])
    pdf = _letter_pdf(request)
    if pdf:
        message.attach(f"information-request-{request.public_id}.pdf", pdf, "application/pdf")
    message.send()


def requester_news_send(*, event_id: int) -> None:
    """A step the body took (or missed) on a request, to its requester."""
    event = RequestEvent.objects.select_related(
        "request__requester", "request__body", "other_body"
    ).get(pk=event_id)
    request, user = event.request, event.request.requester
    if not selectors.wants_request_updates(user):
        return
    subject, text = render_email(
        "inforequests/email/news",
        {
            "user": user,
            "event": event,
            "request": request,
            "link": request_link(request, user.language),
        },
        language=user.language,
    )
    EmailMessage(subject, text, to=[user.email]).send()


def officer_reminder_send(*, event_id: int) -> None:
    """A reminder of the answer due, to every officer of the body who wants one."""
    event = RequestEvent.objects.select_related("request__body").get(pk=event_id)
    request = event.request
    if request.due_date != event.due_date or request.status not in selectors.RUNNING_TERM:
        return  # answered, extended or redirected since
    messages = []
    for officer in selectors.officers_to_remind(request.body):
        subject, text = render_email(
            "inforequests/email/reminder",
            {
                "user": officer,
                "request": request,
                "due_date": event.due_date,
                "days_left": (event.due_date - event.happened_on).days,
                "link": request_link(request, officer.language),
            },
            language=officer.language,
        )
        messages.append(EmailMessage(subject, text, to=[officer.email]))
    if messages:
        get_connection().send_messages(messages)
