"""Reminders to the officers of a body of the problem reports due soon and overdue
(`send_report_reminders`): one email per body, once per due date, in the officer's language,
respecting their choice of emails about reports."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command

from baqylau.participation import reports
from baqylau.participation.models import Report, ReportEvent
from baqylau.participation.reminders import reports_remind
from tests.helpers import officer, opt_out, set_language

pytestmark = pytest.mark.django_db


def due(report, day) -> Report:
    Report.private_objects.filter(pk=report.pk).update(due_on=day)
    report.refresh_from_db()
    return report


def run(committed, **kwargs):
    return committed(lambda: reports_remind(**kwargs))


@pytest.fixture
def reminded(published_report, set_today, body, dana):
    """On Thursday 5 March 2026: one report due on Monday (2 working days), one due in three
    weeks, one past due since Tuesday, one answered and past due. dana reads English."""
    set_language(dana, "en")
    set_today(date(2026, 3, 5))
    made = {
        "soon": due(published_report(title="Due Monday"), date(2026, 3, 9)),
        "later": published_report(title="Due later"),
        "late": due(published_report(title="Past due"), date(2026, 3, 3)),
        "answered": due(published_report(title="Answered"), date(2026, 3, 3)),
    }
    return made


def test_one_email_per_body_lists_reports_due_soon_and_overdue(
    reminded, dana, body, committed, mailoutbox
):
    reports.report_answer(
        report=reminded["answered"], actor=dana, kind=ReportEvent.Kind.ACKNOWLEDGED
    )
    mailoutbox.clear()
    result = run(committed, today=date(2026, 3, 5))
    assert (result.due_soon, result.overdue, result.bodies) == (1, 1, 1)
    assert [message.to for message in mailoutbox] == [["dana@example.org"]]
    text = mailoutbox[0].body
    assert "Due Monday" in text and "Past due" in text
    assert "Due later" not in text and "Answered" not in text
    assert "2 working days left" in text and "overdue by 2 working days" in text
    assert f"/participation/inbox/{reminded['soon'].pk}/" in text
    assert mailoutbox[0].subject == "1 citizen's report past the due date"


def test_a_second_run_sends_nothing_but_a_new_due_date_is_reminded_again(
    reminded, committed, mailoutbox
):
    run(committed, today=date(2026, 3, 5))
    mailoutbox.clear()
    assert run(committed, today=date(2026, 3, 5)).bodies == 0
    assert run(committed, today=date(2026, 3, 6)).bodies == 0
    assert mailoutbox == []
    # Reopened or forwarded: a new due date, reminded of again.
    due(reminded["soon"], date(2026, 3, 10))
    result = run(committed, today=date(2026, 3, 6))
    assert (result.due_soon, result.overdue) == (1, 0)
    assert len(mailoutbox) == 1


def test_officers_who_turned_reports_off_are_not_written_to(
    reminded, dana, body, committed, mailoutbox
):
    officer(body, "olzhas@example.org", language="ru")
    opt_out(dana, reports_received=False)
    run(committed, today=date(2026, 3, 5))
    assert [message.to for message in mailoutbox] == [["olzhas@example.org"]]
    assert "/ru/participation/inbox/" in mailoutbox[0].body


def test_a_body_whose_officers_want_no_email_keeps_its_reminders_for_later(
    reminded, dana, body, committed, mailoutbox
):
    opt_out(dana, reports_received=False)
    assert run(committed, today=date(2026, 3, 5)).bodies == 0
    officer(body, "new@example.org")
    assert run(committed, today=date(2026, 3, 5)).bodies == 1
    assert [message.to for message in mailoutbox] == [["new@example.org"]]


def test_answered_since_the_run_is_left_out_of_the_email(
    reminded, dana, body, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        reports_remind(today=date(2026, 3, 5))
    reports.report_answer(
        report=reminded["late"], actor=dana, kind=ReportEvent.Kind.REJECTED, text="No."
    )
    mailoutbox.clear()
    for callback in callbacks:
        callback()
    assert "Past due" not in mailoutbox[0].body and "Due Monday" in mailoutbox[0].body


def test_the_command(reminded, committed, mailoutbox):
    out = io.StringIO()
    committed(lambda: call_command("send_report_reminders", "--date", "2026-03-05", stdout=out))
    assert "1 report due soon" in out.getvalue()
    assert "2 reports past the due date" in out.getvalue()
    assert len(mailoutbox) == 1
    with pytest.raises(CommandError):
        call_command("send_report_reminders", "--date", "5.3.2026")
    with pytest.raises(CommandError):
        call_command("send_report_reminders", "--days", "-1")


def test_more_days_before_the_due_date(reminded, committed, mailoutbox):
    result = run(committed, today=date(2026, 3, 5), days=20)
    assert result.due_soon == 2
    assert timedelta(days=0) < reminded["later"].due_on - date(2026, 3, 5)
