"""load_demo benchmark: `baqylau load_demo` on a fresh SQLite database, then once more.

    uv run python benchmarks/load_demo.py            # SQLite: var/benchmark_load_demo.sqlite3
    BENCH_REPEATS=5 uv run python benchmarks/load_demo.py
    BENCH_COLD=1 uv run python benchmarks/load_demo.py    # empty the demo's file cache each time
    BENCH_SOURCE=/tmp/baqylau-old uv run python benchmarks/load_demo.py   # another checkout

Each repeat copies a freshly migrated database (migrating is not measured) and runs
`manage.py load_demo` in a new process, as a person setting up the demo does: the wall time and
the processor time (user + system) of that process, the process start and the imports included.
Then `load_demo` runs once more on the loaded database, which must change nothing. The
processor time is the steadier figure on a machine shared with other work. By default the demo's
file cache (`var/cache/demo/`: photos, scans and final documents drawn by an earlier load) is
kept, as on a second setup; BENCH_COLD=1 empties it before each load, as on the very first.

Prints each run, the medians beside the figures measured before the demo left the apps, the
least of the runs (the figure least disturbed by other work on the machine), and as its last
line one JSON object.
"""

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path(os.environ.get("BENCH_SOURCE", ROOT))
DATABASE = ROOT / "var" / "benchmark_load_demo.sqlite3"
TEMPLATE = ROOT / "var" / "benchmark_load_demo.migrated.sqlite3"
DEMO_CACHE = ROOT / "var" / "cache" / "demo"
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
COLD = os.environ.get("BENCH_COLD") == "1"

# The code before the demo moved to baqylau.demo (commit dd9850a, exported with `git archive` and
# measured with BENCH_SOURCE), medians of 3 on the 2-core development machine while it ran other
# work (load average 3.3), the installed packages' bytecode compiled.
BEFORE = {
    "first load": {"wall_s": 5.96, "cpu_s": 5.27},
    "second load": {"wall_s": 1.97, "cpu_s": 1.81},
}


def _run(*args: str) -> dict:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{DATABASE}"}
    # Bytecode is written (by the migration, before anything is measured) and then read, as an
    # installation leaves it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(SOURCE / "manage.py"), *args],
        cwd=SOURCE,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": wall, "cpu_s": cpu}


def main() -> None:
    DATABASE.parent.mkdir(exist_ok=True)
    DATABASE.unlink(missing_ok=True)
    _run("migrate", "--no-input", "-v", "0")
    shutil.copyfile(DATABASE, TEMPLATE)
    runs = {"first load": [], "second load": []}
    for repeat in range(1, REPEATS + 1):
        shutil.copyfile(TEMPLATE, DATABASE)
        if COLD:
            shutil.rmtree(DEMO_CACHE, ignore_errors=True)
        for label in runs:
            figures = _run("load_demo")
            runs[label].append(figures)
            wall, cpu = figures["wall_s"], figures["cpu_s"]
            print(f"{repeat}. {label:<12} {wall:6.2f} s wall {cpu:6.2f} s cpu")
    DATABASE.unlink(missing_ok=True)
    TEMPLATE.unlink(missing_ok=True)

    result = {}
    heading = f"{'median of ' + str(REPEATS):<16} {'before':>17} {'now':>17} {'faster':>8}"
    print(f"\n{heading} {'least':>9}")
    for label, figures in runs.items():
        now = {key: statistics.median(f[key] for f in figures) for key in ("wall_s", "cpu_s")}
        least = {key: min(f[key] for f in figures) for key in ("wall_s", "cpu_s")}
        result[label] = {key: round(value, 2) for key, value in now.items()}
        result[label].update({f"min_{key}": round(value, 2) for key, value in least.items()})
        for key, unit in (("wall_s", "wall"), ("cpu_s", "cpu")):
            old = BEFORE[label][key]
            ratio = f"{old / now[key]:.1f}×" if now[key] else "-"
            print(
                f"{label:<12} {unit:<4} {old:15.2f} s {now[key]:15.2f} s {ratio:>8}"
                f" {least[key]:7.2f} s"
            )
    print(json.dumps({"cold": COLD, "before": BEFORE, "now": result}))


if __name__ == "__main__":
    main()
