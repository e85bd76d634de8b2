"""A report's life through the services: filed, published, answered, reopened, fixed."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from baqylau.participation import reports
from baqylau.participation.models import Moderation, Report, ReportEvent
from baqylau.participation.tokens import confirmation_token, fix_token
from tests.factories import MembershipFactory
from tests.helpers import geotagged_jpeg


@pytest.fixture
def officer(school, dana):
    MembershipFactory(user=dana, organisation=school.responsible_body, role="officer")
    return dana


def test_a_signed_in_citizen_files_a_held_report_routed_to_the_objects_body(
    file_report, school, carol
):
    report = file_report(at=school, reporter=carol)
    assert report.moderation == Moderation.HELD
    assert report.body == school.responsible_body
    assert report.territory_id == school.territory_id
    assert (report.public_latitude, report.public_longitude) == (school.latitude, school.longitude)
    assert list(report.events.values_list("kind", flat=True)) == ["submitted"]


def test_an_anonymous_report_waits_for_its_email_confirmation(
    file_report, school, mailoutbox, committed
):
    report = committed(lambda: file_report(at=school, email="Someone@Example.kz"))
    assert report.moderation == Moderation.UNCONFIRMED
    assert report.reporter_email == "someone@example.kz"
    assert [m.to for m in mailoutbox] == [["someone@example.kz"]]
    token = mailoutbox[0].body.split("/confirm/")[1].split("/")[0]
    assert reports.report_confirm(token=token).moderation == Moderation.HELD


def test_publish_answer_reopen_and_fix(file_report, school, carol, max_moderator, officer, today):
    report = file_report(at=school, reporter=carol)
    reports.report_publish(report=report, actor=max_moderator)
    assert report.received_on == today and report.due_on > today
    reports.report_answer(report=report, actor=officer, kind=ReportEvent.Kind.DONE, text="Fixed.")
    report.refresh_from_db()
    assert report.status == Report.Status.DONE
    reports.report_check_fixed(report=report, fixed=False, user=carol)
    report.refresh_from_db()
    assert (report.status, report.reopened_count) == (Report.Status.OPEN, 1)
    reports.report_answer(report=report, actor=officer, kind=ReportEvent.Kind.DONE, text="Again.")
    reports.report_check_fixed(report=report, fixed=True, user=carol)
    report.refresh_from_db()
    assert report.status == Report.Status.FIXED


def test_a_point_outside_kazakhstan_is_refused_and_nothing_is_written(file_report, registry):
    with pytest.raises(ValidationError) as error:
        file_report(at=reports.Place(latitude=48.85, longitude=2.35), email="a@example.kz")
    assert "latitude" in error.value.message_dict
    assert not Report.private_objects.exists()


def test_the_public_copy_of_a_photo_has_a_random_name_not_the_cameras(file_report, school, carol):
    upload = SimpleUploadedFile("IMG_20260514_103000.JPG", geotagged_jpeg(), "image/jpeg")
    other = SimpleUploadedFile("IMG_20260514_103000.JPG", geotagged_jpeg(), "image/jpeg")
    report = file_report(at=school, reporter=carol, uploads=[upload, other])
    first, second = report.files.all()
    assert first.name == "IMG_20260514_103000.JPG"  # kept privately with the original
    public = first.public_file.name.rsplit("/", 1)[1]
    assert "20260514" not in public and public.endswith(".jpg")
    assert public != second.public_file.name.rsplit("/", 1)[1]


def test_an_object_without_a_location_is_a_place_enough(file_report, school, carol):
    school.latitude = school.longitude = None
    school.save()
    report = file_report(at=school, reporter=carol)
    assert report.territory_id == school.territory_id
    assert (report.public_latitude, report.public_longitude) == (None, None)


def test_a_report_leaves_every_public_place_when_its_plan_is_unpublished(
    published, school, client, carol, max_moderator
):
    """A published report at an object of a plan that is later unpublished is no longer public:
    not on its page, the list, the map data or the API; its reporter and moderators still see
    it."""
    report = published()
    document = school.document
    document.is_published = False
    document.save(update_fields=["is_published"])
    page = reverse("participation:report", kwargs={"pk": report.pk})
    assert client.get(page).status_code == 404
    assert report.title not in client.get(reverse("participation:reports")).text
    assert report.pk not in [
        row[0] for row in client.get(reverse("participation:map_data")).json()["reports"]
    ]
    assert client.get(f"/api/reports/{report.pk}/").status_code == 404
    for user in (carol, max_moderator):
        client.force_login(user)
        assert client.get(page).status_code == 200


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_supporters_email_link_answers_as_a_citizen_not_as_the_reporter(
    file_report, school, bob, max_moderator, officer, signed_in
):
    """The answer email's "is it fixed?" link goes to the supporters too, each with their own
    token: the timeline must not say the reporter answered when a supporter did."""
    report = file_report(at=school, email="someone@example.kz")
    reports.report_confirm(token=confirmation_token(report))
    reports.report_publish(report=report, actor=max_moderator)
    reports.report_support(report=report, user=bob)
    reports.report_answer(report=report, actor=officer, kind=ReportEvent.Kind.DONE, text="Done.")
    reports.report_check_fixed(
        report=report,
        fixed=False,
        user=bob if signed_in else None,
        token=fix_token(report, user_id=bob.pk),
    )
    event = report.events.get(kind=ReportEvent.Kind.NOT_FIXED)
    assert event.role == ReportEvent.Role.CITIZEN


def test_the_anonymous_reporters_email_link_answers_as_the_reporter(
    file_report, school, max_moderator, officer
):
    report = file_report(at=school, email="someone@example.kz")
    reports.report_confirm(token=confirmation_token(report))
    reports.report_publish(report=report, actor=max_moderator)
    reports.report_answer(report=report, actor=officer, kind=ReportEvent.Kind.DONE, text="Done.")
    reports.report_check_fixed(report=report, fixed=False, token=fix_token(report))
    event = report.events.get(kind=ReportEvent.Kind.NOT_FIXED)
    assert event.role == ReportEvent.Role.REPORTER
