"""Roles people hold in organisations, as the other apps' permission rules ask about them."""

from baqylau.core.permissions import signed_in

from .models import Role


def has_role(user, role: Role | str, organisation=None) -> bool:
    """Whether the user holds the role (in the organisation, when one is given)."""
    if not signed_in(user):
        return False
    if role == Role.ADMINISTRATOR and user.is_superuser:
        return True
    memberships = user.memberships.filter(role=role)
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    return memberships.exists()
