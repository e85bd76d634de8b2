"""Open data downloads: indicator values and objects as CSV, objects as GeoJSON."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework import serializers as drf

from baqylau.api import downloads, serializers, tabular
from baqylau.registry.models import Indicator, PlanRevision, ProjectObject, Territory

from ..factories import (
    GoalFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    OrganisationFactory,
    PlanningDocumentFactory,
    ProjectObjectFactory,
    TerritoryFactory,
)
from ..helpers import NON_STAFF, STAFF, content, read_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(region, district, body):
    document = PlanningDocumentFactory(
        slug="pavlodar-2021-2025",
        title_kk="Павлодар облысын дамыту жоспары",
        title_ru="План развития Павлодарской области",
        title_en="Pavlodar region development plan",
        territory=region,
    )
    goal = GoalFactory(document=document, number="1.1", name_ru="Качество жизни")
    indicator = IndicatorFactory(
        goal=goal,
        code="1.1.1",
        name_kk="Орталықтандырылған сумен қамтылу",
        name_ru="Доступ к централизованному водоснабжению",
        name_en="",
        unit_kk="%",
        unit_ru="%",
        unit_en="%",
        direction=Indicator.Direction.HIGHER,
        baseline_year=2020,
        baseline_value=Decimal("66.5"),
    )
    IndicatorValueFactory(
        indicator=indicator,
        year=2021,
        plan=Decimal("70"),
        actual=Decimal("71.2"),
        actual_source="Stat.gov.kz",
        actual_date=date(2022, 3, 1),
    )
    second = IndicatorValueFactory(indicator=indicator, year=2022, plan=Decimal("75"), actual=None)
    PlanRevision.objects.create(value=second, previous_plan=Decimal("80"), new_plan=Decimal("75"))
    contractor = OrganisationFactory(slug="builder-llp", name_ru="ТОО Строитель")
    school = ProjectObjectFactory(
        document=document,
        slug="school-bayanaul",
        kind=ProjectObject.Kind.SCHOOL,
        status=ProjectObject.Status.IN_PROGRESS,
        name_kk="Баянауыл мектебі",
        name_ru="Школа в Баянауле",
        name_en="",
        address_ru="с. Баянаул, ул. Абая, 1",
        territory=district,
        responsible_body=body,
        contractor=contractor,
        contract_number="№ 12/2023",
        contract_value=Decimal("1500000000.00"),
        planned_start=date(2023, 4, 1),
        planned_end=date(2024, 9, 1),
        latitude=50.7912,
        longitude=75.7021,
    )
    unlocated = ProjectObjectFactory(
        document=document, slug="road-repair", kind=ProjectObject.Kind.ROAD, latitude=None
    )
    return {"document": document, "indicator": indicator, "school": school, "road": unlocated}


# indicators.csv


def test_indicators_csv(client, plan):
    response = client.get("/data/indicators.csv")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="indicators.csv"'
    rows = read_csv(response)
    assert list(rows[0]) == [
        "document_slug",
        "document_title_kk",
        "document_title_ru",
        "document_title_en",
        "goal_number",
        "goal_name_kk",
        "goal_name_ru",
        "goal_name_en",
        "indicator_code",
        "indicator_name_kk",
        "indicator_name_ru",
        "indicator_name_en",
        "unit_kk",
        "unit_ru",
        "unit_en",
        "kind",
        "direction",
        "baseline_year",
        "baseline_value",
        "year",
        "plan",
        "actual",
        "status",
        "actual_source",
        "actual_date",
        "revised",
    ]
    assert [r["year"] for r in rows] == ["2021", "2022"]
    first, second = rows
    assert first["document_slug"] == "pavlodar-2021-2025"
    assert first["document_title_ru"] == "План развития Павлодарской области"
    assert first["document_title_kk"] == "Павлодар облысын дамыту жоспары"
    assert first["goal_number"] == "1.1"
    assert first["goal_name_ru"] == "Качество жизни"
    assert first["indicator_code"] == "1.1.1"
    assert first["indicator_name_ru"] == "Доступ к централизованному водоснабжению"
    assert first["indicator_name_en"] == ""
    assert first["unit_ru"] == "%"
    assert (first["kind"], first["direction"]) == ("target", "higher")
    assert (first["baseline_year"], first["baseline_value"]) == ("2020", "66.5")
    assert (first["plan"], first["actual"], first["status"]) == ("70", "71.2", "on_track")
    assert (first["actual_source"], first["actual_date"]) == ("Stat.gov.kz", "2022-03-01")
    assert first["revised"] == "no"
    assert (second["plan"], second["actual"], second["status"]) == ("75", "", "no_data")
    assert second["actual_date"] == ""
    assert second["revised"] == "yes"


def test_indicators_csv_document_filter(client, plan):
    other = IndicatorValueFactory(indicator__goal__document__slug="other-plan")
    assert {r["document_slug"] for r in read_csv(client.get("/data/indicators.csv"))} == {
        "pavlodar-2021-2025",
        "other-plan",
    }
    response = client.get("/data/indicators.csv?document=other-plan")
    assert response["Content-Disposition"] == 'attachment; filename="indicators-other-plan.csv"'
    rows = read_csv(response)
    assert [(r["document_slug"], r["indicator_code"]) for r in rows] == [
        ("other-plan", other.indicator.code)
    ]
    assert read_csv(client.get("/data/indicators.csv?document=nothing")) == []


def test_indicators_csv_is_streamed_in_few_queries(client, plan):
    for _ in range(30):
        IndicatorValueFactory(indicator__goal=plan["indicator"].goal)
    with CaptureQueriesContext(connection) as ctx:
        rows = read_csv(client.get("/data/indicators.csv"))
    assert len(rows) == 32
    assert len(ctx.captured_queries) <= 2


# objects.csv


def test_objects_csv(client, plan, body):
    response = client.get("/data/objects.csv")
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="objects.csv"'
    rows = read_csv(response)
    header = list(rows[0])
    for column in [
        "slug",
        "kind",
        "status",
        "name_kk",
        "name_ru",
        "name_en",
        "description_ru",
        "address_ru",
        "document_slug",
        "territory_slug",
        "territory_name_kk",
        "territory_name_ru",
        "territory_name_en",
        "responsible_body_slug",
        "responsible_body_name_ru",
        "contractor_slug",
        "contractor_name_ru",
        "contract_number",
        "contract_value",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        "latitude",
        "longitude",
        "updated_at",
        "url",
    ]:
        assert column in header
    school = next(r for r in rows if r["slug"] == "school-bayanaul")
    assert school["name_ru"] == "Школа в Баянауле"
    assert school["name_en"] == ""
    assert school["address_ru"] == "с. Баянаул, ул. Абая, 1"
    assert school["document_slug"] == "pavlodar-2021-2025"
    assert school["territory_slug"] == "bayanaul"
    assert school["territory_name_ru"] == "Баянаульский район"
    assert school["responsible_body_slug"] == body.slug
    assert school["responsible_body_name_ru"] == "Управление образования"
    assert school["contractor_slug"] == "builder-llp"
    assert school["contractor_name_ru"] == "ТОО Строитель"
    assert school["contract_number"] == "№ 12/2023"
    assert school["contract_value"] == "1500000000"
    assert (school["planned_start"], school["planned_end"]) == ("2023-04-01", "2024-09-01")
    assert school["actual_start"] == ""
    assert (school["latitude"], school["longitude"]) == ("50.7912", "75.7021")
    assert school["url"].startswith("http://testserver/")
    assert school["url"].endswith("/objects/school-bayanaul/")
    road = next(r for r in rows if r["slug"] == "road-repair")
    assert (road["latitude"], road["territory_slug"], road["contractor_slug"]) == ("", "", "")


def test_objects_csv_read_as_values_is_byte_for_byte_the_csv_of_the_instances(
    client, plan, monkeypatch
):
    # Values of every kind: formulas, numbers with trailing zeros, dates, an empty relation.
    ProjectObjectFactory(
        document=plan["document"],
        slug="formula-like",
        name_ru="=HYPERLINK(1)",
        name_en="-12.5",
        description_kk='+ жол\r\nекі, "үш"',
        address_en="@home",
        territory=plan["school"].territory,
        contract_value=Decimal("12.50"),
        actual_start=date(2024, 1, 31),
        latitude=-0.5,
        longitude=0.0,
    )
    by_values = []
    monkeypatch.setattr(tabular, "_stored_paths", _spy(tabular._stored_paths, by_values))
    for lang in ("kk", "ru", "en"):
        fast = content(client.get(f"/data/objects.csv?lang={lang}"))
        assert by_values.pop()  # read as values
        # The model instances, as before: a row per instance with its related records.
        with monkeypatch.context() as patched:
            patched.setattr(tabular, "_stored_paths", lambda *args: False)
            slow = content(client.get(f"/data/objects.csv?lang={lang}"))
        assert fast == slow
        assert b"'=HYPERLINK(1)" in fast and b",-12.5," in fast and b",12.5," in fast


def test_indicators_csv_read_as_values_is_byte_for_byte_the_csv_of_the_instances(
    client, plan, monkeypatch
):
    goal = plan["indicator"].goal
    lower = IndicatorFactory(
        goal=goal, code="=1", direction=Indicator.Direction.LOWER, baseline_value=Decimal("0.50")
    )
    IndicatorValueFactory(indicator=lower, year=2021, plan=Decimal("10"), actual=Decimal("12"))
    IndicatorValueFactory(indicator=lower, year=2020, plan=None, actual=None)
    by_values = []
    monkeypatch.setattr(tabular, "_stored_paths", _spy(tabular._stored_paths, by_values))
    for lang in ("kk", "en"):
        fast = content(client.get(f"/data/indicators.csv?lang={lang}"))
        assert by_values.pop()
        with monkeypatch.context() as patched:
            patched.setattr(tabular, "_stored_paths", lambda *args: False)
            slow = content(client.get(f"/data/indicators.csv?lang={lang}"))
        assert fast == slow
        assert b"'=1" in fast and b"off_track" in fast


def _spy(function, calls: list):
    def spied(*args):
        result = function(*args)
        calls.append(result)
        return result

    return spied


def test_a_download_that_needs_more_than_stored_values_reads_instances():
    def by_values(layout):
        paths = tabular._paths(layout.columns())
        return paths is not None and tabular._stored_paths(
            ProjectObject.private_objects.all(), paths
        )

    assert by_values(downloads.OBJECTS)  # stored values only
    # A method of the serializer (the portal address) is not a stored column.
    assert not by_values(tabular.Layout(serializers.ObjectSerializer))
    # Nor is a translated field's own name, which falls back to another language.
    assert not by_values(tabular.Layout(NameSerializer))


class NameSerializer(drf.Serializer):
    slug = drf.SlugField(read_only=True)
    name = drf.CharField(read_only=True)


def test_objects_csv_filters(client, plan):
    ProjectObjectFactory(slug="elsewhere")
    everything = {r["slug"] for r in read_csv(client.get("/data/objects.csv"))}
    assert everything == {"school-bayanaul", "road-repair", "elsewhere"}
    by_document = read_csv(client.get("/data/objects.csv?document=pavlodar-2021-2025"))
    assert {r["slug"] for r in by_document} == {"school-bayanaul", "road-repair"}
    by_territory = read_csv(client.get("/data/objects.csv?territory=pavlodar-region"))
    assert {r["slug"] for r in by_territory} == {"school-bayanaul"}
    response = client.get("/data/objects.csv?document=pavlodar-2021-2025&territory=bayanaul")
    assert response["Content-Disposition"] == (
        'attachment; filename="objects-pavlodar-2021-2025-bayanaul.csv"'
    )
    assert {r["slug"] for r in read_csv(response)} == {"school-bayanaul"}


def test_object_downloads_take_the_api_filters(client, plan):
    def found(url):
        return {r["slug"] for r in read_csv(client.get(url))}

    assert found("/data/objects.csv?kind=road") == {"road-repair"}
    assert found("/data/objects.csv?status=in_progress&q=баянауыл") == {"school-bayanaul"}
    assert client.get("/data/objects.csv?kind=castle").status_code == 400
    assert client.get("/data/objects.geojson?status=lost").status_code == 400


def test_filename_only_carries_slugs(client, plan):
    response = client.get('/data/objects.csv?document=x"%0d%0aSet-Cookie:a')
    assert response["Content-Disposition"] == 'attachment; filename="objects.csv"'
    response = client.get("/data/indicators.csv?document=a/b")
    assert response["Content-Disposition"] == 'attachment; filename="indicators.csv"'


def test_csv_opens_as_utf8_with_bom(client, plan):
    raw = content(client.get("/data/objects.csv"))
    assert raw[:3] == b"\xef\xbb\xbf"
    assert raw.count(b"\xef\xbb\xbf") == 1  # once, not per streamed chunk
    assert "Школа в Баянауле".encode() in raw


# objects.geojson


def test_objects_geojson(client, plan):
    response = client.get("/data/objects.geojson")
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    data = json.loads(content(response))
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]  # the road has no location
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [75.7021, 50.7912]}
    assert feature["properties"] == {
        "slug": "school-bayanaul",
        "name": "Баянауыл мектебі",
        "kind": "school",
        "status": "in_progress",
        "document": "pavlodar-2021-2025",
        "territory": "bayanaul",
        "url": "http://testserver/kk/objects/school-bayanaul/",
    }


def test_objects_geojson_language(client, plan):
    def props(url, **headers):
        return json.loads(content(client.get(url, **headers)))["features"][0]["properties"]

    ru = props("/data/objects.geojson?lang=ru")
    assert ru["name"] == "Школа в Баянауле"
    assert ru["url"] == "http://testserver/ru/objects/school-bayanaul/"
    # English is missing: the name falls back, never empty.
    assert props("/data/objects.geojson?lang=en")["name"] == "Школа в Баянауле"
    assert props("/data/objects.geojson", HTTP_ACCEPT_LANGUAGE="ru")["name"] == "Школа в Баянауле"


def test_objects_geojson_filters(client, plan):
    ProjectObjectFactory(slug="elsewhere", latitude=52.0, longitude=77.0)

    def found(query):
        data = json.loads(content(client.get("/data/objects.geojson" + query)))
        return {f["properties"]["slug"] for f in data["features"]}

    assert found("") == {"school-bayanaul", "elsewhere"}
    assert found("?document=pavlodar-2021-2025") == {"school-bayanaul"}
    assert found("?territory=bayanaul") == {"school-bayanaul"}
    assert found("?territory=pavlodar-region") == {"school-bayanaul"}
    assert found("?document=pavlodar-2021-2025&territory=somewhere") == set()


def test_download_urls_have_names():
    assert reverse("downloads:indicators_csv") == "/data/indicators.csv"
    assert reverse("downloads:objects_csv") == "/data/objects.csv"
    assert reverse("downloads:objects_geojson") == "/data/objects.geojson"


def test_downloads_are_read_only(client):
    assert client.post("/data/objects.geojson").status_code == 405
    assert client.head("/data/objects.csv").status_code == 200


# Visibility


def _hidden_in_downloads(client) -> dict:
    indicators = read_csv(client.get("/data/indicators.csv"))
    objects = read_csv(client.get("/data/objects.csv"))
    features = json.loads(content(client.get("/data/objects.geojson")))["features"]
    by_document = read_csv(client.get("/data/objects.csv?document=secret-draft"))
    return {
        "indicators.csv": any(r["document_slug"] == "secret-draft" for r in indicators),
        "objects.csv": any(r["slug"] == "secret-object" for r in objects),
        "objects.geojson": any(f["properties"]["slug"] == "secret-object" for f in features),
        "objects.csv?document": bool(by_document),
    }


@pytest.mark.parametrize("persona", NON_STAFF)
def test_unpublished_is_excluded_for_non_staff(client, personas, persona, plan, hidden):
    if personas[persona] is not None:
        client.force_login(personas[persona])
    seen = _hidden_in_downloads(client)
    assert not any(seen.values()), seen


@pytest.mark.parametrize("persona", STAFF)
def test_unpublished_is_included_for_staff(client, personas, persona, plan, hidden):
    client.force_login(personas[persona])
    seen = _hidden_in_downloads(client)
    assert all(seen.values()), seen


# Speed


def test_geojson_reads_many_objects_in_a_constant_number_of_queries(client):
    # The speed target (20,000 objects in 500 ms) is measured by benchmarks/portal.py.
    document = PlanningDocumentFactory()
    territory = TerritoryFactory()

    def add(start, count):
        ProjectObject.private_objects.bulk_create(
            ProjectObject(
                document=document,
                territory=territory,
                kind=ProjectObject.Kind.SCHOOL,
                status=ProjectObject.Status.PLANNED,
                slug=f"object-{n}",
                name_kk=f"Нысан {n}",
                name_ru=f"Объект {n}",
                latitude=50 + n / 100_000,
                longitude=75 + n / 100_000,
            )
            for n in range(start, start + count)
        )

    def fetch():
        # Streamed: the rows are read while the answer is written.
        with CaptureQueriesContext(connection) as ctx:
            body = content(client.get("/data/objects.geojson"))
        return json.loads(body)["features"], len(ctx.captured_queries)

    add(0, 10)
    small, small_queries = fetch()
    add(10, 2000)
    large, large_queries = fetch()
    assert (len(small), len(large)) == (10, 2010)
    assert small_queries == large_queries
    assert large[-1]["geometry"]["coordinates"] == [75 + 2009 / 100_000, 50 + 2009 / 100_000]


@pytest.mark.django_db
def test_territories_geojson_gives_the_units_of_a_region_with_names_in_the_language(client):

    from ..factories import TerritoryFactory, square

    region = TerritoryFactory(slug="pavlodar-region", kind=Territory.Kind.REGION)
    TerritoryFactory(
        slug="ekibastuz",
        parent=region,
        geometry=square(75, 51, 1),
        name_ru="г. Экибастуз",
        name_en="",
    )
    TerritoryFactory(slug="elsewhere", geometry=square(60, 40, 1))
    data = client.get("/data/territories.geojson?lang=en").json()
    assert [f["properties"]["slug"] for f in data["features"]] == ["ekibastuz"]
    assert data["features"][0]["properties"]["name"] == "г. Экибастуз"  # English falls back
    assert data["features"][0]["geometry"]["type"] == "Polygon"
    assert "OpenStreetMap" in data["attribution"]
    assert client.get("/data/territories.geojson?parent=../x").status_code == 400


# Columns: the documented open data, derived from the API's serializers


def words(text: str) -> list[str]:
    return text.split()


# The columns of every CSV download, in their order: published, so stable.
DOCUMENTED_COLUMNS = {
    "indicators.csv": words("""
        document_slug document_title_kk document_title_ru document_title_en goal_number
        goal_name_kk goal_name_ru goal_name_en indicator_code indicator_name_kk
        indicator_name_ru indicator_name_en unit_kk unit_ru unit_en kind direction
        baseline_year baseline_value year plan actual status actual_source actual_date
        revised
    """),
    "objects.csv": words("""
        slug kind status name_kk name_ru name_en description_kk description_ru
        description_en address_kk address_ru address_en document_slug territory_slug
        territory_name_kk territory_name_ru territory_name_en responsible_body_slug
        responsible_body_name_kk responsible_body_name_ru responsible_body_name_en
        contractor_slug contractor_name_kk contractor_name_ru contractor_name_en
        contract_number contract_value planned_start planned_end actual_start actual_end
        latitude longitude updated_at url
    """),
    "request-ranking.csv": words("""
        rank body_slug body_name_kk body_name_ru body_name_en kind year as_of received
        answered answered_on_time answered_late never_answered pending refused
        median_days_to_answer share_on_time share_refused url
    """),
    "requests.csv": words("""
        public_id subject text asked language body_slug body_name_kk body_name_ru
        body_name_en requester document_slug object_slug status status_label sent_at
        registered_on registration_number due_date extended answered_on created_at
        updated_at url
    """),
    "request-events.csv": words("""
        request_public_id body_slug kind label status_after happened_on note
        legal_ground due_date other_body_slug request_url
    """),
    "campaigns.csv": words("""
        slug title_kk title_ru title_en form form_label status status_label ngo_slug
        ngo_name_kk ngo_name_ru ngo_name_en document_slugs object_slugs body_slugs
        starts_on ends_on published_at final_document_sent_on url
    """),
    "findings.csv": words("""
        id campaign_slug number title category category_label severity severity_label
        description norm object_slug indicator_id document_slug year monitor_value
        evidence_ids recommendation_numbers created_at url
    """),
    "recommendations.csv": words("""
        id campaign_slug number body_slug body_name_kk body_name_ru body_name_en text
        finding_numbers sent_on due_on state state_label answered_on answered_late
        decision decision_label reasons measures file_urls decision_dates verification
        verification_label verified_on verification_note url
    """),
    "recommendation-ranking.csv": words("""
        rank body_slug body_name_kk body_name_ru body_name_en kind year as_of received
        answered answered_on_time answered_late overdue awaiting accepted
        partly_accepted rejected share_on_time verified_done verified_partly_done
        verified_not_done share_carried_out url
    """),
    "report-ranking.csv": words("""
        rank body_slug body_name_kk body_name_ru body_name_en kind year as_of received
        answered_on_time answered_late not_answered awaiting fixed reopened share_on_time url
    """),
}

LAYOUTS = {
    "indicators.csv": downloads.INDICATOR_VALUES,
    "objects.csv": downloads.OBJECTS,
    "request-ranking.csv": downloads.REQUEST_RANKING,
    "requests.csv": downloads.REQUESTS,
    "request-events.csv": downloads.REQUEST_EVENTS,
    "campaigns.csv": downloads.CAMPAIGNS,
    "findings.csv": downloads.FINDINGS,
    "recommendations.csv": downloads.RECOMMENDATIONS,
    "recommendation-ranking.csv": downloads.RECOMMENDATION_RANKING,
    "report-ranking.csv": downloads.REPORT_RANKING,
}


def header(response) -> list[str]:
    raw = content(response).decode("utf-8-sig")
    return next(csv.reader(io.StringIO(raw)))


@pytest.mark.parametrize("name", DOCUMENTED_COLUMNS)
def test_every_download_has_its_documented_columns(client, name):
    assert LAYOUTS[name].header() == DOCUMENTED_COLUMNS[name]
    assert header(client.get(f"/data/{name}")) == DOCUMENTED_COLUMNS[name]


def test_a_field_added_to_the_api_appears_in_the_download(client, plan, monkeypatch):
    fields = serializers.ObjectSerializer.Meta.fields
    assert "id" not in fields
    monkeypatch.setattr(serializers.ObjectSerializer.Meta, "fields", [*fields[:-1], "id", "url"])
    school = plan["school"]
    api = {o["slug"]: o for o in client.get("/api/objects/").json()["results"]}
    assert api[school.slug]["id"] == school.pk
    response = client.get("/data/objects.csv")
    assert header(response) == [*DOCUMENTED_COLUMNS["objects.csv"][:-1], "id", "url"]
    rows = {r["slug"]: r for r in read_csv(client.get("/data/objects.csv"))}
    assert rows[school.slug]["id"] == str(school.pk)


def test_layouts_fail_loudly_rather_than_drift():
    # A list of records has no single cell unless the layout says how to write it.
    with pytest.raises(ImproperlyConfigured, match="values"):
        tabular.Layout(serializers.IndicatorSerializer).header()
    # A layout that names a field the API no longer has.
    with pytest.raises(ImproperlyConfigured, match="latitude"):
        tabular.Layout(serializers.ObjectSerializer, names={"latitude": "lat"}).header()
    with pytest.raises(ImproperlyConfigured, match="repeat"):
        tabular.Layout(serializers.ObjectSerializer, names={"lat": "slug"}).header()


def test_csv_is_written_and_read_in_batches(client, plan, monkeypatch):
    for n in range(5):
        ProjectObjectFactory(document=plan["document"], slug=f"more-{n}")
    monkeypatch.setattr(tabular, "CSV_BATCH", 2)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/data/objects.csv")
        chunks = list(response.streaming_content)
    assert len(ctx.captured_queries) == 1
    # Two rows at a time, the last piece with the rest.
    assert len(chunks) == 4
    assert chunks[0].startswith("\ufeffslug,".encode())
    rows = list(csv.DictReader(io.StringIO(b"".join(chunks).decode("utf-8-sig"))))
    assert len(rows) == 7
