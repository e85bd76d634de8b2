"""A real headless Chromium (Debian's package) on a phone-sized screen: a coordinator finds a
checklist in the library, copies it into her campaign, and the item page lists the campaign
once it is published; every page fits the phone's width."""

import pytest

from baqylau.methods.models import ItemUse

from ..factories import CampaignFactory, LibraryItemFactory
from ..helpers import HAS_CHROMIUM, PHONE, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed"),
]


def test_a_coordinator_starts_her_campaign_checklist_from_the_library(
    deadline_rules, open_as, live_server, registry, ngo, alice, today
):
    item = LibraryItemFactory(
        author=ngo,
        actor=alice,
        title="Мектеп құрылысын тексеру парағы",
        summary="Құрылыс алаңына бару кезінде мониторларға арналған сұрақтар.",
        language="kk",
        object_kind="school",
        published=True,
    )
    campaign = CampaignFactory(
        registry=registry, ngo=ngo, coordinator=alice, today=today, declared=[alice]
    )
    page = open_as(alice, **PHONE)
    page.goto(f"{live_server.url}/kk/methods/?kind=checklist")
    shot(page, "methods-list-kk-mobile")
    page.click(f"a[href='/kk/methods/{item.slug}/']")
    shot(page, "methods-item-kk-mobile")
    page.select_option("select[name=campaign]", campaign.slug)
    page.click("form[action*='/start/'] button[type=submit]")
    page.wait_for_url("**/checklists/**")
    use = ItemUse.private_objects.get()
    assert use.campaign == campaign and use.checklist.title == item.title
    page.goto(f"{live_server.url}{campaign.get_absolute_url()}".replace("/en/", "/kk/"))
    shot(page, "methods-campaign-section-kk-mobile")
    assert page.locator("#library").count() == 1
