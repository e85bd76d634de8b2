"""Appends from many connections at once queue on the chain's head row: the chain never forks
and no entry is lost (PostgreSQL, where writers really run side by side)."""

import threading

import pytest
from django.db import connection, connections, transaction

from baqylau.core import record
from baqylau.core.models import LogChain, LogEntry

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite runs one writer at a time"
    ),
]


@pytest.mark.parametrize("head_row", [True, False], ids=["head-row", "emptied-database"])
def test_concurrent_appends_make_one_unbroken_chain(head_row):
    # A migration makes the head row; an emptied database has none, and the first writers race
    # to make it.
    if head_row:
        LogChain.objects.get_or_create(pk=1)
    else:
        LogChain.objects.all().delete()
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
