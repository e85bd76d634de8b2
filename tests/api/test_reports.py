"""Citizens' problem reports in the open data API (/api/reports/), the download
(/data/reports.csv) and the schema.

Only published reports, for every persona (staff included: open data is public data): a report
awaiting its email confirmation or moderation, a hidden one, or one at an object of an unpublished
document never appears. Nor do the reporter, their email, the exact point, a file's original, name
or metadata, a hidden file or the photo of an update awaiting moderation.
"""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from baqylau.participation import reports
from baqylau.participation.models import Category, Moderation, Report, ReportEvent, ReportFile
from baqylau.registry.models import ProjectObject

from ..factories import MembershipFactory, UserFactory
from ..helpers import PERSONAS, geotagged_jpeg, jpeg, read_csv, results

POINT = reports.Place(latitude=51.70012, longitude=75.30021)
# What must never reach a response: the reporters' emails and names, the exact point, where the
# photo says it was taken (52°17′N 76°57′E), the files' names and originals.
SECRETS = [
    "someone@example.kz",
    "carol",
    "51.70012",
    "75.30021",
    "52.28",
    "76.95",
    "roof-photo",
    "/original/",
    "taken_at",
    "sha256",
    '"reporter":',
    "email",
    "actor",
]
FIELD_NAMES = """id title description category category_name category_name_i18n status status_label
is_open object indicator document territory body lat lon created_at published_at received_on due_on
answered_at planned_on closed_at reopened_count supporters_count latest_answer files
updated_at url"""
FIELDS = set(FIELD_NAMES.split())


def photo(name="roof-photo.jpg", data=None):
    return SimpleUploadedFile(name, data or geotagged_jpeg(), content_type="image/jpeg")


def publish(report, moderator):
    reports.report_publish(report=report, actor=moderator)
    report.refresh_from_db()
    return report


@pytest.fixture
def file_report(db):
    def file(*, at, category=None, title="Broken roof", **extra):
        place = at if isinstance(at, reports.Place) else reports.Place(project_object=at)
        category = category or Category.objects.get(code="quality-of-work")
        text = "Water comes through the roof."
        return reports.report_submit(
            category=category, title=title, description=text, place=place, **extra
        )

    return file


@pytest.fixture
def officer(registry, dana):
    MembershipFactory(user=dana, organisation=registry["akimat"], role="officer")
    return dana


@pytest.fixture
def seen(file_report, registry, carol, max_moderator, officer, today):
    """Two published reports: at the school, answered, with a photo; at a point, closed."""
    school = publish(
        file_report(at=registry["school"], reporter=carol, uploads=[photo()]), max_moderator
    )
    answer = {"text": "The roof is repaired in spring.", "planned_on": today + timedelta(20)}
    reports.report_answer(report=school, actor=officer, kind=ReportEvent.Kind.IN_PROGRESS, **answer)
    point = publish(
        file_report(at=POINT, reporter=carol, category=Category.objects.get(code="damaged-unsafe")),
        max_moderator,
    )
    Report.private_objects.filter(pk=point.pk).update(status=Report.Status.REJECTED)
    return {"school": school, "point": point}


@pytest.fixture
def unseen(file_report, registry, carol, max_moderator):
    """A report in every state the public never sees."""
    hidden_object = ProjectObject.private_objects.get(slug="hidden-object")
    made = {
        "unconfirmed": file_report(at=registry["school"], email="someone@example.kz"),
        "held": file_report(at=POINT, reporter=UserFactory(), title="Held"),
        "hidden": publish(file_report(at=POINT, reporter=carol, title="Hidden"), max_moderator),
        "hidden object": publish(file_report(at=hidden_object, reporter=carol), max_moderator),
    }
    Report.private_objects.filter(pk=made["hidden"].pk).update(moderation=Moderation.HIDDEN)
    return made


def ids(response) -> set[int]:
    return {row["id"] for row in results(response)}


def test_the_list_shows_published_reports_and_only_their_public_fields(client, seen, registry):
    rows = {row["id"]: row for row in results(client.get("/api/reports/?lang=en"))}
    assert set(rows) == {seen["school"].pk, seen["point"].pk}
    school = rows[seen["school"].pk]
    assert set(school) == FIELDS
    assert school["category"] == "quality-of-work"
    assert school["category_name"] == "Poor quality of work"
    assert school["object"] == "school-600" and school["territory"] == "ekibastuz"
    assert school["body"]["slug"] == "akimat" and school["body"]["name"] == "Regional akimat"
    assert (school["lat"], school["lon"]) == (51.7, 75.3)
    assert school["status"] == "in_progress" and school["is_open"] is True
    assert school["latest_answer"] == "The roof is repaired in spring."
    [file] = school["files"]
    stored = ReportFile.objects.get(report=seen["school"])
    assert file == {
        "content_type": "image/jpeg",
        "event": None,
        "url": f"http://testserver{stored.public_file.url}",
    }
    point = rows[seen["point"].pk]
    assert point["object"] is None and point["is_open"] is False
    assert (point["lat"], point["lon"]) != (POINT.latitude, POINT.longitude)
    assert abs(point["lat"] - POINT.latitude) < 0.0001


def test_the_detail_has_the_public_timeline(client, seen):
    data = client.get(f"/api/reports/{seen['school'].pk}/?lang=en").json()
    assert [event["kind"] for event in data["events"]] == ["submitted", "published", "in_progress"]
    answer = data["events"][-1]
    assert answer["role"] == "officer" and answer["from_body"] == "akimat"
    assert answer["text"] == "The roof is repaired in spring." and "actor" not in answer


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_unpublished_report_reaches_any_persona(as_persona, persona, seen, unseen):
    client = as_persona(persona)
    assert ids(client.get("/api/reports/")) == {seen["school"].pk, seen["point"].pk}
    for report in unseen.values():
        assert client.get(f"/api/reports/{report.pk}/").status_code == 404
    csv_ids = {int(row["id"]) for row in read_csv(client.get("/data/reports.csv"))}
    assert csv_ids == {seen["school"].pk, seen["point"].pk}


@pytest.mark.parametrize("path", ["/api/reports/", "/data/reports.csv", "DETAIL"])
def test_nothing_private_appears(client, seen, unseen, path, carol):
    held = reports.report_update_add(
        report=seen["school"], actor=carol, text="Worse", uploads=[photo("update.jpg", jpeg())]
    )
    assert held.moderation == Moderation.HELD
    if path == "DETAIL":
        path = f"/api/reports/{seen['school'].pk}/"
    response = client.get(path)
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()
    for secret in SECRETS:
        assert secret not in body.lower(), secret
    assert "update.jpg" not in body and "Worse" not in body
    assert body.count("/public/") == 1  # the report's photo, not the held update's


def test_a_hidden_file_is_left_out(client, seen):
    ReportFile.objects.update(moderation=Moderation.HIDDEN)
    row = client.get(f"/api/reports/{seen['school'].pk}/").json()
    assert row["files"] == []


def test_filters(client, seen, registry):
    school, point = seen["school"].pk, seen["point"].pk
    cases = {
        "category=quality-of-work": {school},
        "category=damaged-unsafe": {point},
        "status=in_progress": {school},
        "status=rejected": {point},
        "open=true": {school},
        "open=false": {point},
        "territory=pavlodar-region": {school, point},
        "territory=elsewhere": set(),
        "body=akimat": {school},
        "object=school-600": {school},
        "document=regional-plan": set(),
    }
    for query, expected in cases.items():
        assert ids(client.get(f"/api/reports/?{query}")) == expected, query
    assert client.get("/api/reports/?status=held").status_code == 400
    for bad in ["x", "9" * 30]:
        assert client.get(f"/api/reports/{bad}/").status_code == 404
    assert client.get("/data/reports.csv?status=held").status_code == 400


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        body = read_csv(response) if response.streaming else response.json()  # read to the end
    assert body
    return len(ctx.captured_queries)


def test_the_queries_do_not_grow_with_the_reports(client, seen, file_report, max_moderator):
    detail = f"/api/reports/{seen['school'].pk}/"
    before = [_queries(client, url) for url in ("/api/reports/", detail, "/data/reports.csv")]
    for index in range(4):
        report = file_report(at=POINT, reporter=UserFactory(), uploads=[photo(f"{index}.jpg")])
        publish(report, max_moderator)
    after = [_queries(client, url) for url in ("/api/reports/", detail, "/data/reports.csv")]
    assert after == before
    assert before[0] <= 3 and before[1] <= 4


def test_the_csv_has_the_apis_columns(client, seen):
    response = client.get("/data/reports.csv?lang=en&category=quality-of-work")
    assert response["Content-Disposition"] == 'attachment; filename="reports-quality-of-work.csv"'
    [row] = read_csv(response)
    columns = (
        "id title description category_code category_name_kk category_name_ru "
        "category_name_en status status_label is_open object_slug indicator_id "
        "document_slug territory_slug body_slug body_name_kk body_name_ru body_name_en "
        "lat lon created_at published_at received_on due_on answered_at planned_on "
        "closed_at reopened_count supporters_count latest_answer file_urls updated_at url"
    )
    assert list(row) == columns.split()
    assert row["id"] == str(seen["school"].pk) and row["is_open"] == "yes"
    assert row["body_name_en"] == "Regional akimat"
    assert row["file_urls"].startswith("http://testserver/") and "/public/" in row["file_urls"]


def test_the_schema_documents_reports_without_private_fields(client):
    schema = client.get("/api/schema/").json()
    assert {"/api/reports/", "/api/reports/{id}/"} <= set(schema["paths"])
    parameters = {p["name"] for p in schema["paths"]["/api/reports/"]["get"]["parameters"]}
    assert {"category", "status", "open", "territory", "body", "object", "lang"} <= parameters
    components = schema["components"]["schemas"]
    assert set(components["Report"]["properties"]) == FIELDS
    assert set(components["ReportFile"]["properties"]) == {"content_type", "event", "url"}
    assert "ReportStatusEnum" in components


def test_the_open_data_page_offers_the_reports(client, db):
    page = client.get(reverse("portal:open_data")).content.decode()
    for address in ["/data/reports.csv", "/api/reports/", "/open311/v2/requests.json"]:
        assert address in page
