"""The large downloads built in the background and served as files (baqylau/api/built.py)."""

import gzip
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from baqylau.api import built
from baqylau.core import pagecache
from baqylau.registry.models import IndicatorValue, PlanningDocument

from ..factories import (
    IndicatorValueFactory,
    OrganisationFactory,
    PlanningDocumentFactory,
    ProjectObjectFactory,
)

pytestmark = pytest.mark.django_db

URLS = ["/data/indicators.csv", "/data/objects.csv", "/data/objects.geojson"]


@pytest.fixture(autouse=True)
def _built(settings):
    settings.BAQYLAU_BUILT_DOWNLOADS = True
    settings.SITE_URL = "http://testserver"  # the host of the test client's requests


@pytest.fixture
def published(db):
    document = PlanningDocumentFactory(slug="open-plan")
    ProjectObjectFactory(document=document, slug="open-school", latitude=52.3, longitude=76.9)
    IndicatorValueFactory(indicator__goal__document=document, year=2024)
    hidden = PlanningDocumentFactory(slug="secret-draft", is_published=False)
    ProjectObjectFactory(document=hidden, slug="secret-school", latitude=52.0, longitude=77.0)
    IndicatorValueFactory(indicator__goal__document=hidden, year=2024)
    return document


@pytest.mark.parametrize("url", URLS)
def test_a_download_is_built_by_the_task_and_served_as_its_file(client, published, url):
    # The first request finds no file for this generation: it streams, and enqueues the build
    # (which the tests' backend runs at once).
    first = client.get(url)
    assert "Content-Length" not in first
    body = b"".join(first.streaming_content)
    extension = url.rsplit(".", 1)[1]
    assert any(f.endswith(extension) for f in default_storage.listdir(built.DIRECTORY)[1])

    served = client.get(url)
    assert served["Content-Length"] == str(len(body))
    assert served["Content-Type"] == first["Content-Type"]
    assert served["Content-Disposition"] == first["Content-Disposition"]
    assert b"".join(served.streaming_content) == body  # byte for byte the streamed download
    assert b"secret-school" not in body and b"secret-draft" not in body
    assert b"open-plan" in body

    # A client that accepts gzip gets the compressed copy, with its own size.
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    data = b"".join(zipped.streaming_content)
    assert zipped["Content-Encoding"] == "gzip"
    assert zipped["Content-Length"] == str(len(data))
    assert gzip.decompress(data) == body
    assert "Accept-Encoding" in zipped["Vary"]
    # And asking again with its ETag gets a 304.
    again = client.get(url, HTTP_IF_NONE_MATCH=served["ETag"])
    assert again.status_code == 304


def test_a_filtered_or_signed_in_download_streams(client, published, personas):
    client.get("/data/objects.csv")  # built
    assert "Content-Length" in client.get("/data/objects.csv")
    assert "Content-Length" in client.get("/data/objects.csv?lang=ru")
    filtered = client.get("/data/objects.csv?document=open-plan")
    assert filtered.streaming and "Content-Length" not in filtered
    client.force_login(personas["staff"])
    staff = client.get("/data/objects.csv")
    assert "Content-Length" not in staff
    assert b"secret-school" in b"".join(staff.streaming_content)


def served_from_file(client, url: str) -> bool:
    return "Content-Length" in client.get(url)


def test_a_change_of_the_registry_replaces_the_file(client, published):
    client.get("/data/objects.csv")
    old = client.get("/data/objects.csv")
    assert b"later-school" not in b"".join(old.streaming_content)
    ProjectObjectFactory(document=published, slug="later-school")
    after = client.get("/data/objects.csv")  # streams (the new file is built at its end)
    assert "Content-Length" not in after
    assert b"later-school" in b"".join(after.streaming_content)
    served = client.get("/data/objects.csv")
    assert b"later-school" in b"".join(served.streaming_content)
    files = default_storage.listdir(built.DIRECTORY)[1]
    generation = built.data_generation()
    objects = [f for f in files if f.startswith("objects-en-") and ".csv" in f]
    assert objects and all(generation in f for f in objects)  # the older ones deleted


@pytest.mark.parametrize("url", URLS)
def test_a_change_elsewhere_on_the_site_keeps_the_file(client, published, committed, url):
    client.get(url)
    assert served_from_file(client, url)
    generation, pages = built.data_generation(), pagecache.generation()
    # Changes that every page follows but no download holds: a sign-in form sent (any POST), a
    # report or a comment published (what they call).
    login = reverse("accounts:login")
    committed(client.post, login, {"username": "nobody@example.org", "password": "wrong"})
    committed(pagecache.changed)
    assert pagecache.generation() != pages
    assert built.data_generation() == generation
    assert served_from_file(client, url)


@pytest.mark.parametrize(
    "change",
    [
        "value",  # an indicator value
        "organisation",  # the name of a contractor, a column of objects.csv
        "unpublished",  # the plan leaves the public
    ],
)
def test_each_change_of_what_the_downloads_hold_replaces_them(client, published, change):
    for url in URLS:
        client.get(url)
        assert served_from_file(client, url)
    generation = built.data_generation()
    if change == "value":
        value = IndicatorValue.private_objects.get(indicator__goal__document=published)
        value.actual = Decimal("99.5")
        value.save()
    elif change == "organisation":
        OrganisationFactory(slug="new-builder")
    else:
        PlanningDocument.private_objects.filter(pk=published.pk).update(is_published=False)
    assert built.data_generation() != generation
    # The first download asked streams (never the file of before) and has the files built
    # again (at once: the tests' task backend), which the others are then served from.
    assert "Content-Length" not in client.get(URLS[0])
    for url in URLS:
        body = b"".join(client.get(url).streaming_content)
        assert (b"99.5" in body) == (change == "value" and url.endswith("indicators.csv"))
        assert (b"open-school" in body) == (change != "unpublished" and "objects" in url)
        assert served_from_file(client, url)
