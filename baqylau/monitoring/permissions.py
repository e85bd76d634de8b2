"""Who may take which step on a monitoring campaign. Views ask these before calling a service;
the services check the rules of the campaign itself (who may join a team, which status comes
next), not who is asking.

Only the campaign's own team acts on it: platform staff and moderators may look, but a campaign is
the NGO's independent work, so nobody outside its team plans, changes or publishes it.
"""

from dataclasses import dataclass

from baqylau.accounts.models import Role
from baqylau.core.permissions import signed_in
from baqylau.registry.models import Organisation

from .models import Campaign, CampaignMember, Status, Visit


def coordinated_ngos(user):
    """The organisations the user coordinates, for which they may plan campaigns."""
    if not signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Role.COORDINATOR
    ).exclude(kind__in=Organisation.STATE_KINDS)


def can_create(user) -> bool:
    return coordinated_ngos(user).exists()


def active_member(user, campaign: Campaign) -> CampaignMember | None:
    if not signed_in(user):
        return None
    return (
        CampaignMember.private_objects.active()
        .filter(campaign=campaign, user=user)
        .prefetch_related("declarations")
        .first()
    )


@dataclass(frozen=True)
class Rights:
    """What the user may do on one campaign, read once per page from their place on the team."""

    member: CampaignMember | None  # the user's active membership of the team
    closed: bool

    @classmethod
    def of(cls, user, campaign: Campaign) -> "Rights":
        return cls(member=active_member(user, campaign), closed=campaign.is_closed)

    @property
    def manage(self) -> bool:
        """Edit, form the team, advance the status, publish: a coordinator on the team."""
        return self.member is not None and self.member.is_coordinator

    @property
    def declare(self) -> bool:
        """File a conflict-of-interest declaration: anyone on the team, until it is closed."""
        return self.member is not None and not self.closed

    @property
    def declared(self) -> bool:
        return self.member is not None and self.member.declaration is not None

    @property
    def record(self) -> bool:
        """Record visits, evidence and findings: a member of the team who has filed a
        declaration, until the campaign is closed."""
        return self.declare and self.declared


def can_manage(user, campaign: Campaign) -> bool:
    return Rights.of(user, campaign).manage


def can_declare(user, campaign: Campaign) -> bool:
    return Rights.of(user, campaign).declare


def can_record(user, campaign: Campaign) -> bool:
    """An active member of the team with a declaration filed, while the campaign is not closed.
    Visits, evidence and findings ask this before anything is recorded."""
    return Rights.of(user, campaign).record


def can_manage_checklists(user, campaign: Campaign) -> bool:
    """Write and revise the checklists of field visits: a coordinator on the team, until the
    campaign is closed."""
    rights = Rights.of(user, campaign)
    return rights.manage and not rights.closed


# The final document fixes the findings and publishes them with the visits they rest on.
VISITS_CORRECTABLE = {Status.PLANNED, Status.IN_PROGRESS, Status.ANALYSIS}


def visits_correctable(campaign: Campaign) -> bool:
    """Whether the campaign's visits may still change: until its final document is sent."""
    return campaign.status in VISITS_CORRECTABLE


def can_correct_visit(user, visit: Visit, rights: Rights | None = None) -> bool:
    """Correct or withdraw a visit: the monitor who recorded it, still on the team with a
    declaration, until the final document is sent; a withdrawn visit stays as it is."""
    if not signed_in(user) or visit.recorded_by_id != user.pk or visit.withdrawn_at is not None:
        return False
    rights = rights or Rights.of(user, visit.campaign)
    return rights.record and visits_correctable(visit.campaign)
