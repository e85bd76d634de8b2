"""Withdrawing a published record instead of deleting it: the back office offers "withdraw with
a public reason" and no longer deletes what the public has seen (a draft still can be deleted);
a withdrawn record leaves the lists, its address answers with the notice of its withdrawal, and
the public log of withdrawals and takedowns lists it, with bounded queries."""

import pytest
from django.urls import reverse
from django.utils import translation

from baqylau.accountability.models import Finding
from baqylau.core.withdrawals import record_withdraw
from baqylau.monitoring.models import Campaign

from ..cycle import add_finding, finished_control
from ..helpers import campaign_urls, count_queries

pytestmark = pytest.mark.django_db

url = campaign_urls("accountability")
LOG = "/en/record/withdrawals/"


def test_the_back_office_withdraws_a_published_finding_with_a_public_reason(
    client, registry, ngo, alice, root, today
):
    campaign = finished_control(registry, ngo, alice, today, title={"en": "Roofs"})
    finding = add_finding(campaign, alice, registry, title="Leaking roof at school 5")
    page = url("finding", campaign, number=finding.number)
    client.force_login(root)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    change = reverse("admin:accountability_finding_change", args=[finding.pk])
    assert "deletelink" not in client.get(change).content.decode()
    changelist = reverse("admin:accountability_finding_changelist")
    chosen = {"action": "withdraw", "_selected_action": [finding.pk]}
    asked = client.post(changelist, chosen)
    assert asked.status_code == 200 and "Public reason of the withdrawal" in asked.content.decode()
    done = client.post(changelist, chosen | {"apply": "1", "withdrawn_reason": "Wrong school"})
    assert done.status_code == 302
    finding.refresh_from_db()
    assert finding.withdrawn_at is not None and finding.withdrawn_reason == "Wrong school"
    assert finding.history.first().history_user == root
    client.logout()
    # Its address says it was withdrawn, when and why; the lists no longer show it.
    gone = client.get(page)
    assert gone.status_code == 410
    assert "Withdrawn on" in gone.content.decode() and "Wrong school" in gone.content.decode()
    assert not Finding.public_objects.filter(pk=finding.pk).exists()
    campaign_page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Leaking roof at school 5" not in campaign_page
    log = client.get(LOG).content.decode()
    assert "Leaking roof at school 5" in log and "Wrong school" in log and page in log


def test_a_draft_is_still_deleted_and_is_never_withdrawn(client, registry, ngo, alice, root, today):
    draft = finished_control(registry, ngo, alice, today, published=False)
    finding = add_finding(draft, alice, registry)
    client.force_login(root)
    delete = reverse("admin:accountability_finding_delete", args=[finding.pk])
    assert client.get(delete).status_code == 200
    with translation.override("en"), pytest.raises(Exception, match="never published"):
        record_withdraw(record=finding, actor=root, reason="x")
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Finding.private_objects.filter(pk=finding.pk).exists()


def test_a_withdrawn_campaign_answers_with_its_withdrawal(
    client, registry, ngo, alice, bob, root, today
):
    campaign = finished_control(registry, ngo, alice, today, title={"en": "Schools of Ekibastuz"})
    record_withdraw(record=campaign, actor=root, reason="Published by mistake")
    response = client.get(campaign.get_absolute_url())
    assert response.status_code == 410 and "Published by mistake" in response.content.decode()
    assert "Schools of Ekibastuz" not in client.get("/en/monitoring/").content.decode()
    assert not Campaign.public_objects.filter(pk=campaign.pk).exists()
    # Its team still opens it, marked as withdrawn.
    client.force_login(alice)
    own = client.get(campaign.get_absolute_url())
    assert own.status_code == 200 and "Withdrawn on" in own.content.decode()


def test_the_log_runs_a_constant_number_of_queries(client, registry, ngo, alice, root, today):
    def withdraw(n):
        campaign = finished_control(registry, ngo, alice, today, title={"en": f"Campaign {n}"})
        for _ in range(n):
            finding = add_finding(campaign, alice, registry)
            record_withdraw(record=finding, actor=root, reason="Duplicate")
        record_withdraw(record=campaign, actor=root, reason="Duplicate")

    withdraw(1)
    few = count_queries(client, LOG)
    withdraw(4)
    assert count_queries(client, LOG) == few
