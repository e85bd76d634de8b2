"""A report's life through the services: filed, published, answered, reopened, fixed."""

import pytest
from django.core.exceptions import ValidationError

from baqylau.participation import reports
from baqylau.participation.models import Moderation, Report, ReportEvent
from tests.factories import MembershipFactory


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


def test_an_object_without_a_location_is_a_place_enough(file_report, school, carol):
    school.latitude = school.longitude = None
    school.save()
    report = file_report(at=school, reporter=carol)
    assert report.territory_id == school.territory_id
    assert (report.public_latitude, report.public_longitude) == (None, None)
