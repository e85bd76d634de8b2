"""A real headless Chromium (Debian's package) on the live portal: switch language, open a
document, see its chart and its map."""

import os
import shutil

import pytest
from django.urls import reverse
from django.utils import translation

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def page(live_server, settings, monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; the test's own database calls are synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.MAP_TILE_URL = ""  # no tile server in tests: the markers must still show
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 412, "height": 915})  # a phone
        page = context.new_page()
        # Nothing leaves this machine.
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(live_server.url)
                else route.abort()
            ),
        )
        yield page
        browser.close()


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

    page.locator("details.charts summary").first.click()
    chart = page.locator("details.charts svg.chart").first
    chart.wait_for(state="visible")
    assert chart.locator("polyline.actual").count() == 1

    leaflet_map = page.locator("#document-map.leaflet-container")
    leaflet_map.wait_for(state="visible")
    assert page.locator("#document-map path.object-marker").count() == 1  # the school
    page.screenshot(path=os.environ.get("SCREENSHOT_PATH", "/tmp/document-kk.png"), full_page=True)
