"""Emails of what is said of the red flags, each in its recipient's language (User.language).
They run in background tasks after the step that caused them has committed, and read the rows
again: nothing is sent when the news no longer holds (the feedback was withdrawn meanwhile)."""

from django.core.mail import EmailMessage, get_connection
from django.urls import reverse

from baqylau.accountability.emails import site_link
from baqylau.accounts.emails import render_email
from baqylau.accounts.models import Role, User

from .models import FlagFeedback


def buyer_officers(body_id: int) -> list[User]:
    """The active officers of the body, with an address."""
    return list(
        User.objects.filter(
            is_active=True, memberships__organisation_id=body_id, memberships__role=Role.OFFICER
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def flag_confirmed_send(*, feedback_id: int) -> int:
    """To the officers of the body that bought: monitors confirmed a flag on its process, with
    the address where the body may answer it in public. The number of emails sent."""
    feedback = (
        FlagFeedback.objects.standing()
        .filter(pk=feedback_id, verdict=FlagFeedback.Verdict.CONFIRMED)
        .select_related("process__buyer__organisation", "organisation")
        .first()
    )
    if feedback is None or feedback.process.buyer is None:
        return 0
    body = feedback.process.buyer.organisation
    if body is None:
        return 0
    kwargs = {"ocid": feedback.process.ocid, "code": feedback.code}
    messages = []
    for user in buyer_officers(body.pk):
        context = {
            "user": user,
            "feedback": feedback,
            "process": feedback.process,
            "body": body,
            "link": site_link(
                lambda: reverse("procurement:flag_answer", kwargs=kwargs), user.language
            ),
            "feedback_link": site_link(feedback.get_absolute_url, user.language),
        }
        subject, text = render_email(
            "procurement/emails/flag_confirmed", context, language=user.language
        )
        messages.append(EmailMessage(subject, text, to=[user.email]))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
