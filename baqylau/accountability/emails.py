"""Emails of the monitoring cycle, each in its recipient's language (User.language), to those who
chose to receive it (inforequests.NotificationPreference: a user without a row receives all).
Plain text, like the emails of information requests.

These run in background tasks after the step that caused them has committed: each reads the
current rows again and sends nothing when the news no longer holds (the answer came meanwhile,
the document was sent).
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone, translation

from baqylau.accounts.emails import render_email
from baqylau.accounts.models import NotificationPreference, Role, User
from baqylau.core.calendar import WorkingCalendar
from baqylau.core.models import DeadlineRule
from baqylau.monitoring.models import Campaign, CampaignMember, Status

from .models import AnswerState, DecisionNotice, FinalDocument, Recommendation, RecommendationAnswer
from .terms import ANSWER_RULE, SEND_RULE, send_term

logger = logging.getLogger(__name__)

# Whoever owes the final document: the control has been held, the document is not sent yet.
BEFORE_SENDING = (Status.IN_PROGRESS, Status.ANALYSIS)


def site_link(path_of, language: str) -> str:
    """The full address of a page in `language`; `path_of` gives the path once the language is
    active, so that the address carries its prefix."""
    with translation.override(language):
        path = path_of()
    return f"{settings.SITE_URL}{path}"


def _answer_link(recommendation: Recommendation, language: str) -> str:
    return site_link(
        lambda: reverse(
            "accountability:answer",
            kwargs={"slug": recommendation.campaign.slug, "number": recommendation.number},
        ),
        language,
    )


def _wants(user: User, choice: str) -> bool:
    """The user's choice of the email, or yes when they never made one."""
    if not user.is_active or not user.email:
        return False
    try:
        preference = user.request_notifications
    except NotificationPreference.DoesNotExist:
        return True
    return bool(getattr(preference, choice))


def body_officers(body_id: int, choice: str) -> list[User]:
    """Active officers of the body who want the email `choice`."""
    users = (
        User.objects.filter(
            is_active=True, memberships__organisation_id=body_id, memberships__role=Role.OFFICER
        )
        .select_related("request_notifications")
        .distinct()
        .order_by("pk")
    )
    return [user for user in users if _wants(user, choice)]


def campaign_coordinators(campaign_id: int, choice: str = "campaign_updates") -> list[User]:
    """The coordinators on the campaign's team now, who want the email `choice`."""
    members = (
        CampaignMember.private_objects.active()
        .filter(campaign_id=campaign_id, role=CampaignMember.Role.COORDINATOR)
        .select_related("user__request_notifications")
        .order_by("pk")
    )
    return [member.user for member in members if _wants(member.user, choice)]


def _send(messages: list[EmailMessage]) -> None:
    if messages:
        get_connection().send_messages(messages)


def _message(user: User, template: str, context: dict) -> EmailMessage:
    subject, text = render_email(
        f"accountability/emails/{template}", {"user": user, **context}, language=user.language
    )
    return EmailMessage(subject, text, to=[user.email])


def officers_mail(body_id: int, template: str, context) -> None:
    """One email from `template` (its `_subject.txt` and `_body.txt`) to each officer of the body
    who wants the emails of recommendations and what follows them, in the officer's language;
    `context(officer)` gives what the template needs besides the officer."""
    messages = []
    for officer in body_officers(body_id, "recommendations_received"):
        subject, text = render_email(
            template, {"user": officer, **context(officer)}, language=officer.language
        )
        messages.append(EmailMessage(subject, text, to=[officer.email]))
    _send(messages)


def _rule(code: str) -> DeadlineRule | None:
    return DeadlineRule.objects.filter(code=code, is_active=True).first()


def _document_pdf(campaign: Campaign) -> tuple[str, bytes] | None:
    """The final document as sent, to travel with the news that it reached the body."""
    document = FinalDocument.private_objects.filter(campaign=campaign).first()
    if document is None or not document.pdf:
        return None
    try:
        with document.pdf.open("rb") as stored:
            return f"{campaign.slug}-{document.language}.pdf", stored.read()
    except OSError:
        logger.exception("The PDF of the final document of campaign %s cannot be read", campaign.pk)
        return None


def recommendations_received_send(*, campaign_id: int, body_id: int) -> None:
    """To the officers of the body: the final document reached them with recommendations."""
    campaign = Campaign.private_objects.select_related("ngo").get(pk=campaign_id)
    recommendations = list(
        Recommendation.private_objects.sent()
        .filter(campaign=campaign, body_id=body_id)
        .select_related("body")
        .order_by("number")
    )
    if not recommendations:
        return
    officers = body_officers(body_id, "recommendations_received")
    if not officers:
        return
    first = recommendations[0]
    pdf = _document_pdf(campaign)
    rule = _rule(ANSWER_RULE)
    messages = []
    for officer in officers:
        language = officer.language
        message = _message(
            officer,
            "received",
            {
                "campaign": campaign,
                "body": first.body,
                "sent_on": first.sent_on,
                "due_on": first.due_on,
                "rule": rule,
                "items": [(item, _answer_link(item, language)) for item in recommendations],
                "inbox_link": site_link(lambda: reverse("accountability:inbox"), language),
                "campaign_link": site_link(campaign.get_absolute_url, language),
            },
        )
        if pdf:
            message.attach(pdf[0], pdf[1], "application/pdf")
        messages.append(message)
    _send(messages)


def answer_news_send(*, answer_id: int) -> None:
    """To the campaign's coordinators: a body answered a recommendation."""
    answer = RecommendationAnswer.private_objects.select_related(
        "recommendation__campaign", "recommendation__body"
    ).get(pk=answer_id)
    recommendation = answer.recommendation
    measures = list(answer.measures.all())
    _send(
        [
            _message(
                user,
                "answer",
                {
                    "answer": answer,
                    "recommendation": recommendation,
                    "campaign": recommendation.campaign,
                    "body": recommendation.body,
                    "measures": measures,
                    "files": answer.files.count(),
                    "link": site_link(recommendation.get_absolute_url, user.language),
                },
            )
            for user in campaign_coordinators(recommendation.campaign_id)
        ]
    )


def decision_notice_send(*, notice_id: int) -> None:
    """To the campaign's coordinators: a body gave the date of its decision."""
    notice = DecisionNotice.private_objects.select_related(
        "recommendation__campaign", "recommendation__body"
    ).get(pk=notice_id)
    recommendation = notice.recommendation
    if recommendation.is_answered:
        return  # decided already: the news of the answer says more
    _send(
        [
            _message(
                user,
                "notice",
                {
                    "notice": notice,
                    "recommendation": recommendation,
                    "campaign": recommendation.campaign,
                    "body": recommendation.body,
                    "link": site_link(recommendation.get_absolute_url, user.language),
                },
            )
            for user in campaign_coordinators(recommendation.campaign_id)
        ]
    )


def recommendation_overdue_send(*, recommendation_id: int) -> None:
    """To the body's officers and the campaign's coordinators: the answer is overdue."""
    recommendation = Recommendation.private_objects.select_related("campaign", "body").get(
        pk=recommendation_id
    )
    if recommendation.state != AnswerState.OVERDUE:
        return  # answered since
    context = {
        "recommendation": recommendation,
        "campaign": recommendation.campaign,
        "body": recommendation.body,
    }
    messages = [
        _message(
            user,
            "overdue",
            {**context, "officer": True, "link": _answer_link(recommendation, user.language)},
        )
        for user in body_officers(recommendation.body_id, "reminders")
    ]
    messages += [
        _message(
            user,
            "overdue",
            {
                **context,
                "officer": False,
                "link": site_link(recommendation.get_absolute_url, user.language),
            },
        )
        for user in campaign_coordinators(recommendation.campaign_id)
    ]
    _send(messages)


def reminded_together(recommendation: Recommendation) -> list[Recommendation]:
    """The recommendations of the campaign to the same body that one reminder covers: still
    awaiting their answer, due on the date the reminder was claimed for."""
    return list(
        Recommendation.private_objects.filter(
            campaign_id=recommendation.campaign_id,
            body_id=recommendation.body_id,
            state=AnswerState.AWAITING,
            due_on=recommendation.reminded_for,
            reminded_for=recommendation.reminded_for,
        )
        .select_related("campaign__ngo", "body")
        .order_by("number")
    )


def recommendation_reminder_send(*, recommendation_id: int) -> None:
    """To the body's officers: the answer is due soon. One email covers every recommendation of
    the campaign to the body due that day."""
    recommendation = Recommendation.private_objects.get(pk=recommendation_id)
    if recommendation.reminded_for is None or recommendation.reminded_for != recommendation.due_on:
        return  # a new due date since
    items = reminded_together(recommendation)
    if not items:
        return  # answered since
    first = items[0]
    days_left = WorkingCalendar().working_days_between(timezone.localdate(), first.due_on)
    _send(
        [
            _message(
                user,
                "reminder",
                {
                    "campaign": first.campaign,
                    "body": first.body,
                    "due_on": first.due_on,
                    "days_left": days_left,
                    "items": [(item, _answer_link(item, user.language)) for item in items],
                },
            )
            for user in body_officers(first.body_id, "reminders")
        ]
    )


def send_term_reminder_send(*, campaign_id: int, late: bool) -> None:
    """To the campaign's coordinators: the final document is due soon, or late."""
    campaign = Campaign.private_objects.get(pk=campaign_id)
    if campaign.status not in BEFORE_SENDING:
        return
    term = send_term(campaign)
    if term.sent_on is not None:
        return
    rule = _rule(SEND_RULE)
    _send(
        [
            _message(
                user,
                "send_term",
                {
                    "campaign": campaign,
                    "late": late,
                    "term": term,
                    "rule": rule,
                    "link": site_link(campaign.get_absolute_url, user.language),
                },
            )
            for user in campaign_coordinators(campaign.pk)
        ]
    )
