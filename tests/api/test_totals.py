"""The totals of the API lists that show the same to everyone (requests, campaigns, reports):
counted once per generation of the public site and kept, so that a list's pages cost no COUNT
over its table until what the public sees changes; a publication shows in the next total at
once, a filter has its own total, staff are counted at each request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baqylau.monitoring import services as monitoring

pytestmark = pytest.mark.django_db


def counts(client, url) -> tuple[int, int]:
    """The list's total, and how many COUNT queries answering it took."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.json()["count"], sum("COUNT(" in q["sql"] for q in ctx.captured_queries)


@pytest.mark.parametrize("name", ["requests", "campaigns", "reports"])
def test_a_list_is_counted_once_until_the_public_site_changes(client, world, name):
    total, counted = counts(client, f"/api/{name}/")
    assert counted == 1
    assert counts(client, f"/api/{name}/?limit=1") == (total, 0)
    assert counts(client, f"/api/{name}/?offset=1&lang=ru") == (total, 0)


def test_a_publication_reaches_the_next_total_and_filters_have_their_own(
    client, world, plan, alice, committed
):
    campaign = plan(declared=[alice], title={"en": "A campaign published now"})
    assert counts(client, "/api/campaigns/") == (1, 1)
    assert counts(client, "/api/campaigns/?status=closed") == (0, 1)
    assert counts(client, "/api/campaigns/?ngo=adal-monitoring") == (1, 1)
    assert counts(client, "/api/campaigns/?ngo=adal-monitoring&limit=5") == (1, 0)

    committed(monitoring.campaign_publish, campaign=campaign, actor=alice)

    assert counts(client, "/api/campaigns/") == (2, 1)
    assert counts(client, "/api/campaigns/?limit=1") == (2, 0)
    assert counts(client, "/api/campaigns/?ngo=adal-monitoring") == (2, 1)


def test_staff_lists_are_counted_at_each_request(client, world, root):
    client.force_login(root)
    for _ in range(2):
        assert counts(client, "/api/campaigns/") == (1, 1)
