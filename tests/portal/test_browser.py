"""A real headless Chromium (Debian's package) on the live portal: switch language, open a
document, see its chart and its map."""

import os

import pytest
from django.urls import reverse
from django.utils import translation

from ..helpers import HAS_CHROMIUM, only_local

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed"),
]


@pytest.fixture
def page(browser, live_server, settings):
    settings.MAP_TILE_URL = ""  # no tile server in tests: the markers must still show
    page = browser.new_context(viewport={"width": 412, "height": 915}).new_page()  # a phone
    only_local(page, live_server)
    return page


@pytest.mark.django_db(transaction=True)
def test_home_switch_to_kazakh_open_document_see_chart_and_map(page, live_server, registry):
    page.goto(live_server.url + "/en/")
    assert page.locator("h1").inner_text() == "What the state promised, and what it delivered"
    page.get_by_role("link", name="Қазақша").click()
    page.wait_for_url("**/kk/")
    assert page.locator("html").get_attribute("lang") == "kk"

    with translation.override("kk"):
        page.goto(live_server.url + reverse("portal:documents"))
    page.get_by_role("link", name="Облысты дамыту жоспары").click()
    page.wait_for_url("**/kk/documents/regional-plan/")
    assert "Облысты дамыту жоспары" in page.locator("h1").inner_text()

    # The first goal's charts are open without a click.
    assert page.locator("details.charts").first.get_attribute("open") is not None
    chart = page.locator("details.charts svg.chart").first
    chart.wait_for(state="visible")
    assert chart.locator("polyline.actual").count() == 1

    leaflet_map = page.locator("#document-map.leaflet-container")
    leaflet_map.wait_for(state="visible")
    assert page.locator("#document-map path.object-marker").count() == 1  # the school
    page.screenshot(path=os.environ.get("SCREENSHOT_PATH", "/tmp/document-kk.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_an_officers_header_stays_compact_on_a_phone(browser, live_server, client, dana, settings):
    """On a 390 px phone the header is one row: the menu, with the officer's inboxes, is folded."""
    client.force_login(dana)
    context = browser.new_context(viewport={"width": 390, "height": 800})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    only_local(page, live_server)
    page.goto(live_server.url + "/kk/")
    assert page.locator(".account-links a[href$='/participation/inbox/']").count() == 1
    assert page.locator(".site-header").bounding_box()["height"] < 100
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
