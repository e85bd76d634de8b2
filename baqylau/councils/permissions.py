"""Who may take which step on a council's plan. Views ask these before calling a service.

A council's plan is kept by the people of its account with a coordinator's membership; a
campaign is linked to a line by a coordinator on the campaign's team (the campaign is the NGO's
independent work: nobody else says which plan it carries out).
"""

from baqylau.accounts.models import Membership, Role
from baqylau.core.permissions import signed_in
from baqylau.monitoring.permissions import can_manage
from baqylau.registry.models import Organisation


def can_keep_plans(user, council: Organisation) -> bool:
    """Create, edit, approve and amend the council's plans."""
    if not signed_in(user) or council.kind != Organisation.Kind.PUBLIC_COUNCIL:
        return False
    return Membership.objects.filter(
        user=user, organisation=council, role=Role.COORDINATOR
    ).exists()


def can_link_campaign(user, campaign) -> bool:
    """Link the campaign to a line of a plan, or take it off one."""
    return can_manage(user, campaign)
