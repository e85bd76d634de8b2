"""Reports benchmark: builds 100,000 published citizens' reports and measures what reads them in
bulk: the report map's data, the open data API, its CSV download and Open311.

    uv run python benchmarks/reports_map.py                 # SQLite (var/benchmark-reports.sqlite3)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/baqylau_bench \
        uv run python benchmarks/reports_map.py

The reports are spread over the districts of Pavlodar region and the last 120 days, in every
status, a third of them answered by the body and a fifth with a photo (rows only: the files are
not written, their URLs are). Each address is requested through Django's test client (the whole
stack but the network), uncached. The report map's data endpoint (`participation:map_data`) is
measured where it is installed; otherwise its line says "not available". Prints a table and, as
its last line, one JSON object {name: {"median_ms", "p95_ms"}}.
"""

import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'benchmark-reports.sqlite3'}"
)
os.environ.setdefault("BENCH_REPEATS", "10")

# The portal benchmark sets Django up on BENCH_DATABASE_URL and has the helpers.
import portal  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from baqylau.participation.models import (  # noqa: E402
    Category,
    Moderation,
    Report,
    ReportEvent,
    ReportFile,
)
from baqylau.registry import models as m  # noqa: E402

REPORTS = int(os.environ.get("BENCH_REPORTS", "100000"))
STATUSES = list(Report.Status.values)
DAYS = 120


@transaction.atomic
def build() -> None:
    territories = portal._territories()
    body = m.Organisation.objects.get_or_create(
        slug="bench-akimat",
        defaults={"kind": "akimat", "name_kk": "Әкімдік", "name_ru": "Акимат", "name_en": "Akimat"},
    )[0]
    categories = list(Category.objects.filter(object_kinds=[]))
    per_territory = REPORTS // len(territories) + 1
    points = [
        (territory, point)
        for territory in territories
        for point in portal._points_inside(territory, per_territory)
    ]
    now = timezone.now()
    reports = []
    for n in range(REPORTS):
        territory, (lat, lon) = points[n]
        created = now - timedelta(minutes=n * DAYS * 24 * 60 // REPORTS)
        reports.append(
            Report(
                category=categories[n % len(categories)],
                title=f"Report {n}",
                description=f"The problem number {n}, described in a few words.",
                latitude=lat,
                longitude=lon,
                public_latitude=round(lat, 4),
                public_longitude=round(lon, 4),
                territory=territory,
                body=body,
                status=STATUSES[n % len(STATUSES)],
                moderation=Moderation.PUBLISHED,
                reporter_email=f"reporter{n}@example.kz",
                created_at=created,
                published_at=created,
                received_on=created.date(),
                due_on=created.date() + timedelta(days=21),
            )
        )
    Report.private_objects.bulk_create(reports, batch_size=5000)
    ids = list(Report.private_objects.order_by("id").values_list("id", flat=True))
    ReportEvent.objects.bulk_create(
        (
            ReportEvent(
                report_id=pk,
                kind=ReportEvent.Kind.ACKNOWLEDGED,
                role=ReportEvent.Role.OFFICER,
                text=f"Answer to report {pk}.",
                from_body=body,
            )
            for pk in ids[::3]
        ),
        batch_size=5000,
    )
    ReportFile.objects.bulk_create(
        (
            ReportFile(
                report_id=pk,
                original=f"reports/{pk}/original/photo.jpg",
                public_file=f"reports/{pk}/public/{pk:08x}.jpg",
                name="photo.jpg",
                content_type="image/jpeg",
                sha256="0" * 64,
            )
            for pk in ids[::5]
        ),
        batch_size=5000,
    )


def map_data_url() -> str | None:
    """The report map's data endpoint, if it is installed."""
    try:
        with translation.override("kk"):
            return reverse("participation:map_data")
    except NoReverseMatch:
        return None


def main() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    if not Report.private_objects.filter(title__startswith="Report ").exists():
        started = time.perf_counter()
        build()
        print(f"built {REPORTS:,} reports in {time.perf_counter() - started:.1f} s")
    district = Report.private_objects.values_list("territory__slug", flat=True).first()
    portal.print_sizes(
        {
            "reports": Report.private_objects.count(),
            "answers": ReportEvent.objects.count(),
            "files": ReportFile.objects.count(),
        }
    )
    addresses = {
        "map data": map_data_url(),
        "api list (50)": "/api/reports/",
        "api list (1000)": "/api/reports/?limit=1000",
        "api list, 1 district": f"/api/reports/?territory={district}&status=open",
        "api detail": f"/api/reports/{Report.private_objects.order_by('id').first().pk}/",
        "csv, 1 district": f"/data/reports.csv?territory={district}",
        "open311 json (1000)": "/open311/v2/requests.json",
        "open311 xml (1000)": "/open311/v2/requests.xml",
        "open311 open, 1 code": "/open311/v2/requests.json?status=open&service_code=other",
    }
    print(json.dumps(portal.measure_all(addresses, width=22)))


if __name__ == "__main__":
    sys.exit(main())
