"""The email of the meetings: to the officers of a body, when published minutes give it
commitments. It runs in a background task after the minutes committed, reads the commitments again
and sends nothing when none awaits the body any more."""

from django.core.mail import EmailMessage, get_connection

from baqylau.accountability.emails import body_officers, site_link
from baqylau.accounts.emails import render_email

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
    messages = []
    for officer in body_officers(body_id, "recommendations_received"):
        subject, text = render_email(
            "meetings/emails/commitments",
            {
                "user": officer,
                "meeting": meeting,
                "body": commitments[0].body,
                "commitments": [
                    (commitment, site_link(commitment.get_absolute_url, officer.language))
                    for commitment in commitments
                ],
            },
            language=officer.language,
        )
        messages.append(EmailMessage(subject, text, to=[officer.email]))
    if messages:
        get_connection().send_messages(messages)
