"""Full harvests: the API's lists by cursor (every row exactly once, in the order of the ids,
whatever is added meanwhile, beside limit and offset that keep working), and the objects'
GeoJSON streamed, a batch of features at a time."""

import base64
import json

import pytest
from django.http import StreamingHttpResponse

from baqylau.api import downloads

from ..factories import PlanningDocumentFactory, ProjectObjectFactory
from ..helpers import content


@pytest.fixture
def plan(db):
    return PlanningDocumentFactory(slug="plan")


def _harvest(client, url, *, during=None):
    """Every record of a list by cursor, following `next`; `during(n)` runs after page n."""
    seen, pages, next_url = [], 0, url
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, response.content
        data = response.json()
        assert "count" not in data and "previous" in data
        seen += data["results"]
        pages += 1
        if during:
            during(pages)
        next_url = data["next"]
    return seen, pages


def test_a_harvest_by_cursor_reads_every_row_once(client, plan):
    for n in range(23):
        ProjectObjectFactory(document=plan, slug=f"school-{n:02}")
    rows, pages = _harvest(client, "/api/objects/?paginate=cursor&limit=5")
    assert pages == 5
    slugs = [row["slug"] for row in rows]
    assert sorted(slugs) == [f"school-{n:02}" for n in range(23)]
    assert len(set(slugs)) == 23


def test_rows_added_during_a_harvest_come_once_at_the_end(client, plan):
    first = [ProjectObjectFactory(document=plan, slug=f"a-{n}") for n in range(10)]

    def add(page):
        ProjectObjectFactory(document=plan, slug=f"added-{page}")

    rows, _pages = _harvest(client, "/api/objects/?paginate=cursor&limit=4", during=add)
    slugs = [row["slug"] for row in rows]
    assert slugs[:10] == [o.slug for o in first]  # in the order of the ids
    assert len(slugs) == len(set(slugs))
    # What was added while reading comes after, once each (the last page's addition is not read).
    assert all(slug.startswith("added-") for slug in slugs[10:]) and len(slugs) > 10


def test_limit_and_offset_keep_working_with_their_count(client, plan):
    for n in range(7):
        ProjectObjectFactory(document=plan, slug=f"school-{n}")
    data = client.get("/api/objects/?limit=3&offset=3").json()
    assert data["count"] == 7 and len(data["results"]) == 3
    assert "offset=6" in data["next"] and "offset" not in (data["previous"] or "offset")


def test_every_list_takes_a_cursor(client, db):
    for url in ("/api/documents/", "/api/territories/", "/api/reports/", "/api/campaigns/"):
        response = client.get(url + "?paginate=cursor")
        assert response.status_code == 200, url
        assert set(response.json()) == {"next", "previous", "results"}, url


@pytest.mark.parametrize(
    "cursor",
    [
        "junk",
        base64.b64encode(b"p=1 OR 1=1").decode(),
        base64.b64encode(b"p=abc").decode(),
        base64.b64encode(b"p=99999999999999999999999").decode(),  # overflows
    ],
)
def test_a_cursor_that_is_not_ours_answers_400(client, db, cursor):
    response = client.get("/api/objects/", {"cursor": cursor})
    assert response.status_code == 400
    assert set(response.json()) == {"cursor"}


def test_the_schema_documents_the_cursor(client, db):
    schema = client.get("/api/schema/").json()
    names = {p["name"] for p in schema["paths"]["/api/objects/"]["get"]["parameters"]}
    assert {"limit", "offset", "paginate", "cursor"} <= names
    assert "/api/map/objects/" in schema["paths"]


# The objects' GeoJSON


def test_the_geojson_is_streamed_in_batches(client, plan, monkeypatch):
    monkeypatch.setattr(downloads, "GEOJSON_BATCH", 3)
    for n in range(8):
        ProjectObjectFactory(document=plan, slug=f"school-{n}", latitude=52 + n / 100)
    ProjectObjectFactory(document=plan, slug="road", latitude=None, longitude=None)
    draft = PlanningDocumentFactory(slug="draft", is_published=False)
    ProjectObjectFactory(document=draft, slug="secret")
    response = client.get("/data/objects.geojson?lang=en")
    assert isinstance(response, StreamingHttpResponse)
    pieces = list(response.streaming_content)
    assert len(pieces) >= 4  # the head, then 3 features a piece
    data = json.loads(b"".join(pieces))
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["slug"] for f in data["features"]] == [f"school-{n}" for n in range(8)]


def test_an_empty_geojson_is_still_valid(client, db):
    data = json.loads(content(client.get("/data/objects.geojson")))
    assert data == {"type": "FeatureCollection", "features": []}


def test_the_geojson_reads_the_database_in_batches(client, plan, django_assert_num_queries):
    for n in range(5):
        ProjectObjectFactory(document=plan, slug=f"school-{n}")
    response = client.get("/data/objects.geojson")
    with django_assert_num_queries(1):
        assert len(json.loads(b"".join(response.streaming_content))["features"]) == 5
