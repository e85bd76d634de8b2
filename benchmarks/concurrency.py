"""Concurrency benchmark: 50 writers and 200 readers at once against a live server.

    uv run python benchmarks/concurrency.py                 # SQLite (a fresh file in var/)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/baqylau_bench \
        uv run python benchmarks/concurrency.py             # PostgreSQL (dropped and made again)

Builds a fresh database (migrations), 50 verified accounts signed in, and starts gunicorn (2
workers, 32 threads each, as a small NGO's server would). Then, all at once, 50 writers each
save their email preferences (a read then a write in one transaction, the pattern that made
SQLite answer "database is locked") and their profile, and 200 readers open public pages and
the API. Every answer other than the one expected counts as an error. Prints the figures and,
as its last line, one JSON object; exits 1 if there was any error.
"""

import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.cookiejar import Cookie, CookieJar
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks import servers  # noqa: E402

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'concurrency-benchmark.sqlite3'}"
)
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baqylau.settings")
os.environ.setdefault("DEBUG", "0")

WRITERS = int(os.environ.get("BENCH_WRITERS", "50"))
READERS = int(os.environ.get("BENCH_READERS", "200"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
PORT = int(os.environ.get("BENCH_PORT", "8190"))
BASE = f"http://127.0.0.1:{PORT}"
READ_PATHS = ["/kk/", "/ru/", "/en/", "/api/documents/", "/api/objects/", "/api/territories/"]
PREFERENCES = "/en/accounts/notifications/"
PROFILE = "/en/accounts/profile/"


def fresh_database() -> None:
    """An empty database of the URL, with every migration applied."""
    url = urlsplit(DATABASE_URL)
    if url.scheme.startswith("sqlite"):
        path = Path(url.path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        import psycopg

        name = url.path.lstrip("/")
        admin = url._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(
        [sys.executable, "-m", "baqylau.manage", "migrate", "--no-input", "-v", "0"], check=True
    )


def signed_in_sessions(count: int) -> list[str]:
    """Session keys of `count` verified accounts, signed in without a password hash each."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from baqylau.accounts.models import User

    keys = []
    for number in range(count):
        user = User.objects.create_user(
            email=f"writer{number}@example.org",
            password=None,
            full_name=f"Writer {number}",
            email_verified=True,
        )
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


def start_server() -> subprocess.Popen:
    server = servers.gunicorn(
        PORT,
        *("--workers", "2", "--threads", "32", "--backlog", "512", "--timeout", "120"),
        env={"ALLOWED_HOSTS": "127.0.0.1", "AXES_FAILURE_LIMIT": "100000"},
    )
    servers.wait_for(f"{BASE}/kk/", server)
    return server


class Figures:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {"read": [], "write": []}
        self.errors: list[str] = []

    def timed(self, kind: str, call, expected: int) -> None:
        started = time.perf_counter()
        try:
            status = call()
        except urllib.error.HTTPError as error:
            status = error.code
        except Exception as error:  # noqa: BLE001 - a refused connection is an error too
            status = repr(error)
        elapsed = time.perf_counter() - started
        with self.lock:
            self.latencies[kind].append(elapsed)
            if status != expected:
                self.errors.append(f"{kind}: {status}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def writer(session_key: str, figures: Figures, start: threading.Barrier) -> None:
    jar = CookieJar()
    jar.set_cookie(_cookie("sessionid", session_key))
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    opener.open(f"{BASE}{PREFERENCES}", timeout=120).read()  # the CSRF cookie
    token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    start.wait()

    def post(path: str, data: dict):
        body = urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        try:
            return opener.open(f"{BASE}{path}", data=body, timeout=120).status
        except urllib.error.HTTPError as error:  # the redirect after saving
            if "/login/" in error.headers.get("Location", ""):
                return "signed out"  # a redirect, but nothing was saved
            return error.code

    for round_number in range(ROUNDS):
        choice = {"request_updates": "on"} if round_number % 2 else {"reminders": "on"}
        figures.timed("write", lambda choice=choice: post(PREFERENCES, choice), 302)
        profile = {"full_name": f"Writer {round_number}", "language": "en"}
        figures.timed("write", lambda profile=profile: post(PROFILE, profile), 302)


def reader(number: int, figures: Figures, start: threading.Barrier) -> None:
    start.wait()
    for round_number in range(ROUNDS):
        path = READ_PATHS[(number + round_number) % len(READ_PATHS)]
        figures.timed(
            "read",
            lambda path=path: urllib.request.urlopen(f"{BASE}{path}", timeout=120).status,
            200,
        )


def _cookie(name: str, value: str) -> Cookie:
    return Cookie(
        0,
        name,
        value,
        None,
        False,
        "127.0.0.1",
        False,
        False,
        "/",
        True,
        False,
        None,
        False,
        None,
        None,
        {},
    )


def _ms(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 1)


def main() -> int:
    engine = "sqlite" if DATABASE_URL.startswith("sqlite") else "postgresql"
    print(f"Fresh {engine} database…", flush=True)
    fresh_database()
    sessions = signed_in_sessions(WRITERS)
    server = start_server()
    try:
        figures = Figures()
        start = threading.Barrier(WRITERS + READERS)
        threads = [
            threading.Thread(target=writer, args=(key, figures, start)) for key in sessions
        ] + [threading.Thread(target=reader, args=(n, figures, start)) for n in range(READERS)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
    result = {
        "database": engine,
        "writers": WRITERS,
        "readers": READERS,
        "seconds": round(seconds, 1),
    }
    for kind, values in figures.latencies.items():
        errors = sum(1 for error in figures.errors if error.startswith(kind))
        result[kind] = {
            "requests": len(values),
            "errors": errors,
            "p50_ms": _ms(values, 0.5),
            "p95_ms": _ms(values, 0.95),
            "mean_ms": round(statistics.fmean(values) * 1000, 1) if values else 0.0,
        }
        print(
            f"{kind:5}  {len(values):5} requests  {errors:3} errors  "
            f"p50 {result[kind]['p50_ms']:8.1f} ms  p95 {result[kind]['p95_ms']:8.1f} ms"
        )
    if figures.errors:
        print("errors:", sorted(set(figures.errors))[:10])
    print(json.dumps(result))
    return 1 if figures.errors else 0


if __name__ == "__main__":
    sys.exit(main())
