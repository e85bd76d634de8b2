"""A real headless Chromium (Debian's package) on a phone-sized screen, through the life of a
problem report: an anonymous citizen reports a problem with a photo from an object's page and
confirms it from the email; the moderator signs in and publishes it; the officer of the object's
body signs in and answers "done"; the citizen says from the answer's email that it is not fixed,
and the report opens again. A follower of the object hears of every public step by email, and no
public page, feed, export or API ever gives the reporter's address, the photo's metadata or the
position where the photo was taken."""

import importlib
import io

import pytest
from django.apps import apps
from django.core import mail
from PIL import Image

from baqylau.participation.models import Moderation, Report

from ..helpers import HAS_CHROMIUM, SCREENSHOTS, set_language

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed"),
]

PHONE = {"width": 390, "height": 844}
PASSWORD = "correct horse battery"  # the factories' password
REPORTER = "citizen@example.kz"
TITLE = "Water through the gym roof"
DESCRIPTION = "After every rain the gym floor is wet."
# Where and when the photo was taken, as the phone wrote it in the EXIF: a few metres from the
# school (51.7, 75.3), to the tenth of a second of arc.
EXACT = ((51.0, 42.0, 33.4), (75.0, 18.0, 41.7))  # 51.709278 N, 75.311583 E
EXACT_STRINGS = ("51.7092", "75.3115", "51.70928", "75.31158")
TAKEN = "2026:06:09 18:45:00"
GPS_IFD, EXIF_IFD, DATETIME_ORIGINAL = 0x8825, 0x8769, 0x9003


@pytest.fixture
def participation_data(transactional_db):
    """The categories and the answer's term, as their data migration installs them: a
    transactional test before this one may have flushed them."""
    migration = importlib.import_module("baqylau.participation.migrations.0002_initial_data")
    migration.install(apps, None)


def shot(page, name: str) -> None:
    """A screenshot of the whole page, which must fit the phone's width (a wide table scrolls in
    its own box, the page does not)."""
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name


def path_of(link: str) -> str:
    """The path (and query) of an absolute link: the live server's port is not the site's."""
    return link[link.index("/", link.index("//") + 2) :]


def link_in(message, fragment: str) -> str:
    return path_of(next(word for word in message.body.split() if fragment in word))


def mails_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def photo_with_position() -> bytes:
    """A phone's photo of the roof, saying where and when it was taken."""
    image = Image.new("RGB", (80, 60), (90, 110, 130))
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"
    latitude, longitude = EXACT
    exif[GPS_IFD] = {1: "N", 2: latitude, 3: "E", 4: longitude}
    exif.get_ifd(EXIF_IFD)[DATETIME_ORIGINAL] = TAKEN
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


PHOTO = photo_with_position()


def go(page, control) -> None:
    """Press a button or follow a link, and wait for the page it leads to."""
    with page.expect_navigation():
        control.click()


def sign_in(page, url: str, user) -> None:
    """Open a page that needs signing in, and sign in on the way, as a person would."""
    page.goto(url)
    page.wait_for_url("**/accounts/login/**")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(url)


# The steps ---------------------------------------------------------------------------------------


def follow_at_once(page, live_server, school) -> None:
    page.goto(live_server.url + school.get_absolute_url())  # in English: the test's language
    form = page.locator("form.follow-form")
    form.get_by_label("Emails").select_option(label="at once")
    go(page, form.get_by_role("button", name="Follow"))
    assert "You follow" in page.locator(".messages").inner_text()
    shot(page, "e2e-1-object-followed")


def report_with_photo(page, live_server, school) -> None:
    page.goto(live_server.url + school.get_absolute_url())
    page.get_by_role("link", name="Report a problem").first.click()
    page.wait_for_url("**/participation/reports/new/**")
    assert school.name in page.locator("fieldset.place").inner_text()
    page.get_by_label("Poor quality of work").check()
    go(page, page.get_by_role("button", name="Next: the details"))
    page.get_by_label("Short title").fill(TITLE)
    page.get_by_label("What is the problem?").fill(DESCRIPTION)
    page.get_by_label("Photos or PDF documents").set_input_files(
        files=[{"name": "IMG_20260609_184500.jpg", "mimeType": "image/jpeg", "buffer": PHOTO}]
    )
    page.get_by_label("Your email").fill(REPORTER)
    shot(page, "e2e-2-report-form")
    go(page, page.get_by_role("button", name="Send the report"))
    assert page.locator("h1").inner_text() == "Check your email"
    shot(page, "e2e-3-check-email")


def confirm_from_email(page, live_server) -> Report:
    (message,) = mails_to(REPORTER)
    page.goto(live_server.url + link_in(message, "/participation/reports/confirm/"))
    assert page.locator("h1").inner_text() == "Report confirmed"
    report = Report.private_objects.get()
    assert report.moderation == Moderation.HELD
    return report


def publish_from_queue(page, live_server, moderator) -> None:
    sign_in(page, f"{live_server.url}/en/participation/moderation/", moderator)
    item = page.locator("article.queue-item", has_text=TITLE)
    assert REPORTER in item.inner_text()  # the moderators see who reported it
    shot(page, "e2e-4-moderation-queue")
    go(page, item.get_by_role("button", name="Publish"))
    assert "Done: published." in page.locator(".messages").inner_text()
    assert page.locator("article.queue-item", has_text=TITLE).count() == 0


def answer_done(page, live_server, officer, report) -> None:
    sign_in(page, f"{live_server.url}/en/participation/inbox/", officer)
    shot(page, "e2e-5-inbox")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/participation/inbox/{report.pk}/")
    assert REPORTER not in page.content()  # the reporter did not share their identity
    page.get_by_label("Done: say what was done, with photos").check()
    page.get_by_label("Text of the answer").fill("The roof of the gym was repaired on 9 June.")
    go(page, page.get_by_role("button", name="Send the answer"))
    assert "The answer is recorded and published." in page.locator(".messages").inner_text()
    shot(page, "e2e-6-answered")


def say_not_fixed(page, live_server, report) -> None:
    answer = mails_to(REPORTER)[-1]
    assert f"Report No. {report.pk}: done" in answer.subject
    page.goto(live_server.url + link_in(answer, "/fixed/"))
    assert page.locator("h1").inner_text() == "Is it fixed?"
    shot(page, "e2e-7-is-it-fixed")
    page.get_by_label("No, it is not fixed").check()
    page.get_by_role("button", name="Answer").click()
    page.wait_for_url(f"**/participation/reports/{report.pk}/")
    assert "Thank you for your answer." in page.locator(".messages").inner_text()
    assert page.locator(".page-head .pstatus").inner_text() == "open"
    assert "not fixed: reopened" in page.locator(".timeline").inner_text()
    shot(page, "e2e-8-reopened")


# What the public sees ----------------------------------------------------------------------------


def public_addresses(report, school) -> list[str]:
    feeds = "/en/participation/feeds"
    return [
        f"/en/participation/reports/{report.pk}/",
        "/en/participation/reports/",
        "/en/participation/reports/map.json",
        f"{feeds}/objects/{school.slug}/",
        f"{feeds}/territories/{report.territory.slug}/",
        f"{feeds}/bodies/{report.body.slug}/",
        f"/api/reports/?object={school.slug}",
        f"/api/reports/{report.pk}/",
        "/data/reports.csv",
        "/open311/v2/requests.json",
        f"/open311/v2/requests/{report.pk}.json",
    ]


def assert_nothing_private(visitor, live_server, report, school) -> None:
    """Every public view of the report names it, and none gives who reported it nor where the
    photo was taken; its position is the object's; its photo has no metadata."""
    for address in public_addresses(report, school):
        response = visitor.request.get(live_server.url + address)
        assert response.ok, address
        text = response.text()
        assert TITLE in text or DESCRIPTION in text or f"[{report.pk}, " in text, address
        assert REPORTER not in text, address
        for exact in EXACT_STRINGS:
            assert exact not in text, (address, exact)

    api = visitor.request.get(f"{live_server.url}/api/reports/{report.pk}/").json()
    assert (api["lat"], api["lon"]) == (school.latitude, school.longitude)
    (photo,) = api["files"]
    (request,) = visitor.request.get(f"{live_server.url}/open311/v2/requests.json").json()
    assert (request["lat"], request["long"]) == (school.latitude, school.longitude)
    assert request["media_url"] == photo["url"]
    assert_without_metadata(visitor.request.get(photo["url"]))


def assert_not_public(visitor, live_server, report) -> None:
    """Before a moderator publishes it, the public does not see the report at all."""

    def get(address):
        return visitor.request.get(live_server.url + address)

    assert get(f"/en/participation/reports/{report.pk}/").status == 404
    assert get("/en/participation/reports/map.json").json()["reports"] == []
    assert get("/api/reports/").json()["count"] == 0
    assert get("/open311/v2/requests.json").json() == []


def assert_without_metadata(response) -> None:
    """A public copy of the photo: a JPEG that says neither where nor when it was taken."""
    assert response.ok and response.headers["content-type"] == "image/jpeg"
    exif = Image.open(io.BytesIO(response.body())).getexif()
    assert not exif.get_ifd(GPS_IFD)
    assert DATETIME_ORIGINAL not in exif.get_ifd(EXIF_IFD)
    assert b"Phone maker" not in response.body() and TAKEN.encode() not in response.body()


@pytest.mark.django_db(transaction=True)
def test_a_report_from_a_phone_goes_through_moderation_answer_and_reopening(
    open_as,
    live_server,
    deadline_rules,
    participation_data,
    body_school,
    body,
    dana,
    max_moderator,
    carol,
):
    school = body_school
    set_language(carol, "en")  # her emails are read below
    follow_at_once(open_as(carol, **PHONE), live_server, school)

    citizen = open_as(None, **PHONE)
    report_with_photo(citizen, live_server, school)
    report = confirm_from_email(citizen, live_server)
    # The private original keeps where the photo was taken, for the moderators.
    assert report.files.get().latitude == pytest.approx(51.709278, abs=1e-5)
    visitor = open_as(None, **PHONE)
    assert_not_public(visitor, live_server, report)

    publish_from_queue(open_as(None, **PHONE), live_server, max_moderator)
    report.refresh_from_db()
    assert report.moderation == Moderation.PUBLISHED
    assert report.body_id == school.responsible_body_id == body.pk
    assert_nothing_private(visitor, live_server, report, school)

    answer_done(open_as(None, **PHONE), live_server, dana, report)
    say_not_fixed(citizen, live_server, report)
    report.refresh_from_db()
    assert report.status == Report.Status.OPEN
    assert_nothing_private(visitor, live_server, report, school)
    photo = citizen.locator(".report-photos img").get_attribute("src")
    assert_without_metadata(citizen.request.get(live_server.url + photo))

    # The follower heard of each public step, at once.
    news = mails_to(carol.email)
    assert len(news) == 3, [message.subject for message in news]
    for message, what in zip(news, ["New problem report", ": done", ": not fixed"], strict=True):
        assert what in message.body and TITLE in message.body
    # Whoever else was written to (the officers, the follower) was not told who reported it.
    for message in mail.outbox:
        if message.to != [REPORTER]:
            assert REPORTER not in message.body and REPORTER not in message.subject
            assert not any(exact in message.body for exact in EXACT_STRINGS)
