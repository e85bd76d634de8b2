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


@task()
def reports_reminder_send(body_id: int, due_soon: list[int], overdue: list[int]) -> None:
    emails.reports_reminder_send(body_id=body_id, due_soon=due_soon, overdue=overdue)
