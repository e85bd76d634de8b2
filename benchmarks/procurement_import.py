"""OCDS import benchmark: `baqylau import_ocds` of 100,000 synthetic releases.

    uv run python benchmarks/procurement_import.py   # SQLite: var/benchmark_ocds.sqlite3
    BENCH_RELEASES=20000 uv run python benchmarks/procurement_import.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/baqylau_bench \\
        uv run python benchmarks/procurement_import.py          # PostgreSQL (its procurement
                                                                # tables are emptied first)

Generates a JSON Lines file of releases (`var/benchmark_ocds.jsonl`, made once per size and
reused): 40% as many ocids as releases, each with 1 to 4 releases in date order, a tender with 1
to 6 bids from a pool of 5,000 companies and 300 buyers (KZ-BIN identifiers), then the award
and the contract, then contract amendments raising the value; the lines of different ocids are
interleaved as a publisher's daily files would be. Then runs `manage.py import_ocds --no-flags
FILE` (the red flags are measured by `procurement_flags.py`) in a new process on a freshly
migrated database (migrating is not measured), and once more (the
same releases: nothing changes). Prints the wall time, the processor time and the peak memory
(maximum resident set size) of each run, and the rows loaded; the last line is one JSON object.
"""

import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEASES = int(os.environ.get("BENCH_RELEASES", "100000"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "")
SQLITE = ROOT / "var" / "benchmark_ocds.sqlite3"
DATA = ROOT / "var" / f"benchmark_ocds-{RELEASES}.jsonl"
BUYERS = 300
COMPANIES = 5000


def _bin(n: int, kind: int) -> str:
    return f"{kind:02d}{n:010d}"


def _party(n: int, kind: int, roles: list[str]) -> dict:
    identifier = _bin(n, kind)
    name = f"{'ГУ' if kind == 99 else 'ТОО'} №{n}"
    return {
        "id": f"KZ-BIN-{identifier}",
        "name": name,
        "identifier": {"scheme": "KZ-BIN", "id": identifier, "legalName": name},
        "roles": roles,
    }


def _ref(party: dict) -> dict:
    return {"id": party["id"], "name": party["name"]}


def _stamp(day: int, minute: int) -> str:
    return (
        f"{2021 + day // 360}-{1 + day % 360 // 30:02d}-{1 + day % 30 // 2:02d}"
        f"T{9 + minute // 60 % 8:02d}:{minute % 60:02d}:00+05:00"
    )


def process_releases(number: int, count: int, rng: random.Random) -> list[dict]:
    """The releases of one synthetic contracting process, `count` of them (1 to 4)."""
    ocid = f"ocds-bench-{number:07d}"
    buyer = _party(rng.randrange(BUYERS), 99, ["buyer", "procuringEntity"])
    bidders = [_party(c, 10, ["tenderer"]) for c in rng.sample(range(COMPANIES), rng.randint(1, 6))]
    value = rng.randint(5, 5000) * 1_000_000
    day = rng.randrange(5 * 360 - 60)
    days = rng.choice([5, 10, 15, 20, 25, 30])
    method = rng.choices(["open", "selective", "limited", "direct"], [70, 10, 15, 5])[0]
    bids = [
        {
            "id": f"{ocid}-bid-{n}",
            "date": _stamp(day + rng.randrange(days + 1), rng.randrange(480)),
            "status": rng.choices(["valid", "disqualified", "withdrawn"], [85, 12, 3])[0],
            "value": {"amount": round(value * rng.uniform(0.8, 1.02)), "currency": "KZT"},
            "tenderers": [_ref(bidder)],
        }
        for n, bidder in enumerate(bidders, start=1)
    ]
    releases = [
        {
            "ocid": ocid,
            "id": f"{ocid}-01",
            "date": _stamp(day, 0),
            "tag": ["tender"],
            "initiationType": "tender",
            "language": "ru",
            "parties": [buyer, *bidders],
            "buyer": _ref(buyer),
            "tender": {
                "id": f"{ocid}-tender",
                "title": f"Закупка №{number}: строительно-монтажные работы",
                "status": "active",
                "procurementMethod": method,
                "mainProcurementCategory": rng.choice(["works", "goods", "services"]),
                "procuringEntity": _ref(buyer),
                "value": {"amount": value, "currency": "KZT"},
                "tenderPeriod": {"startDate": _stamp(day, 0), "endDate": _stamp(day + days, 479)},
                "numberOfTenderers": len(bidders),
                "items": [
                    {
                        "id": "1",
                        "description": "Работы",
                        "classification": {
                            "scheme": "CPV",
                            "id": f"45{rng.randrange(100):02d}0000",
                        },
                    }
                ],
            },
            "bids": {"details": bids},
        }
    ]
    valid = [b for b in bids if b["status"] == "valid"] or bids
    winner = min(valid, key=lambda b: b["value"]["amount"])
    amount = winner["value"]["amount"]
    if count >= 2:
        awarded = _stamp(day + days + 10, 0)
        releases.append(
            {
                "ocid": ocid,
                "id": f"{ocid}-02",
                "date": awarded,
                "tag": ["award", "contract"],
                "initiationType": "tender",
                "tender": {"id": f"{ocid}-tender", "status": "complete"},
                "awards": [
                    {
                        "id": f"{ocid}-award",
                        "status": "active",
                        "date": awarded,
                        "value": {"amount": amount, "currency": "KZT"},
                        "suppliers": winner["tenderers"],
                        "items": releases[0]["tender"]["items"],
                    }
                ],
                "contracts": [
                    {
                        "id": f"{ocid}-contract",
                        "awardID": f"{ocid}-award",
                        "status": "active",
                        "dateSigned": awarded,
                        "value": {"amount": amount, "currency": "KZT"},
                    }
                ],
            }
        )
    for n in range(3, count + 1):
        amount = round(amount * rng.uniform(1.01, 1.2))
        release_id = f"{ocid}-{n:02d}"
        date = _stamp(day + days + 10 + 60 * (n - 2), 0)
        releases.append(
            {
                "ocid": ocid,
                "id": release_id,
                "date": date,
                "tag": ["contractAmendment"],
                "initiationType": "tender",
                "contracts": [
                    {
                        "id": f"{ocid}-contract",
                        "awardID": f"{ocid}-award",
                        "value": {"amount": amount, "currency": "KZT"},
                        "amendments": [
                            {
                                "id": f"{ocid}-amendment-{n - 2}",
                                "date": date,
                                "rationale": "Удорожание материалов",
                                "amendsReleaseID": f"{ocid}-{n - 1:02d}",
                                "releaseID": release_id,
                            }
                        ],
                    }
                ],
            }
        )
    return releases


def generate(path: Path, total: int) -> None:
    """`total` releases of 40% as many ocids, written as JSON Lines with ocids interleaved."""
    rng = random.Random(14)
    ocids = int(total * 0.4)
    counts = [1] * ocids
    extra = total - ocids
    while extra:
        n = rng.randrange(ocids)
        if counts[n] < 4:
            counts[n] += 1
            extra -= 1
    path.parent.mkdir(parents=True, exist_ok=True)
    window: list[list[dict]] = []
    with path.open("w", encoding="utf-8") as handle:
        for number, count in enumerate(counts):
            window.append(process_releases(number, count, rng))
            # Write the releases of a window of 200 processes round-robin: an ocid's releases
            # are spread over the file, in their date order.
            if len(window) == 200 or number == ocids - 1:
                while window:
                    for releases in list(window):
                        handle.write(json.dumps(releases.pop(0), ensure_ascii=False) + "\n")
                        if not releases:
                            window.remove(releases)


def manage(*args: str, env: dict) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        # ru_maxrss of the children: the largest of them so far, in KiB on Linux.
        "peak_rss_mb": round(after.ru_maxrss / 1024),
        "output": result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "",
    }


def main() -> None:
    if not DATA.exists():
        started = time.perf_counter()
        generate(DATA, RELEASES)
        print(f"generated {DATA} in {time.perf_counter() - started:.0f} s", flush=True)
    size_mb = DATA.stat().st_size / 1e6
    if DATABASE_URL:
        url = DATABASE_URL
    else:
        SQLITE.unlink(missing_ok=True)
        url = f"sqlite:///{SQLITE}"
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], cwd=ROOT, env=env, check=True
    )
    if DATABASE_URL:
        empty = (
            "from baqylau.procurement.models import ContractingProcess, Party;"
            "ContractingProcess.objects.all().delete(); Party.objects.all().delete()"
        )
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "shell", "-c", empty],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(f"{engine}: {RELEASES:,} releases, {size_mb:.0f} MB of JSON Lines", flush=True)
    first = manage("import_ocds", str(DATA), "--no-flags", "-v0", env=env)
    print(f"first import:  {first}", flush=True)
    again = manage("import_ocds", str(DATA), "--no-flags", "-v0", env=env)
    print(f"second import: {again}", flush=True)
    count = (
        "import json; from baqylau.procurement import models as m;"
        "print(json.dumps({n: getattr(m, n).objects.count() for n in "
        "['ContractingProcess', 'Release', 'Party', 'Bid', 'Award', 'Contract', 'Amendment']}))"
    )
    rows = (
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "shell", "-c", count],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    print(f"rows: {rows}")
    print(
        json.dumps(
            {
                "engine": engine,
                "releases": RELEASES,
                "file_mb": round(size_mb),
                "first": first,
                "second": again,
                "rows": json.loads(rows),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
