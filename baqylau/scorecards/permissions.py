"""Who may take which step on a community scorecard. Views ask these before calling a service.

The scorecard is the campaign team's work: its coordinator starts it and submits the action plan
to the body; any member of the team who has declared their ties (a monitor acting as facilitator,
say) records the input sheet, the groups, the indicators, the paper scores and the provider's
self-evaluation, until the campaign is closed. A registered participant of a group scores online;
an officer of the body accepts the plan's lines addressed to it.
"""

from baqylau.accounts.models import Role
from baqylau.core.permissions import signed_in
from baqylau.meetings.commitments import is_officer_of
from baqylau.meetings.models import CommitmentState
from baqylau.monitoring.models import Campaign, ControlForm
from baqylau.monitoring.permissions import Rights

from .models import ActionItem


def can_start(rights: Rights, campaign: Campaign) -> bool:
    """Start the campaign's scorecard: its coordinator, on a campaign of that form."""
    return campaign.form == ControlForm.SCORECARD and rights.manage and rights.record


def can_record(rights: Rights) -> bool:
    """Record the sheet, groups, indicators, scores and the plan's lines."""
    return rights.record


def can_submit(rights: Rights) -> bool:
    """Submit the action plan to the body: the coordinator, declared."""
    return rights.manage and rights.record


def officer_bodies(user) -> set[int]:
    """The ids of the bodies the user is an officer of (one query, for a page of lines)."""
    if not signed_in(user):
        return set()
    return set(user.memberships.filter(role=Role.OFFICER).values_list("organisation_id", flat=True))


def can_accept(user, action: ActionItem, bodies: set[int] | None = None) -> bool:
    """Accept a line of the plan: an officer of its body, while it awaits that. `bodies` are the
    user's (officer_bodies), read once for a page."""
    commitment = action.commitment
    if commitment is None or commitment.state != CommitmentState.PROPOSED:
        return False
    if bodies is None:
        return is_officer_of(user, commitment.body)
    return commitment.body_id in bodies
