"""The public record's pages: the heads published day by day with the key that checks them, and
the check of the whole chain and every public record."""

from datetime import timedelta
from io import StringIO

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation
from django.utils.formats import date_format

from baqylau.core.models import LogEntry
from baqylau.registry.models import IndicatorValue

pytestmark = pytest.mark.django_db


def test_the_record_page_lists_the_heads_and_says_they_are_unsigned(
    client, registry, today, settings, django_assert_max_num_queries
):
    settings.BAQYLAU_RECORD_SIGNING_KEY = ""
    for day in (today - timedelta(days=1), today):
        call_command("publish_log_head", "--date", day.isoformat(), stdout=StringIO())
    with django_assert_max_num_queries(8):
        response = client.get("/en/record/")
    assert response.status_code == 200
    html = response.content.decode()
    head = LogEntry.objects.latest("seq").hash
    assert html.count(head) == 3  # now and on each of the two days
    assert "The heads are not signed: no signing key is configured" in html
    with translation.override("en"):
        assert date_format(today, "SHORT_DATE_FORMAT") in html
    assert "/api/log/entries/?after=0" in html
    # Kazakh too, and a link from every page's footer.
    assert client.get("/kk/record/").status_code == 200
    assert 'href="/en/record/"' in client.get("/en/").content.decode()


def test_the_record_page_shows_the_public_key(client, registry, settings):
    key = Ed25519PrivateKey.generate()
    settings.BAQYLAU_RECORD_SIGNING_KEY = key.private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
    ).decode()
    call_command("publish_log_head", stdout=StringIO())
    html = client.get("/en/record/").content.decode()
    assert "-----BEGIN PUBLIC KEY-----" in html
    assert "PRIVATE KEY" not in html
    assert "not signed" not in html


def test_the_check_page_shows_a_record_changed_behind_the_services(client, registry):
    assert "The record holds" in client.get("/en/record/check/").content.decode()
    value = IndicatorValue.public_objects.order_by("pk").first()
    IndicatorValue.private_objects.filter(pk=value.pk).update(actual=12345)
    # The result is kept for ten minutes: a page asked again and again does not recheck.
    assert "The record holds" in client.get("/en/record/check/").content.decode()
    cache.clear()
    html = client.get("/en/record/check/").content.decode()
    assert "The record does not hold: 1 problem." in html
    assert f"indicator_value {value.pk}: the record differs from its latest entry" in html
