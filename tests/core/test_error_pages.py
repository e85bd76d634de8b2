"""The pages of a refusal (403), a missing page (404) and a failure (500): in the user's language,
saying why and where to go; and the links that would lead to a refusal are not shown."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from baqylau.core.errors import parent_path, reason, server_error
from baqylau.monitoring.models import Campaign, Status

pytestmark = pytest.mark.django_db


def test_the_page_one_level_up_is_the_nearest_page_above():
    with translation.override("kk"):
        assert parent_path("/kk/monitoring/roads/declaration/") == "/kk/monitoring/roads/"
        assert parent_path("/kk/monitoring/") == "/kk/"
        assert parent_path("/kk/participation/moderation/") == "/kk/"  # /kk/participation/ is none
        assert parent_path("/kk/") == ""
        assert parent_path("/api/documents/x/") == "/api/documents/"
        assert parent_path("/nothing/") == ""


def test_a_refusal_says_why_only_when_the_view_says_it_for_people():
    assert reason(PermissionDenied("Only moderators.")) == "Only moderators."
    assert reason(PermissionDenied()) == ""
    assert reason(ValueError("internal")) == ""


def test_the_inboxes_refuse_a_moderator_in_their_language_with_the_reason(client, max_moderator):
    client.force_login(max_moderator)
    for inbox in ("accountability:inbox", "participation:inbox", "inforequests:inbox"):
        with translation.override("en"):
            url = reverse(inbox)
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 403
        assert '<html lang="en">' in html
        assert "This page is not open to you" in html
        assert "your account is an officer of none" in html
        assert 'href="/en/"' in html  # home
        assert "/en/accounts/login/" not in html  # signed in: no invitation to sign in
    with translation.override("kk"):
        kk = client.get(reverse("accountability:inbox")).content.decode()
    assert '<html lang="kk">' in kk and "403" in kk and "Forbidden" not in kk


def test_a_monitor_is_told_who_plans_campaigns(client, bob):
    client.force_login(bob)
    response = client.get("/en/monitoring/new/")
    assert response.status_code == 403
    assert "Campaigns are planned by coordinators" in response.content.decode()
    assert 'href="/en/monitoring/"' in response.content.decode()  # one level up


def test_a_missing_page_offers_home_and_signing_in_to_a_visitor(client):
    response = client.get("/en/monitoring/no-such-campaign/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "There is no such page" in html
    assert 'href="/en/monitoring/"' in html
    assert "/en/accounts/login/?next=/en/monitoring/no-such-campaign/" in html


def test_the_failure_page_needs_no_database_nor_context(django_assert_num_queries):
    request = RequestFactory().get("/ru/objects/x/")
    with translation.override("ru"), django_assert_num_queries(0):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="ru">' in html
    assert 'href="/ru/objects/"' in html and 'href="/ru/"' in html


def test_a_closed_campaign_offers_no_declaration_to_update(client, alice, today, plan):
    campaign = plan(declared=[alice], published=True)
    url = f"/en/monitoring/{campaign.slug}/"
    declaration = f"/en/monitoring/{campaign.slug}/declaration/"
    client.force_login(alice)
    assert declaration in client.get(url).content.decode()
    Campaign.private_objects.filter(pk=campaign.pk).update(status=Status.CLOSED)
    assert declaration not in client.get(url).content.decode()
    response = client.get(declaration)
    assert response.status_code == 403
    assert "The campaign is closed" in response.content.decode()
