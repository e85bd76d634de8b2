"""The campaign list and a campaign's page in a real headless Chromium, on a phone and a desktop,
in Kazakh and Russian: the maps draw their markers without a script error, the gallery's small
copies load, and nothing is wider than the screen."""

import pytest

from ..helpers import HAS_CHROMIUM, wait_until

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed"),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("width", "lang"), [(390, "kk"), (1366, "ru")])
def test_campaign_maps_and_gallery(
    open_as,
    live_server,
    deadline_rules,
    fake_pdf,
    world,
    settings,
    width,
    lang,
):
    settings.MAP_TILE_URL = ""  # no tile server in tests: the markers must still show
    page = open_as(None, width=width)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{live_server.url}/{lang}/monitoring/")
    page.locator("#campaigns-map.map-ready").wait_for(state="visible")
    assert page.locator("#campaigns-map path.object-marker").count() == 1  # the school
    assert page.locator(".cstatus").count() == 1  # the published campaign only
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.goto(f"{live_server.url}/{lang}/monitoring/{world['published'].slug}/")
    page.locator("#campaign-map.map-ready").wait_for(state="visible")
    assert page.locator("#campaign-map path.object-marker").count() == 1
    thumbnail = page.locator("#photos .gallery img")
    assert thumbnail.count() == 1
    thumbnail.scroll_into_view_if_needed()
    wait_until(
        page,
        "document.querySelector('#photos .gallery img').complete"
        " && document.querySelector('#photos .gallery img').naturalWidth > 0",
    )
    assert page.locator(".campaign-summary").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert not errors
