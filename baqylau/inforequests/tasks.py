"""Background work of information requests. Each task only calls the email function of the same
name; the services enqueue them once their transaction commits."""

from django_tasks import task

from . import emails


@task()
def request_letter_send(request_id: int) -> None:
    emails.request_letter_send(request_id=request_id)


@task()
def requester_news_send(event_id: int) -> None:
    emails.requester_news_send(event_id=event_id)


@task()
def officer_reminder_send(event_id: int) -> None:
    emails.officer_reminder_send(event_id=event_id)
