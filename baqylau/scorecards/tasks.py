"""Background work of scorecards: each task only calls the email function of the same name; the
services enqueue them once their transaction commits."""

from django_tasks import task

from . import emails


@task()
def plan_submitted_send(scorecard_id: int, body_id: int) -> None:
    emails.plan_submitted_send(scorecard_id=scorecard_id, body_id=body_id)
