"""Hourly counters in the cache (Redis in production), to refuse floods of forms; what a form's
view hands its service to that end."""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def over_hourly_limit(key: str, limit: int) -> bool:
    """Count one more under `key` this hour; whether the count is now past `limit`."""
    key = f"{key}:{timezone.now():%Y%m%d%H}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > limit


def client_address(request) -> str | None:
    """The address the request came from, which the flood limits and the sign-in lockout count;
    None when unknown. Behind BAQYLAU_TRUSTED_PROXIES reverse proxies (each appending to
    X-Forwarded-For), it is the address the outermost of them saw, not the proxy's own."""
    proxies = int(getattr(settings, "BAQYLAU_TRUSTED_PROXIES", 0))
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def guarded(request, data: dict) -> dict:
    """The keyword arguments that let a service refuse bots and floods: the sender's address and
    the honeypot field `website` that people never see."""
    return {"client_address": client_address(request), "honeypot": data.get("website", "")}


RATE_LIMITED = _("Too many requests in one hour. Please try again later.")


def refuse_floods(
    request,
    kind: str,
    *,
    per_client: int,
    per_account: int | None = None,
    email: str = "",
    per_email: int | None = None,
) -> None:
    """Count one more `kind` of form (one that sends email or creates content) for the client's
    address, the signed-in account and the email address it names; refuse it with
    `RATE_LIMITED` once any of them is past its hourly limit. A setting
    BAQYLAU_RATE_LIMITS = {"<kind>": factor} scales the limits of a kind (0 turns them off)."""
    factor = getattr(settings, "BAQYLAU_RATE_LIMITS", {}).get(kind, 1)
    if not factor:
        return
    user = getattr(request, "user", None)
    counted = [
        (client_address(request), per_client),
        (f"user:{user.pk}" if user is not None and user.is_authenticated else None, per_account),
        (f"email:{email.strip().lower()}" if email else None, per_email),
    ]
    for who, limit in counted:
        if who and limit is not None and over_hourly_limit(f"rate:{kind}:{who}", limit * factor):
            raise ValidationError(RATE_LIMITED, code="rate_limited")
