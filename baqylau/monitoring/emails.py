"""Emails of the monitoring cycle, each in its recipient's language, to those who chose to
receive it (inforequests.NotificationPreference)."""


def recommendations_received_send(*, campaign_id: int, body_id: int) -> None:
    """To the officers of the body: the final document reached them with recommendations."""


def answer_news_send(*, answer_id: int) -> None:
    """To the campaign's coordinators: a body answered a recommendation."""


def decision_notice_send(*, notice_id: int) -> None:
    """To the campaign's coordinators: a body gave the date of its decision."""


def recommendation_overdue_send(*, recommendation_id: int) -> None:
    """To the body's officers and the campaign's coordinators: the answer is overdue."""


def recommendation_reminder_send(*, recommendation_id: int) -> None:
    """To the body's officers: the answer is due soon."""


def send_term_reminder_send(*, campaign_id: int, late: bool) -> None:
    """To the campaign's coordinators: the final document is due soon, or late."""
