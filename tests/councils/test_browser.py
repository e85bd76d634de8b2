"""A real headless Chromium on a phone: the council's coordinator adds a line to the draft plan
and records its approval; a visitor reads the approved plan, which fits the phone's width."""

import pytest

from baqylau.councils.models import MonitoringPlan

from ..factories import council_plan
from ..helpers import HAS_CHROMIUM, PHONE, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed"),
]


def test_a_plan_on_a_phone(open_as, live_server, council, aigerim, council_people, today):
    plan = council_plan(council, aigerim, today, approved=False)
    page = open_as(aigerim, **PHONE)
    page.goto(live_server.url + plan.get_absolute_url())
    shot(page, "council-plan-draft")
    page.get_by_role("link", name="Add a line").click()
    page.get_by_label("Subject of monitoring in Russian").fill("Ремонт дороги Павлодар – Щербакты")
    page.get_by_label("Subject of monitoring in Kazakh").fill("Павлодар – Шарбақты жолын жөндеу")
    page.get_by_label("Term in words in Russian").fill("IV квартал")
    page.get_by_label("Goals in Russian").fill("Проверить качество ремонта")
    shot(page, "council-line-form")
    page.get_by_role("button", name="Save the line").click()
    page.get_by_role("link", name="Record the council's approval").click()
    page.get_by_label("Approved on").fill(today.isoformat())
    page.get_by_label("Number of the protocol of the council's session").fill("5")
    page.get_by_role("button", name="Approve and publish the plan").click()
    assert MonitoringPlan.public_objects.filter(pk=plan.pk).exists()

    visitor = open_as(None, **PHONE)
    visitor.goto(live_server.url + plan.get_absolute_url())
    assert "Ремонт дороги Павлодар – Щербакты" in visitor.content()
    assert "Approved by protocol No. 5" in visitor.content()
    shot(visitor, "council-plan-approved")
