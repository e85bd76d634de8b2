"""Kazakhstan's working-day calendar and the legal deadlines counted on it.

The holidays library is offline data: load_calendar needs no network.
"""

import logging
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baqylau.core import calendar
from baqylau.core.calendar import (
    WorkingCalendar,
    add_working_days,
    calendar_covers,
    days_left,
    deadline,
    is_working_day,
    working_days_between,
)
from baqylau.core.models import CalendarDay, DeadlineRule

Kind, Source = CalendarDay.Kind, CalendarDay.Source


def load_calendar(*args: str) -> str:
    out = StringIO()
    call_command("load_calendar", *args, stdout=out)
    return out.getvalue()


def manual_day(day: date, kind: str, name: str = "") -> CalendarDay:
    return CalendarDay.objects.create(date=day, kind=kind, name_en=name, source=Source.MANUAL)


def test_new_year_is_not_working(kz_calendar):
    for day in (date(2025, 1, 1), date(2025, 1, 2), date(2026, 1, 1), date(2026, 1, 2)):
        assert not is_working_day(day), day
    assert is_working_day(date(2025, 12, 31))


def test_nauryz_is_not_working(kz_calendar):
    for day in (date(2026, 3, 21), date(2026, 3, 22), date(2026, 3, 23)):
        assert not is_working_day(day), day
    # In 2026 Nauryz falls on Saturday to Monday: the weekend days are given back on 24 and 25.
    assert CalendarDay.objects.get(date=date(2026, 3, 24)).kind == Kind.DAY_OFF
    assert not is_working_day(date(2026, 3, 25))
    assert is_working_day(date(2026, 3, 26))
    # 2025: Friday 21 March is a holiday, Monday 24 and Tuesday 25 are days off for the weekend.
    assert [is_working_day(date(2025, 3, d)) for d in range(20, 27)] == [
        True,  # Thursday
        False,  # Friday, Nauryz
        False,
        False,
        False,  # Monday, day off
        False,  # Tuesday, day off
        True,  # Wednesday
    ]


def test_ten_working_days_across_new_year(kz_calendar):
    # Thursday 25 December 2025: 26, 29, 30, 31 December; 1-2 January are holidays, 3-4 the
    # weekend; 5, 6; 7 January is Orthodox Christmas; 8, 9, 12, 13.
    assert add_working_days(date(2025, 12, 25), 10) == date(2026, 1, 13)
    assert working_days_between(date(2025, 12, 25), date(2026, 1, 13)) == 10


def test_working_days_across_nauryz(kz_calendar):
    # Thursday 19 March 2026: 20 March, then 21-25 are off, then 26, 27, 30, 31.
    assert add_working_days(date(2026, 3, 19), 5) == date(2026, 3, 31)
    assert add_working_days(date(2026, 3, 19), 1) == date(2026, 3, 20)
    assert add_working_days(date(2026, 3, 20), 1) == date(2026, 3, 26)


def test_government_transfer_from_the_library(kz_calendar):
    # Government decree for 2025: Friday 3 January is a day off, Sunday 5 January is worked.
    assert CalendarDay.objects.get(date=date(2025, 1, 3)).kind == Kind.DAY_OFF
    assert CalendarDay.objects.get(date=date(2025, 1, 5)).kind == Kind.WORKING_DAY
    assert not is_working_day(date(2025, 1, 3))
    assert is_working_day(date(2025, 1, 5))
    assert add_working_days(date(2025, 1, 2), 1) == date(2025, 1, 5)
    assert add_working_days(date(2025, 1, 2), 2) == date(2025, 1, 6)


def test_manual_day_off_and_working_day(kz_calendar):
    # The library has no government transfer for 2026: an administrator enters one by hand.
    manual_day(date(2026, 12, 18), Kind.DAY_OFF, "Day off (moved from 20.12.2026)")
    manual_day(date(2026, 12, 20), Kind.WORKING_DAY, "Working day (day off moved to 18.12.2026)")
    assert not is_working_day(date(2026, 12, 18))  # a Friday
    assert is_working_day(date(2026, 12, 20))  # a Sunday
    # Thursday 17 December: Friday off, Saturday off, Sunday worked, Monday.
    assert add_working_days(date(2026, 12, 17), 1) == date(2026, 12, 20)
    assert add_working_days(date(2026, 12, 17), 2) == date(2026, 12, 21)


def test_reload_keeps_manual_days_and_drops_stale_library_days(kz_calendar):
    # An administrator corrects a library holiday and adds a day of their own.
    corrected = CalendarDay.objects.get(date=date(2026, 5, 27))  # Eid al-Adha (estimated)
    corrected.kind, corrected.source = Kind.WORKING_DAY, Source.MANUAL
    corrected.save()
    manual_day(date(2026, 5, 26), Kind.PUBLIC_HOLIDAY, "Eid al-Adha")
    stale = CalendarDay.objects.create(
        date=date(2026, 6, 3), kind=Kind.PUBLIC_HOLIDAY, source=Source.LIBRARY
    )
    count = CalendarDay.objects.count()

    load_calendar("--years", "2025", "2026")

    corrected.refresh_from_db()
    assert (corrected.kind, corrected.source) == (Kind.WORKING_DAY, Source.MANUAL)
    assert CalendarDay.objects.get(date=date(2026, 5, 26)).source == Source.MANUAL
    assert not CalendarDay.objects.filter(pk=stale.pk).exists()
    assert CalendarDay.objects.count() == count - 1
    assert is_working_day(date(2026, 5, 27))
    assert not is_working_day(date(2026, 5, 26))


def test_load_is_idempotent_and_reports(db):
    first = load_calendar("--years", "2026")
    again = load_calendar("--years", "2026")
    created = CalendarDay.objects.count()
    assert f"{created} created" in first
    assert f"0 created, 0 updated, {created} unchanged, 0 removed" in again
    assert set(CalendarDay.objects.values_list("source", flat=True)) == {Source.LIBRARY}
    new_year = CalendarDay.objects.get(date=date(2026, 1, 1))
    assert (new_year.name_kk, new_year.name_ru, new_year.name_en) == (
        "Жаңа жыл",
        "Новый год",
        "New Year's Day",
    )


def test_default_years_are_previous_current_and_next_two(db, today):
    load_calendar()
    year = today.year
    assert [calendar_covers(y) for y in range(year - 2, year + 4)] == [
        False,
        True,
        True,
        True,
        True,
        False,
    ]


def test_calendar_days_rule_ending_on_sunday_moves_to_monday(kz_calendar):
    # Saturday 4 April 2026 + 15 days = Sunday 19 April, so the term ends on Monday 20 April.
    assert deadline("info-request-answer", date(2026, 4, 4)) == date(2026, 4, 20)
    # Ending on Saturday 21 March 2026 (Nauryz): 21 to 25 March are off, so Thursday 26.
    assert deadline("info-request-answer", date(2026, 3, 6)) == date(2026, 3, 26)
    # Ending on a working day: exactly 15 days.
    assert deadline("info-request-extension", date(2026, 4, 1)) == date(2026, 4, 16)


def test_working_days_rules(kz_calendar):
    assert deadline("recommendation-answer", date(2025, 12, 25)) == date(2026, 1, 13)
    # Thursday 19 March 2026: 20, 26, 27, 30, 31 March, 1 and 2 April.
    assert deadline("final-document-send", date(2026, 3, 19)) == date(2026, 4, 2)
    # Notified on Monday 6 April 2026: the object may decide from Thursday 9 April.
    assert deadline("decision-notice", date(2026, 4, 6)) == date(2026, 4, 9)


def test_deadline_reads_the_rule_from_the_database(kz_calendar):
    start = date(2026, 4, 1)
    assert deadline("info-request-answer", start) == date(2026, 4, 16)
    DeadlineRule.objects.filter(code="info-request-answer").update(days=20)
    assert deadline("info-request-answer", start) == date(2026, 4, 21)
    DeadlineRule.objects.filter(code="info-request-answer").update(unit="working")
    assert deadline("info-request-answer", start) == add_working_days(start, 20)
    DeadlineRule.objects.filter(code="info-request-answer").update(is_active=False)
    with pytest.raises(DeadlineRule.DoesNotExist):
        deadline("info-request-answer", start)


def test_initial_rules_are_installed_in_three_languages(db):
    rules = {rule.code: rule for rule in DeadlineRule.objects.all()}
    assert {code: (rule.days, rule.unit) for code, rule in rules.items()} == {
        "info-request-answer": (15, "calendar"),
        "info-request-extension": (15, "calendar"),
        "final-document-send": (7, "working"),
        "recommendation-answer": (10, "working"),
        "decision-notice": (3, "working"),
        "citizen-report-answer": (15, "working"),  # installed by participation's migration
    }
    for rule in rules.values():
        for lang in ("kk", "ru", "en"):
            assert getattr(rule, f"name_{lang}"), (rule.code, lang)
            assert getattr(rule, f"legal_reference_{lang}"), (rule.code, lang)
    assert "401-V" in rules["info-request-answer"].legal_reference_en
    assert "30-VIII" in rules["recommendation-answer"].legal_reference_ru


def test_working_days_between(kz_calendar):
    monday, friday = date(2026, 4, 6), date(2026, 4, 10)
    assert working_days_between(monday, friday) == 4
    assert working_days_between(friday, monday) == -4
    assert working_days_between(monday, monday) == 0
    assert working_days_between(date(2026, 3, 20), date(2026, 3, 26)) == 1
    start = date(2025, 11, 14)
    assert working_days_between(start, add_working_days(start, 60)) == 60


def test_counting_backwards(kz_calendar):
    # The latest day to notify the subject of a decision taken on Thursday 26 March 2026.
    assert add_working_days(date(2026, 3, 26), -3) == date(2026, 3, 18)
    assert add_working_days(date(2026, 3, 26), 0) == date(2026, 3, 26)


def test_a_calendar_with_no_working_day_fails_loudly(kz_calendar):
    start = date(2026, 7, 1)
    CalendarDay.objects.bulk_create(
        CalendarDay(date=start + timedelta(days=n), kind=Kind.DAY_OFF, source=Source.MANUAL)
        for n in range(1, 100)
        if start + timedelta(days=n) != date(2026, 7, 6)
    )
    with pytest.raises(ValueError, match="No working day"):
        add_working_days(start, 1)


def test_days_left(today):
    due = date(2026, 1, 13)
    assert days_left(due, today=date(2026, 1, 10)) == 3
    assert days_left(due, today=due) == 0
    assert days_left(due, today=date(2026, 1, 15)) == -2
    assert days_left(today) == 0


def test_query_count_does_not_grow_with_the_period(kz_calendar):
    def queries(days: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            add_working_days(date(2025, 11, 3), days)
        return len(captured)

    assert queries(60) <= 2
    assert queries(60) == queries(5) == queries(250)


def test_shared_calendar_queries_once(kz_calendar, django_assert_num_queries):
    shared = WorkingCalendar()
    with django_assert_num_queries(2):  # the year's days and the rule
        for start in (date(2025, 2, 3), date(2025, 6, 2), date(2025, 9, 1), date(2025, 11, 3)):
            add_working_days(start, 10, calendar=shared)
            is_working_day(start, calendar=shared)
            deadline("recommendation-answer", start, calendar=shared)


def test_missing_year_counts_weekends_and_warns(kz_calendar, caplog):
    assert calendar_covers(2026)
    assert not calendar_covers(2031)
    with caplog.at_level(logging.WARNING, logger=calendar.__name__):
        # 1 January 2031 is a Wednesday: unknown holidays, so it counts as a working day.
        assert is_working_day(date(2031, 1, 1))
        assert add_working_days(date(2031, 1, 2), 2) == date(2031, 1, 6)
    assert "2031" in caplog.text


def test_admin_lists_and_marks_edits_as_manual(client, root, kz_calendar):
    client.force_login(root)
    url = "/admin/core/calendarday/"
    response = client.get(url, {"year": "2026", "kind__exact": Kind.DAY_OFF, "q": "Nowruz"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 2  # 24 and 25 March 2026
    day = CalendarDay.objects.get(date=date(2026, 1, 2))
    response = client.post(
        f"{url}{day.pk}/change/",
        {
            "date": "2026-01-02",
            "kind": Kind.WORKING_DAY,
            "name_kk": "Жұмыс күні",
            "name_ru": "Рабочий день",
            "name_en": "Working day",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    day.refresh_from_db()
    assert (day.kind, day.source) == (Kind.WORKING_DAY, Source.MANUAL)
    assert client.get("/admin/core/deadlinerule/").status_code == 200
