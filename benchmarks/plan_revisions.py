"""Revisions benchmark: a document revised ten times, and its revisions page.

    uv run python benchmarks/plan_revisions.py    # SQLite (var/benchmark-revisions.sqlite3)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/baqylau_bench_revisions \
        uv run python benchmarks/plan_revisions.py

The document: 200 indicators with a plan for each of 5 years (1,000 values), 50 objects with
deadlines and capacity, 40 financing rows; published (version 1), then revised nine times through
the services, as the importers do (versions 2 to 10): each revision changes 200 plans, 10
objects' deadlines, 5 capacities and 8 financing rows. Measures the revisions page (the latest
version against the one before, and the first against the latest) through Django's test client,
with its number of queries, and the document's page. Prints a table and, as its last line, one
JSON object {page: {"median_ms", "p95_ms", "queries"}}.
"""

import datetime
import json
import os
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'benchmark-revisions.sqlite3'}"
)

# The portal benchmark sets Django up on BENCH_DATABASE_URL and has the helpers.
import portal  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from baqylau.registry import models as m  # noqa: E402
from baqylau.registry import services, versions  # noqa: E402

SLUG = "bench-revised-plan"
INDICATORS, YEARS, OBJECTS, FINANCING, VERSIONS = 200, [2021, 2022, 2023, 2024, 2025], 50, 40, 10


@transaction.atomic
def build() -> None:
    body = m.Organisation.objects.create(
        slug="bench-revising-akimat", kind="akimat", name_ru="Акимат", name_en="Akimat"
    )
    document = m.PlanningDocument.private_objects.create(
        slug=SLUG,
        doc_type=m.PlanningDocument.Type.REGIONAL_PLAN,
        title_ru="План развития",
        title_en="Development plan",
        start_year=YEARS[0],
        end_year=YEARS[-1],
        status=m.PlanningDocument.Status.IN_FORCE,
        approved_by="Decision of the maslikhat No. 1",
        approval_date=datetime.date(2021, 1, 15),
    )
    document.responsible_bodies.add(body)
    goals = [
        m.Goal.private_objects.create(
            document=document, number=str(n), order=n, name_en=f"Goal {n}"
        )
        for n in range(1, 11)
    ]
    indicators = m.Indicator.private_objects.bulk_create(
        m.Indicator(
            goal=goals[n % len(goals)],
            code=f"{n % len(goals) + 1}.{n}",
            order=n,
            name_ru=f"Показатель {n}",
            name_en=f"Indicator {n}",
            unit_en="%",
            direction="lower" if n % 7 == 0 else "higher",
            baseline_year=2020,
            baseline_value=Decimal(40),
        )
        for n in range(INDICATORS)
    )
    indicators = list(m.Indicator.private_objects.filter(goal__document=document))
    m.IndicatorValue.private_objects.bulk_create(
        m.IndicatorValue(indicator=indicator, year=year, plan=Decimal(50 + i))
        for indicator in indicators
        for i, year in enumerate(YEARS)
    )
    objects = m.ProjectObject.private_objects.bulk_create(
        m.ProjectObject(
            document=document,
            slug=f"bench-revised-obj-{n}",
            kind=m.ProjectObject.Kind.SCHOOL,
            name_ru=f"Школа {n}",
            name_en=f"School {n}",
            status=m.ProjectObject.Status.IN_PROGRESS,
            planned_start=datetime.date(2023, 4, 1),
            planned_end=datetime.date(2025, 10, 31),
            capacity=Decimal(600),
            capacity_unit_en="places",
        )
        for n in range(OBJECTS)
    )
    objects = list(m.ProjectObject.private_objects.filter(document=document))
    sources = list(m.Financing.Source.values)
    m.Financing.private_objects.bulk_create(
        m.Financing(
            document=document,
            object=objects[n] if n % 2 else None,
            year=YEARS[n % len(YEARS)],
            source=sources[n % len(sources)],
            planned=Decimal(1_000_000_000 + n),
        )
        for n in range(FINANCING)
    )
    services.document_publish(document=document)
    values = list(m.IndicatorValue.private_objects.filter(indicator__goal__document=document))
    money = list(m.Financing.private_objects.filter(document=document))
    for number in range(2, VERSIONS + 1):
        with versions.plan_revision(
            document=document,
            source=f"Decision of the akimat No. {100 + number}",
            takes_effect=datetime.date(2021 + number // 3, 3, number),
        ):
            for value in values[number * 7 % 200 :][:200]:
                services.indicator_value_set(
                    indicator_id=value.indicator_id,
                    year=value.year,
                    plan=Decimal(50 - number),
                    actual=value.actual,
                )
            for obj in objects[number % 40 :][:10]:
                obj.planned_end = obj.planned_end + datetime.timedelta(days=30 * number)
                if obj.id % 2:
                    obj.capacity = Decimal(600 - 10 * number)
                obj.save()
            for row in money[number % 30 :][:8]:
                row.adjusted = row.current_plan - 1_000_000 * number
                row.save()


def queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def main() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    if not m.PlanningDocument.private_objects.filter(slug=SLUG).exists():
        started = time.perf_counter()
        build()
        print(f"built the revised plan in {time.perf_counter() - started:.1f} s")
    document = m.PlanningDocument.private_objects.get(slug=SLUG)
    counts = {
        "indicators": m.Indicator.private_objects.filter(goal__document=document).count(),
        "values": m.IndicatorValue.private_objects.filter(
            indicator__goal__document=document
        ).count(),
        "objects": m.ProjectObject.private_objects.filter(document=document).count(),
        "financing rows": m.Financing.private_objects.filter(document=document).count(),
        "versions": m.PlanVersion.private_objects.filter(document=document).count(),
        "stored changes": m.PlanChange.private_objects.filter(version__document=document).count(),
        "historical rows": sum(
            model.history.count()
            for model in (m.Indicator, m.IndicatorValue, m.ProjectObject, m.Financing)
        ),
    }
    portal.print_sizes(counts)
    base = f"/ru/documents/{SLUG}/"
    pages = {
        "revisions, 9 → 10": f"{base}revisions/",
        "revisions, 1 → 10": f"{base}revisions/?from=1&to={VERSIONS}",
        "document page": base,
        "api plan-changes": f"/api/plan-changes/?document={SLUG}&limit=100",
    }
    client = Client()
    results = portal.measure_all(pages, width=22, client=client)
    for name, url in pages.items():
        results[name]["queries"] = queries(client, url)
        print(f"{name:<22} {results[name]['queries']:>10} queries")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
