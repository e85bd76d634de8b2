"""Downloads and map benchmark: builds N objects and measures what reads them all or in part:
the objects' GeoJSON and CSV downloads (time, size and the serving process's peak memory) and the
map's data for a view (time and size).

    uv run python benchmarks/downloads.py                   # 100,000 objects, SQLite
    uv run python benchmarks/downloads.py 1000000           # the issue's million rows
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/baqylau_bench \
        uv run python benchmarks/downloads.py 300000
    uv run python benchmarks/downloads.py 300000 --map     # the map's data only

The objects (in one published plan, spread over Kazakhstan) are made with bulk inserts, once per
database and number. Each download is requested in a child process of its own, through Django's
test client (the whole stack but the network), and read to the end into nothing; the child reports
its peak resident memory (ru_maxrss) before the request and after the last byte. The reference of
the same run is a plain read of the same rows from the database (values_list().iterator()):
each download is shown as its time, as a ratio to that read, and against the targets (60 s and
200 MB at 1,000,000 rows). The map's data is measured for the whole country, a region and a
district; a view must stay under 50 KB and 100 ms. Prints a table and, as its last line, one JSON
object with every figure.
"""

import csv
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import urllib.request
import warnings
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'benchmark-downloads.sqlite3'}"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baqylau.settings")
os.environ.setdefault("DEBUG", "0")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from baqylau.registry import models as m  # noqa: E402
from benchmarks import servers  # noqa: E402

PLAN = "bench-downloads"
PREFIX = "bench-dl-"
BATCH = 10_000
YEARS = 10
TARGET_SECONDS_PER_MILLION, TARGET_RSS_MB = 60.0, 200.0
MAP_TARGET_MS, MAP_TARGET_KB = 100.0, 50.0
ONLY_MAP = False
SLOW = False
# The configuration of README "Production deployment": a threaded worker, the default timeout.
GUNICORN = ["--workers", "1", "--worker-class", "gthread", "--threads", "4", "--timeout", "30"]
PORT = int(os.environ.get("BENCH_PORT", "8191"))
SLOW_SECONDS = float(os.environ.get("BENCH_SLOW_SECONDS", "45"))
MAP_REPEATS = int(os.environ.get("BENCH_REPEATS", "20"))
STATUSES = m.ProjectObject.Status.values
KINDS = m.ProjectObject.Kind.values
# Kazakhstan, roughly: where the objects are spread.
SOUTH, NORTH, WEST, EAST = 41.0, 55.0, 47.0, 87.0


def peak_rss_mb() -> float:
    """The process's peak resident memory: VmHWM, which starts again at exec (ru_maxrss keeps
    the parent's, which holds the rows it built)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _objects(plan, start: int, stop: int):
    for n in range(start, stop):
        # A low-discrepancy spread over the country's box, the same on every run.
        lat = SOUTH + (NORTH - SOUTH) * ((n * 0.414214) % 1)
        lon = WEST + (EAST - WEST) * ((n * 0.618034) % 1)
        yield m.ProjectObject(
            document=plan,
            slug=f"{PREFIX}{n}",
            name_kk=f"Мектеп № {n}",
            name_ru=f"Школа № {n}",
            name_en=f"School No. {n}",
            kind=KINDS[n % len(KINDS)],
            status=STATUSES[n % len(STATUSES)],
            address_ru=f"ул. Абая, {n % 300 + 1}",
            latitude=round(lat, 6),
            longitude=round(lon, 6),
        )


def build(count: int) -> None:
    """`count` objects of the plan, made (or completed) by bulk inserts of BATCH rows."""
    plan = m.PlanningDocument.private_objects.get_or_create(
        slug=PLAN,
        defaults={
            "title_kk": "Жүктеу жоспары",
            "title_ru": "План выгрузок",
            "title_en": "Downloads plan",
            "doc_type": m.PlanningDocument.Type.REGIONAL_PLAN,
            "status": m.PlanningDocument.Status.IN_FORCE,
            "start_year": 2021,
            "end_year": 2025,
            "is_published": True,
        },
    )[0]
    have = m.ProjectObject.private_objects.filter(document=plan).count()
    if have > count:
        m.ProjectObject.private_objects.filter(document=plan).delete()
        have = 0
    for start in range(have, count, BATCH):
        with transaction.atomic():
            m.ProjectObject.private_objects.bulk_create(
                _objects(plan, start, min(start + BATCH, count)), batch_size=BATCH
            )


def build_indicators(count: int) -> None:
    """`count` indicator values of the plan (ten years for each of count / 10 indicators, a
    thousand indicators per goal), made (or completed) by bulk inserts."""
    plan = m.PlanningDocument.private_objects.get(slug=PLAN)
    values = m.IndicatorValue.private_objects.filter(indicator__goal__document=plan)
    if values.count() == count:
        return
    m.Goal.private_objects.filter(document=plan).delete()
    indicators = count // YEARS
    for start in range(0, indicators, BATCH):
        with transaction.atomic():
            goal = m.Goal.private_objects.create(
                document=plan,
                number=str(start // BATCH + 1),
                order=start // BATCH,
                name_ru=f"Цель {start // BATCH + 1}",
                name_en=f"Goal {start // BATCH + 1}",
            )
            made = m.Indicator.private_objects.bulk_create(
                m.Indicator(
                    goal=goal,
                    code=f"{n}",
                    order=n,
                    name_ru=f"Доля школ с ремонтом № {n}",
                    name_kk=f"Жөнделген мектептер үлесі № {n}",
                    name_en=f"Share of renovated schools No. {n}",
                    unit_ru="%",
                    baseline_year=2020,
                    baseline_value=Decimal("12.5"),
                )
                for n in range(start, min(start + BATCH, indicators))
            )
            m.IndicatorValue.private_objects.bulk_create(
                (
                    m.IndicatorValue(
                        indicator=indicator,
                        year=2016 + year,
                        plan=Decimal(50 + year),
                        actual=Decimal(48 + year) if year % 3 else None,
                        actual_source="Отчёт акимата" if year % 3 else "",
                    )
                    for indicator in made
                    for year in range(YEARS)
                ),
                batch_size=BATCH,
            )


def serve(url: str) -> None:
    """In the child: one request, read to the end into nothing; prints its figures as JSON."""
    client = Client()
    client.get("/api/map/objects/?bbox=0,0,1,1")  # URLconf, translations and the like loaded
    before = peak_rss_mb()
    started = time.perf_counter()
    response = client.get(url)
    first = None
    size = 0
    with open(os.devnull, "wb") as sink:
        for piece in response.streaming_content if response.streaming else [response.content]:
            if first is None:
                first = time.perf_counter() - started
            sink.write(piece)
            size += len(piece)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "status": response.status_code,
                "streamed": bool(response.streaming),
                "seconds": round(seconds, 2),
                "first_byte_s": round(first or seconds, 3),
                "mb": round(size / 1e6, 1),
                "bytes": size,
                "rss_before_mb": round(before, 1),
                "peak_rss_mb": round(peak_rss_mb(), 1),
            }
        )
    )


def download(url: str) -> dict:
    child = subprocess.run(
        [sys.executable, __file__, "--serve", url],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,
    )
    return json.loads(child.stdout.strip().splitlines()[-1])


OBJECT_COLUMNS = (
    "slug", "name_kk", "name_ru", "name_en", "kind", "status", "document__slug",
    "address_kk", "address_ru", "address_en", "latitude", "longitude", "updated_at",
)  # fmt: skip
INDICATOR_COLUMNS = (
    "indicator__goal__document__slug", "indicator__goal__number", "indicator__code",
    "indicator__name_kk", "indicator__name_ru", "indicator__name_en", "indicator__unit_ru",
    "indicator__baseline_value", "year", "plan", "actual", "actual_source", "actual_date",
)  # fmt: skip


def csv_from_tuples(queryset, columns) -> tuple[float, int]:
    """The reference: the same rows read as tuples and written by Python's csv module, a
    thousand rows at a time, into nothing; (seconds, bytes)."""
    started = time.perf_counter()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    size = 0
    for n, row in enumerate(queryset.values_list(*columns).iterator(chunk_size=2000), start=1):
        writer.writerow(row)
        if n % 1000 == 0:
            size += len(buffer.getvalue().encode())
            buffer.seek(0)
            buffer.truncate()
    size += len(buffer.getvalue().encode())
    return time.perf_counter() - started, size


def references() -> dict[str, float]:
    objects = m.ProjectObject.private_objects.filter(document__slug=PLAN).order_by("id")
    values = m.IndicatorValue.private_objects.filter(indicator__goal__document__slug=PLAN)
    return {
        "objects": csv_from_tuples(objects, OBJECT_COLUMNS)[0],
        "indicators": csv_from_tuples(values.order_by("indicator_id", "year"), INDICATOR_COLUMNS)[
            0
        ],
    }


def built_files() -> dict:
    """Each large download built as a file (as the background task does, for one language),
    then served: its time to build and whether the answer's Content-Length is its size."""
    from baqylau.api import built  # noqa: PLC0415

    results = {}
    client = Client()
    for name, url in (
        ("objects.csv", "/data/objects.csv"),
        ("indicators.csv", "/data/indicators.csv"),
    ):
        started = time.perf_counter()
        record = built.build_one(name=name, lang="en", generation=built.data_generation())
        seconds = time.perf_counter() - started
        response = client.get(f"{url}?lang=en")
        size = sum(len(piece) for piece in response.streaming_content)
        results[name] = {
            "build_s": round(seconds, 1),
            "mb": round(record["size"] / 1e6, 1),
            "gzip_mb": round(record["gzip_size"] / 1e6, 1),
            "content_length_is_size": response.get("Content-Length")
            == str(size)
            == str(record["size"]),
        }
    return results


def slow_client(url: str, seconds: float) -> dict:
    """The documented server (gunicorn, a threaded worker, the default 30-second timeout) and a
    client that reads `url` so slowly that the transfer lasts `seconds`: every byte arrives?"""
    server = servers.gunicorn(
        PORT, *GUNICORN, env={"ALLOWED_HOSTS": "127.0.0.1", "BAQYLAU_BUILT_DOWNLOADS": "0"}
    )
    try:
        servers.wait_for(f"http://127.0.0.1:{PORT}/data/territories.geojson", server)
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{url}", timeout=120) as answer:
            expected = len(answer.read())  # the same download read at once (URLs at this host)
        piece = 64 * 1024
        pause = seconds / max(1, expected // piece)
        started, received = time.perf_counter(), 0
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{url}", timeout=120) as answer:
                while chunk := answer.read(piece):
                    received += len(chunk)
                    time.sleep(pause)
        except Exception as error:  # noqa: BLE001 (a cut transfer is a result, not a crash)
            print(f"  the transfer broke: {error!r}")
        return {
            "seconds": round(time.perf_counter() - started, 1),
            "received": received,
            "expected": expected,
            "complete": received == expected,
        }
    finally:
        server.terminate()
        server.wait(timeout=60)


def map_views(client: Client) -> dict:
    views = {
        "map, country z5": "bbox=46,40,88,56&zoom=5",
        "map, region z8": "bbox=75,51,78,53&zoom=8",
        "map, district z10": "bbox=76.5,52.0,77.5,52.5&zoom=10",
        "map, town z13": "bbox=76.9,52.2,77.1,52.3&zoom=13",
    }
    results = {}
    for name, query in views.items():
        url = f"/api/map/objects/?document={PLAN}&lang=ru&{query}"
        client.get(url)
        timings, size, shown = [], 0, None
        for _ in range(MAP_REPEATS):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            size = len(response.content)
            data = json.loads(response.content)
            shown = (
                f"{len(data['clusters'])} clusters of {data['count']:,} objects"
                if data["clusters"]
                else f"{len(data['objects'])} objects"
            )
        ordered = sorted(timings)
        results[name] = {
            "median_ms": round(statistics.median(timings), 1),
            "p95_ms": round(ordered[max(0, round(0.95 * len(ordered)) - 1)], 1),
            "kb": round(size / 1000, 1),
            "shows": shown,
        }
    return results


def main(count: int) -> None:
    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    build(count)
    if not ONLY_MAP:
        build_indicators(count)
    with connection.cursor() as cursor:
        # The planner's statistics of the tables just filled, as autovacuum keeps them: without
        # them PostgreSQL reads the values of each batch of indicators by a scan of the table.
        cursor.execute("ANALYZE")
    built_s = time.perf_counter() - started
    total = m.ProjectObject.private_objects.filter(document__slug=PLAN).count()
    print(
        f"database: {connection.vendor}; objects and indicator values: {total:,} each "
        f"(ready in {built_s:.1f} s)"
    )
    results = {"rows": total, "database": connection.vendor}
    if not ONLY_MAP:
        results.update(downloads(total))
    print(f"{'map view':<18} {'median ms':>10} {'p95 ms':>8} {'KB':>6}  ({MAP_REPEATS} requests)")
    views = map_views(Client())
    for name, figures in views.items():
        ok = figures["p95_ms"] <= MAP_TARGET_MS and figures["kb"] <= MAP_TARGET_KB
        print(
            f"{name:<18} {figures['median_ms']:>10} {figures['p95_ms']:>8} {figures['kb']:>6}  "
            f"{figures['shows']}{'' if ok else '  (over 100 ms or 50 KB)'}"
        )
    results["map"] = views
    print(json.dumps(results))


def downloads(total: int) -> dict:
    reference = references()
    print(
        "reference, the same rows as tuples written by Python's csv module: "
        + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in reference.items())
    )
    results = {"reference_s": reference}
    target_s = TARGET_SECONDS_PER_MILLION * total / 1_000_000
    print(
        f"{'download':<18} {'s':>7} {'µs/row':>7} {'× ref':>6} {'target s':>9} {'MB':>7} "
        f"{'1st byte s':>10} {'RSS before':>10} {'peak RSS':>9} {'≤ 200 MB':>8}"
    )
    urls = {
        "objects.geojson": (f"/data/objects.geojson?document={PLAN}", "objects"),
        "objects.csv": (f"/data/objects.csv?document={PLAN}", "objects"),
        "indicators.csv": (f"/data/indicators.csv?document={PLAN}", "indicators"),
    }
    for name, (url, kind) in urls.items():
        figures = download(url)
        assert figures["status"] == 200 and figures["streamed"], figures
        figures["us_per_row"] = round(figures["seconds"] / total * 1e6, 1)
        figures["ratio_to_reference"] = round(figures["seconds"] / reference[kind], 1)
        figures["target_s"] = round(target_s, 1)
        results[name] = figures
        print(
            f"{name:<18} {figures['seconds']:>7} {figures['us_per_row']:>7} "
            f"{figures['ratio_to_reference']:>6} {target_s:>9.1f} {figures['mb']:>7} "
            f"{figures['first_byte_s']:>10} {figures['rss_before_mb']:>10} "
            f"{figures['peak_rss_mb']:>9} "
            f"{'yes' if figures['peak_rss_mb'] <= TARGET_RSS_MB else 'NO':>8}"
        )
    results["built"] = built_files()
    for name, figures in results["built"].items():
        print(
            f"{name} built as a file in {figures['build_s']} s ({figures['mb']} MB, gzip "
            f"{figures['gzip_mb']} MB); served with Content-Length = its size: "
            f"{figures['content_length_is_size']}"
        )
    if SLOW:
        slow = slow_client(f"/data/objects.csv?document={PLAN}", SLOW_SECONDS)
        results["slow_client"] = slow
        print(
            f"slow client, gunicorn {' '.join(GUNICORN)}: {slow['received']:,} of "
            f"{slow['expected']:,} bytes in {slow['seconds']} s, complete: {slow['complete']}"
        )
    return results


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        serve(sys.argv[2])
    else:
        ONLY_MAP = "--map" in sys.argv
        SLOW = "--slow" in sys.argv
        numbers = [
            a.replace(",", "").replace("_", "") for a in sys.argv[1:] if not a.startswith("--")
        ]
        main(int(numbers[0]) if numbers else 100_000)
