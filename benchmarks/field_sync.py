"""Field work benchmark: a phone sends a visit with three photos of 8 MB in pieces of 1 MB.

    uv run python benchmarks/field_sync.py      # SQLite (var/benchmark-field.sqlite3, rebuilt)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/baqylau_bench_field \
        uv run python benchmarks/field_sync.py

Loads the demo, signs in as its monitor and, through Django's test client (the whole stack but
the network), fetches the bundle the phone keeps, then sends a visit the way the field app does:
the visit's JSON, then every photo in pieces with their Content-Range, the last piece of the last
photo recording the visit. Prints a table and, as its last line, one JSON object with the
figures.
"""

import hashlib
import io
import json
import os
import statistics
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE = ROOT / "var" / "benchmark-field.sqlite3"
if "BENCH_DATABASE_URL" not in os.environ:
    SQLITE.parent.mkdir(exist_ok=True)
    SQLITE.unlink(missing_ok=True)
    os.environ["BENCH_DATABASE_URL"] = f"sqlite:///{SQLITE}"

# The portal benchmark sets Django up on BENCH_DATABASE_URL.
import portal  # noqa: E402, F401
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from PIL import Image  # noqa: E402

from baqylau.accounts.models import User  # noqa: E402
from baqylau.demo.monitoring import MONITOR  # noqa: E402
from baqylau.monitoring.models import Visit  # noqa: E402

PIECE = 1024 * 1024
PHOTOS = 3
REPEATS = int(os.environ.get("BENCH_REPEATS", "20"))


def photo(seed: int) -> bytes:
    """A real JPEG of about 8 MB: noise does not compress."""
    width, height = 3200, 2150
    noise = hashlib.shake_256(f"photo {seed}".encode()).digest(width * height * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), noise).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def answer(question: dict, today: str):
    kind = question["kind"]
    if kind == "yes_no":
        return True
    if kind == "number":
        return question["minimum"] if question["minimum"] is not None else 1
    if kind == "single_choice":
        return question["choices"][0]["value"]
    if kind == "multiple_choice":
        return [question["choices"][0]["value"]]
    if kind == "date":
        return today
    if kind in ("photo", "location"):
        return None
    return "Benchmark"


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    client = Client()
    client.force_login(User.objects.get(email=MONITOR))

    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = client.get("/field/api/bundle/")
        timings.append((time.perf_counter() - started) * 1000)
    bundle = response.json()
    bundle_kb = len(response.content) / 1024
    campaign = next(c for c in bundle["campaigns"] if c["checklists"] and c["objects"])
    checklist = campaign["checklists"][0]
    today = timezone.localdate()
    answers = {
        q["code"]: answer(q, today.isoformat())
        for q in checklist["version"]["questions"]
        if not q["relevant"] and answer(q, today.isoformat()) is not None
    }
    files = [photo(n) for n in range(PHOTOS)]
    client_id = str(uuid.uuid4())
    body = {
        "client_id": client_id,
        "campaign": campaign["id"],
        "object": campaign["objects"][0]["id"],
        "visited_on": (today - timedelta(days=1)).isoformat(),
        "checklist_version": checklist["version"]["id"],
        "answers": answers,
        "notes": "Benchmark",
        "files": [
            {
                "id": f"p{n}",
                "name": f"p{n}.jpg",
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
            for n, data in enumerate(files)
        ],
    }
    headers = {"HTTP_X_CSRFTOKEN": bundle["csrf_token"]}
    started = time.perf_counter()
    response = client.post(
        "/field/api/visits/", json.dumps(body), content_type="application/json", **headers
    )
    assert response.status_code == 201, response.content
    post_ms = (time.perf_counter() - started) * 1000
    pieces, last_ms = [], 0.0
    sending = time.perf_counter()
    for n, data in enumerate(files):
        for start in range(0, len(data), PIECE):
            end = min(start + PIECE, len(data)) - 1
            started = time.perf_counter()
            response = client.put(
                f"/field/api/visits/{client_id}/files/p{n}",
                data[start : end + 1],
                content_type="application/octet-stream",
                HTTP_CONTENT_RANGE=f"bytes {start}-{end}/{len(data)}",
                **headers,
            )
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.content
            if end + 1 == len(data):
                last_ms = max(last_ms, elapsed) if n < len(files) - 1 else last_ms
            pieces.append(elapsed)
    total_s = time.perf_counter() - sending
    status = response.json()
    assert status["state"] == "sent", status
    record_ms = pieces[-1]
    visit = Visit.private_objects.get(pk=status["visit"])
    assert visit.evidence.count() == PHOTOS
    megabytes = sum(len(data) for data in files) / 1e6
    figures = {
        "bundle_median_ms": round(statistics.median(timings), 1),
        "bundle_kb": round(bundle_kb, 1),
        "visit_post_ms": round(post_ms, 1),
        "pieces": len(pieces),
        "piece_median_ms": round(statistics.median(pieces[:-1]), 1),
        "file_complete_ms": round(last_ms, 1),
        "visit_recorded_ms": round(record_ms, 1),
        "megabytes": round(megabytes, 1),
        "sending_s": round(total_s, 2),
        "megabytes_per_s": round(megabytes / total_s, 1),
    }
    print(f"{'figure':<22} value")
    for name, value in figures.items():
        print(f"{name:<22} {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
