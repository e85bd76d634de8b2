"""Emails of the monitoring cycle: to the officers of a body when recommendations reach it, to the
campaign's coordinators when a body answers or gives the date of its decision, to both when an
answer is overdue. Each in the recipient's language, with an absolute link, to those who chose to
receive it."""

from datetime import timedelta

import pytest
from django.conf import settings

from baqylau.accountability import emails
from baqylau.accountability import services as accountability
from baqylau.accountability.services import Measure
from baqylau.accounts.models import Role

from ..cycle import send_document
from ..factories import MembershipFactory, UserFactory
from ..helpers import officer, opt_out, set_language

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_pdf")]

SITE = settings.SITE_URL


def to(mailoutbox, user):
    return [message for message in mailoutbox if message.to == [user.email]]


# Recommendations reach the body -----------------------------------------------------------------


def test_the_officers_of_each_body_are_told_in_their_language(
    registry, ngo, alice, body, dana, other_body, oleg, committed, mailoutbox, today
):
    set_language(dana, "kk")
    set_language(oleg, "ru")
    russian = officer(body, "rustam@example.org", "ru")
    officer(body, "gone@example.org", is_active=False)
    quiet = officer(body, "quiet@example.org")
    opt_out(quiet, recommendations_received=False)

    campaign, [first, second, third] = committed(
        send_document, registry, ngo, alice, [body, body, other_body], today
    )

    assert sorted(m.to[0] for m in mailoutbox) == sorted([dana.email, russian.email, oleg.email])
    [kazakh] = to(mailoutbox, dana)
    assert "Білім беру басқармасы" in kazakh.subject
    assert "Облыстағы мектептер құрылысының мониторингі" in kazakh.subject
    assert f"{SITE}/kk/monitoring/inbox/" in kazakh.body
    assert f"{SITE}/kk/monitoring/{campaign.slug}/recommendations/1/answer/" in kazakh.body
    assert f"{SITE}/kk/monitoring/{campaign.slug}/recommendations/2/answer/" in kazakh.body
    # Only the recommendations to the officer's own body.
    assert "Recommendation 3" not in kazakh.body
    assert first.due_on.strftime("%d.%m.%Y") in kazakh.body
    [(name, content, mimetype)] = kazakh.attachments
    assert (name, content, mimetype) == (
        f"{campaign.slug}-kk.pdf",
        b"%PDF-1.7 final",
        "application/pdf",
    )

    [in_russian] = to(mailoutbox, russian)
    assert "Управление образования" in in_russian.subject
    assert "Мониторинг строительства школ области" in in_russian.subject
    assert f"{SITE}/ru/monitoring/inbox/" in in_russian.body

    [other] = to(mailoutbox, oleg)
    assert "Управление здравоохранения" in other.subject
    assert f"{SITE}/ru/monitoring/{campaign.slug}/recommendations/3/answer/" in other.body
    assert "Recommendation 3" in other.body and "Recommendation 1" not in other.body


# News for the coordinators ----------------------------------------------------------------------


@pytest.fixture
def sent(registry, ngo, alice, bob, body, today):
    """Two recommendations to `body`, sent two days ago; alice (coordinator, Russian) and bob
    (monitor) on the team."""
    set_language(alice, "ru")
    return send_document(registry, ngo, alice, [body, body], today, monitors=[bob])


def test_the_coordinators_learn_of_an_answer(
    sent, alice, bob, dana, ngo, committed, mailoutbox, today
):
    campaign, [first, _second] = sent
    # A coordinator of the NGO who is not on the team hears nothing of the campaign.
    MembershipFactory(
        user=UserFactory(email="zhanar@example.org"), organisation=ngo, role=Role.COORDINATOR
    )
    committed(
        accountability.answer_give,
        recommendation=first,
        actor=dana,
        decision="partly",
        reasons="The roof is repaired; the heating waits for next year's budget.",
        measures=[Measure("Repair the roof", today + timedelta(days=40))],
    )
    [message] = mailoutbox
    assert message.to == [alice.email]
    assert "Управление образования" in message.subject and "1" in message.subject
    assert "The roof is repaired" in message.body
    assert "Repair the roof" in message.body
    assert f"{SITE}/ru/monitoring/{campaign.slug}/recommendations/1/" in message.body


def test_a_late_answer_is_said_to_be_late(sent, alice, dana, committed, mailoutbox, set_today):
    _campaign, [first, _second] = sent
    set_today(first.due_on + timedelta(days=3))
    set_language(alice, "en")
    committed(
        accountability.answer_give,
        recommendation=first,
        actor=dana,
        decision="rejected",
        reasons="Not our competence.",
    )
    [message] = mailoutbox
    assert message.subject == "Recommendation No. 1 rejected: Education Department"
    assert "it is recorded as late" in message.body


def test_the_coordinators_learn_the_date_of_a_decision(
    sent, alice, dana, committed, mailoutbox, today
):
    campaign, [first, _second] = sent
    set_language(alice, "en")
    notice = committed(
        accountability.decision_notice_give,
        recommendation=first,
        actor=dana,
        decision_on=today + timedelta(days=20),
        note="A hearing in room 12, or by video.",
    )
    [message] = mailoutbox
    assert message.to == [alice.email]
    day = notice.decision_on
    assert f"{day.day} {day.strftime('%b')} {day.year}" in message.subject
    assert "A hearing in room 12, or by video." in message.body
    assert f"{SITE}/en/monitoring/{campaign.slug}/recommendations/1/" in message.body


def test_coordinators_who_opted_out_receive_no_news(
    sent, alice, dana, committed, mailoutbox, today
):
    _campaign, [first, second] = sent
    opt_out(alice, campaign_updates=False)
    committed(
        accountability.answer_give,
        recommendation=first,
        actor=dana,
        decision="rejected",
        reasons="No budget.",
    )
    committed(
        accountability.decision_notice_give,
        recommendation=second,
        actor=dana,
        decision_on=today + timedelta(days=20),
    )
    assert mailoutbox == []


# Overdue ------------------------------------------------------------------------------------------


def test_an_overdue_answer_is_told_to_officers_and_coordinators(
    sent, alice, bob, dana, body, committed, mailoutbox
):
    campaign, [first, second] = sent
    set_language(dana, "kk")
    quiet = officer(body, "quiet@example.org")
    opt_out(quiet, reminders=False)
    accountability.answer_give(
        recommendation=second, actor=dana, decision="rejected", reasons="No budget."
    )
    mailoutbox.clear()
    marked = committed(
        accountability.recommendations_mark_overdue, today=first.due_on + timedelta(days=1)
    )
    assert marked == 1
    assert sorted(m.to[0] for m in mailoutbox) == sorted([dana.email, alice.email])
    [to_officer] = to(mailoutbox, dana)
    assert "Білім беру басқармасы" in to_officer.subject
    assert f"{SITE}/kk/monitoring/{campaign.slug}/recommendations/1/answer/" in to_officer.body
    [to_coordinator] = to(mailoutbox, alice)
    assert "Управление образования" in to_coordinator.subject
    assert f"{SITE}/ru/monitoring/{campaign.slug}/recommendations/1/" in to_coordinator.body
    assert "/answer/" not in to_coordinator.body


def test_no_overdue_email_once_the_answer_came(sent, dana, mailoutbox):
    _campaign, [first, _second] = sent
    accountability.recommendations_mark_overdue(today=first.due_on + timedelta(days=1))
    first.refresh_from_db()
    accountability.answer_give(
        recommendation=first, actor=dana, decision="rejected", reasons="No budget."
    )
    mailoutbox.clear()
    emails.recommendation_overdue_send(recommendation_id=first.pk)
    assert mailoutbox == []
