"""Maps of many objects: a page embeds its objects' markers while they are few (one request),
and beyond that embeds none, naming instead the address where the map asks for what is in view;
the page costs the same number of queries however many objects it has."""

import json
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baqylau.registry import selectors
from baqylau.registry.models import ProjectObject

from ..factories import PlanningDocumentFactory
from ..helpers import HAS_CHROMIUM


def _objects(document, n, *, south=52.0, west=76.0, step=0.002):
    ProjectObject.private_objects.bulk_create(
        ProjectObject(
            document=document,
            slug=f"{document.slug}-{i}",
            name_kk=f"Мектеп {i}",
            name_ru=f"Школа {i}",
            name_en=f"School {i}",
            status=ProjectObject.Status.IN_PROGRESS,
            latitude=south + (i // 40) * step,
            longitude=west + (i % 40) * step,
        )
        for i in range(n)
    )


def _map_attributes(html: str, map_id: str) -> dict:
    tag = re.search(rf'<div class="map" id="{map_id}"[^>]*>', html, re.S).group(0)
    return {k: unescape(v) for k, v in re.findall(r'data-([-a-z]+)="([^"]*)"', tag)}


def _embedded(html: str, map_id: str) -> list:
    found = re.search(rf'<script id="{map_id}-points" type="application/json">(.*?)</script>', html)
    return json.loads(found.group(1))


@pytest.fixture
def plan(db):
    return PlanningDocumentFactory(slug="plan")


def test_a_small_map_comes_in_the_page(client, plan):
    _objects(plan, selectors.MAP_EMBED_LIMIT)
    html = client.get("/en/documents/plan/").content.decode()
    assert len(_embedded(html, "document-map")) == selectors.MAP_EMBED_LIMIT
    assert "source" not in _map_attributes(html, "document-map")


def test_a_large_map_asks_for_what_is_in_view(client, plan):
    _objects(plan, selectors.MAP_EMBED_LIMIT + 1)
    html = client.get("/en/documents/plan/").content.decode()
    assert _embedded(html, "document-map") == []
    attributes = _map_attributes(html, "document-map")
    assert attributes["source"] == "/api/map/objects/?lang=en&document=plan"
    [[south, west], [north, east]] = json.loads(attributes["extent"])
    assert (south, west) == (52.0, 76.0) and north > south and east > west
    assert attributes["show-all"] == f"Show all {selectors.MAP_EMBED_LIMIT + 1} objects"
    # What the map will ask for answers with those objects.
    data = client.get(attributes["source"] + "&bbox=75,51,78,53&zoom=14").json()
    assert data["count"] == selectors.MAP_EMBED_LIMIT + 1


def test_the_object_list_passes_its_filters_to_the_map(client, plan):
    _objects(plan, selectors.MAP_EMBED_LIMIT + 5)
    html = client.get("/en/objects/?status=in_progress&document=plan&kind=").content.decode()
    source = _map_attributes(html, "objects-map")["source"]
    assert source == "/api/map/objects/?lang=en&status=in_progress&document=plan"


@pytest.mark.parametrize("url", ["/en/", "/en/objects/", "/en/documents/plan/"])
def test_a_map_page_costs_the_same_with_many_objects(
    client, plan, url, django_assert_max_num_queries
):
    _objects(plan, 20)
    client.get(url)  # caches warmed
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    # Read now: the connection keeps only the latest 9,000 queries, which the objects below fill.
    few_queries = len(few.captured_queries)
    _objects(PlanningDocumentFactory(slug="more"), 1000)
    client.get(url)  # the registry's figures counted again once after the change
    with django_assert_max_num_queries(few_queries + 1):
        assert client.get(url).status_code == 200


@pytest.mark.browser
@pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed")
@pytest.mark.django_db(transaction=True)
def test_a_large_map_shows_clusters_then_objects_as_it_zooms_in(open_as, live_server, settings):
    settings.MAP_TILE_URL = ""  # no tile server in tests
    plan = PlanningDocumentFactory(slug="plan")
    _objects(plan, 600, step=0.02)
    page = open_as(None, width=1200, height=800)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/en/documents/plan/")
    page.locator("#document-map.map-ready").wait_for(state="visible")
    page.locator("#document-map .map-cluster").first.wait_for(state="visible")
    assert page.locator("#document-map path.object-marker").count() == 0
    assert page.locator("#document-map").get_attribute("data-shown") == "600"
    # A click on a cluster zooms in on it, until its objects come one by one.
    for _ in range(6):
        if page.locator("#document-map path.object-marker").count():
            break
        zoom = page.evaluate("document.querySelector('#document-map').leafletMap.getZoom()")
        page.locator("#document-map .map-cluster").first.click()
        page.wait_for_function(
            f"document.querySelector('#document-map').leafletMap.getZoom() > {zoom}"
        )
        page.wait_for_timeout(600)
    assert page.locator("#document-map path.object-marker").count() > 0
    assert not errors
