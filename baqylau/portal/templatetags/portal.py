"""Tags of the portal's shared templates."""

from django import template

from baqylau.registry.models import ProjectObject

register = template.Library()


@register.simple_tag
def object_statuses():
    """The statuses of objects, for the map's legend."""
    return ProjectObject.Status.choices
