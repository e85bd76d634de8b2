"""Background work of meetings: each task only calls the email function of the same name; the
services enqueue them once their transaction commits."""

from django_tasks import task

from . import emails


@task()
def commitments_proposed_send(meeting_id: int, body_id: int) -> None:
    emails.commitments_proposed_send(meeting_id=meeting_id, body_id=body_id)
