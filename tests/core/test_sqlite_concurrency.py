"""The embedded SQLite database takes the writes of a small NGO at once: 50 writers in parallel
threads, each reading and then writing in one transaction, all succeed (no "database is locked").

The in-memory test database cannot show this: the test opens a database file of its own with the
settings' SQLite options."""

import threading

import pytest
from django.db import connections, transaction
from django.db.utils import load_backend

from baqylau.settings import database

ALIAS = "concurrency"
WRITERS = 50


def _connect(config: dict) -> str:
    """Open, in this thread, a connection to the database file under the alias ALIAS."""
    connections[ALIAS] = load_backend(config["ENGINE"]).DatabaseWrapper(config, ALIAS)
    return ALIAS


@pytest.fixture
def file_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'concurrency.sqlite3'}"
    config = connections.configure_settings({"default": database(url)})["default"]
    alias = _connect(config)
    with connections[alias].cursor() as cursor:
        cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, total INTEGER NOT NULL)")
        cursor.execute("INSERT INTO counter (id, total) VALUES (1, 0)")
        cursor.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, total INTEGER NOT NULL)")
    yield config
    connections[alias].close()
    del connections[alias]


def _write(config: dict, start: threading.Barrier, errors: list) -> None:
    alias = _connect(config)
    try:
        start.wait()
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            # Read, then write on what was read: the pattern of most services.
            cursor.execute("SELECT total FROM counter WHERE id = 1")
            total = cursor.fetchone()[0] + 1
            cursor.execute("UPDATE counter SET total = %s WHERE id = 1", [total])
            cursor.execute("INSERT INTO entry (total) VALUES (%s)", [total])
    except Exception as error:  # noqa: BLE001 - every failure is what the test counts
        errors.append(repr(error))
    finally:
        connections[alias].close()


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_writers_on_a_sqlite_file_all_succeed(file_database):
    start = threading.Barrier(WRITERS)
    errors: list[str] = []
    threads = [
        threading.Thread(target=_write, args=(file_database, start, errors)) for _ in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with connections[_connect(file_database)].cursor() as cursor:
        cursor.execute("SELECT total FROM counter")
        assert cursor.fetchone()[0] == WRITERS
        cursor.execute("SELECT COUNT(DISTINCT total) FROM entry")
        assert cursor.fetchone()[0] == WRITERS


def test_sqlite_urls_get_wal_a_busy_timeout_and_immediate_transactions():
    options = database("sqlite:////tmp/any.sqlite3")["OPTIONS"]
    assert "journal_mode=WAL" in options["init_command"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "OPTIONS" not in database("postgres://u@localhost/db") or not database(
        "postgres://u@localhost/db"
    )["OPTIONS"].get("transaction_mode")
