"""National benchmark: the whole country's data, and what a single uncached request costs.

    uv run python benchmarks/national.py --scale 0.1        # SQLite (var/national.sqlite3)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/baqylau_national \\
        uv run python benchmarks/national.py --scale 0.1

At --scale 1: 20 regions and about 200 districts (Pavlodar's 13 real boundaries, and for every
other region 10 districts cut from those shapes moved onto it), 3,000 planning documents, 105,000
indicators with 5 years of values, 300,000 objects, 50,000 information requests, 5,000 campaigns
with 4 findings and 4 recommendations each, and 100,000 citizen reports. Everything is written
through bulk_create in batches (no per-row services), by `benchmarks/portal.py`'s builder for the
registry.

The data is built in two steps: first a fifteenth of it (20,000 objects at --scale 1), measured,
then the rest, measured again; the two tables side by side show whether a page costs more when
the tables grow. Each page is requested `--repeats` times (20) with Django's test client, without
any page cache; the public pages anonymously, the back office as a superuser. Each line gives
the median and p95 and the median as a multiple of the reference's, `/healthz` (Django's
smallest answer: no database, no template) measured in the same run, which reads the same on a
quiet and on a busy machine. At the end come the
three heaviest queries of the last run (by median time), with their PostgreSQL plans (EXPLAIN
(ANALYZE, BUFFERS); on SQLite, EXPLAIN QUERY PLAN). The last line is one JSON object of it all.
"""

import argparse
import json
import os
import statistics
import sys
import time
import warnings
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'national.sqlite3'}"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baqylau.settings")
os.environ.setdefault("DEBUG", "0")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from shapely import affinity  # noqa: E402
from shapely.geometry import mapping, shape  # noqa: E402

from baqylau.accountability.models import AnswerState, Finding, Recommendation  # noqa: E402
from baqylau.core import pagecache, startup  # noqa: E402
from baqylau.inforequests.models import InformationRequest, Status  # noqa: E402
from baqylau.monitoring.models import Campaign  # noqa: E402
from baqylau.monitoring.models import Status as CampaignStatus  # noqa: E402
from baqylau.participation.models import Category, Report  # noqa: E402
from baqylau.participation.states import Moderation  # noqa: E402
from baqylau.registry import geo  # noqa: E402
from baqylau.registry import models as m  # noqa: E402
from benchmarks import portal  # noqa: E402

# At --scale 1.
DOCUMENTS = 3000
GOALS_PER_DOC, INDICATORS_PER_GOAL, OBJECTS_PER_DOC = 5, 7, 100
REQUESTS, CAMPAIGNS, REPORTS = 50_000, 5_000, 100_000
FINDINGS_PER_CAMPAIGN = RECOMMENDATIONS_PER_CAMPAIGN = 4
DISTRICTS_PER_REGION = 10
# The first step: 20,000 objects of 300,000.
FIRST_STEP = 1 / 15
BATCH = 5000
STATES = [AnswerState.ACCEPTED, AnswerState.REJECTED, AnswerState.PARTLY, AnswerState.AWAITING]


def _batches(iterable, size=BATCH):
    return portal._batches(iterable, size)


def _bulk(manager, rows) -> None:
    for batch in _batches(rows):
        manager.bulk_create(batch)


def districts() -> list[m.Territory]:
    """Every region's districts: Pavlodar's real ones, and for the others Pavlodar's shapes moved
    onto the region's centre (shapes of the right size and detail where no file is at hand)."""
    if not m.Territory.objects.filter(kind=m.Territory.Kind.DISTRICT).exists():
        call_command("load_territories", verbosity=0)
    units = m.Territory.objects.filter(
        kind__in=[m.Territory.Kind.DISTRICT, m.Territory.Kind.CITY_ADMINISTRATION]
    )
    pavlodar = list(units.exclude(slug__startswith="bench-"))
    regions = m.Territory.objects.filter(
        kind__in=[m.Territory.Kind.REGION, m.Territory.Kind.CITY_REPUBLICAN]
    ).exclude(pk__in=[u.parent_id for u in pavlodar])
    if not units.filter(slug__startswith="bench-").exists():
        origin = shape(pavlodar[0].parent.geometry).centroid
        shapes = [shape(u.geometry) for u in pavlodar if u.geometry][:DISTRICTS_PER_REGION]
        for region in regions:
            centre = shape(region.geometry).centroid if region.geometry else origin
            for k, polygon in enumerate(shapes):
                moved = affinity.translate(
                    polygon, xoff=centre.x - origin.x, yoff=centre.y - origin.y
                )
                point = moved.representative_point()
                # save() derives the bounding box; 190 rows, no bulk path needed.
                m.Territory(
                    kind=m.Territory.Kind.DISTRICT,
                    parent=region,
                    slug=f"bench-{region.slug}-{k}",
                    name_kk=f"{region.name_kk} ауданы {k + 1}",
                    name_ru=f"Район {k + 1} ({region.name_ru})",
                    name_en=f"District {k + 1} of {region.name_en}",
                    geometry=mapping(moved),
                    centre_lat=point.y,
                    centre_lon=point.x,
                ).save()
    return list(units.order_by("id"))


def bodies(territories) -> tuple[list[m.Organisation], list[m.Organisation]]:
    """A district akimat per district and 50 NGOs."""
    if not m.Organisation.objects.filter(slug__startswith="bench-akimat-").exists():
        m.Organisation.objects.bulk_create(
            m.Organisation(
                slug=f"bench-akimat-{t.id}",
                kind=m.Organisation.Kind.DISTRICT_AKIMAT,
                name_kk=f"{t.name_kk} әкімдігі",
                name_ru=f"Акимат: {t.name_ru}",
                name_en=f"Akimat of {t.name_en}",
                territory=t,
            )
            for t in territories
        )
        m.Organisation.objects.bulk_create(
            m.Organisation(
                slug=f"bench-ngo-{n}",
                kind=m.Organisation.Kind.NGO,
                name_kk=f"Қоғамдық бірлестік {n}",
                name_ru=f"Общественное объединение {n}",
                name_en=f"Civic association {n}",
            )
            for n in range(50)
        )
    return (
        list(m.Organisation.objects.filter(slug__startswith="bench-akimat-").order_by("id")),
        list(m.Organisation.objects.filter(slug__startswith="bench-ngo-").order_by("id")),
    )


def _have(model, prefix_field, prefix) -> int:
    return model._default_manager.filter(**{f"{prefix_field}__startswith": prefix}).count()


@transaction.atomic
def grow(scale: float) -> dict[str, float]:
    """Adds what is missing for `scale` (the numbers continue from what is there)."""
    timings = {}
    started = time.perf_counter()
    territories = districts()
    akimats, ngos = bodies(territories)
    timings["territories and bodies"] = time.perf_counter() - started
    User = get_user_model()
    requester = User.objects.get_or_create(email="bench-citizen@example.org")[0]

    started = time.perf_counter()
    have = _have(m.PlanningDocument, "slug", "bench-doc-")
    portal.build_registry(
        documents=range(have, round(DOCUMENTS * scale)),
        territories=territories,
        bodies=akimats,
        goals_per_doc=GOALS_PER_DOC,
        indicators_per_goal=INDICATORS_PER_GOAL,
        objects_per_doc=OBJECTS_PER_DOC,
    )
    timings["registry"] = time.perf_counter() - started
    objects = list(
        m.ProjectObject.private_objects.filter(slug__startswith="bench-obj-")
        .order_by("id")
        .values_list("id", "document_id", "territory_id", "latitude", "longitude")
    )

    started = time.perf_counter()
    have = _have(InformationRequest, "subject", "Bench request ")
    now = timezone.now()
    statuses = [Status.SENT, Status.ANSWERED_FULL, Status.ANSWERED_PARTIAL, Status.OVERDUE]
    _bulk(
        InformationRequest._default_manager,
        (
            InformationRequest(
                public_id=f"b{n:09x}",
                requester=requester,
                body=akimats[n % len(akimats)],
                subject=f"Bench request {n}",
                text=f"Просим сообщить о ходе строительства объекта {n}.",
                status=statuses[n % len(statuses)],
                sent_at=now - timedelta(days=n % 700),
                due_date=(now - timedelta(days=n % 700)).date() + timedelta(days=15),
                object_id=objects[n % len(objects)][0],
                search_text=f"bench request {n}",
            )
            for n in range(have, round(REQUESTS * scale))
        ),
    )
    timings["requests"] = time.perf_counter() - started

    started = time.perf_counter()
    have = _have(Campaign, "slug", "bench-campaign-")
    numbers = range(have, round(CAMPAIGNS * scale))
    _bulk(
        Campaign._default_manager,
        (
            Campaign(
                ngo=ngos[n % len(ngos)],
                slug=f"bench-campaign-{n}",
                title_kk=f"Мониторинг {n}",
                title_ru=f"Мониторинг {n}",
                title_en=f"Monitoring {n}",
                goals="—",
                tasks="—",
                method="—",
                starts_on=date(2025, 1, 1),
                ends_on=date(2025, 12, 31),
                status=CampaignStatus.DOCUMENT_SENT,
                is_published=True,
                published_at=now - timedelta(hours=n),
            )
            for n in numbers
        ),
    )
    campaigns = list(
        Campaign._default_manager.filter(
            slug__in=[f"bench-campaign-{n}" for n in numbers]
        ).values_list("id", flat=True)
    )
    _bulk(
        Campaign.project_objects.through.objects,
        (
            Campaign.project_objects.through(
                campaign_id=c, projectobject_id=objects[(k * 37) % len(objects)][0]
            )
            for k, c in enumerate(campaigns)
        ),
    )
    _bulk(
        Finding.private_objects,
        (
            Finding(
                campaign_id=c,
                number=f + 1,
                title=f"Нарушение сроков {f + 1}",
                category="delay",
                description="Работы отстают от графика.",
                project_object_id=objects[(k * 37) % len(objects)][0],
            )
            for k, c in enumerate(campaigns)
            for f in range(FINDINGS_PER_CAMPAIGN)
        ),
    )
    _bulk(
        Recommendation.private_objects,
        (
            Recommendation(
                campaign_id=c,
                number=r + 1,
                body=akimats[(k + r) % len(akimats)],
                text="Утвердить новый график работ.",
                state=STATES[r % len(STATES)],
                sent_on=date(2025, 6, 1),
                due_on=date(2025, 7, 1),
                answered_on=date(2025, 6, 20) if STATES[r % len(STATES)] != "awaiting" else None,
            )
            for k, c in enumerate(campaigns)
            for r in range(RECOMMENDATIONS_PER_CAMPAIGN)
        ),
    )
    timings["campaigns"] = time.perf_counter() - started

    started = time.perf_counter()
    category = Category._default_manager.get_or_create(
        code="bench-road", defaults={"name": "Дороги", "object_kinds": []}
    )[0]
    have = _have(Report, "title", "Bench report ")
    report_statuses = list(Report.Status)
    _bulk(
        Report._default_manager,
        (
            Report(
                category=category,
                title=f"Bench report {n}",
                description="Яма на дороге у школы.",
                project_object_id=(row := objects[(n * 7) % len(objects)])[0],
                territory_id=row[2],
                latitude=row[3],
                longitude=row[4],
                public_latitude=row[3],
                public_longitude=row[4],
                body=akimats[n % len(akimats)],
                status=report_statuses[n % len(report_statuses)],
                moderation=Moderation.PUBLISHED if n % 10 else Moderation.HELD,
                reporter_email=f"citizen{n}@example.org",
                created_at=now - timedelta(minutes=n),
                published_at=now - timedelta(minutes=n) if n % 10 else None,
            )
            for n in range(have, round(REPORTS * scale))
        ),
    )
    timings["reports"] = time.perf_counter() - started
    return timings


def sizes() -> dict[str, int]:
    return {
        "territories": m.Territory.objects.count(),
        "documents": m.PlanningDocument.private_objects.count(),
        "indicators": m.Indicator.private_objects.count(),
        "values": m.IndicatorValue.private_objects.count(),
        "objects": m.ProjectObject.private_objects.count(),
        "requests": InformationRequest._default_manager.count(),
        "campaigns": Campaign._default_manager.count(),
        "findings": Finding.private_objects.count(),
        "recommendations": Recommendation.private_objects.count(),
        "reports": Report._default_manager.count(),
    }


def pages() -> dict[str, str]:
    territory = m.Territory.objects.filter(kind=m.Territory.Kind.REGION).order_by("id").first()
    document = m.PlanningDocument.private_objects.order_by("id").first()
    body = m.Organisation.objects.filter(slug__startswith="bench-akimat-").order_by("id").first()
    return {
        "home": "/ru/",
        "documents": "/ru/documents/",
        "document page": document.get_absolute_url().replace("/en/", "/ru/") if document else None,
        "objects": "/ru/objects/",
        "organisations": "/ru/organisations/",
        "organisation page": f"/ru/organisations/{body.slug}/" if body else None,
        "territories": "/ru/territories/",
        "territory page": f"/ru/territories/{territory.slug}/" if territory else None,
        "requests": "/ru/requests/",
        "monitoring": "/ru/monitoring/",
        "reports": _url("participation:reports"),
        "procurement": "/ru/procurement/",
        "api objects": "/api/objects/",
        "api indicators": "/api/indicators/",
        "api documents": "/api/documents/",
        "api requests": "/api/requests/",
        "api campaigns": "/api/campaigns/",
        "api reports": "/api/reports/",
    }


# The pages whose totals or map box the site keeps per generation (`pagecache.kept`): measured
# again with a change of what the public sees before every request (", changed").
KEPT_FIGURES = ("territory page", "requests", "monitoring", "reports")

ADMIN_PAGES = {
    "admin documents": "/admin/registry/planningdocument/",
    "admin indicators": "/admin/registry/indicator/",
    "admin objects": "/admin/registry/projectobject/",
    "admin requests": "/admin/inforequests/informationrequest/",
    "admin campaigns": "/admin/monitoring/campaign/",
    "admin reports": "/admin/participation/report/",
}


def _url(name):
    from django.utils import translation

    with translation.override("ru"):
        try:
            return reverse(name)
        except Exception:
            return None


def measure(client, url, repeats, slowest, *, after_a_change=False) -> dict:
    """p50 and p95 of the whole request and of its time in the database, and its queries. After
    a change, every request comes first after a change of what the public sees: the figures the
    site keeps per generation (a list's total, the map's box) are computed again."""
    client.get(url)  # warm up
    timings, in_database = [], []
    for _ in range(repeats):
        if after_a_change:
            pagecache.changed()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        in_database.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        for query in captured.captured_queries:
            slowest.append((float(query["time"]) * 1000, url, query["sql"]))
    return {
        "p50_ms": _percentile(timings, 0.5),
        "p95_ms": _percentile(timings, 0.95),
        "sql_p50_ms": _percentile(in_database, 0.5),
        "queries": len(captured.captured_queries),
    }


# The reference of each run: Django's smallest answer (no database, no template), measured in the
# same run, so that a page's cost reads as a multiple of it whatever the machine's load.
REFERENCE = "/healthz"


def _percentile(values, share) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))], 1)


def measure_all(repeats: int, only: str = "") -> tuple[dict, list]:
    from django.conf import settings

    settings.DEBUG = False
    settings.BAQYLAU_PAGE_CACHE_ENABLED = False  # what a request costs when it is made
    geo.clear_cache()
    anonymous = Client()
    admin = Client()
    User = get_user_model()
    email = "bench-admin@example.org"
    superuser = User.objects.filter(email=email).first() or User.objects.create_superuser(email)
    admin.force_login(superuser)
    startup.ready()  # as the app server does before its first request (baqylau/wsgi.py)
    results, slowest = {}, []
    reference = results["reference"] = measure(anonymous, REFERENCE, repeats * 5, [])
    print(
        f"{'page':<20} {'median ms':>9} {'p95 ms':>8} {'× ref':>6} {'SQL p50':>8} {'queries':>8}"
        f"   ({repeats} requests each; reference {REFERENCE}: median {reference['p50_ms']} ms,"
        f" p95 {reference['p95_ms']} ms)"
    )
    public = pages()
    after_a_change = {f"{name}, changed": public[name] for name in KEPT_FIGURES}
    for group, client in ((public, anonymous), (after_a_change, anonymous), (ADMIN_PAGES, admin)):
        for name, url in group.items():
            if only and only not in name:
                continue
            if url is None:
                print(f"{name:<20} not available")
                continue
            changed = group is after_a_change
            r = results[name] = measure(client, url, repeats, slowest, after_a_change=changed)
            # The median as a multiple of the reference's: comparable across loads and runs.
            r["ratio"] = round(r["p50_ms"] / max(reference["p50_ms"], 0.1), 1)
            print(
                f"{name:<20} {r['p50_ms']:>9} {r['p95_ms']:>8} {r['ratio']:>6}"
                f" {r['sql_p50_ms']:>8} {r['queries']:>8}"
            )
    return results, slowest


def explain(slowest, count=3) -> None:
    """The plans of the heaviest queries: by their median time over every run of the same SQL
    (one slow run on a busy machine does not choose)."""
    runs = {}
    for ms, url, sql in slowest:
        runs.setdefault(sql, (url, []))[1].append(ms)
    ranked = sorted(
        ((statistics.median(times), url, sql) for sql, (url, times) in runs.items()),
        reverse=True,
    )
    for ms, url, sql in ranked[:count]:
        print(f"\n-- median {ms:.1f} ms, {url}\n{sql[:600]}{' …' if len(sql) > 600 else ''}")
        prefix = (
            "EXPLAIN (ANALYZE, BUFFERS) "
            if connection.vendor == "postgresql"
            else "EXPLAIN QUERY PLAN "
        )
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql)
            for row in cursor.fetchall():
                print("   ", " | ".join(str(c) for c in row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="of the whole country (1)")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument(
        "--measure-only", action="store_true", help="measure the data as it is, once"
    )
    parser.add_argument("--only", default="", help="measure only the pages whose name has this")
    args = parser.parse_args()
    (ROOT / "var").mkdir(exist_ok=True)
    call_command("migrate", verbosity=0, interactive=False)
    report = {"database": connection.vendor, "scale": args.scale, "steps": []}
    for step in (args.scale * FIRST_STEP, args.scale)[1 if args.measure_only else 0 :]:
        started = time.perf_counter()
        timings = {} if args.measure_only else grow(step)
        with connection.cursor() as cursor:  # statistics of the new rows, as autovacuum would
            cursor.execute("ANALYZE")
        built = time.perf_counter() - started
        print(
            f"\n== {connection.vendor}, scale {step:g}: built in {built:.1f} s ("
            + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
            + ")"
        )
        counts = sizes()
        print(", ".join(f"{k}: {v:,}" for k, v in counts.items()))
        if args.build_only:
            continue
        results, slowest = measure_all(args.repeats, args.only)
        report["steps"].append({"scale": step, "sizes": counts, "built_s": built, "pages": results})
    if not args.build_only:
        print("\nThe three heaviest queries of the last run:")
        explain(slowest)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
