"""A walk through every public page of the demo on a 390 px phone, in Kazakh, in a real headless
Chromium: no page is wider than the screen, and none logs an error.

The pages are found as a visitor finds them: from the home page, following links, one page of
each kind (each URL name: every list, every kind of detail page), plus the search, the API's
landing page and the page of a missing address. The browser is served by the test's own client
(Playwright's routing), so the demo data loaded once for the session is seen without a live
server, in the test's transaction.
"""

import mimetypes
import re
from collections import deque
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import translation

from ..helpers import CHROMIUM, CHROMIUM_ARGS, HAS_CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed"),
]

HOST = "http://localhost"  # a trustworthy origin, as the browser sees one
WIDTH = 390
# Downloads, feeds and pages that need an account are not part of the walk.
SKIP = re.compile(r"\.(csv|json|geojson|pdf|xlsx|zip|ics|xml|rss|atom|jpg|png)$|/feed|/accounts/")
EXTRA = [
    "/kk/documents/?q=мектеп",  # the search
    "/api/",  # the API's landing page
    "/kk/no-such-page/",  # a missing address: the 404 page
]
MISSING = "/kk/no-such-page/"
SAMPLES = 4  # pages of each name whose links are followed


def walk(client) -> list[str]:
    """One page of each URL name, found by following links from the home page (the links of a
    few pages of each name, so that kinds only some of them link to are found too)."""
    read: dict[str, int] = {}
    pages: dict[str, str] = {}
    queue, queued = deque(["/kk/"]), {"/kk/"}
    while queue:
        url = queue.popleft()
        try:
            name = resolve(url).view_name
        except Resolver404:
            continue
        if read.get(name, 0) >= SAMPLES:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        read[name] = read.get(name, 0) + 1
        pages.setdefault(name, url)
        for href in re.findall(r'href="(/kk/[^"#?]*)"', response.content.decode()):
            if href not in queued and not SKIP.search(href):
                queue.append(href)
                queued.add(href)
    return list(pages.values())


def serve(client, route) -> None:
    """Answers the browser's request with the test's client, or with the static or media file."""
    url = route.request.url
    if not url.startswith(HOST):
        route.abort()
        return
    path = url[len(HOST) :].split("?")[0]
    found = None
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path.removeprefix(settings.STATIC_URL))
    elif path.startswith(settings.MEDIA_URL):
        # The media view of urls.py keeps the folder of whichever test imported it first.
        found = Path(settings.MEDIA_ROOT) / path.removeprefix(settings.MEDIA_URL)
    else:
        response = client.get(url[len(HOST) :])
        body = b"".join(response.streaming_content) if response.streaming else response.content
        headers = {k: v for k, v in response.items() if k.lower() != "content-length"}
        route.fulfill(status=response.status_code, body=body, headers=headers)
        return
    if not found or not Path(found).is_file():
        route.fulfill(status=404, body="")
        return
    kind = mimetypes.guess_type(str(found))[0] or "application/octet-stream"
    route.fulfill(status=200, body=Path(found).read_bytes(), headers={"Content-Type": kind})


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
