"""Account emails, written in the recipient's language.

Plain text only: it reads well in every mail client and there is no markup to translate twice.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import User


def render_email(template_prefix: str, context: dict, *, language: str) -> tuple[str, str]:
    """Subject and body from `<prefix>_subject.txt` and `<prefix>_body.txt` in `language`."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        body = render_to_string(f"{template_prefix}_body.txt", context)
    # A header must not contain newlines.
    return "".join(subject.splitlines()).strip(), body


def verification_send(*, user: User, token: str, valid_days: int, base_url: str | None = None):
    with translation.override(user.language):
        path = reverse("accounts:verify", kwargs={"token": token})
    link = f"{(base_url or settings.SITE_URL).rstrip('/')}{path}"
    subject, body = render_email(
        "accounts/email/verification",
        {"user": user, "link": link, "valid_days": valid_days},
        language=user.language,
    )
    send_mail(subject, body, None, [user.email])
