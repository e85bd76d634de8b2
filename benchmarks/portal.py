"""Portal benchmark: builds a large registry and measures the main public pages.

    uv run python benchmarks/portal.py                      # SQLite (var/benchmark.sqlite3)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/baqylau_bench \
        uv run python benchmarks/portal.py

Registry: 200 documents, 5,000 indicators with 5 years of values, 20,000 objects. Each page is
requested through Django's test client (the whole stack but the network), without any page cache.
Prints a table and, as its last line, one JSON object {page: {"median_ms", "p95_ms"}}.
"""

import json
import os
import statistics
import sys
import time
import warnings
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'benchmark.sqlite3'}"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baqylau.settings")
os.environ.setdefault("DEBUG", "0")
# Static files are not part of the measurement; collectstatic has not necessarily run.
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from shapely.geometry import Point, shape  # noqa: E402

from baqylau.registry import geo  # noqa: E402
from baqylau.registry import models as m  # noqa: E402

DOCUMENTS, INDICATORS_PER_DOC, OBJECTS_PER_DOC, GOALS_PER_DOC = 200, 25, 100, 5
YEARS = [2021, 2022, 2023, 2024, 2025]
REPEATS = int(os.environ.get("BENCH_REPEATS", "40"))


def _territories() -> list[m.Territory]:
    if not m.Territory.objects.filter(kind=m.Territory.Kind.DISTRICT).exists():
        call_command("load_territories", verbosity=0)
    return list(
        m.Territory.objects.filter(
            kind__in=[m.Territory.Kind.DISTRICT, m.Territory.Kind.CITY_ADMINISTRATION]
        )
    )


def _points_inside(territory, count):
    polygon = shape(territory.geometry)
    min_lon, min_lat, max_lon, max_lat = polygon.bounds
    points, i = [], 0
    while len(points) < count:
        i += 1
        lon = min_lon + (max_lon - min_lon) * ((i * 0.618034) % 1)
        lat = min_lat + (max_lat - min_lat) * ((i * 0.414214) % 1)
        if polygon.contains(Point(lon, lat)):
            points.append((lat, lon))
    return points


@transaction.atomic
def build() -> None:
    territories = _territories()
    body = m.Organisation.objects.get_or_create(
        slug="bench-akimat",
        defaults={"kind": "akimat", "name_kk": "Әкімдік", "name_ru": "Акимат", "name_en": "Akimat"},
    )[0]
    build_registry(
        documents=range(DOCUMENTS),
        territories=territories,
        bodies=[body],
        goals_per_doc=GOALS_PER_DOC,
        indicators_per_goal=INDICATORS_PER_DOC // GOALS_PER_DOC,
        objects_per_doc=OBJECTS_PER_DOC,
    )


def _batches(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def build_registry(
    *,
    documents: range,
    territories: list,
    bodies: list,
    goals_per_doc: int,
    indicators_per_goal: int,
    objects_per_doc: int,
    chunk: int = 200,
) -> None:
    """Documents numbered `documents` (slugs bench-doc-<n>), each in one of `territories` with
    one of `bodies` responsible, with its goals, indicators, 5 years of values, financing and
    objects, written through bulk_create a chunk of documents at a time (memory stays flat)."""
    points = {t.id: _points_inside(t, objects_per_doc) for t in territories}
    for numbers in _batches(documents, chunk):
        _build_documents(
            numbers,
            territories,
            bodies,
            points,
            goals_per_doc,
            indicators_per_goal,
            objects_per_doc,
        )


def _build_documents(
    numbers, territories, bodies, points, goals_per_doc, indicators_per_goal, objects_per_doc
) -> None:
    m.PlanningDocument.private_objects.bulk_create(
        m.PlanningDocument(
            slug=f"bench-doc-{d}",
            doc_type=m.PlanningDocument.Type.REGIONAL_PLAN,
            title_kk=f"Даму жоспары №{d}",
            title_ru=f"План развития №{d}",
            title_en=f"Development plan no. {d}",
            search_text=f"план развития №{d}",
            start_year=2021,
            end_year=2025,
            status=m.PlanningDocument.Status.IN_FORCE,
            territory=territories[d % len(territories)],
            is_published=True,
        )
        for d in numbers
    )
    docs = list(
        m.PlanningDocument.private_objects.filter(
            slug__in=[f"bench-doc-{d}" for d in numbers]
        ).only("id", "slug")
    )
    docs.sort(key=lambda doc: int(doc.slug.rsplit("-", 1)[1]))
    m.PlanningDocument.responsible_bodies.through.objects.bulk_create(
        m.PlanningDocument.responsible_bodies.through(
            planningdocument_id=d.id, organisation_id=bodies[n % len(bodies)].id
        )
        for n, d in zip(numbers, docs, strict=True)
    )
    m.Goal.private_objects.bulk_create(
        m.Goal(
            document=d,
            number=str(g + 1),
            order=g,
            name_kk=f"Мақсат {g + 1}",
            name_ru=f"Цель {g + 1}",
            name_en=f"Goal {g + 1}",
        )
        for d in docs
        for g in range(goals_per_doc)
    )
    goals = list(m.Goal.private_objects.filter(document__in=docs).only("id", "number"))
    m.Indicator.private_objects.bulk_create(
        (
            m.Indicator(
                goal=goal,
                code=f"{goal.number}.{i + 1}",
                order=i,
                name_kk=f"Көрсеткіш {i}",
                name_ru=f"Показатель {i}",
                name_en=f"Indicator {i}",
                unit_kk="%",
                unit_ru="%",
                unit_en="%",
                baseline_year=2020,
                baseline_value=Decimal(50),
            )
            for goal in goals
            for i in range(indicators_per_goal)
        ),
        batch_size=5000,
    )
    indicators = m.Indicator.private_objects.filter(goal__document__in=docs).values_list(
        "id", flat=True
    )
    m.IndicatorValue.private_objects.bulk_create(
        (
            m.IndicatorValue(
                indicator_id=i,
                year=y,
                plan=Decimal(50 + k * 5),
                actual=Decimal(48 + k * 5 + i % 7) if y < 2025 else None,
            )
            for i in indicators
            for k, y in enumerate(YEARS)
        ),
        batch_size=5000,
    )
    m.Financing.private_objects.bulk_create(
        m.Financing(
            document=d,
            year=y,
            source=s,
            planned=Decimal(1_000_000_000),
            executed=Decimal(900_000_000) if y < 2025 else None,
        )
        for d in docs
        for y in YEARS
        for s in ("republican", "local", "off_budget")
    )
    objects = []
    for n, d in zip(numbers, docs, strict=True):
        for k in range(objects_per_doc):
            t = territories[(n + k) % len(territories)]
            lat, lon = points[t.id][k]
            objects.append(
                m.ProjectObject(
                    document=d,
                    slug=f"bench-obj-{n}-{k}",
                    kind=m.ProjectObject.Kind.SCHOOL,
                    name_kk=f"Мектеп {n}-{k}",
                    name_ru=f"Школа {n}-{k}",
                    name_en=f"School {n}-{k}",
                    search_text=f"школа {n}-{k}",
                    status=m.ProjectObject.Status.IN_PROGRESS,
                    latitude=lat,
                    longitude=lon,
                    territory=t,
                    responsible_body=bodies[n % len(bodies)],
                )
            )
    m.ProjectObject.private_objects.bulk_create(objects, batch_size=2000)


def measure(client: Client, url: str) -> list[float]:
    client.get(url)  # warm up
    timings = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        response = client.get(url)
        if response.streaming:  # a download is done once it is all read
            b"".join(response.streaming_content)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return timings


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def main() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    if not m.PlanningDocument.private_objects.filter(slug__startswith="bench-doc-").exists():
        started = time.perf_counter()
        build()
        print(f"built the registry in {time.perf_counter() - started:.1f} s")
    geo.clear_cache()
    counts = {
        "documents": m.PlanningDocument.private_objects.count(),
        "indicators": m.Indicator.private_objects.count(),
        "values": m.IndicatorValue.private_objects.count(),
        "objects": m.ProjectObject.private_objects.count(),
    }
    print_sizes(counts)
    pages = {
        "home": "/ru/",
        "document list": "/ru/documents/",
        "document page": "/ru/documents/bench-doc-100/",
        "object page": "/ru/objects/bench-obj-100-50/",
        "objects geojson": "/data/objects.geojson",
    }
    print(json.dumps(measure_all(pages)))


def print_sizes(counts: dict[str, int]) -> None:
    """One line on what is measured: the database and how many rows of each kind it holds."""
    print(f"database: {connection.vendor}; " + ", ".join(f"{k}: {v}" for k, v in counts.items()))


def measure_all(pages: dict[str, str | None], width: int = 18, client=None) -> dict:
    """Measures each page (as `client`'s user, anonymous by default) and prints a table; a page
    without an address is not available."""
    client = client or Client()
    results = {}
    print(f"{'page':<{width}} {'median ms':>10} {'p95 ms':>10}  ({REPEATS} requests each)")
    for name, url in pages.items():
        if url is None:
            print(f"{name:<{width}} not available")
            continue
        timings = measure(client, url)
        results[name] = {
            "median_ms": round(statistics.median(timings), 1),
            "p95_ms": round(p95(timings), 1),
        }
        print(f"{name:<{width}} {results[name]['median_ms']:>10} {results[name]['p95_ms']:>10}")
    return results


if __name__ == "__main__":
    main()
