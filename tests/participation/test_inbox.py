"""The state body's side of problem reports: the officers' inbox (counts, filters, the one due
first on top, working days left or late), the tab bar shared with the inboxes of requests and
recommendations, and the answer page with each kind of answer and its errors."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from baqylau.core.calendar import WorkingCalendar
from baqylau.participation import reports
from baqylau.participation.models import Moderation, Report, ReportEvent, ReportFile
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.helpers import PERSONAS, count_queries, jpeg, stored_files

pytestmark = pytest.mark.django_db


def url(name, lang="en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


INBOX = "participation:inbox"


def answer_url(report) -> str:
    return url("participation:answer", pk=report.pk)


def past_due(report, today, days=3) -> Report:
    """Move the report's term back: received long ago, due `days` calendar days ago."""
    Report.private_objects.filter(pk=report.pk).update(
        received_on=today - timedelta(days=40), due_on=today - timedelta(days=days)
    )
    report.refresh_from_db()
    return report


@pytest.fixture
def report(published_report):
    return published_report(title="Broken roof")


@pytest.fixture
def roads(db):
    """Another state body, to forward reports to."""
    from baqylau.registry.models import Organisation

    return OrganisationFactory(
        kind=Organisation.Kind.AKIMAT_DEPARTMENT, slug="roads", name_en="Roads Department"
    )


# The inbox ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", PERSONAS)
def test_the_inbox_for_every_persona(as_persona, who, report):
    """Officers only; anyone else signed in is refused, a visitor is asked to sign in."""
    response = as_persona(who).get(url(INBOX))
    expected = {"anonymous": 302, "officer": 200}.get(who, 403)
    assert response.status_code == expected
    if who == "anonymous":
        assert response["Location"].startswith("/en/accounts/login/")
    if who == "officer":
        assert (
            answer_url(report) in response.content.decode() and b"Broken roof" in response.content
        )


def test_only_published_reports_of_the_officers_bodies_are_listed(
    client, dana, published_report, file_report, body_school, registry, carol, roads
):
    mine = published_report(title="Published here")
    held = file_report(at=body_school, reporter=carol, title="Still held")
    elsewhere = published_report(title="Another body's")
    Report.private_objects.filter(pk=elsewhere.pk).update(body=roads)
    client.force_login(dana)
    html = client.get(url(INBOX)).content.decode()
    assert answer_url(mine) in html
    assert answer_url(held) not in html and "Still held" not in html
    assert answer_url(elsewhere) not in html


def test_counts_and_the_one_due_first_on_top(client, dana, published_report, today):
    later = published_report(title="Due later")
    late = past_due(published_report(title="Past due"), today)
    answered = published_report(title="Acknowledged")
    reports.report_answer(report=answered, actor=dana, kind=ReportEvent.Kind.ACKNOWLEDGED)
    client.force_login(dana)
    response = client.get(url(INBOX))
    assert response.context["counts"] == {"awaiting": 1, "overdue": 1}
    assert [item.pk for item in response.context["page"]] == [late.pk, later.pk, answered.pk]
    html = response.content.decode()
    assert html.index("Past due") < html.index("Due later") < html.index("Acknowledged")


def test_the_filters(client, dana, published_report, registry, today):
    other_category = reports.Category.objects.exclude(code="quality-of-work").first()
    first = published_report(title="First")
    second = published_report(title="Second", category=other_category)
    late = past_due(published_report(title="Late one"), today)
    point = published_report(title="At a point", at=reports.Place(latitude=52.28, longitude=76.97))
    Report.private_objects.filter(pk=point.pk).update(territory=registry["region"], body=first.body)
    reports.report_answer(report=first, actor=dana, kind=ReportEvent.Kind.ACKNOWLEDGED)
    client.force_login(dana)

    def listed(**query):
        return {item.pk for item in client.get(url(INBOX), query).context["page"]}

    assert listed() == {first.pk, second.pk, late.pk, point.pk}
    assert listed(status="acknowledged") == {first.pk}
    assert listed(category=other_category.code) == {second.pk}
    assert listed(late="on") == {late.pk}
    assert listed(territory=registry["district"].slug) == {first.pk, second.pk, late.pk}
    # A region lists the reports in it and in its districts.
    assert listed(territory=registry["region"].slug) == {first.pk, second.pk, late.pk, point.pk}
    offered = client.get(url(INBOX)).context["form"].fields["territory"]
    assert set(offered.queryset) == {registry["district"], registry["region"]}
    # A territory where the body has no report is not offered: the form refuses it.
    response = client.get(url(INBOX), {"territory": "nowhere"})
    assert response.context["form"].errors


@pytest.mark.dated
def test_days_left_and_days_late_are_working_days(client, dana, published_report, today):
    calendar = WorkingCalendar()
    fresh = published_report(title="Fresh")
    late = past_due(published_report(title="Late"), today, days=5)
    client.force_login(dana)
    page = {item.pk: item for item in client.get(url(INBOX)).context["page"]}
    assert page[fresh.pk].days_left == calendar.working_days_between(today, fresh.due_on) == 15
    assert page[late.pk].days_late == calendar.working_days_between(late.due_on, today)
    assert page[late.pk].late is True


def test_late_by_zero_working_days_on_the_weekend_after_the_due_date(
    client, dana, published_report, set_today
):
    friday = date(2026, 3, 6)
    set_today(date(2026, 3, 7))  # Saturday
    report = published_report(title="Due on Friday")
    Report.private_objects.filter(pk=report.pk).update(due_on=friday)
    client.force_login(dana)
    html = client.get(url(INBOX)).content.decode()
    assert "overdue by" not in html and ">overdue<" in html
    set_today(date(2026, 3, 10))  # Tuesday, after the Monday
    html = client.get(url(INBOX)).content.decode()
    assert "overdue by 2 working days" in html


def test_the_inbox_runs_a_constant_number_of_queries(client, dana, published_report, bob, today):
    published_report()
    client.force_login(dana)
    small = count_queries(client, url(INBOX))
    for number in range(4):
        report = published_report(title=f"Report {number}", reporter=bob)
        if number % 2:
            past_due(report, today)
    assert count_queries(client, url(INBOX)) == small <= 16


def test_pages_of_reports(client, dana, published_report, bob, alice, settings):
    settings.BAQYLAU_RATE_PER_ACCOUNT = 100
    for number in range(26):
        published_report(title=f"Report {number}", reporter=[bob, alice][number % 2])
    client.force_login(dana)
    assert len(client.get(url(INBOX)).context["page"]) == 25
    assert len(client.get(url(INBOX), {"page": 2}).context["page"]) == 1


# One officers' inbox ---------------------------------------------------------------------------


def test_the_three_inboxes_share_a_tab_bar_with_their_counts(client, dana, published_report):
    published_report()
    published_report(title="Second")
    client.force_login(dana)
    for name in ("inforequests:inbox", "accountability:inbox", INBOX):
        response = client.get(url(name))
        assert response.status_code == 200
        html = response.content.decode()
        assert 'class="inbox-tabs"' in html
        for other in ("inforequests:inbox", "accountability:inbox", INBOX):
            assert f'href="{url(other)}"' in html
        assert f'href="{url(name)}" aria-current="page"' in html
    tabs = html.split('class="inbox-tabs"')[1].split("</nav>")[0]
    assert 'Problem reports <span class="count"' in tabs
    assert tabs.split("Problem reports")[1].split("</span>")[0].endswith(">2")


def test_officers_find_the_reports_in_the_navigation(client, dana, carol):
    client.force_login(dana)
    assert url(INBOX) in client.get(url("portal:home")).content.decode()
    client.force_login(carol)
    assert url(INBOX) not in client.get(url("portal:home")).content.decode()


# The answer page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", PERSONAS)
def test_the_answer_page_for_every_persona(as_persona, who, report):
    """Only an officer of the report's body sees the form and answers; the citizen who reported,
    monitors, moderators and administrators are refused, and their answers change nothing."""
    client = as_persona(who)
    response = client.get(answer_url(report))
    assert response.status_code == {"anonymous": 302, "officer": 200}.get(who, 403)
    if who == "officer":
        assert b"Answer the report" in response.content
        assert b"js/report-answer.js" in response.content  # shows the fields of the answer chosen
    response = client.post(answer_url(report), {"kind": "acknowledged"})
    assert response.status_code == (302 if who in ("anonymous", "officer") else 403)
    answered = report.events.filter(kind=ReportEvent.Kind.ACKNOWLEDGED).exists()
    assert answered == (who == "officer")


def test_a_report_not_published_is_not_found_and_another_bodys_is_refused(
    client, dana, file_report, body_school, carol, published_report, roads
):
    held = file_report(at=body_school, reporter=carol)
    other = published_report(title="Roads")
    Report.private_objects.filter(pk=other.pk).update(body=roads)
    client.force_login(dana)
    assert client.get(answer_url(held)).status_code == 404
    assert client.get(answer_url(other)).status_code == 403
    assert client.get(url("participation:answer", pk=999999)).status_code == 404


def test_the_reporter_is_named_only_when_they_allowed_it(client, dana, published_report):
    hidden = published_report(title="Anonymous to the body")
    named = published_report(title="Named", name_to_body=True)
    client.force_login(dana)
    html = client.get(answer_url(hidden)).content.decode()
    assert "carol@example.org" not in html and "Carol" not in html
    assert "The reporter chose not to share their identity" in html
    html = client.get(answer_url(named)).content.decode()
    assert "carol@example.org" in html and "Carol" in html


def test_the_timeline_and_the_reporters_photos(client, dana, published_report):
    report = published_report(
        uploads=[SimpleUploadedFile("roof.jpg", jpeg(), content_type="image/jpeg")]
    )
    client.force_login(dana)
    html = client.get(answer_url(report)).content.decode()
    assert "Timeline" in html and "reported" in html and "published" in html
    public = ReportFile.objects.get(report=report)
    assert public.public_file.url in html and public.original.url not in html


def post(client, report, **data):
    return client.post(answer_url(report), data)


def test_acknowledged_then_in_progress_then_done(client, dana, report, today):
    client.force_login(dana)
    response = post(client, report, kind="acknowledged")
    assert response.status_code == 302 and response["Location"] == answer_url(report)
    planned = today + timedelta(days=20)
    post(client, report, kind="in_progress", planned_on=planned.isoformat())
    report.refresh_from_db()
    assert (report.status, report.planned_on) == (Report.Status.IN_PROGRESS, planned)
    photo = SimpleUploadedFile("done.jpg", jpeg(), content_type="image/jpeg")
    response = client.post(
        answer_url(report), {"kind": "done", "text": "Roof fixed.", "files": [photo]}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.DONE
    done = report.events.get(kind=ReportEvent.Kind.DONE)
    assert done.text == "Roof fixed." and done.on_time and done.files.count() == 1
    html = client.get(answer_url(report)).content.decode()
    assert "Answer the report" not in html and "This report is closed" in html
    assert "js/report-answer.js" not in html
    response = post(client, report, kind="acknowledged")
    assert "This report is closed." in [str(m) for m in response.context["messages"]]
    assert report.events.filter(kind=ReportEvent.Kind.ACKNOWLEDGED).count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "in_progress"}, "planned_on", "Give the date by which it will be done."),
        ({"kind": "done"}, "text", "Give the reason or say what was done."),
        ({"kind": "rejected"}, "text", "Give the reason or say what was done."),
        ({"kind": "forwarded", "text": "Roads."}, "to_body", "Choose the body responsible for it."),
        ({}, "kind", "This field is required."),
    ],
)
def test_errors_go_back_on_the_form_and_nothing_is_written(
    client, dana, report, data, field, message
):
    client.force_login(dana)
    response = post(client, report, **data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    if data.get("text"):
        assert data["text"] in response.content.decode()
    assert list(report.events.values_list("kind", flat=True)) == ["submitted", "published"]
    report.refresh_from_db()
    assert report.status == Report.Status.OPEN and report.answered_at is None


def test_in_progress_with_a_date_in_the_past_is_refused(client, dana, report, today):
    client.force_login(dana)
    response = post(
        client, report, kind="in_progress", planned_on=(today - timedelta(days=1)).isoformat()
    )
    assert (
        "The planned date cannot be in the past." in response.context["form"].errors["planned_on"]
    )


def test_forwarding_to_its_own_body_is_refused(client, dana, report, body):
    client.force_login(dana)
    response = post(client, report, kind="forwarded", text="Not ours.", to_body=body.pk)
    assert "Choose another body than yours." in response.context["form"].errors["to_body"]
    report.refresh_from_db()
    assert report.body == body


def test_forwarding_reroutes_the_report_and_starts_the_new_bodys_term(
    client, dana, report, roads, today, mailoutbox
):
    roads_officer = UserFactory(email="roads@example.org")
    MembershipFactory(user=roads_officer, organisation=roads, role="officer")
    client.force_login(dana)
    with translation.override("en"):
        response = post(
            client, report, kind="forwarded", text="Roads are not ours.", to_body=roads.pk
        )
    assert response.status_code == 302 and response["Location"] == url(INBOX)
    report.refresh_from_db()
    assert (report.body, report.status, report.received_on) == (roads, Report.Status.OPEN, today)
    assert report.answered_at is None and report.due_on > today
    assert client.get(answer_url(report)).status_code == 403
    assert answer_url(report) not in client.get(url(INBOX)).content.decode()
    client.force_login(roads_officer)
    assert answer_url(report) in client.get(url(INBOX)).content.decode()


def test_a_bad_file_refuses_the_answer_and_nothing_is_written(client, dana, report, settings):
    before = stored_files(settings.MEDIA_ROOT)
    good = SimpleUploadedFile("done.jpg", jpeg(), content_type="image/jpeg")
    bad = SimpleUploadedFile("virus.jpg", b"MZ not a photo", content_type="image/jpeg")
    client.force_login(dana)
    response = client.post(
        answer_url(report), {"kind": "done", "text": "Fixed the roof.", "files": [good, bad]}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["files"]
    assert any("virus.jpg" in error for error in errors)
    assert "Fixed the roof." in response.content.decode()
    assert stored_files(settings.MEDIA_ROOT) == before
    assert not ReportFile.objects.filter(event__isnull=False).exists()
    report.refresh_from_db()
    assert report.status == Report.Status.OPEN


def test_too_many_photos_are_refused(client, dana, report):
    photos = [SimpleUploadedFile(f"p{n}.jpg", jpeg(), content_type="image/jpeg") for n in range(6)]
    client.force_login(dana)
    response = client.post(answer_url(report), {"kind": "done", "text": "Done.", "files": photos})
    assert "At most 5 files can be attached." in response.context["form"].errors["files"]
    assert not report.events.filter(kind=ReportEvent.Kind.DONE).exists()


def test_an_answer_after_the_due_date_is_late(client, dana, report, today):
    past_due(report, today)
    client.force_login(dana)
    post(client, report, kind="rejected", text="Not a problem.")
    event = report.events.get(kind=ReportEvent.Kind.REJECTED)
    assert event.on_time is False
    assert "after the due date" in client.get(answer_url(report)).content.decode()


def test_the_answer_page_runs_a_constant_number_of_queries(client, dana, report, carol, bob, today):
    client.force_login(dana)
    small = count_queries(client, answer_url(report))
    reports.report_support(report=report, user=bob)
    reports.report_answer(report=report, actor=dana, kind=ReportEvent.Kind.ACKNOWLEDGED)
    reports.report_update_add(
        report=report,
        actor=carol,
        text="Still leaking.",
        uploads=[SimpleUploadedFile("leak.jpg", jpeg(), content_type="image/jpeg")],
    )
    ReportEvent.objects.filter(kind=ReportEvent.Kind.UPDATE).update(moderation=Moderation.PUBLISHED)
    # The count of working days left is gone with the answer: never more queries.
    assert count_queries(client, answer_url(report)) <= small <= 12


@pytest.mark.parametrize("name", ["inforequests:inbox", "accountability:inbox", INBOX])
def test_the_column_headings_are_in_the_table_not_in_the_pages_head(client, dana, report, name):
    client.force_login(dana)
    html = client.get(url(name)).content.decode()
    head = html.split("</head>")[0]
    assert "Answer due" not in head and "State body" not in head
    if name == INBOX:
        assert "Answer due" in html.split("<thead>")[1].split("</thead>")[0]


def test_the_officers_email_of_a_new_report_links_to_the_inbox(
    file_report, body_school, carol, dana, max_moderator, committed, mailoutbox
):
    report = file_report(at=body_school, reporter=carol)
    # Only the officers are written to: the reporter's account is closed.
    type(carol).objects.filter(pk=carol.pk).update(is_active=False)
    report.refresh_from_db()
    committed(lambda: reports.report_publish(report=report, actor=max_moderator))
    to_dana = [message for message in mailoutbox if message.to == ["dana@example.org"]]
    assert len(to_dana) == 1
    assert url(INBOX, lang=dana.language) in to_dana[0].body


def test_the_address_of_a_reporter_without_an_account_when_they_allowed_it(
    client, dana, file_report, body_school, max_moderator
):
    from baqylau.participation.tokens import confirmation_token

    shown = file_report(at=body_school, email="aigerim@example.kz", name_to_body=True)
    hidden = file_report(at=body_school, email="nurlan@example.kz", title="Kept private")
    for report in (shown, hidden):
        reports.report_confirm(token=confirmation_token(report))
        report.refresh_from_db()
        reports.report_publish(report=report, actor=max_moderator)
    client.force_login(dana)
    assert "aigerim@example.kz" in client.get(answer_url(shown)).content.decode()
    html = client.get(answer_url(hidden)).content.decode()
    assert "nurlan@example.kz" not in html and "chose not to share" in html
