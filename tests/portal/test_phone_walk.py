"""A walk through every public page of the demo on a 390 px phone, in Kazakh, in a real headless
Chromium: no page is wider than the screen, and none logs an error.

The pages are found as a visitor finds them: from the home page, following links, one page of
each kind (each URL name: every list, every kind of detail page), plus the search, the API's
landing page and the page of a missing address. The browser is served by the test's own client
(Playwright's routing), so the demo data loaded once for the session is seen without a live
server, in the test's transaction.
"""

import pytest
from django.test import Client
from django.urls import resolve
from django.utils import translation

from ..helpers import CHROMIUM, CHROMIUM_ARGS, HAS_CHROMIUM, HOST, serve, walk

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed"),
]

WIDTH = 390
EXTRA = [
    "/kk/documents/?q=мектеп",  # the search
    "/api/",  # the API's landing page
    "/kk/no-such-page/",  # a missing address: the 404 page
]
MISSING = "/kk/no-such-page/"


@pytest.fixture
def phone(demo_data, settings, monkeypatch):
    """One headless Chromium page of a 390 px phone, served by the test's client."""
    from playwright.sync_api import sync_playwright

    settings.MAP_TILE_URL = ""  # no tile server in tests
    # Playwright's sync API runs an event loop; the test's own database calls are synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    client = Client(SERVER_NAME="localhost")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": WIDTH, "height": 844})
        page = context.new_page()
        page.route("**/*", lambda route: serve(client, route))
        yield client, page
        browser.close()


def test_every_public_page_fits_a_phone_without_errors(phone):
    client, page = phone
    with translation.override("kk"):  # the Kazakh addresses resolve
        pages = walk(client) + EXTRA
        names = {url: resolve(url.split("?")[0]).view_name for url in pages if url != MISSING}
    assert len(pages) > 25
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    wide, erring = {}, {}
    for url in pages:
        errors.clear()
        page.goto(HOST + url, wait_until="load")
        if url == MISSING:  # the page's own status is logged
            errors[:] = [error for error in errors if "404" not in error]
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        name = names.get(url, "404")
        if scroll > inner:
            wide[name] = f"{url}: {scroll} px"
        if errors:
            erring[name] = f"{url}: {errors}"
    assert wide == {}
    assert erring == {}
