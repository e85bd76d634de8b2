"""Emails of information requests: to the body, to the requester, to the body's officers.

Each goes out through a background task once the step commits; in tests the tasks run at once.
"""

import sys
from datetime import date
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from baqylau.accounts import services as account_services
from baqylau.accounts.models import Role
from baqylau.inforequests import services
from baqylau.inforequests.models import Answer, InformationRequest, RequestEvent, Status
from baqylau.registry.models import Organisation

from ..factories import (
    InformationRequestFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from ..helpers import set_language

Kind = RequestEvent.Kind
EMAIL = InformationRequest.Delivery.EMAIL
HELLO = {"kk": "Сәлеметсіз бе", "ru": "Здравствуйте"}


@pytest.fixture(autouse=True)
def _fake_pdf(monkeypatch):
    # The PDF letter itself is tested with the letters; here only that it travels along.
    from baqylau.inforequests import letters

    monkeypatch.setattr(letters, "request_letter_pdf", lambda request: b"%PDF-1.7 letter")


@pytest.fixture
def set_today(set_today):
    """The clock's mover (tests/conftest.py), on 12 January 2026 at first."""
    set_today(date(2026, 1, 12))
    return set_today


@pytest.fixture
def make_request(alice, body, set_today):
    def make(**fields):
        return InformationRequestFactory(
            requester=alice, body=body, **({"delivery": EMAIL} | fields)
        )

    return make


@pytest.fixture
def registered(make_request, alice, dana, committed, mailoutbox, set_today):
    request = committed(services.request_send, request=make_request(), actor=alice)
    request = services.request_register(
        request=request, registered_on=set_today(date(2026, 1, 14)), actor=dana
    )
    assert request.due_date == date(2026, 1, 29)
    mailoutbox.clear()
    return request


# The letter to the body ---------------------------------------------------------------------


def test_the_letter_goes_to_the_body_in_russian(make_request, alice, body, committed, mailoutbox):
    request = make_request(language="ru")
    committed(services.request_send, request=request, actor=alice)
    [message] = mailoutbox
    assert message.to == [body.email]
    assert message.reply_to == [alice.email]
    assert request.subject in message.subject
    assert "Управление образования" in message.body
    assert request.text in message.body and request.asked in message.body
    # The legal basis comes from the deadline rule, in the letter's language.
    assert "№ 401-V «О доступе к информации»" in message.body
    assert f"{settings.SITE_URL}/ru/requests/{request.public_id}/" in message.body
    assert "Alice, alice@example.org" in message.body
    [(name, content, mimetype)] = message.attachments
    assert (name, content, mimetype) == (
        f"information-request-{request.public_id}.pdf",
        b"%PDF-1.7 letter",
        "application/pdf",
    )


def test_the_letter_in_kazakh(make_request, alice, committed, mailoutbox):
    set_language(alice, "ru")  # the requester's own language does not matter to the body
    request = make_request(language="kk", is_public=False)
    committed(services.request_send, request=request, actor=alice)
    [message] = mailoutbox
    assert "Білім беру басқармасы" in message.body
    assert "№ 401-V Заңы" in message.body
    assert f"/kk/requests/{request.public_id}/" in message.body


def test_the_letter_goes_without_pdf_when_there_is_none(
    make_request, alice, committed, mailoutbox, monkeypatch
):
    monkeypatch.setitem(sys.modules, "baqylau.inforequests.letters", None)  # ImportError
    committed(services.request_send, request=make_request(), actor=alice)
    [message] = mailoutbox
    assert message.attachments == []


def test_nothing_is_mailed_before_the_step_commits(make_request, alice, mailoutbox):
    services.request_send(request=make_request(), actor=alice)
    assert mailoutbox == []


def test_a_request_delivered_by_hand_mails_nothing(make_request, alice, committed, mailoutbox):
    committed(
        services.request_send,
        request=make_request(delivery=InformationRequest.Delivery.BY_HAND),
        actor=alice,
    )
    assert mailoutbox == []


def test_the_letter_waits_in_the_database_queue_for_the_worker(
    make_request, alice, body, committed, mailoutbox, settings, monkeypatch
):
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    # The worker closes stale connections between tasks; here that is the test's own.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    request = committed(services.request_send, request=make_request(), actor=alice)
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "baqylau.inforequests.tasks.request_letter_send"
    assert queued.args_kwargs == {"args": [request.pk], "kwargs": {}}
    assert mailoutbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())
    [message] = mailoutbox
    assert message.to == [body.email]


# News for the requester ---------------------------------------------------------------------


def test_an_answer_in_the_platform_is_mailed_to_the_requester_in_their_language(
    registered, alice, dana, committed, mailoutbox
):
    set_language(alice, "ru")
    committed(
        services.answer_submit,
        request=registered,
        author=dana,
        source=Answer.Source.PLATFORM,
        text="The estimate is attached.",
    )
    [message] = mailoutbox
    assert message.to == [alice.email]
    assert registered.subject in message.subject
    assert message.body.startswith("Здравствуйте, Alice!")
    assert "Управление образования" in message.body
    assert f"/ru/requests/{registered.public_id}/" in message.body
    assert "The estimate is attached." not in message.body  # read on the page, signed in


def test_an_answer_the_requester_recorded_is_not_mailed_to_them(
    registered, alice, committed, mailoutbox
):
    committed(
        services.answer_submit,
        request=registered,
        author=alice,
        source=Answer.Source.POST,
        text="By post.",
    )
    assert mailoutbox == []


def test_each_step_of_the_body_is_news(make_request, alice, dana, committed, mailoutbox, set_today):
    request = committed(services.request_send, request=make_request(), actor=alice)
    mailoutbox.clear()
    committed(
        services.request_register,
        request=request,
        registered_on=date(2026, 1, 12),
        registration_number="ЗТ-5",
        actor=dana,
    )
    committed(services.request_extend, request=request, reason="Data from districts.", actor=dana)
    committed(
        services.request_ask_clarification,
        request=request,
        note="Which school do you mean?",
        happened_on=date(2026, 1, 20),
        actor=dana,
    )
    competent = OrganisationFactory(
        kind=Organisation.Kind.AKIMAT_DEPARTMENT, name_kk="Құрылыс басқармасы"
    )
    committed(services.request_clarify, request=request, note="School No. 7.", actor=alice)
    committed(
        services.request_redirect,
        request=request,
        to_body=competent,
        happened_on=date(2026, 1, 21),
        actor=dana,
    )
    registered_news, extended, clarification, redirected = mailoutbox
    assert {m.to[0] for m in mailoutbox} == {alice.email}
    assert all(m.body.startswith(HELLO["kk"]) for m in mailoutbox)
    assert "27.01.2026" in registered_news.body  # dd.mm.yyyy in Kazakh
    assert "11.02.2026" in extended.body and "Data from districts." in extended.body
    assert "Which school do you mean?" in clarification.body
    assert "Құрылыс басқармасы" in redirected.body
    assert len({m.subject for m in mailoutbox}) == 4


def test_the_requester_may_turn_the_news_off(registered, alice, dana, committed, mailoutbox):
    account_services.notification_preference_set(user=alice, request_updates=False, reminders=True)
    committed(
        services.answer_submit,
        request=registered,
        author=dana,
        source=Answer.Source.PLATFORM,
        text="Answer.",
    )
    assert mailoutbox == []
    assert registered.events.filter(kind=Kind.ANSWERED).exists()


def test_a_missed_deadline_is_news(registered, alice, committed, mailoutbox):
    set_language(alice, "ru")
    assert committed(services.requests_mark_overdue, today=date(2026, 1, 30)) == 1
    [message] = mailoutbox
    assert message.to == [alice.email]
    assert message.body.startswith("Здравствуйте")
    assert "29.01.2026" in message.body
    assert committed(services.requests_mark_overdue, today=date(2026, 1, 31)) == 0
    assert len(mailoutbox) == 1


# Reminders to officers ----------------------------------------------------------------------


@pytest.fixture
def olga(body):
    return MembershipFactory(
        user=UserFactory(email="olga@example.org", full_name="Olga", language="ru"),
        organisation=body,
        role=Role.OFFICER,
    ).user


@pytest.fixture
def officer_elsewhere(db):
    return MembershipFactory(
        user=UserFactory(email="elsewhere@example.org"),
        organisation=OrganisationFactory(),
        role=Role.OFFICER,
    ).user


def test_reminders_go_once_to_the_body_officers_only(
    registered, dana, olga, officer_elsewhere, alice, max_moderator, committed, mailoutbox
):
    early = committed(services.send_request_reminders, today=date(2026, 1, 25))
    assert early == {"reminded": 0, "overdue": 0}
    result = committed(services.send_request_reminders, today=date(2026, 1, 26))
    assert result == {"reminded": 1, "overdue": 0}
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {dana.email, olga.email}
    assert by_address[olga.email].body.startswith("Здравствуйте, Olga!")
    assert f"/ru/requests/{registered.public_id}/" in by_address[olga.email].body
    assert by_address[dana.email].body.startswith("Сәлеметсіз бе, Dana!")
    assert "29.01.2026" in by_address[dana.email].subject

    again = committed(services.send_request_reminders, today=date(2026, 1, 27))
    assert again == {"reminded": 0, "overdue": 0}
    assert len(mailoutbox) == 2
    event = registered.events.get(kind=Kind.REMINDER)
    assert (event.due_date, event.status_after) == (date(2026, 1, 29), Status.REGISTERED)


def test_an_officer_may_turn_reminders_off(registered, dana, olga, committed, mailoutbox):
    account_services.notification_preference_set(user=olga, request_updates=True, reminders=False)
    committed(services.send_request_reminders, today=date(2026, 1, 27))
    assert [m.to for m in mailoutbox] == [[dana.email]]


def test_no_officer_no_reminder(registered, dana, committed, mailoutbox):
    dana.memberships.all().delete()
    assert committed(services.send_request_reminders, today=date(2026, 1, 27))["reminded"] == 0
    assert mailoutbox == []
    assert not registered.events.filter(kind=Kind.REMINDER).exists()


def test_the_reminder_days_come_from_the_settings(registered, dana, committed, settings):
    settings.BAQYLAU_REQUEST_REMINDER_DAYS = 5
    assert committed(services.send_request_reminders, today=date(2026, 1, 24))["reminded"] == 1


def test_a_new_due_date_earns_a_new_reminder(registered, dana, committed, mailoutbox):
    committed(services.send_request_reminders, today=date(2026, 1, 27))
    services.request_extend(request=registered, reason="Volume", actor=dana)
    registered.refresh_from_db()
    assert registered.due_date == date(2026, 2, 13)
    mailoutbox.clear()
    assert committed(services.send_request_reminders, today=date(2026, 2, 11))["reminded"] == 1
    [message] = mailoutbox
    assert "13.02.2026" in message.subject


def test_the_daily_command_reminds_and_marks_overdue(registered, dana, committed, mailoutbox):
    other = services.request_send(
        request=services.request_create(
            requester=registered.requester,
            body=registered.body,
            subject="Older request",
            text="Text",
            language="kk",
            delivery=InformationRequest.Delivery.BY_HAND,
        ),
        actor=registered.requester,
    )
    InformationRequest.private_objects.filter(pk=other.pk).update(due_date=date(2026, 1, 23))
    out = StringIO()
    committed(call_command, command_name="send_request_reminders", today="2026-01-26", stdout=out)
    assert out.getvalue().splitlines() == [
        "Officers reminded of 1 request.",
        "1 request marked overdue.",
    ]
    assert {m.to[0] for m in mailoutbox} == {dana.email, registered.requester.email}
