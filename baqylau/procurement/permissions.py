"""Who may take which step on procurement data.

In the back office, staff who may change parties match them to organisations of the registry,
and staff who may add and delete links link processes to objects by hand.

Of a red flag (views ask these before calling a service, and the services
ask them again in `feedback`, so that no other way in skips them):

Monitors and coordinators of an NGO give feedback on a flag; the body that bought answers it in
public (an officer of the buyer's organisation in the registry); an author, or a coordinator of
the NGO it spoke for, withdraws feedback; an officer of the body withdraws its answer; a declared
member of a campaign's team of the same NGO turns confirmed feedback into a finding of that
campaign. Moderators and staff only read: what a flag is said to show is the NGO's and the
body's own word.
"""

from dataclasses import dataclass

from baqylau.accounts.models import Membership, Role
from baqylau.core.permissions import signed_in
from baqylau.monitoring.models import Campaign, CampaignMember
from baqylau.monitoring.permissions import Rights
from baqylau.registry.models import Organisation

from .models import ContractingProcess, FlagAnswer, FlagFeedback


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


MONITORING_ROLES = (Role.MONITOR, Role.COORDINATOR)


@dataclass(frozen=True)
class Roles:
    """The organisations the user acts for, read once (one query) per page."""

    user_id: int | None = None
    ngos: frozenset = frozenset()  # NGOs the user is a monitor or coordinator of
    coordinated: frozenset = frozenset()  # NGOs the user coordinates
    bodies: frozenset = frozenset()  # bodies the user is an officer of

    @classmethod
    def of(cls, user) -> "Roles":
        if not signed_in(user):
            return cls()
        ngos, coordinated, bodies = set(), set(), set()
        rows = Membership.objects.filter(user=user).values_list(
            "organisation_id", "organisation__kind", "role"
        )
        for organisation, kind, role in rows:
            if role == Role.OFFICER:
                bodies.add(organisation)
            elif role in MONITORING_ROLES and kind not in Organisation.STATE_KINDS:
                ngos.add(organisation)
                if role == Role.COORDINATOR:
                    coordinated.add(organisation)
        return cls(user.pk, frozenset(ngos), frozenset(coordinated), frozenset(bodies))


def buyer_body_id(process: ContractingProcess) -> int | None:
    """The organisation of the registry that bought, if the buyer is matched to one."""
    if process.buyer_id is None:
        return None
    return process.buyer.organisation_id


def can_give_feedback(roles: Roles) -> bool:
    return bool(roles.ngos)


def can_answer(roles: Roles, process: ContractingProcess) -> bool:
    body = buyer_body_id(process)
    return body is not None and body in roles.bodies


def can_withdraw_feedback(roles: Roles, feedback: FlagFeedback) -> bool:
    if feedback.withdrawn_at is not None or roles.user_id is None:
        return False
    return feedback.author_id == roles.user_id or feedback.organisation_id in roles.coordinated


def can_withdraw_answer(roles: Roles, answer: FlagAnswer) -> bool:
    return answer.withdrawn_at is None and answer.body_id in roles.bodies


def finding_campaigns(user) -> list[Campaign]:
    """The campaigns whose findings the user may write (a declared member of the team, until the
    campaign is closed), two queries."""
    if not signed_in(user):
        return []
    members = (
        CampaignMember.private_objects.active()
        .filter(user=user)
        .select_related("campaign")
        .prefetch_related("declarations")
        .order_by("campaign__title", "campaign_id")
    )
    return [
        member.campaign
        for member in members
        if member.campaign.withdrawn_at is None
        and Rights(member=member, closed=member.campaign.is_closed).record
    ]


def can_make_finding(feedback: FlagFeedback, campaigns: list[Campaign]) -> bool:
    """Whether the feedback may become a finding of one of `campaigns` (the user's)."""
    return bool(finding_campaigns_for(feedback, campaigns))


def finding_campaigns_for(feedback: FlagFeedback, campaigns: list[Campaign]) -> list[Campaign]:
    """Of the user's `campaigns`, those the feedback may become a finding of: confirmed,
    standing, no finding yet, and a campaign of the NGO it spoke for."""
    if (
        feedback.withdrawn_at is not None
        or feedback.verdict != FlagFeedback.Verdict.CONFIRMED
        or feedback.finding_id is not None
    ):
        return []
    return [c for c in campaigns if c.ngo_id == feedback.organisation_id]
