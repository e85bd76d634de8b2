"""The list of reports with its filters and the data of its map; the open reports on the
territory and body pages; the reports on the home page and the links to the form. Public fields
only, and a number of queries that does not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baqylau.core import pagecache
from baqylau.participation import reports
from baqylau.participation.models import Category, Report, ReportEvent
from baqylau.registry.models import PlanningDocument
from tests.factories import OrganisationFactory
from tests.helpers import PERSONAS

from ..helpers import count_queries

pytestmark = pytest.mark.django_db

LIST = "/en/participation/reports/"
MAP = "/en/participation/reports/map.json"


@pytest.fixture
def several(published, file_report, school, carol, bob):
    """Two published reports (one at a point), and one held."""
    at_school = published(title="Roof leaks")
    at_point = published(
        title="Broken lamp",
        reporter=bob,
        category=Category.objects.get(code="damaged-unsafe"),
        at=reports.Place(latitude=51.7512345, longitude=75.2512345),
    )
    held = file_report(at=school, reporter=carol, title="Held back")
    return at_school, at_point, held


@pytest.mark.parametrize("who", PERSONAS)
def test_everyone_lists_the_published_reports_only(as_persona, who, several):
    html = as_persona(who).get(LIST).content.decode()
    assert "Roof leaks" in html and "Broken lamp" in html
    assert "Held back" not in html


@pytest.mark.parametrize(
    "query, shown",
    [
        ("category=damaged-unsafe", {"Broken lamp"}),
        ("status=open_any", {"Roof leaks", "Broken lamp"}),
        ("status=done", set()),
        ("territory=ekibastuz", {"Roof leaks", "Broken lamp"}),
        ("territory=pavlodar-region", {"Roof leaks", "Broken lamp"}),
        ("body=akimat", {"Roof leaks"}),
    ],
)
def test_the_filters(client, several, query, shown):
    html = client.get(f"{LIST}?{query}").content.decode()
    assert {title for title in ("Roof leaks", "Broken lamp") if title in html} == shown


def _changed(committed, step, **kwargs):
    """A step of a moderator or of the back office, and the end of its request, which gives the
    site a new generation (core/pagecache.py: PageCacheMiddleware after every POST)."""
    result = committed(step, **kwargs)
    pagecache._new_generation()  # what the middleware does once a POST has been answered
    return result


def _count(html: str) -> str:
    return " ".join(html.split('<p class="count">')[1].split("</p>")[0].split())


def test_the_total_is_counted_once_per_change_and_exact_after_each(
    client, several, published, school, committed
):
    assert _count(client.get(LIST).content.decode()) == "2 reports"
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(LIST).content.decode()
    assert _count(html) == "2 reports"
    assert not [q for q in ctx.captured_queries if "COUNT(" in q["sql"]]
    assert _count(client.get(f"{LIST}?category=damaged-unsafe").content.decode()) == "1 report"

    _changed(committed, published, title="Third")
    assert _count(client.get(LIST).content.decode()) == "3 reports"
    # The school's plan unpublished (the back office's action): its reports leave the list.
    _changed(committed, _unpublish, document_id=school.document_id)
    assert _count(client.get(LIST).content.decode()) == "1 report"
    assert _count(client.get(f"{LIST}?category=damaged-unsafe").content.decode()) == "1 report"


def test_the_open_reports_of_a_territory_are_counted_once_per_change(
    client, published, school, committed
):
    url, total = "/en/territories/pavlodar-region/", "All {} open report"
    _changed(committed, published, title="Roof leaks")
    assert total.format(1) in client.get(url).content.decode()
    _changed(committed, published, title="Lamp", at=reports.Place(latitude=51.75, longitude=75.25))
    assert total.format(2) in client.get(url).content.decode()
    _changed(committed, _unpublish, document_id=school.document_id)
    assert total.format(1) in client.get(url).content.decode()


def _unpublish(*, document_id):
    PlanningDocument.private_objects.filter(pk=document_id).update(is_published=False)


def test_a_filter_that_names_nothing_known_lists_everything_it_may(client, several):
    response = client.get(f"{LIST}?territory=nowhere&status=bad")
    assert response.status_code == 200
    assert "Roof leaks" in response.content.decode()


@pytest.mark.parametrize("who", PERSONAS)
def test_the_map_data_has_public_fields_only(as_persona, who, several):
    at_school, at_point, held = several
    data = as_persona(who).get(MAP).json()
    rows = {row[0]: row for row in data["reports"]}
    assert set(rows) == {at_school.pk, at_point.pk}
    assert all(len(row) == 5 for row in rows.values())
    assert rows[at_point.pk][1:3] == [
        round(at_point.public_latitude, 5),
        round(at_point.public_longitude, 5),
    ]
    assert rows[at_point.pk][1] != 51.7512345
    assert rows[at_school.pk][1:] == [51.7, 75.3, "quality-of-work", "open"]
    text = as_persona(who).get(MAP).content.decode()
    for private in ("carol", "bob@", "51.75123", "75.25123", "Held back", "Roof leaks"):
        assert private not in text
    assert data["categories"]["damaged-unsafe"]


def test_the_map_data_follows_the_filters(client, several):
    data = client.get(f"{MAP}?category=damaged-unsafe").json()
    assert [row[0] for row in data["reports"]] == [several[1].pk]


def _grow(n, published, school):
    for i in range(n):
        point = reports.Place(latitude=51.75 + i * 0.001, longitude=75.25)
        published(title=f"Report {i}", at=school if i % 2 else point)


@pytest.mark.parametrize("url", [LIST, MAP, f"{LIST}?territory=pavlodar-region&status=open_any"])
def test_the_list_and_the_map_run_the_same_queries_with_more_reports(
    client, url, published, school
):
    _grow(2, published, school)
    small = count_queries(client, url)
    _grow(12, published, school)
    assert count_queries(client, url) == small
    assert small <= 12


# The portal ------------------------------------------------------------------------------------


def test_the_territory_page_lists_the_open_reports_oldest_first(
    client, published, registry, set_today, today, school_officer
):
    from datetime import timedelta

    set_today(today - timedelta(days=20))
    old = published(title="Old problem")
    set_today(today)
    new = published(title="New problem")
    closed = published(title="Closed problem")
    reports.report_answer(
        report=closed, actor=school_officer, kind=ReportEvent.Kind.REJECTED, text="Not ours."
    )
    html = client.get("/en/territories/pavlodar-region/").content.decode()
    assert html.index("Old problem") < html.index("New problem")
    assert "Closed problem" not in html
    assert "open 20 days" in html
    assert "?territory=pavlodar-region&amp;status=open_any" in html
    assert old.pk != new.pk


def test_the_body_page_lists_its_open_reports(client, published, registry):
    published(title="Roof leaks")
    html = client.get("/en/organisations/akimat/").content.decode()
    assert "Open problem reports" in html and "Roof leaks" in html
    assert "?body=akimat&amp;status=open_any" in html


def test_an_ngo_page_has_no_report_section(client, registry, ngo):
    assert (
        "Open problem reports" not in client.get(f"/en/organisations/{ngo.slug}/").content.decode()
    )


@pytest.mark.parametrize(
    "url", ["/en/", "/en/territories/pavlodar-region/", "/en/organisations/akimat/"]
)
def test_the_portal_pages_run_the_same_queries_with_more_reports(
    client, url, published, school, school_officer
):
    _grow(2, published, school)
    small = count_queries(client, url)
    _grow(12, published, school)
    for report in Report.private_objects.filter(project_object=school)[:6]:
        reports.report_answer(
            report=report, actor=school_officer, kind=ReportEvent.Kind.ACKNOWLEDGED, text="Seen."
        )
    assert count_queries(client, url) == small


def test_the_home_page_shows_the_latest_reports_and_answers(client, published, school_officer):
    report = published(title="Roof leaks")
    reports.report_answer(
        report=report, actor=school_officer, kind=ReportEvent.Kind.ACKNOWLEDGED, text="Seen."
    )
    html = client.get("/en/").content.decode()
    assert "Latest problem reports" in html and "Roof leaks" in html
    assert "acknowledged by the body" in html
    assert "/en/participation/reports/new/" in html


def test_unpublished_reports_never_reach_the_portal(client, file_report, school, carol):
    file_report(at=school, reporter=carol, title="Held back")
    for url in ("/en/", "/en/territories/pavlodar-region/", "/en/organisations/akimat/"):
        assert "Held back" not in client.get(url).content.decode()


def test_one_click_to_report_from_an_object_a_document_and_an_indicator(client, registry):
    school, document = registry["school"], registry["document"]
    html = client.get(school.get_absolute_url()).content.decode()
    assert f"/en/participation/reports/new/?object={school.slug}" in html
    html = client.get(document.get_absolute_url()).content.decode()
    assert f"/en/participation/reports/new/?document={document.slug}" in html
    assert f"/en/participation/reports/new/?indicator={registry['indicator'].pk}" in html


def test_a_body_unknown_to_the_filters_is_not_offered(client, registry):
    OrganisationFactory(slug="some-ngo", kind="ngo")
    html = client.get(LIST).content.decode()
    assert 'value="akimat"' in html and 'value="some-ngo"' not in html
