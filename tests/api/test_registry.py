"""The read-only open data API: lists, filters, languages, visibility, schema, query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baqylau.api.views import ApiPagination
from baqylau.registry.models import (
    Financing,
    Indicator,
    Organisation,
    PlanningDocument,
    PlanRevision,
    ProjectObject,
)

from ..factories import (
    DirectionFactory,
    FinancingFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    OrganisationFactory,
    PlanningDocumentFactory,
    ProjectObjectFactory,
    TerritoryFactory,
    square,
)
from ..helpers import NON_STAFF, STAFF, count_queries, results

pytestmark = pytest.mark.django_db


def slugs(response):
    return {row["slug"] for row in results(response)}


def ids(response):
    return {row["id"] for row in results(response)}


@pytest.fixture
def plan(region, body):
    """A published regional plan with one goal, indicator, value, financing line and object."""
    document = PlanningDocumentFactory(
        slug="pavlodar-2021-2025",
        code="PRDP",
        title_kk="Павлодар облысын дамыту жоспары",
        title_ru="План развития Павлодарской области",
        title_en="Pavlodar region development plan",
        territory=region,
        start_year=2021,
        end_year=2025,
    )
    document.responsible_bodies.add(body)
    direction = DirectionFactory(document=document, number=1)
    goal = GoalFactory(document=document, direction=direction, number="1.1")
    indicator = IndicatorFactory(
        goal=goal,
        code="1.1.1",
        name_kk="Жолдардың үлесі",
        name_ru="Доля дорог",
        name_en="Share of roads",
    )
    value = IndicatorValueFactory(
        indicator=indicator, year=2022, plan=Decimal("80"), actual=Decimal("75")
    )
    PlanRevision.objects.create(
        value=value, previous_plan=Decimal("85"), new_plan=Decimal("80"), reason="budget cut"
    )
    obj = ProjectObjectFactory(
        document=document,
        slug="school-bayanaul",
        kind=ProjectObject.Kind.SCHOOL,
        status=ProjectObject.Status.IN_PROGRESS,
        name_kk="Баянауыл мектебі",
        name_ru="Школа в Баянауле",
        name_en="Bayanaul school",
        territory=None,
        latitude=50.79,
        longitude=75.70,
        responsible_body=body,
    )
    financing = FinancingFactory(document=document, object=obj, year=2022, planned=Decimal("5"))
    return {
        "document": document,
        "goal": goal,
        "indicator": indicator,
        "value": value,
        "object": obj,
        "financing": financing,
    }


# Lists and filters


def test_documents_list_and_filters(client, plan, district, body):
    other = PlanningDocumentFactory(
        slug="bayanaul-concept",
        doc_type=PlanningDocument.Type.CONCEPT,
        status=PlanningDocument.Status.COMPLETED,
        territory=district,
        title_ru="Концепция водоснабжения",
        start_year=2015,
        end_year=2019,
    )
    both = {"pavlodar-2021-2025", "bayanaul-concept"}
    assert slugs(client.get("/api/documents/")) == both
    assert slugs(client.get("/api/documents/?type=concept")) == {other.slug}
    assert slugs(client.get("/api/documents/?status=in_force")) == {"pavlodar-2021-2025"}
    assert slugs(client.get("/api/documents/?territory=pavlodar-region")) == both
    assert slugs(client.get("/api/documents/?territory=bayanaul")) == {other.slug}
    assert slugs(client.get(f"/api/documents/?body={body.slug}")) == {"pavlodar-2021-2025"}
    assert slugs(client.get("/api/documents/?year=2017")) == {other.slug}
    assert slugs(client.get("/api/documents/?year=2021")) == {"pavlodar-2021-2025"}
    assert slugs(client.get("/api/documents/?q=водоснабжения")) == {other.slug}
    assert slugs(client.get("/api/documents/?q=ПАВЛОДАРСКОЙ")) == {"pavlodar-2021-2025"}
    assert slugs(client.get("/api/documents/?territory=nowhere")) == set()
    assert client.get("/api/documents/?type=novel").status_code == 400


def test_document_detail(client, plan, body, region):
    data = client.get("/api/documents/pavlodar-2021-2025/").json()
    assert data["slug"] == "pavlodar-2021-2025"
    assert data["type"] == "regional_plan"
    assert data["territory"] == region.slug
    assert data["responsible_bodies"] == [body.slug]
    assert data["start_year"] == 2021
    assert data["title_i18n"]["ru"] == "План развития Павлодарской области"
    assert data["url"].endswith("/documents/pavlodar-2021-2025/")
    assert client.get("/api/documents/no-such-plan/").status_code == 404


def test_goals_filter_by_document(client, plan):
    GoalFactory()  # in another document
    rows = results(client.get("/api/goals/?document=pavlodar-2021-2025"))
    assert [r["id"] for r in rows] == [plan["goal"].id]
    assert rows[0]["document"] == "pavlodar-2021-2025"
    assert rows[0]["direction"]["number"] == 1
    assert rows[0]["direction"]["name_i18n"]["en"] == "Quality of life"
    assert len(results(client.get("/api/goals/"))) == 2
    assert client.get(f"/api/goals/{plan['goal'].id}/").json()["number"] == "1.1"


def test_indicators_filters_and_values(client, plan):
    result = IndicatorFactory(goal=plan["goal"], kind=Indicator.Kind.RESULT)
    elsewhere = IndicatorFactory()
    document_ids = ids(client.get("/api/indicators/?document=pavlodar-2021-2025"))
    assert document_ids == {plan["indicator"].id, result.id}
    assert ids(client.get(f"/api/indicators/?goal={plan['goal'].id}")) == document_ids
    assert ids(client.get(f"/api/indicators/?goal={elsewhere.goal_id}")) == {elsewhere.id}
    assert ids(client.get("/api/indicators/?kind=result")) == {result.id}

    data = client.get(f"/api/indicators/{plan['indicator'].id}/").json()
    assert data["document"] == "pavlodar-2021-2025"
    assert data["goal"] == plan["goal"].id
    assert data["baseline_value"] == "50.0000"
    assert data["unit"] == "%"
    [value] = data["values"]
    assert value["year"] == 2022
    assert value["plan"] == "80.0000"
    assert value["actual"] == "75.0000"
    assert value["status"] == "at_risk"  # 75 of 80 is 93.75 %
    assert value["revisions"] == [
        {
            "previous_plan": "85.0000",
            "new_plan": "80.0000",
            "revised_at": value["revisions"][0]["revised_at"],
            "reason": "budget cut",
        }
    ]


def test_indicator_value_statuses_follow_the_rule(client, plan):
    indicator = IndicatorFactory(goal=plan["goal"], direction=Indicator.Direction.LOWER)
    IndicatorValueFactory(indicator=indicator, year=2021, plan=Decimal("10"), actual=Decimal("8"))
    IndicatorValueFactory(indicator=indicator, year=2022, plan=Decimal("10"), actual=Decimal("11"))
    IndicatorValueFactory(indicator=indicator, year=2023, plan=Decimal("10"), actual=Decimal("20"))
    IndicatorValueFactory(indicator=indicator, year=2024, plan=Decimal("10"), actual=None)
    values = client.get(f"/api/indicators/{indicator.id}/").json()["values"]
    assert [(v["year"], v["status"]) for v in values] == [
        (2021, "on_track"),
        (2022, "at_risk"),
        (2023, "off_track"),
        (2024, "no_data"),
    ]


def test_financing_filters(client, plan):
    document = plan["document"]
    republican = FinancingFactory(
        document=document, year=2023, source=Financing.Source.REPUBLICAN, planned=Decimal("7.5")
    )
    FinancingFactory()  # another document
    assert ids(client.get("/api/financing/?document=pavlodar-2021-2025")) == {
        plan["financing"].id,
        republican.id,
    }
    assert ids(client.get("/api/financing/?document=pavlodar-2021-2025&year=2023")) == {
        republican.id
    }
    assert ids(client.get("/api/financing/?source=republican")) == {republican.id}
    rows = results(client.get("/api/financing/?object=school-bayanaul"))
    assert [r["id"] for r in rows] == [plan["financing"].id]
    assert rows[0]["object"] == "school-bayanaul"
    assert rows[0]["planned"] == "5.0000"
    assert rows[0]["current_plan"] == "5.0000"
    assert rows[0]["executed"] is None


def test_objects_filters_and_location(client, plan, district):
    road = ProjectObjectFactory(
        document=plan["document"],
        slug="road-bayanaul",
        kind=ProjectObject.Kind.ROAD,
        status=ProjectObject.Status.COMPLETED,
        name_ru="Дорога Баянаул – Майкаин",
        territory=district,
        latitude=50.8,
        longitude=75.6,
    )
    ProjectObjectFactory(slug="elsewhere")
    assert slugs(client.get("/api/objects/?document=pavlodar-2021-2025")) == {
        "school-bayanaul",
        "road-bayanaul",
    }
    assert slugs(client.get("/api/objects/?territory=bayanaul")) == {road.slug}
    assert slugs(client.get("/api/objects/?territory=pavlodar-region")) == {road.slug}
    assert slugs(client.get("/api/objects/?kind=road")) == {road.slug}
    assert slugs(client.get("/api/objects/?status=completed")) == {road.slug}
    assert slugs(client.get("/api/objects/?q=майкаин")) == {road.slug}

    data = client.get("/api/objects/road-bayanaul/").json()
    assert (data["lat"], data["lon"]) == (50.8, 75.6)
    assert data["document"] == "pavlodar-2021-2025"
    assert data["territory"] == "bayanaul"
    assert data["url"].endswith("/objects/road-bayanaul/")
    assert client.get("/api/objects/no-such-object/").status_code == 404


def test_organisations_filters(client, body, ngo, district):
    akimat = OrganisationFactory(
        kind=Organisation.Kind.DISTRICT_AKIMAT,
        slug="bayanaul-akimat",
        name_ru="Аппарат акима Баянаульского района",
        territory=district,
        parent=body,
    )
    assert slugs(client.get("/api/organisations/")) == {body.slug, ngo.slug, akimat.slug}
    assert slugs(client.get("/api/organisations/?kind=ngo")) == {ngo.slug}
    assert slugs(client.get("/api/organisations/?territory=pavlodar-region")) == {akimat.slug}
    assert slugs(client.get("/api/organisations/?q=баянаульского")) == {akimat.slug}
    data = client.get("/api/organisations/bayanaul-akimat/").json()
    assert data["parent"] == body.slug
    assert data["territory"] == "bayanaul"
    assert data["is_state_body"] is True


def test_territories_geometry_only_in_detail(client, region, district):
    with CaptureQueriesContext(connection) as ctx:
        rows = results(client.get("/api/territories/"))
    assert not any("geometry" in q["sql"] for q in ctx.captured_queries)
    assert {r["slug"] for r in rows} == {"pavlodar-region", "bayanaul"}
    assert all("geometry" not in r for r in rows)
    assert slugs(client.get("/api/territories/?kind=district")) == {"bayanaul"}
    assert slugs(client.get("/api/territories/?parent=pavlodar-region")) == {"bayanaul"}
    data = client.get("/api/territories/bayanaul/").json()
    assert data["parent"] == "pavlodar-region"
    assert data["geometry"]["type"] == "Polygon"


def test_api_root_lists_the_endpoints(client):
    data = client.get("/api/").json()
    assert set(data) == {
        "documents",
        "goals",
        "indicators",
        "financing",
        "objects",
        "plan-versions",
        "plan-changes",
        "organisations",
        "territories",
        "requests",
        "request-events",
        "request-answers",
        "campaigns",
        "findings",
        "recommendations",
        "evidence",
        "reports",
        "procurement/flag-feedback",
        "procurement/flag-answers",
        "procurement/processes",
        "procurement/parties",
        "procurement/flags",
        "meetings",
        "commitments",
        "councils",
        "council-plans",
        "methods",
        "scorecards",
    }


def test_lists_are_paginated_by_limit_and_offset(client, plan, monkeypatch):
    for n in range(3):
        ProjectObjectFactory(document=plan["document"], slug=f"extra-{n}")
    data = client.get("/api/objects/?limit=2&offset=1").json()
    assert data["count"] == 4
    assert len(data["results"]) == 2
    assert "offset=3" in data["next"]
    # A huge limit is capped instead of loading the whole registry at once.
    assert ApiPagination.max_limit == 1000
    monkeypatch.setattr(ApiPagination, "max_limit", 3)
    assert len(client.get("/api/objects/?limit=100000").json()["results"]) == 3


# Languages


def test_lang_parameter_picks_the_language(client, plan):
    url = f"/api/indicators/{plan['indicator'].id}/"
    assert client.get(url).json()["name"] == "Жолдардың үлесі"  # Kazakh by default
    assert client.get(url + "?lang=ru").json()["name"] == "Доля дорог"
    assert client.get(url + "?lang=en").json()["name"] == "Share of roads"
    response = client.get(url + "?lang=ru")
    assert response["Content-Language"] == "ru"


def test_accept_language_picks_the_language(client, plan):
    data = client.get("/api/objects/school-bayanaul/", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert data["name"] == "Школа в Баянауле"
    # ?lang= wins over the header.
    data = client.get("/api/objects/school-bayanaul/?lang=en", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert data["name"] == "Bayanaul school"


def test_missing_translation_falls_back(client, plan):
    document = plan["document"]
    document.title_en = ""
    document.save()
    data = client.get("/api/documents/pavlodar-2021-2025/?lang=en").json()
    assert data["title"] == "План развития Павлодарской области"
    assert data["title_i18n"] == {
        "kk": "Павлодар облысын дамыту жоспары",
        "ru": "План развития Павлодарской области",
        "en": None,
    }


def test_unknown_lang_is_refused_and_an_empty_one_ignored(client, plan):
    response = client.get("/api/objects/school-bayanaul/?lang=xx")
    assert response.status_code == 400
    assert list(response.json()) == ["lang"]
    data = client.get("/api/objects/school-bayanaul/?lang=").json()
    assert data["name"] == "Баянауыл мектебі"


# Visibility


def _visible_everywhere(client, hidden):
    """Where the unpublished document and its parts appear, by endpoint."""
    seen = {
        "documents": hidden["document"].slug in slugs(client.get("/api/documents/")),
        "goals": hidden["goal"].id in ids(client.get("/api/goals/")),
        "indicators": hidden["indicator"].id in ids(client.get("/api/indicators/")),
        "financing": hidden["financing"].id in ids(client.get("/api/financing/")),
        "objects": hidden["object"].slug in slugs(client.get("/api/objects/")),
        "objects_by_document": bool(slugs(client.get("/api/objects/?document=secret-draft"))),
    }
    details = {
        "documents": f"/api/documents/{hidden['document'].slug}/",
        "goals": f"/api/goals/{hidden['goal'].id}/",
        "indicators": f"/api/indicators/{hidden['indicator'].id}/",
        "financing": f"/api/financing/{hidden['financing'].id}/",
        "objects": f"/api/objects/{hidden['object'].slug}/",
    }
    for name, url in details.items():
        status = client.get(url).status_code
        assert status in (200, 404)
        seen[f"{name}_detail"] = status == 200
    return seen


@pytest.mark.parametrize("persona", NON_STAFF)
def test_unpublished_is_absent_for_non_staff(client, personas, persona, plan, hidden):
    if personas[persona] is not None:
        client.force_login(personas[persona])
    seen = _visible_everywhere(client, hidden)
    assert not any(seen.values()), seen
    # The published document is still there.
    assert "pavlodar-2021-2025" in slugs(client.get("/api/documents/"))


@pytest.mark.parametrize("persona", STAFF)
def test_unpublished_is_present_for_staff(client, personas, persona, plan, hidden):
    client.force_login(personas[persona])
    seen = _visible_everywhere(client, hidden)
    assert all(seen.values()), seen
    data = client.get("/api/documents/secret-draft/").json()
    assert data["is_published"] is False


def test_values_of_a_hidden_document_do_not_leak_through_a_shared_object(client, plan, hidden):
    # A financing line of a published document that names an object of an unpublished one.
    line = FinancingFactory(document=plan["document"], object=hidden["object"])
    assert line.id not in ids(client.get("/api/financing/"))


# Schema


def test_openapi_schema(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/documents/" in schema["paths"]
    assert "/api/objects/" in schema["paths"]
    assert "/api/indicators/{id}/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/objects/"]["get"]["parameters"]}
    assert {"document", "territory", "kind", "status", "q", "lang", "limit"} <= parameters
    plan = schema["components"]["schemas"]["IndicatorValue"]["properties"]["plan"]
    assert plan["type"] == "string"
    assert plan["format"] == "decimal"


def test_schema_is_reachable_by_name(client):
    from django.urls import reverse

    assert reverse("api:schema") == "/api/schema/"


# Query counts


def _documents(n, region, bodies):
    for _ in range(n):
        document = PlanningDocumentFactory(territory=region)
        document.responsible_bodies.add(*bodies)


def _goals(n, document):
    for _ in range(n):
        GoalFactory(document=document, direction=DirectionFactory(document=document))


def _indicators(n, goal):
    for _ in range(n):
        indicator = IndicatorFactory(goal=goal)
        for year in (2021, 2022):
            value = IndicatorValueFactory(indicator=indicator, year=year)
            PlanRevision.objects.create(value=value, previous_plan=1, new_plan=2)


def _financing(n, document):
    for _ in range(n):
        FinancingFactory(document=document, object=ProjectObjectFactory(document=document))


def _objects(n, document, region, body, ngo):
    for _ in range(n):
        ProjectObjectFactory(
            document=document, territory=region, responsible_body=body, contractor=ngo
        )


def _organisations(n, region, body):
    for _ in range(n):
        OrganisationFactory(territory=region, parent=body)


def _territories(n, region):
    for _ in range(n):
        TerritoryFactory(parent=region, geometry=square(76, 52))


@pytest.mark.parametrize(
    "endpoint",
    ["documents", "goals", "indicators", "financing", "objects", "organisations", "territories"],
)
@pytest.mark.parametrize("persona", [None, "carol", "erin"])
def test_list_query_count_does_not_grow_with_rows(
    client, request, persona, endpoint, region, body, ngo
):
    if persona is not None:  # anonymous, a citizen, staff
        client.force_login(request.getfixturevalue(persona))
    document = PlanningDocumentFactory()
    goal = GoalFactory(document=document)
    build = {
        "documents": lambda n: _documents(n, region, [body, ngo]),
        "goals": lambda n: _goals(n, document),
        "indicators": lambda n: _indicators(n, goal),
        "financing": lambda n: _financing(n, document),
        "objects": lambda n: _objects(n, document, region, body, ngo),
        "organisations": lambda n: _organisations(n, region, body),
        "territories": lambda n: _territories(n, region),
    }[endpoint]
    url = f"/api/{endpoint}/"
    build(3)
    few = count_queries(client, url)
    build(27)
    many = count_queries(client, url)
    assert client.get(url).json()["count"] >= 30
    assert many == few
    assert few <= 8
