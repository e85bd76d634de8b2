"""Procurement data back out as OCDS: a record package per process, valid against the 1.1.5
record package schema (read locally, its references too)."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from baqylau.procurement import ocds
from baqylau.procurement.importer import import_ocds
from baqylau.procurement.models import ContractingProcess

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(write, releases, release_package):
    ocid = "ocds-kz-1"
    import_ocds(
        [
            write(
                release_package(
                    releases["tender"](ocid), releases["award"](ocid), releases["amendment"](ocid)
                )
            )
        ]
    )
    return ContractingProcess.objects.get()


def problems(package) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in ocds.validator("record-package-schema.json").iter_errors(package)
    ]


def test_the_record_package_is_valid_ocds(process, settings):  # noqa: F811
    settings.SITE_URL = "https://baqylau.example.kz"
    package = ocds.record_package([process])
    assert problems(package) == []
    assert package["version"] == "1.1"
    assert package["publisher"] == {"name": "Baqylau", "uri": "https://baqylau.example.kz/"}
    record = package["records"][0]
    assert record["ocid"] == "ocds-kz-1"
    # The releases as they came, in order; the compiled release as loaded; the versioned made now.
    assert [r["id"] for r in record["releases"]] == [
        "ocds-kz-1-tender",
        "ocds-kz-1-award",
        "ocds-kz-1-amendment",
    ]
    assert [ocds.sha256(r) for r in record["releases"]] == [
        r.sha256 for r in process.releases.order_by("date")
    ]
    assert record["compiledRelease"] == process.compiled
    assert record["compiledRelease"]["contracts"][0]["value"]["amount"] == 110000000
    assert len(record["versionedRelease"]["contracts"][0]["value"]["amount"]) == 2


def test_the_schema_is_read_locally(monkeypatch):
    """No reference of the record package schema goes to the network."""
    import urllib.request

    def refuse(*args, **kwargs):
        raise AssertionError("network")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    ocds.validator.cache_clear()
    ocds._registry.cache_clear()
    assert problems({"version": "1.1"}) != []


def test_the_download(client, process, django_assert_num_queries):
    url = reverse("procurement_downloads:record_package", kwargs={"ocid": process.ocid})
    assert url == "/data/procurement/ocds-kz-1.json"
    with django_assert_num_queries(2):
        response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    package = json.loads(response.content)
    assert problems(package) == []
    assert package["uri"] == "http://testserver/data/procurement/ocds-kz-1.json"
    assert client.get("/data/procurement/ocds-kz-404.json").status_code == 404
    assert client.post(url).status_code == 405


def test_real_releases_come_back_unchanged(client):
    path = (
        Path(settings.SHARED_DATA_DIR)
        / "ocds"
        / "ukraine-sample"
        / "records"
        / "ocds-be6bcu-UA-2017-05-22-000501-b.json"
    )
    import_ocds([path])
    record = json.loads(path.read_text())
    package = json.loads(
        client.get(f"/data/procurement/{record['releases'][0]['ocid']}.json").content
    )
    assert package["records"][0]["releases"] == record["releases"]
