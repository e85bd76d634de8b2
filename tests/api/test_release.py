"""An API page's records are freed as soon as the page is written, by reference counting alone,
not left in reference cycles for the garbage collector's full collections (the p95 of the API
lists at the scale of the whole country)."""

import gc
import weakref

import pytest

from baqylau.api.views import release_prefetched
from baqylau.registry.models import Indicator

from ..factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


def test_prefetched_records_are_freed_without_the_collector():
    for indicator in IndicatorFactory.create_batch(2):
        IndicatorValueFactory(indicator=indicator, year=2025)
    records = list(Indicator.private_objects.prefetch_related("values"))
    assert all(record.values.all() for record in records)
    kept = [weakref.ref(record) for record in records]
    gc.disable()
    try:
        release_prefetched(records)
        del records
        assert [ref() for ref in kept] == [None, None]
    finally:
        gc.enable()


def test_the_api_lists_answer_the_same_after_freeing_their_pages(client):
    indicator = IndicatorFactory()
    IndicatorValueFactory(indicator=indicator, year=2025)
    first = client.get("/api/indicators/").json()
    assert client.get("/api/indicators/").json() == first
    assert first["count"] == 1
