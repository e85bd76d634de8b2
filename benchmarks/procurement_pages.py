"""Procurement pages benchmark: 100,000 contracting processes, and the public pages and API over
them.

    uv run python benchmarks/procurement_pages.py   # SQLite: var/procurement-benchmark.sqlite3
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/baqylau_bench \
        uv run python benchmarks/procurement_pages.py

Data: 100,000 processes of 200 buyers (the first matched to a registry body), each with two bids,
an award to one of 2,000 suppliers and a contract; a risk indicator on every third process, one on
each buyer; 1,000 processes linked to one object. Each page is requested through Django's test
client (the whole stack but the network), uncached. Prints a table and, as its last line, one
JSON object {page: {"median_ms", "p95_ms", "queries"}}.
"""

import json
import os
import statistics
import sys
import time
import warnings
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'procurement-benchmark.sqlite3'}"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baqylau.settings")
os.environ.setdefault("DEBUG", "0")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from baqylau.procurement import models as p  # noqa: E402
from baqylau.registry import models as m  # noqa: E402

PROCESSES = int(os.environ.get("BENCH_PROCESSES", "100000"))
BUYERS, SUPPLIERS, LINKED = 200, 2000, 1000
REPEATS = int(os.environ.get("BENCH_REPEATS", "20"))
BATCH = 5000
START = datetime(2022, 1, 1, tzinfo=UTC)


def _bulk(model, rows):
    model.objects.bulk_create(rows, batch_size=BATCH)


@transaction.atomic
def build() -> None:
    body = m.Organisation.objects.create(
        slug="bench-buyer", kind="akimat", name_kk="Әкімдік", name_ru="Акимат", name_en="Akimat"
    )
    document = m.PlanningDocument.private_objects.create(
        slug="bench-plan",
        title_en="Plan",
        title_ru="План",
        title_kk="Жоспар",
        start_year=2021,
        end_year=2025,
        is_published=True,
        doc_type=m.PlanningDocument.Type.REGIONAL_PLAN,
    )
    obj = m.ProjectObject.private_objects.create(
        slug="bench-school",
        document=document,
        name_en="School",
        name_ru="Школа",
        name_kk="Мектеп",
        kind=m.ProjectObject.Kind.SCHOOL,
        responsible_body=body,
    )
    _bulk(
        p.Party,
        [
            p.Party(
                scheme="KZ-BIN",
                identifier=f"B{i}",
                name=f"Buyer {i}",
                organisation=body if i == 0 else None,
            )
            for i in range(BUYERS)
        ],
    )
    _bulk(
        p.Party,
        [
            p.Party(scheme="KZ-BIN", identifier=f"S{i}", name=f"Supplier {i} LLP")
            for i in range(SUPPLIERS)
        ],
    )
    buyers = list(p.Party.objects.filter(identifier__startswith="B").values_list("id", flat=True))
    suppliers = list(
        p.Party.objects.filter(identifier__startswith="S").values_list("id", flat=True)
    )
    for start in range(0, PROCESSES, BATCH):
        numbers = range(start, min(start + BATCH, PROCESSES))
        _bulk(
            p.ContractingProcess,
            [
                p.ContractingProcess(
                    ocid=f"ocds-bench-{n:07d}",
                    title=f"Works no. {n}",
                    buyer_id=buyers[n % BUYERS],
                    procurement_method="open" if n % 4 else "limited",
                    tender_status="complete",
                    tender_start=START + timedelta(hours=n),
                    tender_end=START + timedelta(hours=n + 300),
                    value_amount=Decimal(1000000 + n),
                    currency="KZT",
                    compiled_sha256="0" * 64,
                    first_release_date=START + timedelta(hours=n),
                    last_release_date=START + timedelta(hours=n + 500),
                    document=document if n < LINKED else None,
                )
                for n in numbers
            ],
        )
        ids = dict(
            p.ContractingProcess.objects.filter(
                ocid__in=[f"ocds-bench-{n:07d}" for n in numbers]
            ).values_list("ocid", "id")
        )
        pid = [ids[f"ocds-bench-{n:07d}"] for n in numbers]
        _bulk(
            p.Bid,
            [
                p.Bid(
                    process_id=i,
                    bid_id=f"{i}-{k}",
                    value_amount=Decimal(900000 + k),
                    status="valid",
                )
                for i in pid
                for k in range(2)
            ],
        )
        bids = p.Bid.objects.filter(process_id__in=pid).values_list("id", "process_id")
        p.Bid.tenderers.through.objects.bulk_create(
            [
                p.Bid.tenderers.through(bid_id=b, party_id=suppliers[(i + b) % SUPPLIERS])
                for b, i in bids
            ],
            batch_size=BATCH,
        )
        _bulk(
            p.Award,
            [
                p.Award(
                    process_id=i, award_id=str(i), status="active", value_amount=Decimal(950000)
                )
                for i in pid
            ],
        )
        awards = p.Award.objects.filter(process_id__in=pid).values_list("id", "process_id")
        p.Award.suppliers.through.objects.bulk_create(
            [
                p.Award.suppliers.through(award_id=a, party_id=suppliers[i % SUPPLIERS])
                for a, i in awards
            ],
            batch_size=BATCH,
        )
        _bulk(
            p.Contract,
            [
                p.Contract(process_id=i, contract_id=str(i), value_amount=Decimal(950000))
                for i in pid
            ],
        )
        _bulk(
            p.RiskFlag,
            [
                p.RiskFlag(code="R018", subject="process", process_id=i, value=1)
                for i in pid
                if i % 3 == 0
            ],
        )
        _bulk(
            p.ProcessObject,
            [
                p.ProcessObject(process_id=i, object=obj, link="manual")
                for n, i in zip(numbers, pid, strict=True)
                if n < LINKED
            ],
        )
    _bulk(
        p.RiskFlag,
        [p.RiskFlag(code="R025", subject="buyer", party_id=b, value=0.5) for b in buyers],
    )
    p.FlagRun.objects.create(
        processes=PROCESSES, counts={"R018": {"fired": PROCESSES // 3, "of": PROCESSES}}
    )


def measure(client, url) -> dict:
    client.get(url)
    times = []
    for _ in range(REPEATS):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
            times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return {
        "median_ms": round(statistics.median(times)),
        "p95_ms": round(times[int(len(times) * 0.95) - 1]),
        "queries": len(queries.captured_queries),
    }


def main() -> None:
    if connection.vendor == "sqlite":
        path = Path(connection.settings_dict["NAME"])
        path.unlink(missing_ok=True)
        path.parent.mkdir(exist_ok=True)
    else:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    build()
    print(f"built {PROCESSES:,} processes in {time.perf_counter() - began:.0f} s")
    buyer = p.Party.objects.get(identifier="B0")
    supplier = p.Party.objects.get(identifier="S7")
    process = p.ContractingProcess.objects.get(ocid="ocds-bench-0000003")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    pages = {
        "list, page 1": "/en/procurement/",
        "list, page 2000": "/en/procurement/?page=2000",
        "list, flag R018": "/en/procurement/?flag=R018",
        "list, a body's": "/en/procurement/?body=bench-buyer",
        "process page": f"/en/procurement/processes/{process.ocid}/",
        f"buyer page ({PROCESSES // BUYERS:,} processes)": f"/en/procurement/parties/{buyer.pk}/",
        "supplier page": f"/en/procurement/parties/{supplier.pk}/",
        f"object page ({LINKED:,} processes)": "/en/objects/bench-school/",
        "body page": "/en/organisations/bench-buyer/",
        "API list": "/api/procurement/processes/",
        "API detail": f"/api/procurement/processes/{process.ocid}/",
        "CSV of a body's processes": "/data/procurement/processes.csv?body=bench-buyer",
    }
    results = {name: measure(client, url) for name, url in pages.items()}
    print(f"{'page':45} {'median':>8} {'p95':>8} {'queries':>8}")
    for name, r in results.items():
        print(f"{name:45} {r['median_ms']:>6} ms {r['p95_ms']:>5} ms {r['queries']:>8}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
