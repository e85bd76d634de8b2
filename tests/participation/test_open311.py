"""Open311 GeoReport v2 at /open311/v2/: discovery, services, requests read and filed, one
request; JSON and XML; the spec's errors; keys; the jurisdiction; only public data; and two
third-party GeoReport v2 clients, unchanged, against the live server."""

import importlib
import json
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from baqylau.participation import open311, reports
from baqylau.participation.models import Moderation, Open311Key, Report, ReportEvent, ReportFile
from baqylau.registry.models import ProjectObject
from tests.factories import MembershipFactory, UserFactory
from tests.helpers import PERSONAS, geotagged_jpeg, jpeg

BASE = "/open311/v2/"
SPEC_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


@pytest.fixture
def officer(school, dana):
    MembershipFactory(user=dana, organisation=school.responsible_body, role="officer")
    return dana


@pytest.fixture
def key(db):
    return open311.issue_key(name="City app")[1]


@pytest.fixture
def public_report(file_report, school, carol, max_moderator, officer, today):
    """A published report at the school with a geotagged photo and the body's answer."""
    photo = SimpleUploadedFile("roof.jpg", geotagged_jpeg(), content_type="image/jpeg")
    report = file_report(at=school, reporter=carol, uploads=[photo])
    reports.report_publish(report=report, actor=max_moderator)
    reports.report_answer(
        report=report,
        actor=officer,
        kind=ReportEvent.Kind.IN_PROGRESS,
        text="Repairs start in spring.",
        planned_on=today + timedelta(days=30),
    )
    report.refresh_from_db()
    return report


@pytest.fixture
def private_reports(file_report, school, registry, carol, bob, max_moderator):
    """A report in each state the public never sees, and a published one at an object of an
    unpublished document."""
    unconfirmed = file_report(at=school, email="someone@example.kz", title="Unconfirmed")
    held = file_report(at=school, reporter=UserFactory(), title="Held")
    hidden = file_report(at=school, reporter=carol, title="Hidden")
    reports.report_publish(report=hidden, actor=max_moderator)
    Report.private_objects.filter(pk=hidden.pk).update(moderation=Moderation.HIDDEN)
    at_hidden = file_report(
        at=ProjectObject.private_objects.get(slug="hidden-object"),
        reporter=carol,
        title="At a hidden object",
    )
    reports.report_publish(report=at_hidden, actor=max_moderator)
    return [unconfirmed, held, hidden, at_hidden]


@pytest.fixture(autouse=True)
def _english_errors(client):
    """The errors below are read in English: an Open311 client asks for it (Accept-Language);
    the data's language is the ?locale= parameter's."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def get_json(client, path, **params):
    response = client.get(BASE + path, params)
    assert response["Content-Type"].startswith("application/json")
    return response.status_code, response.json()


def get_xml(client, path, **params):
    response = client.get(BASE + path, params)
    assert response["Content-Type"].startswith("text/xml")
    return response.status_code, ET.fromstring(response.content)


# Discovery and services --------------------------------------------------------------------------


def test_discovery_names_the_specification_and_both_formats(client, db):
    status, data = get_json(client, "discovery.json")
    assert status == 200
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert set(endpoint["formats"]) == {"application/json", "text/xml"}
    assert {"changeset", "contact", "key_service"} <= set(data)
    status, root = get_xml(client, "discovery.xml")
    assert root.tag == "discovery"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
        "application/json",
        "text/xml",
    ]


def test_services_are_the_offered_categories_in_the_requested_language(client, category):
    category.__class__.objects.filter(code="other").update(is_active=False)
    status, services = get_json(client, "services.json")
    assert status == 200
    codes = [service["service_code"] for service in services]
    assert "quality-of-work" in codes and "other" not in codes
    quality = services[codes.index("quality-of-work")]
    assert quality["service_name"] == "Жұмыс сапасы нашар"  # kk by default
    assert (quality["metadata"], quality["type"]) == (False, "realtime")
    assert set(quality) == {
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    }
    _status, english = get_json(client, "services.json", locale="en")
    assert english[codes.index("quality-of-work")]["service_name"] == "Poor quality of work"
    road = next(s for s in english if s["service_code"] == "road-defects")
    assert road["keywords"] == "road section"
    _status, root = get_xml(client, "services.xml", lang="ru")
    names = {s.findtext("service_code"): s.findtext("service_name") for s in root}
    assert root.tag == "services" and {s.tag for s in root} == {"service"}
    assert names["quality-of-work"] == "Низкое качество работ"
    assert root.find("service/metadata").text == "false"


def test_a_service_definition_has_no_attributes(client, category):
    status, definition = get_json(client, "services/quality-of-work.json")
    assert (status, definition) == (200, {"service_code": "quality-of-work", "attributes": []})
    status, root = get_xml(client, "services/quality-of-work.xml")
    assert root.tag == "service_definition" and root.findtext("service_code") == "quality-of-work"
    status, errors = get_json(client, "services/potholes.json")
    assert status == 404 and errors[0]["description"] == "service_code provided was not found."


# Reading requests --------------------------------------------------------------------------------


def test_a_published_report_as_a_service_request(client, public_report, school, today):
    status, rows = get_json(client, "requests.json")
    assert status == 200
    assert len(rows) == 1
    row = rows[0]
    assert list(row) == SPEC_FIELDS
    assert row["service_request_id"] == public_report.pk
    assert row["status"] == "open"
    assert row["status_notes"] == "Repairs start in spring."
    assert row["service_code"] == "quality-of-work"
    assert row["agency_responsible"] == "Облыс әкімдігі"
    assert row["address"].startswith("600 орындық мектеп")
    assert row["address_id"] == "school-600"
    assert (row["lat"], row["long"]) == (school.latitude, school.longitude)
    assert row["expected_datetime"].startswith(str(today + timedelta(days=30)))
    assert row["requested_datetime"].endswith("Z")
    photo = ReportFile.objects.get(report=public_report)
    assert row["media_url"] == f"http://testserver{photo.public_file.url}"
    assert "original" not in row["media_url"]
    assert "carol" not in json.dumps(row).lower()


def test_the_xml_lists_the_same_requests(client, public_report):
    status, root = get_xml(client, "requests.xml", locale="en")
    assert status == 200 and root.tag == "service_requests"
    request = root.find("request")
    assert [child.tag for child in request] == SPEC_FIELDS
    assert request.findtext("service_request_id") == str(public_report.pk)
    assert request.findtext("agency_responsible") == "Regional akimat"
    assert request.findtext("zipcode") == ""


def test_one_request_by_id_in_both_formats(client, public_report):
    status, rows = get_json(client, f"requests/{public_report.pk}.json")
    assert status == 200 and [row["service_request_id"] for row in rows] == [public_report.pk]
    status, root = get_xml(client, f"requests/{public_report.pk}.xml")
    assert root.find("request/service_request_id").text == str(public_report.pk)


def test_no_state_but_published_ever_appears(client, public_report, private_reports):
    status, rows = get_json(client, "requests.json")
    assert [row["service_request_id"] for row in rows] == [public_report.pk]
    ids = ",".join(str(report.pk) for report in [public_report, *private_reports])
    _status, rows = get_json(client, "requests.json", service_request_id=ids)
    assert [row["service_request_id"] for row in rows] == [public_report.pk]
    for report in private_reports:
        status, errors = get_json(client, f"requests/{report.pk}.json")
        assert status == 404
        assert errors == [
            {"code": 404, "description": "service_request_id provided was not found."}
        ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_role_reads_the_same_public_data(as_persona, persona, public_report, private_reports):
    client = as_persona(persona)
    _status, rows = get_json(client, "requests.json")
    assert [row["service_request_id"] for row in rows] == [public_report.pk]
    assert client.get(f"{BASE}requests/{private_reports[1].pk}.json").status_code == 404


def test_a_hidden_photo_and_an_unpublished_updates_photo_are_not_the_media(
    client, public_report, carol
):
    ReportFile.objects.filter(report=public_report).update(moderation=Moderation.HIDDEN)
    photo = SimpleUploadedFile("new.jpg", jpeg(), content_type="image/jpeg")
    reports.report_update_add(report=public_report, actor=carol, text="Worse now", uploads=[photo])
    _status, rows = get_json(client, "requests.json")
    assert rows[0]["media_url"] is None


def test_filters_of_the_request_list(client, public_report, file_report, school, bob, today):
    other = file_report(at=school, reporter=bob, category=_category("damaged-unsafe"))
    Report.private_objects.filter(pk=other.pk).update(
        moderation=Moderation.PUBLISHED, status=Report.Status.FIXED
    )

    def ids(**params):
        status, rows = get_json(client, "requests.json", **params)
        assert status == 200, rows
        return {row["service_request_id"] for row in rows}

    assert ids() == {public_report.pk, other.pk}
    assert ids(service_code="damaged-unsafe") == {other.pk}
    assert ids(service_code="damaged-unsafe,quality-of-work") == {public_report.pk, other.pk}
    assert ids(status="open") == {public_report.pk}
    assert ids(status="closed") == {other.pk}
    assert ids(status="open,closed") == {public_report.pk, other.pk}
    assert ids(page_size="1") == {other.pk}  # the latest first
    long_ago = (today - timedelta(days=200)).isoformat()
    assert ids(start_date=f"{long_ago}T00:00:00Z") == set()
    assert ids(end_date=f"{long_ago}T00:00:00+05:00") == set()
    Report.private_objects.filter(pk=other.pk).update(created_at=timezone.now() - timedelta(91))
    assert ids() == {public_report.pk}  # the last 90 days by default


def _category(code):
    return apps.get_model("participation", "Category").objects.get(code=code)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start_date": "yesterday"}, "start_date must be a W3C date"),
        # 90 days before or after would be no date; a query could not hold them either.
        ({"end_date": "0001-01-01T00:00:00Z"}, "end_date must be a W3C date"),
        ({"start_date": "9999-12-31T00:00:00Z"}, "start_date must be a W3C date"),
        ({"status": "pending"}, "status must be open, closed"),
        ({"service_request_id": "1,x"}, "service_request_id must be numbers"),
        ({"service_request_id": "1" * 30}, "service_request_id must be numbers"),
        ({"page_size": "²"}, "page_size must be a number"),
        ({"page_size": "0"}, "page_size must be a number"),
        (
            {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
            "may not span more than 90 days",
        ),
    ],
)
def test_bad_filters_get_the_specs_error(client, db, params, message):
    status, errors = get_json(client, "requests.json", **params)
    assert status == 400
    assert errors[0]["code"] == 400 and message in errors[0]["description"]
    status, root = get_xml(client, "requests.xml", **params)
    assert status == 400 and root.tag == "errors"
    assert message in root.findtext("error/description")
    assert root.findtext("error/code") == "400"


def test_the_request_list_costs_the_same_queries_for_more_reports(
    client, public_report, file_report, school, bob, django_assert_max_num_queries
):
    client.get(BASE + "requests.json")  # warms what is not the list's own work
    with django_assert_max_num_queries(1):
        client.get(BASE + "requests.json")
    for index in range(4):
        photo = SimpleUploadedFile(f"p{index}.jpg", jpeg(), content_type="image/jpeg")
        report = file_report(at=school, reporter=bob, title=f"Report {index}", uploads=[photo])
        Report.private_objects.filter(pk=report.pk).update(moderation=Moderation.PUBLISHED)
    with django_assert_max_num_queries(1):
        _status, rows = get_json(client, "requests.json")
    assert len(rows) == 5 and all(row["media_url"] for row in rows)


# Jurisdiction ------------------------------------------------------------------------------------


@pytest.mark.parametrize("jurisdiction", ["baqylau.kz", "testserver", "BAQYLAU.KZ"])
def test_the_platforms_jurisdiction_is_accepted(client, db, jurisdiction):
    assert client.get(BASE + "services.json", {"jurisdiction_id": jurisdiction}).status_code == 200


def test_another_jurisdiction_is_not_found(client, db):
    status, errors = get_json(client, "services.json", jurisdiction_id="chicago.gov")
    assert status == 404
    assert errors == [{"code": 404, "description": "jurisdiction_id provided was not found."}]
    status, root = get_xml(client, "requests.xml", jurisdiction_id="chicago.gov")
    assert status == 404 and root.findtext("error/code") == "404"


# Filing ------------------------------------------------------------------------------------------


def post(client, fmt="json", **data):
    return client.post(f"{BASE}requests.{fmt}", data)


def form(key, **changes):
    """A valid filing, with `changes` (None leaves a parameter out)."""
    data = {
        "api_key": key,
        "service_code": "quality-of-work",
        "lat": "51.7",
        "long": "75.3",
        "description": "The roof leaks",
        "email": "a@example.kz",
        "locale": "en",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def test_a_keyed_client_files_a_report_that_waits_for_its_email(
    client, key, school, mailoutbox, committed
):
    photo = SimpleUploadedFile("hole.jpg", geotagged_jpeg(), content_type="image/jpeg")
    text = "The fence of the school fell down.\nChildren climb over it."
    data = form(key, lat="51.70012", long="75.30021", description=text)
    data.update(email="Reporter@Example.kz", first_name="Aigerim", last_name="S.")
    data["address_string"] = "Lenin street 1"
    response = committed(post, client, media=photo, **data)
    assert response.status_code == 200, response.content
    [answer] = response.json()
    report = Report.private_objects.get()
    assert answer["service_request_id"] == report.pk
    assert "confirms it" in answer["service_notice"]
    assert report.moderation == Moderation.UNCONFIRMED
    assert report.reporter is None and report.reporter_email == "reporter@example.kz"
    assert report.title == "The fence of the school fell down."
    assert "Lenin street 1" in report.description and "Aigerim" not in report.description
    assert report.client_address is None  # the client's server, not the reporter
    assert report.files.get().latitude is not None  # kept privately
    assert [m.to for m in mailoutbox] == [["reporter@example.kz"]]
    assert client.get(f"{BASE}requests/{report.pk}.json").status_code == 404


def test_filing_in_xml_and_by_the_objects_slug(client, key, school):
    response = post(client, "xml", **form(key, lat=None, long=None, address_id="school-600"))
    assert response.status_code == 200, response.content
    root = ET.fromstring(response.content)
    report = Report.private_objects.get()
    assert root.findtext("request/service_request_id") == str(report.pk)
    assert report.project_object == school and report.body == school.responsible_body


def test_an_address_string_that_names_one_object_places_the_report(client, key, school):
    data = form(key, lat=None, long=None, address_string="School for 600 pupils")
    response = post(client, **data)
    assert response.status_code == 200, response.content
    assert Report.private_objects.get().project_object == school


def test_the_admin_issues_a_key_shown_once_and_keeps_only_its_digest(client, root):
    client.force_login(root)
    response = client.post(
        reverse("admin:participation_open311key_add"),
        {"name": "Ekibastuz app", "is_active": "on"},
        follow=True,
    )
    assert response.status_code == 200
    [message] = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    plain = message.split(" is ")[1].split(".")[0]
    stored = Open311Key.objects.get()
    assert stored.key_sha256 == open311.key_digest(plain) and plain not in stored.key_sha256
    assert (
        client.get(
            reverse("admin:participation_open311key_change", args=[stored.pk])
        ).content.count(plain.encode())
        == 0
    )
    assert open311.client_of(plain) == stored


@pytest.mark.parametrize("persona", PERSONAS)
def test_keys_are_only_for_administrators(as_persona, persona):
    status = as_persona(persona).get(reverse("admin:participation_open311key_add")).status_code
    expected = {"administrator": 200, "staff": 403}.get(persona, 302)
    assert status == expected


@pytest.mark.parametrize(("api_key", "active"), [(None, True), ("forged", True), ("good", False)])
def test_filing_without_a_valid_key_is_forbidden_and_writes_nothing(
    client, key, school, api_key, active
):
    Open311Key.objects.update(is_active=active)
    data = form({"good": key, "forged": "forged"}.get(api_key))
    for fmt in ("json", "xml"):
        response = post(client, fmt, **data)
        assert response.status_code == 403
    assert "valid api_key is required" in json.dumps(post(client, **data).json())
    assert not Report.private_objects.exists()


def big_jpeg() -> bytes:
    return jpeg() + b"\0" * (30 * 1024 * 1024)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"service_code": ""}, "service_code was not provided"),
        ({"service_code": "potholes"}, "service_code is not one of the services offered"),
        ({"lat": "48.85", "long": "2.35"}, "lat: The point is outside Kazakhstan"),
        ({"lat": "north"}, "lat must be a number"),
        ({"long": None}, "lat and long must be given together"),
        ({"lat": None, "long": None}, "Say where the problem is"),
        ({"address_id": "hidden-object", "lat": None, "long": None}, "address_id must be"),
        ({"description": ""}, "description: Describe the problem"),
        ({"email": ""}, "email: Give an email address"),
        ({"media": "text"}, "media: "),
        ({"media": "big"}, "media: "),
    ],
)
def test_bad_input_gets_the_specs_error_and_writes_nothing(
    client, key, school, changes, message, settings, tmp_path
):
    media = changes.pop("media", None)
    data = form(key, **changes)
    if media == "text":
        data["media"] = SimpleUploadedFile("notes.txt", b"just text", content_type="image/jpeg")
    elif media == "big":
        data["media"] = SimpleUploadedFile("huge.jpg", big_jpeg(), content_type="image/jpeg")
    response = post(client, **data)
    assert response.status_code == 400, response.content
    errors = response.json()
    assert all(error["code"] == 400 for error in errors)
    assert any(message in error["description"] for error in errors), errors
    assert not Report.private_objects.exists()
    assert not ReportFile.objects.exists()
    assert not list((tmp_path).rglob("*.jpg"))


def test_a_client_is_limited_by_its_key_not_by_its_servers_address(client, key, school, settings):
    settings.BAQYLAU_RATE_PER_ADDRESS = 1
    settings.BAQYLAU_OPEN311_RATE_PER_KEY = 2
    assert post(client, **form(key)).status_code == 200
    assert post(client, **form(key)).status_code == 200
    response = post(client, **form(key))
    assert response.status_code == 429 and response.json()[0]["code"] == 429
    assert Report.private_objects.count() == 2
    other = open311.issue_key(name="Another app")[1]
    assert post(client, **form(other)).status_code == 200


def test_other_methods_are_refused_in_the_specs_form(client, db):
    response = client.post(BASE + "services.json")
    assert response.status_code == 405 and response.json()[0]["code"] == 405


# Third-party clients, unchanged, against the live server ----------------------------------------


@pytest.fixture
def live(live_server, deadline_rules):
    """The live server with participation's initial data (a transactional test before this one
    may have flushed it)."""
    migration = importlib.import_module("baqylau.participation.migrations.0002_initial_data")
    if not apps.get_model("participation", "Category").objects.exists():
        migration.install(apps, None)
    return live_server


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_georeport_client_reads_services_and_requests(live, public_report, fmt):
    from georeport import GeoReport

    client = GeoReport(f"{live.url}{BASE}", jurisdiction="baqylau.kz", output_format=fmt)
    services = client.get_service_list()
    assert "quality-of-work" in [service["service_code"] for service in services]
    listed = client.get_service_requests(status="open")
    listed = listed if isinstance(listed, list) else [listed]  # xmltodict: one item is a dict
    assert [str(item["service_request_id"]) for item in listed] == [str(public_report.pk)]
    one = client.get_service_request(str(public_report.pk))
    assert str(one["service_request_id"]) == str(public_report.pk)
    assert one["status_notes"] == "Repairs start in spring."


def test_the_civicbot_client_files_a_report_with_a_key_and_reads_it_back(
    live, public_report, key, school
):
    from civicbot.http import HttpTransport, RateLimiter
    from civicbot.open311 import Open311Client
    from civicbot.registry import Endpoint

    endpoint = Endpoint(id="baqylau", name="Baqylau", base_url=f"{live.url}{BASE}", write=True)
    transport = HttpTransport(rate_limiter=RateLimiter(min_interval=0))
    client = Open311Client(endpoint, transport=transport, jurisdiction_id="baqylau.kz")
    assert "heating" in [service["service_code"] for service in client.list_services()]
    assert client.get_request(public_report.pk)["service_request_id"] == public_report.pk
    listed = client.list_requests(service_request_ids=[public_report.pk], status="open")
    assert [item["service_request_id"] for item in listed] == [public_report.pk]
    filed = client.create_request(
        "quality-of-work",
        dry_run=False,
        confirm="SEND",
        api_key=key,
        validate_remote=True,
        lat=51.70012,
        lng=75.30021,
        description="The school's fence fell down",
        email="someone@example.kz",
    )
    [answer] = filed.response
    report = Report.private_objects.get(pk=answer["service_request_id"])
    assert report.moderation == Moderation.UNCONFIRMED
    assert report.reporter_email == "someone@example.kz"
    # Without the key the same client is refused, and nothing more is written.
    from civicbot.http import HttpError

    with pytest.raises(HttpError) as refused:
        client.create_request(
            "quality-of-work",
            dry_run=False,
            confirm="SEND",
            api_key="forged",
            lat=51.7,
            lng=75.3,
            description="x",
            email="x@example.kz",
        )
    assert refused.value.status == 403
    assert Report.private_objects.count() == 2
