"""The "Public monitoring" section of the portal pages of documents, objects and organisations,
fetched here so that the portal's views need not know about campaigns."""

from django import template

from baqylau.monitoring import selectors
from baqylau.monitoring.permissions import can_create

register = template.Library()


@register.simple_tag
def campaigns_about(thing):
    """The published campaigns about a planning document, an object or an organisation."""
    return selectors.campaigns_about(thing)


@register.simple_tag
def can_plan_campaign(user):
    """Whether the user coordinates an NGO and so may plan a campaign."""
    return can_create(user)
