"""The email of the meetings: to the officers of a body, when published minutes give it
commitments. It runs in a background task after the minutes committed, reads the commitments again
and sends nothing when none awaits the body any more."""

from baqylau.accountability.emails import officers_mail, site_link

from .models import Commitment, CommitmentState, Meeting


def commitments_proposed_send(*, meeting_id: int, body_id: int) -> None:
    """To the officers of the body: what the meeting decided it is to do, awaiting acceptance."""
    meeting = Meeting.private_objects.select_related("organiser").get(pk=meeting_id)
    commitments = list(
        Commitment.private_objects.filter(
            meeting=meeting, body_id=body_id, state=CommitmentState.PROPOSED
        ).select_related("body")
    )
    if not commitments:
        return
    officers_mail(
        body_id,
        "meetings/emails/commitments",
        lambda officer: {
            "meeting": meeting,
            "body": commitments[0].body,
            "commitments": [
                (commitment, site_link(commitment.get_absolute_url, officer.language))
                for commitment in commitments
            ],
        },
    )
