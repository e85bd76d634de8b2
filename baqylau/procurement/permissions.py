"""Who may take which step on procurement data in the back office."""

from baqylau.core.permissions import signed_in


def can_match_parties(user) -> bool:
    """Staff who may change parties match them to organisations of the registry."""
    return signed_in(user) and user.is_staff and user.has_perm("procurement.change_party")


def can_link_objects(user) -> bool:
    """Staff who may add links between processes and objects make and remove them by hand."""
    return (
        signed_in(user)
        and user.is_staff
        and user.has_perm("procurement.add_processobject")
        and user.has_perm("procurement.delete_processobject")
    )
