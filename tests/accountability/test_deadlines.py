"""The terms of the monitoring cycle on Kazakhstan's working-day calendar, and the daily command
that marks overdue answers, reminds officers and warns coordinators, each once."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from baqylau.accountability import services as accountability
from baqylau.accountability import terms
from baqylau.accountability.models import AnswerState
from baqylau.core.models import CalendarDay
from baqylau.monitoring.models import Campaign

from ..cycle import finished_control, send_document
from ..helpers import officer, opt_out

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_pdf")]


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """The command as cron runs it, its tasks run once each step commits; returns its output."""

    def run_command(*args: str) -> str:
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_monitoring_reminders", *args, stdout=out)
        return out.getvalue()

    return run_command


def sent_on(registry, ngo, alice, body, set_today, day: date, n: int = 1):
    """`n` recommendations to `body` received on `day` (control ended two weeks before)."""
    set_today(day)
    return send_document(
        registry, ngo, alice, [body] * n, day, ends_on=day - timedelta(days=14), sent_on=day
    )


# The term of the answer, counted in working days ------------------------------------------------


def test_ten_working_days_across_new_year(registry, ngo, alice, body, set_today, kz_calendar):
    # Thursday 25 December 2025: 26, 29, 30, 31 December; 1-2 January are holidays, 3-4 the
    # weekend; 5, 6; 7 January is Orthodox Christmas; 8, 9, 12, 13.
    _campaign, [recommendation] = sent_on(registry, ngo, alice, body, set_today, date(2025, 12, 25))
    assert recommendation.due_on == date(2026, 1, 13)
    assert recommendation.state == AnswerState.AWAITING


def test_ten_working_days_across_nauryz(registry, ngo, alice, body, set_today, kz_calendar):
    # Thursday 12 March 2026: 13, 16-20 March; 21-23 Nauryz and 24-25 days off for the weekend;
    # 26, 27, 30, 31.
    _campaign, [recommendation] = sent_on(registry, ngo, alice, body, set_today, date(2026, 3, 12))
    assert recommendation.due_on == date(2026, 3, 31)


def test_ten_working_days_across_a_transferred_day_off(
    registry, ngo, alice, body, set_today, kz_calendar
):
    # A Government transfer the library does not know, entered by an administrator: Monday
    # 12 October 2026 off, Saturday 3 October worked in its place.
    manual = CalendarDay.Source.MANUAL
    CalendarDay.objects.create(
        date=date(2026, 10, 12), kind=CalendarDay.Kind.DAY_OFF, source=manual
    )
    CalendarDay.objects.create(
        date=date(2026, 10, 3), kind=CalendarDay.Kind.WORKING_DAY, source=manual
    )
    # Thursday 8 October: 9, (12 off), 13-16, 19-22, 23 instead of 22.
    _campaign, [recommendation] = sent_on(registry, ngo, alice, body, set_today, date(2026, 10, 8))
    assert recommendation.due_on == date(2026, 10, 23)


# Overdue ------------------------------------------------------------------------------------------


def test_overdue_answers_are_marked_once(
    registry, ngo, alice, body, dana, set_today, kz_calendar, run, mailoutbox
):
    # Tuesday 3 February 2026: due Tuesday 17 February.
    campaign, [first, second] = sent_on(
        registry, ngo, alice, body, set_today, date(2026, 2, 3), n=2
    )
    assert first.due_on == date(2026, 2, 17)
    accountability.answer_give(
        recommendation=second, actor=dana, decision="rejected", reasons="No budget."
    )
    mailoutbox.clear()

    set_today(date(2026, 2, 17))
    assert "0 recommendations marked overdue." in run()  # due today: a reminder only
    mailoutbox.clear()
    set_today(date(2026, 2, 18))
    output = run()
    assert "1 recommendation marked overdue." in output
    first.refresh_from_db()
    assert first.state == AnswerState.OVERDUE and first.overdue_at is not None
    assert sorted(m.to[0] for m in mailoutbox) == sorted([dana.email, alice.email])

    mailoutbox.clear()
    assert "0 recommendations marked overdue." in run()
    assert "0 recommendations marked overdue." in run("--date", "2026-02-19")
    assert mailoutbox == []
    # Answered late afterwards, it stays answered late.
    accountability.answer_give(
        recommendation=first,
        actor=dana,
        decision="accepted",
        reasons="Agreed.",
        measures=[accountability.Measure("Resume the works", date(2026, 6, 1))],
    )
    first.refresh_from_db()
    assert first.state == AnswerState.ACCEPTED and first.answered_late


# Reminders --------------------------------------------------------------------------------------


def test_officers_are_reminded_once_per_due_date(
    registry, ngo, alice, body, dana, set_today, kz_calendar, run, mailoutbox, settings
):
    settings.BAQYLAU_RECOMMENDATION_REMINDER_DAYS = 3
    campaign, recommendations = sent_on(
        registry, ngo, alice, body, set_today, date(2026, 2, 3), n=2
    )
    mailoutbox.clear()
    # Due Tuesday 17 February: Wednesday 11 is four working days before, Thursday 12 three.
    set_today(date(2026, 2, 11))
    assert "Officers reminded of 0 recommendations." in run()
    set_today(date(2026, 2, 12))
    assert "Officers reminded of 2 recommendations." in run()
    # One email for both recommendations of the campaign to the body, in the officer's language.
    [message] = mailoutbox
    assert message.to == [dana.email]
    assert "17.02.2026" in message.subject
    assert "Recommendation 1" in message.body and "Recommendation 2" in message.body
    assert f"/kk/monitoring/{campaign.slug}/recommendations/2/answer/" in message.body
    for recommendation in recommendations:
        recommendation.refresh_from_db()
        assert recommendation.reminded_for == date(2026, 2, 17)

    mailoutbox.clear()
    assert "Officers reminded of 0 recommendations." in run()
    set_today(date(2026, 2, 13))
    assert "Officers reminded of 0 recommendations." in run()
    assert mailoutbox == []

    # A new due date (corrected by an administrator) earns a new reminder.
    first = recommendations[0]
    first.due_on = date(2026, 2, 16)
    first.save()
    assert "Officers reminded of 1 recommendation." in run()
    [message] = mailoutbox
    assert "16.02.2026" in message.subject and "Recommendation 2" not in message.body


def test_no_reminder_for_what_is_answered_or_for_officers_who_opted_out(
    registry, ngo, alice, body, dana, set_today, kz_calendar, run, mailoutbox
):
    campaign, [first, second] = sent_on(
        registry, ngo, alice, body, set_today, date(2026, 2, 3), n=2
    )
    accountability.answer_give(
        recommendation=second, actor=dana, decision="rejected", reasons="No budget."
    )
    opt_out(dana, reminders=False)
    mailoutbox.clear()
    set_today(date(2026, 2, 12))
    assert "Officers reminded of 0 recommendations." in run()
    assert mailoutbox == []
    # Nothing was claimed: an officer who wants reminders gets one the next day.
    newcomer = officer(body, "newcomer@example.org", "ru")
    set_today(date(2026, 2, 13))
    assert "Officers reminded of 1 recommendation." in run()
    [message] = mailoutbox
    assert message.to == [newcomer.email]
    assert "Recommendation 1" in message.body and "Recommendation 2" not in message.body
    assert "Управление образования" in message.body


# The final document's term --------------------------------------------------------------------


def test_coordinators_are_warned_once_near_and_once_late(
    registry, ngo, alice, bob, set_today, kz_calendar, run, mailoutbox
):
    # Control ended on Friday 6 February 2026: the document is due 7 working days later, on
    # Tuesday 17 February.
    set_today(date(2026, 2, 6))
    campaign = finished_control(
        registry,
        ngo,
        alice,
        date(2026, 2, 6),
        monitors=[bob],
        starts_on=date(2026, 1, 5),
        ends_on=date(2026, 2, 6),
    )
    assert terms.send_term(campaign, today=date(2026, 2, 6)).due_on == date(2026, 2, 17)
    set_today(date(2026, 2, 12))
    assert "Coordinators warned of 0 final documents due soon." in run()
    set_today(date(2026, 2, 13))  # two working days left
    output = run()
    assert "Coordinators warned of 1 final document due soon." in output
    [message] = mailoutbox
    assert message.to == [alice.email]
    assert "17.02.2026" in message.subject
    assert f"/kk/monitoring/{campaign.slug}/" in message.body
    campaign.refresh_from_db()
    assert campaign.send_reminded_for == date(2026, 2, 17)

    mailoutbox.clear()
    set_today(date(2026, 2, 16))
    assert "Coordinators warned of 0 final documents due soon." in run()
    set_today(date(2026, 2, 17))
    assert "Coordinators warned of 0 final documents due soon." in run()
    assert mailoutbox == []

    set_today(date(2026, 2, 18))
    output = run()
    assert "Coordinators told of 1 final document not sent in time." in output
    [message] = mailoutbox
    assert message.to == [alice.email]
    campaign.refresh_from_db()
    assert campaign.send_overdue_notified_at is not None
    mailoutbox.clear()
    set_today(date(2026, 2, 19))
    assert "Coordinators told of 0 final documents not sent in time." in run()
    assert mailoutbox == []


def test_no_warning_once_the_document_is_sent(
    registry, ngo, alice, body, set_today, kz_calendar, run, mailoutbox
):
    campaign, _recommendations = sent_on(registry, ngo, alice, body, set_today, date(2026, 2, 13))
    mailoutbox.clear()
    set_today(date(2026, 3, 2))
    output = run()
    assert "Coordinators warned of 0 final documents due soon." in output
    assert "Coordinators told of 0 final documents not sent in time." in output
    assert Campaign.private_objects.get(pk=campaign.pk).send_overdue_notified_at is None


def test_the_command_refuses_a_date_it_cannot_read(run):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--date", "18.02.2026")


def test_the_command_reports_every_count(run, db):
    assert run().splitlines() == [
        "0 recommendations marked overdue.",
        "Officers reminded of 0 recommendations.",
        "Coordinators warned of 0 final documents due soon.",
        "Coordinators told of 0 final documents not sent in time.",
    ]
