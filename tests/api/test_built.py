"""The large downloads built in the background and served as files (baqylau/api/built.py)."""

import gzip

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from baqylau.api import built
from baqylau.core import pagecache

from ..factories import IndicatorValueFactory, PlanningDocumentFactory, ProjectObjectFactory

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


def test_a_change_replaces_the_file(client, published, committed):
    client.get("/data/objects.csv")
    old = client.get("/data/objects.csv")
    assert b"later-school" not in b"".join(old.streaming_content)
    ProjectObjectFactory(document=published, slug="later-school")
    committed(pagecache.changed)  # what every public change and import does
    after = client.get("/data/objects.csv")  # streams (the new file is built at its end)
    assert "Content-Length" not in after
    assert b"later-school" in b"".join(after.streaming_content)
    served = client.get("/data/objects.csv")
    assert b"later-school" in b"".join(served.streaming_content)
    files = default_storage.listdir(built.DIRECTORY)[1]
    generation = pagecache.generation()
    objects = [f for f in files if f.startswith("objects-en-") and ".csv" in f]
    assert objects and all(generation in f for f in objects)  # the older ones deleted


def test_the_command_builds_every_download_in_every_language(published, capsys):
    call_command("build_downloads", "--now")
    files = default_storage.listdir(built.DIRECTORY)[1]
    generation = pagecache.generation()
    for lang in ("kk", "ru", "en"):
        for name in ("indicators", "objects"):
            assert f"{name}-{lang}-{generation}.csv" in files
        assert f"objects-{lang}-{generation}.geojson.gz" in files
    call_command("build_downloads")  # enqueued (the tests' backend runs it at once): no rebuild
    assert sorted(default_storage.listdir(built.DIRECTORY)[1]) == sorted(files)


def test_the_built_file_is_written_in_the_language_asked(client, published):
    client.get("/data/objects.geojson?lang=ru")
    ru = client.get("/data/objects.geojson?lang=ru")
    en = client.get("/data/objects.geojson?lang=en")
    assert "Content-Length" in ru and "Content-Length" in en
    assert ru["Content-Language"] == "ru"
    assert b"/ru/" in b"".join(ru.streaming_content)
    assert b"/en/" in b"".join(en.streaming_content)
