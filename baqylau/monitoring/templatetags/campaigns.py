"""The "Public monitoring" section of the portal pages of documents, objects and organisations,
fetched here so that the portal's views need not know about campaigns."""

from django import template
from django.core.cache import cache

from baqylau.core.permissions import signed_in
from baqylau.monitoring import selectors
from baqylau.monitoring.models import CampaignMember
from baqylau.monitoring.permissions import can_create

register = template.Library()
TEAM_CACHE_SECONDS = 300


@register.simple_tag
def campaigns_about(thing):
    """The published campaigns about a planning document, an object or an organisation."""
    return selectors.campaigns_about(thing)


@register.simple_tag
def can_plan_campaign(user):
    """Whether the user coordinates an NGO and so may plan a campaign."""
    return can_create(user)


@register.simple_tag
def on_campaign_team(user) -> bool:
    """Whether the user is on a campaign's team (the account menu offers the field app then).
    Remembered for a while, so that the navigation of every page costs no query."""
    if not signed_in(user):
        return False
    return cache.get_or_set(
        f"monitoring:team:{user.pk}",
        lambda: CampaignMember.private_objects.active().filter(user=user).exists(),
        TEAM_CACHE_SECONDS,
    )
