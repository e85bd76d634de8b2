"""The email of a scorecard: to the officers of a body, when the joint action plan reaches it.
It runs in a background task after the submission committed, reads the lines again and sends
nothing when none awaits the body any more."""

from baqylau.accountability.emails import officers_mail, site_link
from baqylau.meetings.models import CommitmentState

from .models import ActionItem, Scorecard


def plan_submitted_send(*, scorecard_id: int, body_id: int) -> None:
    """To the officers of the body: the lines of the plan that await its acceptance."""
    scorecard = Scorecard.private_objects.select_related("campaign__ngo", "project_object").get(
        pk=scorecard_id
    )
    lines = list(
        ActionItem.private_objects.filter(
            scorecard=scorecard, body_id=body_id, commitment__state=CommitmentState.PROPOSED
        ).select_related("body", "commitment")
    )
    if not lines:
        return
    officers_mail(
        body_id,
        "scorecards/emails/plan",
        lambda officer: {
            "scorecard": scorecard,
            "body": lines[0].body,
            "lines": lines,
            "link": site_link(scorecard.get_absolute_url, officer.language),
        },
    )
