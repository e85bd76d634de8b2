"""Plan import benchmark: `import_plan` of 100,000 rows, from CSV and from xlsx, and its dry run.

    uv run python benchmarks/plan_import.py          # SQLite: var/benchmark-plan-import.sqlite3
    BENCH_ROWS=20000 BENCH_FORMATS=xlsx uv run python benchmarks/plan_import.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/baqylau_bench_import \\
        uv run python benchmarks/plan_import.py       # PostgreSQL (its bench documents go first)

Builds the files once per size in var/: a CSV of BENCH_ROWS indicator rows (BENCH_ROWS / 5
indicators in 40 goals, one row per indicator and year over 5 years, with plan, actual, source
and date), and an xlsx workbook of the same number of rows over its three sheets (half of them,
at most 49,999, indicator rows; a quarter objects with coordinates; the rest financing rows of
those objects: a sheet holds at most 50,000 rows). For each file, into a new draft document: the
dry run, the import, then the same file again (nothing changes) and a file with every plan
changed (updates). Prints the times, rows per second, the import as a multiple of only reading
the file's rows (Python's csv module, python-calamine: the reference of the same run) and the
ratio dry run / import; the last line is one JSON object, with the CPU time of the import and of
its dry run.
"""

import csv
import datetime
import json
import os
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'benchmark-plan-import.sqlite3'}"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baqylau.settings")
os.environ.setdefault("DEBUG", "0")
django.setup()

from django.core.management import call_command  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from baqylau.registry import models as m  # noqa: E402
from baqylau.registry.importers.plan import import_plan_file  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
YEARS = [2021, 2022, 2023, 2024, 2025]
GOALS = 40
VAR = ROOT / "var"

INDICATOR_HEADER = [
    "goal_number",
    "goal_name_ru",
    "indicator_code",
    "name_ru",
    "name_kk",
    "unit_ru",
    "year",
    "plan",
    "actual",
    "actual_source",
    "actual_date",
]


def indicator_rows(count: int, bump: int = 0):
    for n in range(count):
        indicator, year = divmod(n, len(YEARS))
        goal = indicator % GOALS + 1
        yield [
            str(goal),
            f"Цель {goal}",
            f"{goal}.{indicator}",
            f"Показатель {indicator}",
            f"Көрсеткіш {indicator}",
            "%",
            YEARS[year],
            f"{50 + indicator % 40 + year + bump},5",
            f"{49 + indicator % 40 + year}" if year < 4 else "",
            "Отчёт акимата" if year < 4 else "",
            f"15.01.{YEARS[year] + 1}" if year < 4 else "",
        ]


OBJECT_HEADER = ["slug", "kind", "name_ru", "status", "planned_start", "planned_end"]
OBJECT_HEADER += ["capacity", "latitude", "longitude", "contractor"]
FINANCING_HEADER = ["year", "source", "planned", "executed", "object_slug"]


def write_csv(path: Path, count: int, bump: int = 0) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(INDICATOR_HEADER)
        writer.writerows(indicator_rows(count, bump))


def write_xlsx(path: Path, count: int, tag: str, bump: int = 0) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("indicators")
    sheet.append(INDICATOR_HEADER)
    indicators = min(count // 2, 49_999)  # a sheet holds 50,000 rows with its header
    for row in indicator_rows(indicators, bump):
        sheet.append(row)
    objects = count // 4
    sheet = workbook.create_sheet("objects")
    sheet.append(OBJECT_HEADER)
    for n in range(objects):
        sheet.append(
            [
                f"{tag}-object-{n}",
                "school",
                f"Школа №{n}",
                "in_progress",
                datetime.date(2023, 4, 1),
                datetime.date(2025, 10, 1 + n % 28),
                300 + n % 500 + bump,
                52.0 + n % 100 / 50,
                76.0 + n % 100 / 50,
                f"ТОО «Құрылыс {n % 300}»",
            ]
        )
    sheet = workbook.create_sheet("financing")
    sheet.append(FINANCING_HEADER)
    for n in range(count - indicators - objects):
        sheet.append(
            [
                YEARS[(n + n // objects) % 5],
                "local",
                1_000_000 * (n % 90 + 1) + bump,
                500_000,
                f"{tag}-object-{n % objects}",
            ]
        )
    workbook.save(path)


def document(slug: str) -> m.PlanningDocument:
    # A document keeps its objects (PROTECT): a run before this one left them.
    m.ProjectObject.private_objects.filter(document__slug=slug).delete()
    m.PlanningDocument.private_objects.filter(slug=slug).delete()
    return m.PlanningDocument.private_objects.create(
        slug=slug,
        doc_type=m.PlanningDocument.Type.NATIONAL_PROJECT,
        title_ru="Национальный проект",
        title_en="National project",
        start_year=YEARS[0],
        end_year=YEARS[-1],
        status=m.PlanningDocument.Status.IN_FORCE,
    )


CPU: dict[str, float] = {}  # the process's CPU seconds of each timed run, by its name


def timed(path: Path, doc, name: str = "", **options) -> tuple[float, object]:
    started, cpu = time.perf_counter(), time.process_time()
    report = import_plan_file(path, document=doc, **options)
    seconds = time.perf_counter() - started
    CPU[name] = time.process_time() - cpu
    assert report.ok, [str(e) for e in report.errors[:5]]
    return seconds, report


def read_only(path: Path) -> float:
    """The reference of the same run: only reading every row of the file, as Python's csv module
    or python-calamine gives it, with no check and no database."""
    started = time.perf_counter()
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as f:
            for _row in csv.reader(f):
                pass
    else:
        workbook = CalamineWorkbook.from_path(str(path))
        for sheet in workbook.sheet_names:
            for _row in workbook.get_sheet_by_name(sheet).iter_rows():
                pass
    return time.perf_counter() - started


def measure(name: str, first: Path, changed: Path, kind: str | None) -> dict:
    reading = read_only(first)
    doc = document(f"bench-import-{name}")
    dry, report = timed(first, doc, "dry", kind=kind, dry_run=True)
    imported, report = timed(first, doc, "import", kind=kind)
    rows = ROWS
    again, _report = timed(first, doc, kind=kind)
    dry_update, _report = timed(changed, doc, kind=kind, dry_run=True)
    update, report_update = timed(changed, doc, kind=kind)
    return {
        "rows": rows,
        "dry_run_s": round(dry, 2),
        "import_s": round(imported, 2),
        "ratio": round(dry / imported, 2),
        "reading_s": round(reading, 2),
        "import_x_reading": round(imported / reading, 1),
        # Beside the wall clock, which a loaded machine stretches: the CPU time it took.
        "dry_run_cpu_s": round(CPU["dry"], 2),
        "import_cpu_s": round(CPU["import"], 2),
        "rows_per_s": round(rows / imported),
        "again_unchanged_s": round(again, 2),
        "dry_run_update_s": round(dry_update, 2),
        "update_s": round(update, 2),
        "summary": report.summary_lines() + report_update.summary_lines(),
    }


def main() -> None:
    VAR.mkdir(exist_ok=True)
    call_command("migrate", verbosity=0)
    files = {
        "csv": (VAR / f"bench-plan-{ROWS}.csv", VAR / f"bench-plan-{ROWS}-changed.csv"),
        "xlsx": (VAR / f"bench-plan-{ROWS}.xlsx", VAR / f"bench-plan-{ROWS}-changed.xlsx"),
    }
    if not files["csv"][0].exists():
        write_csv(files["csv"][0], ROWS)
        write_csv(files["csv"][1], ROWS, bump=1)
    if not files["xlsx"][0].exists():
        write_xlsx(files["xlsx"][0], ROWS, "bench")
        write_xlsx(files["xlsx"][1], ROWS, "bench", bump=1)
    results = {}
    formats = os.environ.get("BENCH_FORMATS", "csv,xlsx").split(",")
    for name, (first, changed) in files.items():
        if name not in formats:
            continue
        results[name] = measure(name, first, changed, "indicators" if name == "csv" else None)
        r = results[name]
        print(
            f"{name:5} {ROWS:,} rows: import {r['import_s']:.1f} s ({r['rows_per_s']:,} rows/s), "
            f"{r['import_x_reading']:.1f} × reading the file ({r['reading_s']:.1f} s), "
            f"dry run {r['dry_run_s']:.1f} s (ratio {r['ratio']:.2f}), "
            f"CPU {r['import_cpu_s']:.1f} s and {r['dry_run_cpu_s']:.1f} s, "
            f"same file again {r['again_unchanged_s']:.1f} s, "
            f"every value changed {r['update_s']:.1f} s (dry run {r['dry_run_update_s']:.1f} s)",
            flush=True,
        )
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
