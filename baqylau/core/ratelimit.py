"""Hourly counters in the cache (Redis in production), to refuse floods of forms; what a form's
view hands its service to that end."""

from django.core.cache import cache
from django.utils import timezone


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
    """The address the request came from, which the flood limits count; None when unknown."""
    return request.META.get("REMOTE_ADDR") or None


def guarded(request, data: dict) -> dict:
    """The keyword arguments that let a service refuse bots and floods: the sender's address and
    the honeypot field `website` that people never see."""
    return {"client_address": client_address(request), "honeypot": data.get("website", "")}
