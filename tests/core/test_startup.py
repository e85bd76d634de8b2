import gc

from django.urls import reverse

from baqylau.core import startup


def test_the_collector_leaves_alone_what_start_up_made(client):
    try:
        startup.ready()
        frozen = gc.get_freeze_count()
        # What a full collection still walks is what was made after start-up: a small part.
        assert frozen > 100_000
        assert len(gc.get_objects()) < frozen / 5
        assert client.get(reverse("healthz")).status_code == 200
    finally:
        gc.unfreeze()
