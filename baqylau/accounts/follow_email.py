"""Following by email, without an account, as FixMyStreet's email alerts: a visitor leaves an
address on the follow button and gets a signed link; nothing is followed before the link is used.

The link names what is followed, the address, how often and the language of the page, and stays
valid for a week. Using it follows for the account with that address, or for a new one without a
usable password (the link proved the address; "forgot password" gives it one later). Requests
are limited per address and per client in the cache, so the form cannot flood a mailbox.
"""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from baqylau.core.ratelimit import over_hourly_limit
from baqylau.core.services import field_error, signed_read

from . import following
from .emails import render_email
from .models import Follow, User
from .services import email_normalize

SALT = "baqylau.accounts.follow-by-email"
MAX_AGE = timedelta(days=7)
# Links asked in one hour, per address and per client.
RATE_PER_EMAIL = 3
RATE_PER_CLIENT = 10
EXPIRED = _("This link has expired: ask for a new one on the page you wanted to follow.")
INVALID = _("This link is not valid: copy the whole link from the email.")


def rate_limit(key: str, limit: int) -> None:
    """Count one request under `key` this hour; refuse it past `limit`."""
    if over_hourly_limit(f"rate:follow-email:{key}", limit):
        raise ValidationError(
            _("Too many requests in one hour. Please try again later."), code="rate_limited"
        )


def _language(language: str) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def token_make(*, target, email: str, frequency: str, language: str) -> str:
    data = {"t": following.key_of(target), "e": email, "f": frequency, "l": language}
    return signing.dumps(data, salt=SALT)


def token_read(token: str) -> dict:
    """What a link asks: target (None when it is no longer public), email, frequency, language."""
    data = signed_read(token, salt=SALT, max_age=MAX_AGE, expired=EXPIRED, invalid=INVALID)
    if not isinstance(data, dict) or data.get("f") not in Follow.Frequency.values:
        raise ValidationError(_("This link is not valid."), code="invalid")
    return {
        "target": following.target_from_key(data.get("t", ""), user=AnonymousUser()),
        "email": str(data.get("e", "")),
        "frequency": data["f"],
        "language": _language(data.get("l", "")),
    }


def _send(*, target, email: str, frequency: str, language: str, base_url: str | None) -> None:
    token = token_make(target=target, email=email, frequency=frequency, language=language)
    with translation.override(language):
        path = reverse("accounts:follow_confirm", kwargs={"token": token})
        name = str(target)
    subject, body = render_email(
        "accounts/email/follow_confirm",
        {
            "name": name,
            "link": f"{(base_url or settings.SITE_URL).rstrip('/')}{path}",
            "when": Follow.Frequency(frequency).label,
            "valid_days": MAX_AGE.days,
        },
        language=language,
    )
    send_mail(subject, body, None, [email])


@transaction.atomic
def follow_request(
    *,
    target,
    email: str,
    frequency: str,
    language: str,
    honeypot: str = "",
    client_address: str | None = None,
    base_url: str | None = None,
) -> None:
    """Mail a link that will follow `target` for `email` once used; follows nothing yet."""
    if honeypot:
        raise ValidationError(_("The form could not be accepted."), code="honeypot")
    following.check_followable(target)
    email = email_normalize(email or "")
    try:
        validate_email(email)
    except ValidationError as exc:
        raise field_error("email", _("Enter a valid email address."), "bad_email") from exc
    following.check_frequency(frequency)
    if client_address:
        rate_limit(f"ip:{client_address}", RATE_PER_CLIENT)
    rate_limit(f"email:{email}", RATE_PER_EMAIL)
    transaction.on_commit(
        partial(
            _send,
            target=target,
            email=email,
            frequency=frequency,
            language=_language(language),
            base_url=base_url,
        )
    )


@transaction.atomic
def follow_confirm(*, token: str) -> tuple[Follow, bool]:
    """Follow what the link names for its address, creating the account if there is none;
    the follow and whether the account was created. Using the link again changes nothing."""
    asked = token_read(token)
    target = asked["target"]
    if target is None:
        raise ValidationError(_("This can no longer be followed."), code="not_followable")
    user = User.objects.select_for_update().filter(email__iexact=asked["email"]).first()
    created = user is None
    if created:
        user = User.objects.create_user(
            email=asked["email"], password=None, language=asked["language"], email_verified=True
        )
    elif not user.is_active:
        raise ValidationError(_("This account is closed."), code="inactive")
    # An account still unverified stays so: its password was chosen by whoever signed up, who
    # may not own the address; the news go to the address all the same.
    found = following.following(user, target)
    if found is None:
        found = following.follow(user=user, target=target, frequency=asked["frequency"])
    return found, created
