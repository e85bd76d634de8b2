"""What the scorecard adds to other pages: a section on its campaign's page (registered with
monitoring) and the scorecards at an object, for the object's page (drawn by the portal)."""

from baqylau.core.permissions import visible
from baqylau.monitoring.models import ControlForm

from . import permissions
from .models import Scorecard


def campaign_section(user, campaign, rights) -> dict:
    """The scorecard of a campaign of that form (no query for the other forms)."""
    if campaign.form != ControlForm.SCORECARD:
        return {}
    scorecard = (
        Scorecard.private_objects.filter(campaign=campaign).select_related("project_object").first()
    )
    return {
        "scorecard": scorecard,
        "can_start_scorecard": scorecard is None and permissions.can_start(rights, campaign),
    }


def at_object(user, obj) -> list[Scorecard]:
    """The scorecards the user may see at the object, round by round."""
    return list(
        visible(user, Scorecard.private_objects.at_object(obj))
        .select_related("campaign")
        .order_by("round_number", "id")
    )
