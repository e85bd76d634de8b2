"""Reads of participation that other pages share."""

from baqylau.core.permissions import visible

from .models import Report
from .permissions import officer_bodies


def inbox_of(user):
    """The published reports routed to the user's bodies, as the user may see them."""
    return visible(user, Report.public_objects.filter(body__in=officer_bodies(user)))


def inbox_awaiting(user):
    """The reports to the user's bodies that the body has not answered since it received them
    (overdue ones included), counted on the tab of the officers' inbox (published: anyone may
    see them)."""
    return Report.public_objects.filter(
        body__in=officer_bodies(user), answered_at__isnull=True, status=Report.Status.OPEN
    )
