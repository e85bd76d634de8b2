"""The navigation link to the recommendations inbox, shown to officers of state bodies only."""

from django import template
from django.core.cache import cache

from baqylau.accountability.permissions import officer_bodies
from baqylau.core.permissions import signed_in

register = template.Library()

# Remembered for a while, so that the navigation of every page costs no query; a new role shows
# within this many seconds.
CACHE_SECONDS = 300


@register.simple_tag
def is_officer(user) -> bool:
    if not signed_in(user):
        return False
    return cache.get_or_set(
        f"monitoring:officer:{user.pk}", lambda: officer_bodies(user).exists(), CACHE_SECONDS
    )
