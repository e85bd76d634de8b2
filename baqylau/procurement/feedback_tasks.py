"""Background work of what is said of the red flags: each task only calls the email function of
the same name; the services enqueue them once their transaction commits."""

from django_tasks import task

from . import feedback_emails


@task()
def flag_confirmed_send(feedback_id: int) -> None:
    feedback_emails.flag_confirmed_send(feedback_id=feedback_id)
