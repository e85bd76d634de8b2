"""The report form: step 1 (category and place, by GET), step 2 (the open reports nearby, then the
report itself), for every role, with and without files; bad input gets a clear error and leaves
nothing behind."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from baqylau.participation import reports
from baqylau.participation.models import Category, Moderation, Report, ReportFile
from tests.factories import ProjectObjectFactory
from tests.helpers import PERSONAS, blank_pdf, geotagged_jpeg, stored_files
from tests.hostile_files import huge_png

pytestmark = pytest.mark.django_db

NEW = "/en/participation/reports/new/"
# Ekibastuz, inside the `registry` fixture's district; 0.0009° of latitude is about 100 m.
POINT = {"lat": "51.75", "lon": "75.25"}


def step_two(**place) -> str:
    query = "&".join(f"{key}={value}" for key, value in {**place, "next": "1"}.items())
    return f"{NEW}?{query}"


def details(**changes) -> dict:
    return {"title": "Broken fence", "description": "The fence fell on the path.", **changes}


def photo(name="fence.jpg"):
    return SimpleUploadedFile(name, geotagged_jpeg(), content_type="image/jpeg")


def test_the_form_asks_the_category_first(client, registry):
    response = client.get(NEW)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index('name="category"') < html.index('name="lat"')


@pytest.mark.parametrize("who", PERSONAS)
def test_everyone_may_open_the_form_at_an_object(as_persona, who, school):
    response = as_persona(who).get(f"{NEW}?object={school.slug}")
    assert response.status_code == 200
    assert school.name in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "staff", "administrator"])
def test_an_unpublished_object_or_document_answers_404_even_to_staff(as_persona, who, registry):
    client = as_persona(who)
    assert client.get(f"{NEW}?object=hidden-object").status_code == 404
    assert client.get(f"{NEW}?document=secret-draft").status_code == 404
    assert "hidden-object" not in client.get(f"{NEW}?q=object&find=1").content.decode()


def test_at_an_object_only_the_categories_of_its_kind_are_offered(client, school):
    html = client.get(f"{NEW}?object={school.slug}").content.decode()
    assert 'value="quality-of-work"' in html  # every kind
    assert 'value="service-not-provided"' in html  # schools among others
    assert 'value="road-defects"' not in html  # roads only


def test_a_category_that_does_not_fit_the_object_is_refused(client, school):
    response = client.get(step_two(object=school.slug, category="road-defects"))
    assert 'name="title"' not in response.content.decode()


def test_step_one_without_a_category_says_so(client, school):
    response = client.get(step_two(object=school.slug))
    html = response.content.decode()
    assert "Choose what kind of problem it is." in html
    assert 'name="title"' not in html


def test_step_one_without_a_place_says_so(client, registry):
    html = client.get(step_two(category="quality-of-work")).content.decode()
    assert "Say where the problem is" in html


def test_a_point_outside_kazakhstan_is_refused_at_step_one(client, registry):
    html = client.get(step_two(category="quality-of-work", lat="48.85", lon="2.35")).content
    assert "outside Kazakhstan" in html.decode()


def test_an_object_is_found_by_its_name(client, school):
    html = client.get(f"{NEW}?q=600&find=1").content.decode()
    assert f'value="{school.slug}"' in html
    assert "Choose what kind of problem" not in html  # a search is not a submission
    response = client.get(
        step_two(q="600", object=school.slug, category="quality-of-work")
    ).content.decode()
    assert 'name="title"' in response


def test_an_anonymous_citizen_reports_with_a_photo_and_a_pdf(
    client, school, mailoutbox, django_capture_on_commit_callbacks
):
    pdf = SimpleUploadedFile("act.pdf", blank_pdf(), content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            step_two(object=school.slug, category="quality-of-work"),
            details(email="someone@example.kz", files=[photo(), pdf], name_to_body="on"),
            REMOTE_ADDR="10.1.2.3",
        )
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    report = Report.private_objects.get()
    assert report.moderation == Moderation.UNCONFIRMED
    assert (report.reporter_email, report.name_to_body) == ("someone@example.kz", True)
    assert report.client_address == "10.1.2.3"
    assert report.project_object == school and report.body == school.responsible_body
    assert report.files.count() == 2
    assert [m.to for m in mailoutbox] == [["someone@example.kz"]]
    assert "/confirm/" in mailoutbox[0].body


def test_an_anonymous_report_needs_an_email(client, school):
    response = client.post(step_two(object=school.slug, category="quality-of-work"), details())
    assert response.status_code == 400
    assert not Report.private_objects.exists()


def test_a_signed_in_citizen_may_show_their_name(as_persona, school, carol):
    client = as_persona("citizen")
    page = client.get(step_two(object=school.slug, category="quality-of-work")).content.decode()
    assert 'name="name_public"' in page and 'name="email"' not in page
    assert 'name="name_public" checked' not in page  # off by default
    response = client.post(
        step_two(object=school.slug, category="quality-of-work"), details(name_public="on")
    )
    report = Report.private_objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert (report.reporter, report.name_public, report.name_to_body) == (carol, True, False)
    assert report.moderation == Moderation.HELD


@pytest.mark.parametrize("who", ["monitor", "officer", "moderator", "administrator"])
def test_every_signed_in_role_may_report(as_persona, who, school, everyone):
    response = as_persona(who).post(
        step_two(object=school.slug, category="quality-of-work"), details()
    )
    assert response.status_code == 302
    assert Report.private_objects.get().reporter == everyone[who]


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("notes.txt", b"just text", content_type="text/plain"), "notes.txt"),
        (
            SimpleUploadedFile(
                "huge.jpg", b"\xff\xd8\xff\xe0" + bytes(30 * 1024 * 1024), content_type="image/jpeg"
            ),
            "huge.jpg",
        ),
    ],
    ids=["not-an-image", "30-MB-photo"],
)
def test_a_refused_file_leaves_nothing_behind(as_persona, school, upload, message, _media):
    response = as_persona("citizen").post(
        step_two(object=school.slug, category="quality-of-work"),
        details(files=[photo(), upload]),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="Broken fence"' in html  # what was typed stays
    assert not Report.private_objects.exists() and not ReportFile.objects.exists()
    assert stored_files(_media) == []


def test_a_photo_with_a_300_character_name_is_stored_under_a_short_one(as_persona, school, _media):
    name = ("Сынған қоршау мен жол " * 20)[:296] + ".jpg"
    response = as_persona("citizen").post(
        step_two(object=school.slug, category="quality-of-work"), details(files=[photo(name)])
    )
    assert response.status_code == 302
    row = ReportFile.objects.get()
    # The upload handler already cut the name to 255 characters, its extension kept.
    assert row.name == name[:251] + ".jpg"
    for stored in (row.original.name, row.public_file.name):
        assert len(stored.rsplit("/", 1)[-1]) <= 80
    with row.original.open("rb") as original:
        assert original.read()[:3] == b"\xff\xd8\xff"


def test_a_png_of_too_many_pixels_is_a_clear_error(as_persona, school, _media):
    huge = SimpleUploadedFile("plan.png", huge_png(30000, 30000), content_type="image/png")
    response = as_persona("citizen").post(
        step_two(object=school.slug, category="quality-of-work"), details(files=[huge])
    )
    assert response.status_code == 400
    assert "plan.png: the image has more than 50 million pixels" in response.content.decode()
    assert not Report.private_objects.exists() and stored_files(_media) == []


def test_more_than_five_files_are_refused(as_persona, school):
    response = as_persona("citizen").post(
        step_two(object=school.slug, category="quality-of-work"),
        details(files=[photo(f"{i}.jpg") for i in range(6)]),
    )
    assert response.status_code == 400
    assert "At most 5 files" in response.content.decode()
    assert not Report.private_objects.exists()


def test_the_honeypot_refuses_a_bot(client, school):
    response = client.post(
        step_two(object=school.slug, category="quality-of-work"),
        details(email="bot@example.kz", website="http://spam.example"),
    )
    assert response.status_code == 400
    assert not Report.private_objects.exists()


def test_a_report_at_a_point_is_placed_in_its_territory(as_persona, registry):
    response = as_persona("citizen").post(step_two(category="damaged-unsafe", **POINT), details())
    assert response.status_code == 302
    report = Report.private_objects.get()
    assert report.territory == registry["district"]
    assert (report.latitude, report.longitude) == (51.75, 75.25)
    assert abs(report.public_latitude - 51.75) < 0.0001


def test_a_report_about_an_indicator_or_a_document(as_persona, registry):
    client = as_persona("citizen")
    indicator = registry["indicator"]
    client.post(step_two(category="quality-of-work", indicator=indicator.pk), details())
    client.post(step_two(category="quality-of-work", document="regional-plan"), details())
    first, second = Report.private_objects.order_by("pk")
    assert (first.indicator, first.document) == (indicator, registry["document"])
    assert (second.indicator, second.document) == (None, registry["document"])


def test_the_objects_within_a_kilometre_are_offered_nearest_first(as_persona, school):
    far = ProjectObjectFactory(
        document=school.document, latitude=51.7, longitude=75.3 + 0.02, name_en="Far pool"
    )
    near = ProjectObjectFactory(
        document=school.document, latitude=51.7, longitude=75.3 + 0.004, name_en="Near park"
    )
    client = as_persona("citizen")
    place = {"lat": "51.7", "lon": "75.301", "category": "quality-of-work"}
    html = client.get(step_two(**place)).content.decode()
    assert html.index(f'value="{school.slug}"') < html.index(f'value="{near.slug}"')
    assert f'value="{far.slug}"' not in html
    client.post(step_two(**place), details(attach=near.slug))
    assert Report.private_objects.get().project_object == near


# Is it already reported? ----------------------------------------------------------------------


def test_the_open_reports_at_the_same_object_are_shown_first(as_persona, published, school):
    report = published(title="Roof leaks", uploads=[photo()])
    html = (
        as_persona("monitor")
        .get(step_two(object=school.slug, category="quality-of-work"))
        .content.decode()
    )
    assert "Is it already reported?" in html and "Roof leaks" in html
    assert report.files.get().public_file.url in html
    assert reverse("participation:report_support", kwargs={"pk": report.pk}) in html


@pytest.mark.parametrize("metres, shown", [(80, True), (150, False)])
def test_the_open_reports_within_100_m_are_shown(client, published, registry, metres, shown):
    published(title="Deep hole by the bus stop", at=reports.Place(latitude=51.75, longitude=75.25))
    lat = 51.75 + metres / 111_320.0
    html = client.get(
        step_two(category="road-defects", lat=f"{lat:.6f}", lon="75.25")
    ).content.decode()
    assert ("Deep hole by the bus stop" in html) is shown


def test_closed_and_unpublished_reports_are_not_offered(client, file_report, school, carol):
    file_report(at=school, reporter=carol, title="Held report")
    html = client.get(step_two(object=school.slug, category="quality-of-work")).content.decode()
    assert "Held report" not in html and "Is it already reported?" not in html


def test_inactive_categories_are_not_offered(client, school):
    Category.objects.filter(code="quality-of-work").update(is_active=False)
    html = client.get(f"{NEW}?object={school.slug}").content.decode()
    assert 'value="quality-of-work"' not in html


def test_a_file_that_cannot_be_stored_takes_the_files_written_with_it(
    file_report, school, carol, _media, monkeypatch
):
    saved = ReportFile.save

    def save_but_the_second(row, *args, **kwargs):
        if ReportFile.objects.exists():
            raise OSError("No space left on device")
        saved(row, *args, **kwargs)

    monkeypatch.setattr(ReportFile, "save", save_but_the_second)
    with pytest.raises(OSError):
        file_report(at=school, reporter=carol, uploads=[photo("front.jpg"), photo("back.jpg")])
    assert not Report.private_objects.exists() and not ReportFile.objects.exists()
    assert stored_files(_media) == []
