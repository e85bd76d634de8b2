"""Findings and recommendations of public monitoring on the portal pages of documents, objects
and organisations.

One published campaign has sent its final document: a finding about the school (with a
geotagged photo), a finding about the roads indicator, and a recommendation on each to the
education department, which has answered the first; the monitors verified it as carried out.
An unpublished campaign about the same school, document and body has its own finding,
recommendation and photo: none of it may reach any portal page, for any persona.
"""

import re
from datetime import timedelta

import pytest
from django.utils import translation

from baqylau.accountability import selectors as public
from baqylau.accountability import services as accountability
from baqylau.accountability.models import Finding, Recommendation

from ..helpers import PERSONAS, count_queries, section
from ..world import SECRETS, more_recommendations, people_registry_and_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared", "fake_pdf")]

# The people, the registry and the world, built once for the module (tests/conftest.py).
build_once = people_registry_and_world


def path_of(item, lang="en") -> str:
    """A record's portal address in the language (requests leave theirs active)."""
    with translation.override(lang):
        return item.get_absolute_url()


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


PAGES = [
    "/en/documents/regional-plan/",
    "/en/objects/school-600/",
    "/en/organisations/education-department/",
]


# What each page lists


def test_the_object_page_lists_its_findings_and_their_recommendations(client, world):
    html = page(client, "/en/objects/school-600/")
    findings = section(html, "findings")
    assert "Findings of public monitoring" in findings
    assert "Finding 1. Roof missing at the school" in findings
    assert path_of(world["roof"]) in findings
    assert "School check" in findings
    assert "delay" in findings and "severity: high" in findings
    assert "Roads share overstated" not in findings  # about an indicator, not the school
    recommendations = section(html, "recommendations")
    assert "Recommendation 1" in recommendations
    assert "Resume the works on the school roof." in recommendations
    assert path_of(world["first"]) in recommendations
    assert "Publish the survey" not in recommendations
    assert 'href="/en/organisations/education-department/"' in recommendations
    # The body's answer and what the monitors verified, side by side.
    assert '<span class="status status-on_track">accepted</span>' in recommendations
    assert '<span class="status status-on_track">carried out</span>' in recommendations


def test_the_document_page_lists_findings_about_it_its_indicators_and_objects(client, world):
    html = page(client, "/en/documents/regional-plan/")
    findings = section(html, "findings")
    assert "Roof missing at the school" in findings  # about one of its objects
    assert "Roads share overstated" in findings  # about one of its indicators
    assert "1.1 Share of roads (2022)" in findings
    recommendations = section(html, "recommendations")
    assert "Resume the works on the school roof." in recommendations
    assert "Publish the survey of the roads." in recommendations
    assert "awaiting the answer" in recommendations
    assert "not verified yet" in recommendations
    assert 'href="#findings"' in html and 'href="#recommendations"' in html


def test_the_body_page_shows_its_recommendations_and_scorecard(client, world):
    html = page(client, "/en/organisations/education-department/")
    assert "How it answers recommendations of public monitoring" in html
    record = section(html, "recommendation-record")
    assert "<strong>2</strong> received" in record
    assert "<strong>1</strong> answered on time" in record
    assert "<strong>1</strong> awaiting the answer" in record
    assert "<strong>1</strong> verified as carried out" in record
    assert 'href="/en/requests/bodies/#recommendations"' in record
    listing = section(html, "recommendations")
    assert "Recommendations of public monitoring to this body" in listing
    assert "Resume the works on the school roof." in listing
    assert "Publish the survey of the roads." in listing
    assert "answer due on" in listing


def test_an_ngo_page_has_no_recommendation_figures(client, world, ngo):
    html = page(client, f"/en/organisations/{ngo.slug}/")
    assert "School check" in html  # its campaign
    assert 'id="recommendation-record"' not in html


def test_a_late_answer_and_an_overdue_recommendation_are_marked(client, world, dana, today):
    second = world["second"]
    Recommendation.private_objects.filter(pk=second.pk).update(due_on=today - timedelta(days=1))
    accountability.recommendations_mark_overdue()
    html = page(client, "/en/organisations/education-department/")
    listing = section(html, "recommendations")
    assert '<span class="status status-off_track">no answer, overdue</span>' in listing
    second.refresh_from_db()
    accountability.answer_give(
        recommendation=second, actor=dana, decision="rejected", reasons="No money this year."
    )
    html = page(client, "/en/organisations/education-department/")
    listing = section(html, "recommendations")
    assert '<span class="status status-off_track">rejected</span>' in listing
    assert "answered late" in listing


# Nothing unpublished, for anyone


@pytest.mark.parametrize("persona", PERSONAS)
def test_nothing_from_an_unpublished_campaign_on_any_portal_page(
    client, personas, persona, world, ngo
):
    if personas[persona] is not None:
        client.force_login(personas[persona])
    urls = [
        *PAGES,
        "/en/organisations/akimat/",
        f"/en/organisations/{ngo.slug}/",
        "/en/requests/bodies/",
        "/en/open-data/",
        "/en/",
    ]
    for url in urls:
        html = page(client, url)
        for secret in SECRETS:
            assert secret not in html, (persona, url, secret)
        assert path_of(world["hidden_finding"]) not in html
        assert "/private/" not in html
    # The published campaign is there for everyone, staff included.
    assert "Roof missing at the school" in page(client, "/en/objects/school-600/")


def test_a_finding_does_not_name_a_document_unpublished_since(client, world, registry):
    # The school's finding also names a document that is not published (as if it had been
    # withdrawn since): the object page lists the finding without naming that document.
    Finding.private_objects.filter(pk=world["roof"].pk).update(document=registry["hidden"])
    html = page(client, "/en/objects/school-600/")
    assert "Roof missing at the school" in html
    assert "Draft (unpublished)" not in html
    assert "/documents/secret-draft/" not in html


# Languages


@pytest.mark.parametrize(
    ("lang", "title"),
    [("kk", "Мектеп тексерісі"), ("ru", "Проверка школы"), ("en", "School check")],
)
def test_sections_render_in_every_language(client, world, lang, title):
    for url in PAGES:
        html = page(client, url.replace("/en/", f"/{lang}/"))
        assert 'id="recommendations"' in html, url
        assert title in html, (lang, url)
        assert f'href="/{lang}/monitoring/' in html
    html = page(client, f"/{lang}/organisations/education-department/")
    assert 'id="recommendation-record"' in html


def test_dates_follow_the_language(client, world):
    due = world["second"].due_on
    ru = page(client, "/ru/organisations/education-department/")
    assert due.strftime("%d.%m.%Y") in ru


# Query counts


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("persona", ["anonymous", "citizen", "staff"])
def test_query_count_does_not_grow_with_findings(
    client, personas, persona, url, world, registry, alice, body, today
):
    if personas[persona] is not None:
        client.force_login(personas[persona])
    few = count_queries(client, url)
    more_recommendations(world, registry, alice, body, 4, today=today)
    # The bound: the page's own sections, plus the citizens' reports, comments, ratings, the
    # follow button and the menu of a signed-in visitor.
    assert count_queries(client, url) == few <= 26


def test_a_page_lists_the_latest_fifty_and_links_to_the_rest(
    client, world, registry, alice, body, today
):
    counts = {url: count_queries(client, url) for url in PAGES}
    more_recommendations(world, registry, alice, body, 55, send=False, today=today)
    for url in PAGES:
        html = page(client, url)
        assert count_queries(client, url) == counts[url], url
        listing = section(html, "recommendations")
        assert len(re.findall(r"Extra recommendation \d+", listing)) == 50, url
        assert "The latest 50 recommendations are shown." in listing
        assert "/data/recommendations.csv?" in listing
    html = page(client, "/en/objects/school-600/")
    findings = section(html, "findings")
    assert len(re.findall(r"Extra finding \d+", findings)) == 50
    assert 'href="/data/findings.csv?object=school-600"' in findings


def test_the_latest_campaign_comes_first(world, registry, alice, body, today):
    more_recommendations(world, registry, alice, body, 1, send=False, today=today)
    listing = public.recommendations_about(None, body)
    assert [r.text for r in listing] == [
        "Extra recommendation 0",
        "Resume the works on the school roof.",
        "Publish the survey of the roads.",
    ]
    assert not listing.more
