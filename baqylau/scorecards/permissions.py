"""Who may take which step on a community scorecard. Views ask these before calling a service.

The scorecard is the campaign team's work: its coordinator starts it and submits the action plan
to the body; any member of the team who has declared their ties (a monitor acting as facilitator,
say) records the input sheet, the groups, the indicators, the paper scores and the provider's
self-evaluation, until the campaign is closed. A registered participant of a group scores online;
an officer of the body accepts the plan's lines addressed to it.
"""

from baqylau.core.permissions import signed_in
from baqylau.meetings.commitments import is_officer_of
from baqylau.meetings.models import CommitmentState
from baqylau.monitoring.models import Campaign, ControlForm
from baqylau.monitoring.permissions import Rights

from .models import ActionItem, FocusGroup, GroupParticipant


def can_start(rights: Rights, campaign: Campaign) -> bool:
    """Start the campaign's scorecard: its coordinator, on a campaign of that form."""
    return campaign.form == ControlForm.SCORECARD and rights.manage and rights.record


def can_record(rights: Rights) -> bool:
    """Record the sheet, groups, indicators, scores and the plan's lines."""
    return rights.record


def can_submit(rights: Rights) -> bool:
    """Submit the action plan to the body: the coordinator, declared."""
    return rights.manage and rights.record


def participation(user, group: FocusGroup) -> GroupParticipant | None:
    """The user's registration in the group, if any."""
    if not signed_in(user):
        return None
    return GroupParticipant.private_objects.filter(group=group, user=user).first()


def can_accept(user, action: ActionItem) -> bool:
    """Accept (or decline) a line of the plan: an officer of its body, while it awaits that."""
    commitment = action.commitment
    return (
        commitment is not None
        and commitment.state == CommitmentState.PROPOSED
        and is_officer_of(user, commitment.body)
    )
