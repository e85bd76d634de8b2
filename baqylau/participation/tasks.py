"""Background work of participation. Each task only calls the email function of the same name;
the services enqueue them once their transaction commits."""

from django_tasks import task

from . import emails


@task()
def report_confirmation_send(report_id: int) -> None:
    emails.report_confirmation_send(report_id=report_id)


@task()
def report_published_send(report_id: int) -> None:
    emails.report_published_send(report_id=report_id)


@task()
def report_answer_send(event_id: int) -> None:
    emails.report_answer_send(event_id=event_id)
