"""A real headless Chromium (Debian's package) on a phone-sized screen: an anonymous citizen goes
from an object's page to the report form, reports a problem with a photo, receives the
confirmation email and confirms the report."""

import importlib

import pytest
from django.apps import apps
from django.core import mail
from django.utils import translation

from baqylau.participation.models import Moderation, Report

from ..helpers import HAS_CHROMIUM, SCREENSHOTS, geotagged_jpeg

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed"),
]


@pytest.fixture
def participation_data(transactional_db):
    """The categories and the answer's term, as their data migration installs them: a
    transactional test before this one may have flushed them."""
    migration = importlib.import_module("baqylau.participation.migrations.0002_initial_data")
    migration.install(apps, None)


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_citizen_reports_a_problem_with_a_photo_on_a_phone(
    open_as, live_server, deadline_rules, participation_data, school
):
    phone = open_as(None, width=390, height=844)
    with translation.override("en"):
        phone.goto(live_server.url + school.get_absolute_url())
    phone.get_by_role("link", name="Report a problem").first.click()
    phone.wait_for_url("**/participation/reports/new/**")
    assert school.name in phone.locator("fieldset.place").inner_text()
    phone.get_by_label("Poor quality of work").check()
    phone.get_by_role("button", name="Next: the details").click()
    phone.wait_for_load_state()
    phone.get_by_label("Short title").fill("Water through the gym roof")
    phone.get_by_label("What is the problem?").fill("After every rain the gym floor is wet.")
    phone.get_by_label("Photos or PDF documents").set_input_files(
        files=[{"name": "roof.jpg", "mimeType": "image/jpeg", "buffer": geotagged_jpeg()}]
    )
    phone.get_by_label("Your email").fill("citizen@example.kz")
    phone.screenshot(path=str(SCREENSHOTS / "report-form-phone.png"), full_page=True)
    phone.get_by_role("button", name="Send the report").click()
    phone.wait_for_load_state()
    assert phone.locator("h1").inner_text() == "Check your email"

    report = Report.private_objects.get()
    assert report.moderation == Moderation.UNCONFIRMED
    assert report.files.count() == 1 and report.project_object_id == school.pk
    assert [message.to for message in mail.outbox] == [["citizen@example.kz"]]
    link = next(
        word for word in mail.outbox[0].body.split() if "/participation/reports/confirm/" in word
    )
    phone.goto(live_server.url + link[link.index("/", link.index("//") + 2) :])
    assert phone.locator("h1").inner_text() == "Report confirmed"
    report.refresh_from_db()
    assert report.moderation == Moderation.HELD
