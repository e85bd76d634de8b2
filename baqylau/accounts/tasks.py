"""Background work of accounts: the news of what users follow, sent once the step that caused it
committed."""

from django_tasks import task

from . import emails


@task()
def notifications_send(notification_ids: list[int]) -> None:
    emails.notifications_send(notification_ids=notification_ids)
