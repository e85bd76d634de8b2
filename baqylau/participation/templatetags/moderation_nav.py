"""The navigation link to the moderation queue, shown to moderators only."""

from django import template
from django.core.cache import cache

from baqylau.core.permissions import signed_in
from baqylau.participation.permissions import is_moderator as moderator

register = template.Library()

# Remembered for a while, so that the navigation of every page costs no query.
CACHE_SECONDS = 300


@register.simple_tag
def is_moderator(user) -> bool:
    if not signed_in(user):
        return False
    return cache.get_or_set(
        f"participation:moderator:{user.pk}", lambda: moderator(user), CACHE_SECONDS
    )
