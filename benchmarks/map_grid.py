"""Map benchmark: what one view of the objects' map costs at the scale of the whole country.

    uv run python benchmarks/map_grid.py                       # SQLite (var/map_grid.sqlite3)
    BENCH_OBJECTS=300000 BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/baqylau_map \\
        uv run python benchmarks/map_grid.py

Builds BENCH_OBJECTS (300,000) public objects of one published document, around 200 places
spread over Kazakhstan (denser at the centre of each, as towns are), with bulk_create. Then asks
/api/map/objects/ for four views, from the whole country to a town, each BENCH_REPEATS (20) times
with Django's test client, without the page cache:

- "counted": the clusters counted by the database at each request (the view filtered by the
  document, which holds every object: the path of any filtered view, and of every view while the
  grid is stale);
- "kept": the same view without a filter, its clusters read from the grid kept as data
  (`baqylau/registry/mapgrid.py`), built once before (its build time is printed).

Prints median and p95 in ms, the answer's size, the ratio of kept to counted and of each to a
trivial view measured in the same run (/healthz: no database, no template). Targets: ≤ 50 KB and
≤ 100 ms per view. The last line is one JSON object.
"""

import json
import math
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'map_grid.sqlite3'}"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baqylau.settings")
os.environ.setdefault("DEBUG", "0")
os.environ["BAQYLAU_PAGE_CACHE"] = "0"
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

from baqylau.registry import mapgrid  # noqa: E402
from baqylau.registry import models as m  # noqa: E402

OBJECTS = int(os.environ.get("BENCH_OBJECTS", "300000"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "20"))
PLACES = 200
BATCH = 5000
SLUG = "bench-map"
VIEWS = {
    "whole country, zoom 5": "bbox=46,40,88,56&zoom=5",
    "a region, zoom 7": "bbox=73,50,80,54&zoom=7",
    "a district, zoom 9": "bbox=76,51.8,77.6,52.6&zoom=9",
    "a town, zoom 13": "bbox=76.9,52.25,77.0,52.3&zoom=13",
}


def _places() -> list[tuple[float, float]]:
    """200 places over Kazakhstan (lat 41–55, lon 47–86), Pavlodar among them."""
    places = [(52.29, 76.95)]
    for i in range(1, PLACES):
        places.append((41.5 + 13.0 * ((i * 0.618034) % 1), 47.5 + 38.0 * ((i * 0.414214) % 1)))
    return places


def build() -> None:
    have = m.ProjectObject.private_objects.filter(document__slug=SLUG).count()
    if have >= OBJECTS:
        return
    with transaction.atomic():
        document, _created = m.PlanningDocument.private_objects.get_or_create(
            slug=SLUG,
            defaults={
                "doc_type": m.PlanningDocument.Type.values[0],
                "title_kk": "Карта",
                "title_ru": "Карта",
                "title_en": "Map",
                "start_year": 2025,
                "end_year": 2029,
                "status": m.PlanningDocument.Status.values[0],
                "is_published": True,
            },
        )
        places = _places()
        batch = []
        for i in range(have, OBJECTS):
            lat, lon = places[i % PLACES]
            # Denser near the centre: a radius that grows as the square of a fraction.
            radius = 0.6 * ((i * 0.7548777) % 1) ** 2
            angle = 6.283185 * ((i * 0.5698403) % 1)
            batch.append(
                m.ProjectObject(
                    document=document,
                    slug=f"{SLUG}-{i}",
                    kind=m.ProjectObject.Kind.SCHOOL,
                    status=m.ProjectObject.Status.IN_PROGRESS,
                    name_kk=f"Мектеп {i}",
                    name_ru=f"Школа {i}",
                    name_en=f"School {i}",
                    latitude=lat + radius * 0.6 * math.sin(angle),
                    longitude=lon + radius * math.cos(angle),
                )
            )
            if len(batch) == BATCH:
                m.ProjectObject.private_objects.bulk_create(batch)
                batch = []
        m.ProjectObject.private_objects.bulk_create(batch)


def measure(client: Client, url: str) -> dict:
    response = client.get(url)  # warm up
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[min(len(timings) - 1, int(len(timings) * 0.95))], 1),
        "bytes": len(response.content),
    }


def main() -> None:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    build()
    print(f"{OBJECTS:,} objects ready in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    cells = mapgrid.build()
    built = time.perf_counter() - started
    print(f"grid built: {cells:,} cells in {built:.2f} s")
    client = Client()
    trivial = measure(client, "/healthz")
    print(f"trivial view (/healthz): median {trivial['median_ms']} ms\n")
    head = f"{'view':<24}{'path':>9}{'median':>10}{'p95':>10}{'size':>10}{'× trivial':>11}"
    print(head + f"{'kept/counted':>14}")
    results = {"objects": OBJECTS, "grid_build_s": round(built, 2), "trivial": trivial}
    for name, query in VIEWS.items():
        counted = measure(client, f"/api/map/objects/?{query}&document={SLUG}")
        kept = measure(client, f"/api/map/objects/?{query}")
        results[name] = {"counted": counted, "kept": kept}
        for path, figures in (("counted", counted), ("kept", kept)):
            ratio = figures["median_ms"] / trivial["median_ms"]
            line = (
                f"{name:<24}{path:>9}{figures['median_ms']:>8} ms{figures['p95_ms']:>7} ms"
                f"{figures['bytes'] / 1000:>7.1f} KB{ratio:>10.1f}×"
            )
            if path == "kept":
                line += f"{kept['median_ms'] / counted['median_ms']:>13.2f}×"
            print(line)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
