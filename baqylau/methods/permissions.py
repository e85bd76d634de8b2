"""Who may take which step in the library. Views ask these before calling a service.

An item belongs to its author NGO: only a coordinator of that NGO writes it, adds versions and
publishes it. A campaign takes a checklist from the library, or gives one to it, through a
coordinator on the campaign's team.
"""

from baqylau.core.permissions import signed_in
from baqylau.monitoring.models import Campaign
from baqylau.monitoring.permissions import Rights, can_manage_checklists, coordinated_ngos

from .models import LibraryItem

__all__ = [
    "author_ngos",
    "can_create_item",
    "can_manage_item",
    "can_publish_from",
    "can_start_from",
]


def author_ngos(user):
    """The NGOs in whose name the user may write library items: those they coordinate."""
    return coordinated_ngos(user)


def can_create_item(user) -> bool:
    return signed_in(user) and author_ngos(user).exists()


def can_manage_item(user, item: LibraryItem) -> bool:
    """Add a version, correct a draft, publish: a coordinator of the author NGO."""
    return signed_in(user) and author_ngos(user).filter(pk=item.author_id).exists()


def can_start_from(user, campaign: Campaign) -> bool:
    """Copy a checklist of the library into the campaign: whoever writes its checklists."""
    return can_manage_checklists(user, campaign)


def can_publish_from(user, campaign: Campaign) -> bool:
    """Publish a checklist of the campaign to the library: a coordinator on its team, during
    the campaign or after it."""
    return Rights.of(user, campaign).manage
