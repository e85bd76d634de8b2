"""Hourly counters in the cache (Redis in production), to refuse floods of forms."""

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
