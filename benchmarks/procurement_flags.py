"""Procurement red flags benchmark: builds 100,000 contracting processes and computes every red
flag over them (`baqylau compute_flags`, `procurement.flags.compute`).

    uv run python benchmarks/procurement_flags.py           # SQLite (var/benchmark-flags.sqlite3)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/baqylau_bench_flags \
        uv run python benchmarks/procurement_flags.py

The processes are synthetic compiled releases (OCDS 1.1) written straight to the database with
bulk_create (not through the importer), deterministic from a seed: a procurement method and its
details, a tender period of 1 to 40 days, 1 to 8 bids from 3,000 companies known by their BIN
(valid, disqualified, pending, withdrawn or invited, some received after the deadline, amounts
around the estimate, a few identical), an award to one supplier (usually the lowest valid bid,
sometimes pending or to another bidder) with items classified by CPV-like codes, 400 buyers. The
computation runs in a fresh process, so that its peak memory (the resident set's high-water mark)
is its own; it is run `BENCH_REPEATS` times (3). Prints the time, the peak memory and how often each
indicator fired, and as its last line one JSON object.
"""

import hashlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'benchmark-flags.sqlite3'}")
os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baqylau.settings")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from baqylau.procurement import flags  # noqa: E402
from baqylau.procurement.models import ContractingProcess, Party  # noqa: E402

PROCESSES = int(os.environ.get("BENCH_PROCESSES", "100000"))
COMPANIES, BUYERS = 3000, 400
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
METHODS = [
    ("open", "Открытый конкурс"),
    ("open", "Аукцион"),
    ("selective", "Конкурс с предварительным квалификационным отбором"),
    ("limited", "Запрос ценовых предложений"),
    ("direct", "Из одного источника"),
]
METHOD_WEIGHTS = [40, 15, 10, 20, 15]
STATUSES = ["valid", "disqualified", "pending", "withdrawn", "invited"]
STATUS_WEIGHTS = [70, 15, 5, 5, 5]
DIVISIONS = ["03", "09", "15", "30", "33", "34", "39", "42", "44", "45", "48", "50", "71", "72"]


def _bin(n: int, prefix: str) -> str:
    return f"{prefix}{n:08d}"  # 12 digits, as a BIN


def _release(n: int, rng: random.Random, start: datetime) -> dict:
    method, details = rng.choices(METHODS, METHOD_WEIGHTS)[0]
    buyer = rng.randrange(BUYERS)
    opened = start + timedelta(hours=rng.randrange(24 * 700))
    days = rng.choice([1, 3, 5, 7, 10, 14, 15, 20, 21, 25, 30, 40])
    closed = opened + timedelta(days=days, hours=rng.randrange(-3, 4))
    estimate = rng.choice([1, 2, 5, 10, 20, 50, 100]) * 1_000_000
    bidders = rng.sample(range(COMPANIES), rng.randint(1, 8))
    bids = []
    for tenderer in bidders:
        received = closed - timedelta(hours=rng.randrange(1, 24 * days))
        if rng.random() < 0.02:
            received = closed + timedelta(hours=rng.randrange(1, 48))
        amount = round(estimate * rng.uniform(0.7, 1.0), 2)
        if bids and rng.random() < 0.03:
            amount = bids[-1]["value"]["amount"]
        bids.append(
            {
                "id": f"{n}-{tenderer}",
                "status": rng.choices(STATUSES, STATUS_WEIGHTS)[0],
                "date": received.isoformat().replace("+00:00", "Z"),
                "value": {"amount": amount, "currency": "KZT"},
                "tenderers": [{"id": f"C{tenderer}", "name": f"Company {tenderer}"}],
            }
        )
    valid = sorted((b for b in bids if b["status"] == "valid"), key=lambda b: b["value"]["amount"])
    awards = []
    if valid:
        winner = valid[0] if rng.random() < 0.9 else rng.choice(valid)
        supplier = int(winner["tenderers"][0]["id"][1:])
        # Most companies keep to two divisions of the classification; a few supply anything.
        divisions = (
            DIVISIONS
            if supplier % 97 == 0
            else [DIVISIONS[supplier % 14], DIVISIONS[(supplier * 7) % 14]]
        )
        awards.append(
            {
                "id": f"{n}-award",
                "status": rng.choices(["active", "pending", "cancelled"], [90, 5, 5])[0],
                "suppliers": [{"id": winner["tenderers"][0]["id"]}],
                "value": winner["value"],
                "items": [
                    {
                        "id": str(i),
                        "classification": {
                            "scheme": "CPV",
                            "id": f"{rng.choice(divisions)}{rng.randrange(100000, 999999)}",
                        },
                    }
                    for i in range(rng.randint(1, 3))
                ],
            }
        )
    parties = [
        {
            "id": f"B{buyer}",
            "name": f"Buyer {buyer}",
            "identifier": {"scheme": "KZ-BIN", "id": _bin(buyer, "9900")},
            "roles": ["buyer", "procuringEntity"],
        }
    ] + [
        {
            "id": f"C{t}",
            "name": f"Company {t}",
            "identifier": {"scheme": "KZ-BIN", "id": _bin(t, "1100")},
            "roles": ["tenderer"],
        }
        for t in bidders
    ]
    return {
        "ocid": f"ocds-bench-{n:06d}",
        "id": f"ocds-bench-{n:06d}-compiled",
        "date": closed.isoformat(),
        "tag": ["compiled"],
        "initiationType": "tender",
        "parties": parties,
        "buyer": {"id": f"B{buyer}", "name": f"Buyer {buyer}"},
        "tender": {
            "id": f"T{n}",
            "title": f"Procurement {n}",
            "status": rng.choices(["complete", "active", "cancelled"], [85, 10, 5])[0],
            "procurementMethod": method,
            "procurementMethodDetails": details,
            "procuringEntity": {"id": f"B{buyer}"},
            "numberOfTenderers": len(bidders),
            "value": {"amount": estimate, "currency": "KZT"},
            "tenderPeriod": {
                "startDate": opened.isoformat().replace("+00:00", "Z"),
                "endDate": closed.isoformat().replace("+00:00", "Z"),
            },
        },
        "bids": {"details": bids},
        "awards": awards,
    }


@transaction.atomic
def build() -> None:
    rng = random.Random(14)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    Party.objects.bulk_create(
        [
            Party(scheme="KZ-BIN", identifier=_bin(b, "9900"), name=f"Buyer {b}")
            for b in range(BUYERS)
        ]
        + [
            Party(scheme="KZ-BIN", identifier=_bin(c, "1100"), name=f"Company {c}")
            for c in range(COMPANIES)
        ],
        batch_size=2000,
    )
    buyers = dict(Party.objects.filter(name__startswith="Buyer ").values_list("name", "pk"))
    batch = []
    for n in range(PROCESSES):
        release = _release(n, rng, start)
        text = json.dumps(release, ensure_ascii=False, sort_keys=True)
        tender = release["tender"]
        batch.append(
            ContractingProcess(
                ocid=release["ocid"],
                title=tender["title"],
                buyer_id=buyers[release["buyer"]["name"]],
                procuring_entity_id=buyers[release["buyer"]["name"]],
                procurement_method=tender["procurementMethod"],
                procurement_method_details=tender["procurementMethodDetails"],
                tender_status=tender["status"],
                tender_start=tender["tenderPeriod"]["startDate"],
                tender_end=tender["tenderPeriod"]["endDate"],
                value_amount=tender["value"]["amount"],
                currency="KZT",
                compiled=release,
                compiled_sha256=hashlib.sha256(text.encode()).hexdigest(),
                last_release_date=release["date"],
            )
        )
        if len(batch) == 5000:
            ContractingProcess.objects.bulk_create(batch)
            batch = []
    ContractingProcess.objects.bulk_create(batch)


def measure() -> None:
    """One computation, in this process: prints one JSON line with its figures."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    run = flags.compute()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "peak_mb": round(peak / 1024),
                "before_mb": round(before / 1024),
                "processes": run.processes,
                "timings": run.timings,
                "counts": run.counts,
            }
        )
    )


def main() -> None:
    if sys.argv[1:] == ["--measure"]:
        return measure()
    call_command("migrate", verbosity=0, interactive=False)
    if not ContractingProcess.objects.filter(ocid__startswith="ocds-bench-").exists():
        started = time.perf_counter()
        build()
        print(f"built {PROCESSES:,} contracting processes in {time.perf_counter() - started:.1f} s")
    print(f"database: {connection.vendor}; processes: {ContractingProcess.objects.count():,}")
    runs = []
    for _ in range(REPEATS):
        out = subprocess.run(
            [sys.executable, __file__, "--measure"],
            check=True,
            capture_output=True,
            text=True,
            env=os.environ,
        ).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    last = runs[-1]
    seconds = statistics.median(r["seconds"] for r in runs)
    peak = max(r["peak_mb"] for r in runs)
    each = ", ".join(str(r["seconds"]) for r in runs)
    phases = {p: statistics.median(r["timings"][p] for r in runs) for p in runs[0]["timings"]}
    print(
        f"compute: median {seconds:.1f} s of {REPEATS} runs ({each}); "
        f"peak memory {peak} MB (the process held {last['before_mb']} MB before)"
    )
    print("median seconds: " + ", ".join(f"{p} {s:.1f}" for p, s in phases.items()))
    print(f"{'indicator':<10} {'subject':<18} {'fired':>8} {'of':>9} {'share':>7}")
    for code in flags.CODES:
        for subject, figures in last["counts"][code]["subjects"].items():
            share = figures["fired"] / figures["of"] if figures["of"] else 0
            print(
                f"{code:<10} {subject:<18} {figures['fired']:>8,} {figures['of']:>9,} {share:>6.1%}"
            )
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "processes": last["processes"],
                "median_seconds": seconds,
                "median_phases": phases,
                "peak_mb": peak,
                "counts": {
                    code: {s: [f["fired"], f["of"]] for s, f in c["subjects"].items()}
                    for code, c in last["counts"].items()
                },
            }
        )
    )


if __name__ == "__main__":
    sys.exit(main())
