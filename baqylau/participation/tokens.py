"""Signed links in participation's emails: confirming a report filed without an account, and
answering "is it fixed?" from the email. Nothing is stored; a link proves itself."""

from django.core import signing

CONFIRM_SALT = "baqylau.participation.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600
FIX_SALT = "baqylau.participation.fixed"
FIX_MAX_AGE = 90 * 24 * 3600


def confirmation_token(report) -> str:
    return signing.dumps({"report": report.pk, "email": report.reporter_email}, salt=CONFIRM_SALT)


def fix_token(report, *, user_id: int | None = None, email: str = "") -> str:
    return signing.dumps({"report": report.pk, "user": user_id, "email": email}, salt=FIX_SALT)
