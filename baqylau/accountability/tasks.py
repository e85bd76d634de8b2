"""Background work of the monitoring cycle. Each task only calls the email function of the same
name; the services enqueue them once their transaction commits."""

from django_tasks import task

from . import emails


@task()
def recommendations_received_send(campaign_id: int, body_id: int) -> None:
    emails.recommendations_received_send(campaign_id=campaign_id, body_id=body_id)


@task()
def answer_news_send(answer_id: int) -> None:
    emails.answer_news_send(answer_id=answer_id)


@task()
def decision_notice_send(notice_id: int) -> None:
    emails.decision_notice_send(notice_id=notice_id)


@task()
def recommendation_overdue_send(recommendation_id: int) -> None:
    emails.recommendation_overdue_send(recommendation_id=recommendation_id)


@task()
def recommendation_reminder_send(recommendation_id: int) -> None:
    emails.recommendation_reminder_send(recommendation_id=recommendation_id)


@task()
def send_term_reminder_send(campaign_id: int, late: bool) -> None:
    emails.send_term_reminder_send(campaign_id=campaign_id, late=late)
