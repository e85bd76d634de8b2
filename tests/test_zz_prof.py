import time, json
import pytest
from django.db import connection
from baqylau.registry.models import ProjectObject
from baqylau.api import downloads
from .factories import PlanningDocumentFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


def test_prof(client):
    document = PlanningDocumentFactory()
    territory = TerritoryFactory()
    ProjectObject.private_objects.bulk_create(
        ProjectObject(
            document=document,
            territory=territory,
            kind="school",
            status="planned",
            slug=f"object-{n}",
            name_kk=f"Нысан {n}",
            name_ru=f"Объект {n}",
            latitude=50 + n / 100_000,
            longitude=75 + n / 100_000,
        )
        for n in range(20_000)
    )
    print(connection.vendor)
    for i in range(3):
        client.get("/data/objects.geojson")
        qs = ProjectObject.private_objects.filter(document__is_published=True)
        t = time.perf_counter()
        rows = list(
            downloads._tuples(
                qs.exclude(latitude=None).order_by("id"),
                "slug",
                "kind",
                "status",
                "document__slug",
                "territory__slug",
                "longitude",
                "latitude",
                "name_kk",
                "name_ru",
                "name_en",
            )
        )
        print("db", time.perf_counter() - t)
        t = time.perf_counter()
        f = downloads.object_features(
            qs, lang="kk", url_of=lambda s: "http://x/kk/objects/" + s + "/"
        )
        print("db+features", time.perf_counter() - t)
        t = time.perf_counter()
        s = json.dumps(
            {"features": f}, ensure_ascii=False, check_circular=False, separators=(",", ":")
        )
        print("dumps", time.perf_counter() - t)
        t = time.perf_counter()
        s.encode()
        print("encode", time.perf_counter() - t)
        t = time.perf_counter()
        s = json.dumps({"features": f}, check_circular=False, separators=(",", ":")).encode()
        print("dumps ascii", time.perf_counter() - t)
        t = time.perf_counter()
        client.get("/data/objects.geojson")
        print("request", time.perf_counter() - t)
