"""What the page benchmarks share: timing pages through Django's test client and printing the
figures (a table, then one JSON object {page: {"median_ms", "p95_ms"}} as the last line)."""

import json
import os
import statistics
import time

REPEATS = int(os.environ.get("BENCH_REPEATS", "40"))


def measure(client, url: str, repeats: int = REPEATS) -> list[float]:
    client.get(url)  # warm up
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return timings


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def time_pages(client, pages: dict[str, str], repeats: int = REPEATS) -> dict:
    """Measure each page; print the table and the JSON line; return the figures."""
    width = max(len(name) for name in pages) + 2
    results = {}
    print(f"{'page':<{width}} {'median ms':>10} {'p95 ms':>10}  ({repeats} requests each)")
    for name, url in pages.items():
        timings = measure(client, url, repeats)
        results[name] = {
            "median_ms": round(statistics.median(timings), 1),
            "p95_ms": round(p95(timings), 1),
        }
        print(f"{name:<{width}} {results[name]['median_ms']:>10} {results[name]['p95_ms']:>10}")
    print(json.dumps(results))
    return results
