"""The state body's side of the monitoring cycle: the inbox of recommendations, the answer to each
one separately (decision, reasons, measures with dates, files checked by content) and the notice
of the date of a decision."""

import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from baqylau.accountability import services as accountability
from baqylau.accountability.models import (
    AnswerFile,
    AnswerState,
    DecisionNotice,
    PlannedMeasure,
    RecommendationAnswer,
)
from baqylau.accounts.models import NotificationPreference
from baqylau.core.calendar import WorkingCalendar
from baqylau.monitoring.models import Status

from ..cycle import send_document
from ..helpers import campaign_urls, count_queries, jpeg, stored_files

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_pdf")]


page = campaign_urls("accountability")


# The inbox --------------------------------------------------------------------------------------


@pytest.fixture
def sent(registry, ngo, alice, body, today):
    """Two recommendations to `body`, sent two days ago."""
    campaign, recommendations = send_document(registry, ngo, alice, [body, body], today)
    return campaign, recommendations


def test_the_inbox_for_every_persona(client, personas, sent):
    campaign, [first, second] = sent
    for name, user in personas.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(page("inbox"))
        if name == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith("/en/accounts/login/")
        elif name == "officer":
            assert response.status_code == 200
            html = response.content.decode()
            assert campaign.title in html and "Adal Monitoring" in html
            assert page("answer", campaign, number=1) in html
            assert page("answer", campaign, number=2) in html
        else:
            # Coordinators, monitors, citizens, moderators, staff: not officers of a body.
            assert response.status_code == 403, name


def test_an_officer_of_another_body_sees_nothing_of_this_one(client, sent, oleg):
    campaign, _recommendations = sent
    client.force_login(oleg)
    response = client.get(page("inbox"))
    assert response.status_code == 200
    html = response.content.decode()
    assert campaign.title not in html
    assert "No recommendation matches." in html
    # Nor may they answer it or give a date: they see the public campaign, but it is not theirs.
    assert client.get(page("answer", campaign, number=1)).status_code == 403
    assert client.get(page("decision_notice", campaign, number=1)).status_code == 403


def test_the_answer_page_for_every_persona(client, personas, sent):
    campaign, _recommendations = sent
    for name, user in personas.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for view in ("answer", "decision_notice"):
            response = client.get(page(view, campaign, number=1))
            expected = {"anonymous": 302, "officer": 200}.get(name, 403)
            assert response.status_code == expected, (name, view)
    client.force_login(personas["officer"])
    assert client.get(page("answer", campaign, number=9)).status_code == 404


def test_the_inbox_sorts_by_due_date_and_filters(client, registry, ngo, alice, body, dana, today):
    older, _ = send_document(
        registry,
        ngo,
        alice,
        [body],
        today,
        ends_on=today - timedelta(days=60),
        sent_on=today - timedelta(days=45),
    )
    newer, [awaiting] = send_document(registry, ngo, alice, [body], today)
    answered_campaign, [answered] = send_document(registry, ngo, alice, [body], today)
    accountability.answer_give(
        recommendation=answered, actor=dana, decision="rejected", reasons="No money this year."
    )
    client.force_login(dana)
    html = client.get(page("inbox")).content.decode()
    # The one due first on top: the older campaign's recommendation, overdue.
    assert html.index(page("answer", older, number=1)) < html.index(page("answer", newer, number=1))
    assert "overdue by" in html
    assert "working days left" in html
    rows = {
        state: client.get(page("inbox") + f"?state={state}").content.decode()
        for state in ("awaiting", "overdue", "answered")
    }
    assert page("answer", older, number=1) in rows["overdue"]
    assert page("answer", older, number=1) not in rows["awaiting"]
    assert page("answer", newer, number=1) in rows["awaiting"]
    assert page("answer", answered_campaign, number=1) in rows["answered"]
    assert page("answer", answered_campaign, number=1) not in rows["awaiting"]
    assert awaiting.state == AnswerState.AWAITING


def test_the_inbox_runs_a_constant_number_of_queries(
    client, registry, ngo, alice, body, dana, today
):
    send_document(registry, ngo, alice, [body], today)

    client.force_login(dana)
    small = count_queries(client, page("inbox"))
    for _ in range(3):
        send_document(registry, ngo, alice, [body, body], today)
    assert count_queries(client, page("inbox")) == small


def test_officers_find_the_inbox_in_the_navigation(client, dana, carol, sent):
    client.force_login(dana)
    assert page("inbox") in client.get(page("monitoring:list")).content.decode()
    client.force_login(carol)
    assert page("inbox") not in client.get(page("monitoring:list")).content.decode()


# Answering --------------------------------------------------------------------------------------


def answer_data(*, today, **changes) -> dict:
    data = {
        "decision": "accepted",
        "reasons": "The contractor is fined; works resume in June.",
        "measures-TOTAL_FORMS": "3",
        "measures-INITIAL_FORMS": "0",
        "measures-MIN_NUM_FORMS": "0",
        "measures-MAX_NUM_FORMS": "30",
        "measures-0-text": "Fine the contractor",
        "measures-0-due_on": (today + timedelta(days=30)).isoformat(),
        "measures-1-text": "",
        "measures-1-due_on": "",
        "measures-2-text": "",
        "measures-2-due_on": "",
    }
    return data | changes


def test_each_recommendation_is_answered_separately(client, sent, dana, alice, today):
    campaign, [first, second] = sent
    client.force_login(dana)
    html = client.get(page("answer", campaign, number=1)).content.decode()
    # The recommendation and the finding it rests on come first.
    assert "Recommendation 1" in html and "The school is 40 % built" in html
    assert "Contract No. 12, clause 4.1" in html
    assert 'name="measures-TOTAL_FORMS"' in html

    response = client.post(page("answer", campaign, number=1), answer_data(today=today))
    assert response.status_code == 302 and response["Location"] == page("inbox")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, first.answered_on, first.answered_late) == (
        AnswerState.ACCEPTED,
        today,
        False,
    )
    assert second.state == AnswerState.AWAITING
    answer = RecommendationAnswer.private_objects.get(recommendation=first)
    assert answer.answered_by == dana
    assert [(m.text, m.due_on) for m in answer.measures.all()] == [
        ("Fine the contractor", today + timedelta(days=30))
    ]
    campaign.refresh_from_db()
    assert campaign.status == Status.DOCUMENT_SENT

    # Answered: the page shows the answer and offers no form; a second answer is not possible.
    html = client.get(page("answer", campaign, number=1)).content.decode()
    assert "The contractor is fined" in html and 'name="decision"' not in html
    client.post(page("answer", campaign, number=1), answer_data(decision="rejected", today=today))
    assert RecommendationAnswer.private_objects.filter(recommendation=first).count() == 1

    response = client.post(
        page("answer", campaign, number=2),
        answer_data(decision="partly", reasons="Only the roof, for now.", today=today),
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == Status.ANSWERS_RECEIVED
    assert campaign.status_changes.latest("pk").status == Status.ANSWERS_RECEIVED


def test_measures_are_required_unless_the_body_rejects(client, sent, dana, today):
    campaign, [first, _second] = sent
    client.force_login(dana)
    no_measures = answer_data(**{"measures-0-text": "", "measures-0-due_on": ""}, today=today)
    response = client.post(page("answer", campaign, number=1), no_measures)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Name at least one measure the body plans" in html
    # What was typed is kept.
    assert "The contractor is fined; works resume in June." in html
    assert not RecommendationAnswer.private_objects.exists()

    no_measures["decision"] = "rejected"
    assert client.post(page("answer", campaign, number=1), no_measures).status_code == 302
    first.refresh_from_db()
    assert first.state == AnswerState.REJECTED


def test_each_measure_has_a_date_not_before_the_answer(client, sent, dana, today):
    campaign, _recommendations = sent
    client.force_login(dana)
    url = page("answer", campaign, number=1)
    html = client.post(url, answer_data(**{"measures-0-due_on": ""}, today=today)).content.decode()
    assert "Give the date by which the measure is to be done." in html
    html = client.post(
        url, answer_data(**{"measures-1-due_on": "2030-01-01", "measures-1-text": ""}, today=today)
    ).content.decode()
    assert "Say what is to be done by this date." in html
    yesterday = (today - timedelta(days=1)).isoformat()
    html = client.post(
        url, answer_data(**{"measures-0-due_on": yesterday}, today=today)
    ).content.decode()
    assert "A measure cannot be due before the answer." in html
    assert "Fine the contractor" in html  # kept
    assert not RecommendationAnswer.private_objects.exists()
    assert not PlannedMeasure.private_objects.exists()


def test_more_rows_for_measures_keep_what_was_typed(client, sent, dana, today):
    campaign, _recommendations = sent
    client.force_login(dana)
    response = client.post(page("answer", campaign, number=1), answer_data(more="1", today=today))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="measures-TOTAL_FORMS" value="4"' in html.replace('type="hidden" ', "")
    assert "Fine the contractor" in html and "works resume in June" in html
    assert not RecommendationAnswer.private_objects.exists()


def test_a_file_whose_name_lies_is_refused_and_nothing_is_written(
    client, sent, dana, settings, today
):
    campaign, [first, _second] = sent
    client.force_login(dana)
    before = stored_files(settings.MEDIA_ROOT)
    files = [
        SimpleUploadedFile("site.jpg", jpeg(), "image/jpeg"),
        SimpleUploadedFile("letter.pdf", jpeg(), "application/pdf"),
    ]
    response = client.post(
        page("answer", campaign, number=1), answer_data(files=files, today=today)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "letter.pdf: the name says another type of file than its content." in html
    assert "choose the files again" in html
    assert "The contractor is fined; works resume in June." in html
    assert "Fine the contractor" in html
    assert not RecommendationAnswer.private_objects.exists()
    assert not AnswerFile.private_objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == before
    first.refresh_from_db()
    assert first.state == AnswerState.AWAITING

    files = [SimpleUploadedFile("letter.jpg", jpeg(), "image/jpeg")]
    response = client.post(
        page("answer", campaign, number=1), answer_data(files=files, today=today)
    )
    assert response.status_code == 302
    [stored] = AnswerFile.private_objects.all()
    assert stored.name == "letter.jpg" and stored.content_type == "image/jpeg"
    assert stored.original.storage.exists(stored.original.name)
    assert stored.public_file.storage.exists(stored.public_file.name)


def test_an_answer_after_the_due_date_is_recorded_late(client, sent, dana, set_today, today):
    campaign, [first, _second] = sent
    set_today(WorkingCalendar().add_working_days(first.due_on, 1))
    client.force_login(dana)
    html = client.get(page("answer", campaign, number=1)).content.decode()
    assert "overdue by 1 working day" in html
    assert (
        client.post(page("answer", campaign, number=1), answer_data(today=today)).status_code == 302
    )
    first.refresh_from_db()
    assert first.answered_late and first.state == AnswerState.ACCEPTED
    assert "after the due date" in client.get(page("answer", campaign, number=1)).content.decode()


# The date of the decision -----------------------------------------------------------------------


def test_the_decision_is_notified_three_working_days_ahead_across_a_weekend(
    client, registry, ngo, alice, body, dana, set_today, kz_calendar
):
    # Wednesday 4 February 2026: Thursday, Friday, (the weekend), Monday.
    day = set_today(date(2026, 2, 4))
    campaign, [recommendation] = send_document(
        registry, ngo, alice, [body], day, ends_on=date(2026, 1, 20), sent_on=date(2026, 2, 2)
    )
    client.force_login(dana)
    url = page("decision_notice", campaign, number=1)
    html = client.get(url).content.decode()
    assert "9 Feb 2026" in html  # the earliest date, shown and offered
    assert 'value="2026-02-09"' in html

    response = client.post(url, {"decision_on": "2026-02-06", "note": "Hearing at 10:00."})
    assert response.status_code == 200
    assert "at least 3 working days ahead" in response.content.decode()
    assert "on 9 Feb 2026 at the earliest" in response.content.decode()
    assert "Hearing at 10:00." in response.content.decode()
    assert not DecisionNotice.private_objects.exists()

    response = client.post(url, {"decision_on": "2026-02-09", "note": "Hearing at 10:00."})
    assert response.status_code == 302
    assert response["Location"] == page("answer", campaign, number=1)
    notice = DecisionNotice.private_objects.get()
    assert (notice.decision_on, notice.notified_on, notice.notified_by, notice.note) == (
        date(2026, 2, 9),
        date(2026, 2, 4),
        dana,
        "Hearing at 10:00.",
    )
    assert "9 Feb 2026" in client.get(page("answer", campaign, number=1)).content.decode()
    # In Russian the date is written as the Russian formats say.
    assert "09.02.2026" in client.get(page("answer", campaign, "ru", number=1)).content.decode()


def test_no_date_of_decision_once_answered(client, sent, dana):
    campaign, [first, _second] = sent
    accountability.answer_give(
        recommendation=first, actor=dana, decision="rejected", reasons="No budget."
    )
    client.force_login(dana)
    html = client.get(page("decision_notice", campaign, number=1)).content.decode()
    assert "already answered" in html and 'name="decision_on"' not in html
    client.post(page("decision_notice", campaign, number=1), {"decision_on": "2099-01-01"})
    assert not DecisionNotice.private_objects.exists()


# Email preferences ------------------------------------------------------------------------------


def test_the_preferences_page_offers_the_monitoring_emails(client, dana):
    client.force_login(dana)
    url = reverse("accounts:notifications")
    html = client.get(url).content.decode()
    assert 'name="recommendations_received"' in html and 'name="campaign_updates"' in html
    chosen = {"request_updates": "on", "reminders": "on", "campaign_updates": "on"}
    response = client.post(url, chosen)
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=dana)
    assert (
        preference.request_updates,
        preference.reminders,
        preference.recommendations_received,
        preference.campaign_updates,
    ) == (True, True, False, True)
    html = client.get(url).content.decode()
    assert "checked" not in checkbox(html, "recommendations_received")
    assert "checked" in checkbox(html, "campaign_updates")


def checkbox(html: str, name: str) -> str:
    [tag] = re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
    return tag
