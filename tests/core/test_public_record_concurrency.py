"""Appends from many connections at once queue on the chain's head row: the chain never forks
and no entry is lost (PostgreSQL, where writers really run side by side)."""

import threading

import pytest
from django.db import connection, connections, transaction

from baqylau.core import record
from baqylau.core.models import LogEntry

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite runs one writer at a time"
    ),
]


def test_concurrent_appends_make_one_unbroken_chain():
    writers, each = 8, 5
    start = threading.Barrier(writers)
    errors = []

    def write(n):
        try:
            start.wait()
            for i in range(each):
                with transaction.atomic():
                    record.append(kind="test", key=f"{n}-{i}", action="published", public={"n": n})
        except Exception as exc:  # noqa: BLE001  reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert LogEntry.objects.count() == writers * each
    assert record.verify() == []
