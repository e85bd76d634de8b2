"""Sign-up, email verification and profile changes.

An account exists from sign-up on, but the login form refuses it until the owner follows the
link sent to the address: that proves the address is theirs before anything is published in
their name.
"""

from datetime import timedelta
from functools import partial

from django.contrib.auth.hashers import make_password
from django.core import signing
from django.db import IntegrityError, transaction

from . import emails
from .models import NotificationPreference, User

VERIFY_SALT = "baqylau.accounts.verify-email"
VERIFY_MAX_AGE = timedelta(days=3)


class VerificationFailed(Exception):
    """The verification link is tampered with, stale or for an account that changed."""

    def __init__(self, *, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def email_normalize(email: str) -> str:
    return email.strip().lower()


def email_is_registered(email: str) -> bool:
    return User.objects.filter(email__iexact=email_normalize(email)).exists()


def verification_token_make(user: User) -> str:
    # The address is part of the token, so a link stops working if the address changes.
    return signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFY_SALT)


def verification_email_send(*, user: User, base_url: str | None = None) -> None:
    emails.verification_send(
        user=user,
        token=verification_token_make(user),
        valid_days=VERIFY_MAX_AGE.days,
        base_url=base_url,
    )


@transaction.atomic
def user_signup(
    *, email: str, full_name: str, language: str, password: str, base_url: str | None = None
) -> User | None:
    """Create an unverified account and mail it a verification link once committed.

    An address that already has an account gets an email saying so, with the way to sign in or
    set a password, and no second account (None): the sign-up page answers the same either way,
    so it cannot be used to find out who has an account.
    """
    email = email_normalize(email)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=email,
                    password=password,
                    full_name=full_name.strip(),
                    language=language,
                    email_verified=False,
                )
        except IntegrityError:  # a concurrent sign-up with the same address
            existing = User.objects.filter(email__iexact=email).first()
        else:
            transaction.on_commit(partial(verification_email_send, user=user, base_url=base_url))
            return user
    if existing is not None:
        # As long as a sign-up that makes an account: the time of the answer tells nothing.
        make_password(password)
        transaction.on_commit(partial(emails.account_exists_send, user=existing, base_url=base_url))
    return None


def verification_resend(*, email: str, base_url: str | None = None) -> None:
    """Send a fresh link if the address belongs to an account still waiting for one.

    Says nothing either way, so the form cannot be used to find out who has an account.
    """
    user = User.objects.filter(
        email__iexact=email_normalize(email), email_verified=False, is_active=True
    ).first()
    if user is not None:
        transaction.on_commit(partial(verification_email_send, user=user, base_url=base_url))


@transaction.atomic
def user_email_verify(*, token: str) -> tuple[User, bool]:
    """The account a verification link is for, and whether this link verified it just now."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise VerificationFailed(expired=True) from exc
    except signing.BadSignature as exc:
        raise VerificationFailed() from exc
    if not isinstance(data, dict):
        raise VerificationFailed()
    user = (
        User.objects.select_for_update()
        .filter(pk=data.get("user"), email=data.get("email"), is_active=True)
        .first()
    )
    if user is None:
        raise VerificationFailed()
    if user.email_verified:
        return user, False
    user_email_mark_verified(user=user)
    return user, True


@transaction.atomic
def user_email_mark_verified(*, user: User) -> None:
    if not user.email_verified:
        user.email_verified = True
        user.save(update_fields=["email_verified"])


@transaction.atomic
def user_profile_update(*, user: User, full_name: str, language: str) -> User:
    user.full_name = full_name.strip()
    user.language = language
    user.save(update_fields=["full_name", "language"])
    return user


@transaction.atomic
def notification_preference_set(
    *,
    user,
    request_updates: bool,
    reminders: bool,
    recommendations_received: bool | None = None,
    campaign_updates: bool | None = None,
) -> NotificationPreference:
    """Save the user's choice of emails; a choice not given (None) stays as it was."""
    defaults = {"request_updates": request_updates, "reminders": reminders}
    for name, value in (
        ("recommendations_received", recommendations_received),
        ("campaign_updates", campaign_updates),
    ):
        if value is not None:
            defaults[name] = value
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults=defaults
    )
    return preference
