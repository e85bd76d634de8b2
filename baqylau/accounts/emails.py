"""Account emails, written in the recipient's language.

Plain text only: it reads well in every mail client and there is no markup to translate twice.
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import Notification, User
from .subscriptions import still_public, unsubscribe_token


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


def account_exists_send(*, user: User, base_url: str | None = None):
    """To an address someone tried to sign up with again: it has an account already."""
    site = (base_url or settings.SITE_URL).rstrip("/")
    with translation.override(user.language):
        login_link = f"{site}{reverse('accounts:login')}"
        reset_link = f"{site}{reverse('accounts:password_reset')}"
    subject, body = render_email(
        "accounts/email/account_exists",
        {
            "user": user,
            "login_link": login_link,
            "reset_link": reset_link,
            "has_password": user.has_usable_password(),
        },
        language=user.language,
    )
    send_mail(subject, body, None, [user.email])


# News of what a user follows ---------------------------------------------------------------------


def _site_link(path_of, language: str) -> str:
    with translation.override(language):
        path = path_of()
    return f"{settings.SITE_URL}{path}"


def _unsubscribe_link(user: User, follow=None) -> str:
    token = unsubscribe_token(user, follow)
    return _site_link(
        lambda: reverse("accounts:unsubscribe", kwargs={"token": token}), user.language
    )


def _news_message(user: User, template: str, context: dict, *, unsubscribe: str) -> EmailMessage:
    """An email of news with its one-click unsubscribe (RFC 8058): the link names what stops."""
    subject, body = render_email(
        template,
        {"user": user, "unsubscribe_link": unsubscribe, **context},
        language=user.language,
    )
    return EmailMessage(
        subject,
        body,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _item(notification, language: str) -> dict:
    written = notification.in_language(language)
    return {"text": written["text"], "link": f"{settings.SITE_URL}{written['path']}"}


def _followed_name(follow, language: str) -> str:
    with translation.override(language):
        return str(follow.target or "")


def notifications_send(*, notification_ids: list[int]) -> int:
    """Each notification to be sent at once, in its own email; the number sent."""

    pending = (
        Notification.objects.filter(pk__in=notification_ids, sent_at__isnull=True)
        .select_related("user", "follow")
        .order_by("pk")
    )
    messages = []
    sent = []
    for item in still_public(pending):
        user = item.user
        if not user.is_active or not user.email:
            continue
        messages.append(
            _news_message(
                user,
                "accounts/email/notification",
                {
                    "item": _item(item, user.language),
                    "followed": _followed_name(item.follow, user.language),
                    "unsubscribe_all_link": _unsubscribe_link(user),
                },
                unsubscribe=_unsubscribe_link(user, item.follow),
            )
        )
        sent.append(item.pk)
    if messages:
        get_connection().send_messages(messages)
    Notification.objects.filter(pk__in=sent).update(sent_at=timezone.now())
    return len(messages)


def digest_send(*, items: list) -> bool:
    """One user's notifications of the day in one email; all of them are marked handled, those
    whose subject is no longer public without being mailed. Whether an email went."""

    if not items:
        return False
    user = items[0].user
    shown = still_public(items)
    sent = False
    if shown and user.is_active and user.email:
        message = _news_message(
            user,
            "accounts/email/digest",
            {"items": [_item(item, user.language) for item in shown], "count": len(shown)},
            unsubscribe=_unsubscribe_link(user),
        )
        get_connection().send_messages([message])
        sent = True
    Notification.objects.filter(pk__in=[item.pk for item in items]).update(sent_at=timezone.now())
    return sent
