"""Maps in a real headless Chromium, on the real boundaries of Kazakhstan and of the 13 units of
Pavlodar region with objects placed as the demo places them: every territory page draws its map
without a script error and opens on the territory; the objects map opens on Pavlodar region, and
the objects in Almaty and Astana are one click away."""

import io

import pytest
from django.core.management import call_command

from baqylau.registry.models import Territory

from ..factories import PlanningDocumentFactory, ProjectObjectFactory
from ..helpers import HAS_CHROMIUM, only_local, wait_until

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed"),
]

SOUTH = "document.querySelector('#objects-map').leafletMap.getBounds().getSouth()"
MAP_BOUNDS = """(selector) => {
  const b = document.querySelector(selector).leafletMap.getBounds();
  return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()];
}"""


@pytest.fixture
def territories(transactional_db):
    call_command("load_territories", stdout=io.StringIO())
    return {t.slug: t for t in Territory.objects.all()}


@pytest.fixture
def demo_like(territories):
    """A regional plan with an object at the centre of each unit of Pavlodar region, and two
    objects far away, in Almaty and Astana (as the demo's IATI activities are)."""
    region = territories["pavlodar-region"]
    plan = PlanningDocumentFactory(slug="regional-plan", territory=region)
    for unit in region.children.all():
        ProjectObjectFactory(
            document=plan, territory=unit, latitude=unit.centre_lat, longitude=unit.centre_lon
        )
    far = PlanningDocumentFactory(slug="offices", territory=territories["kazakhstan"])
    for slug in ("almaty", "astana"):
        city = territories[slug]
        ProjectObjectFactory(
            slug=f"office-{slug}",
            document=far,
            territory=city,
            latitude=city.centre_lat,
            longitude=city.centre_lon,
        )
    return territories


def _page(browser, live_server, settings, width):
    settings.MAP_TILE_URL = ""  # no tile server in tests
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    only_local(page, live_server)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return page, errors


def _covers(bounds, territory, *, slack=1e-6) -> bool:
    south, west, north, east = bounds
    return (
        south <= territory.min_lat + slack
        and west <= territory.min_lon + slack
        and north >= territory.max_lat - slack
        and east >= territory.max_lon - slack
    )


def _tight(bounds, territory, *, factor=3) -> bool:
    """The map is not zoomed out far beyond the territory: one side at least fits it closely."""
    south, west, north, east = bounds
    return (north - south) <= factor * (territory.max_lat - territory.min_lat) or (
        east - west
    ) <= factor * (territory.max_lon - territory.min_lon)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1366, 390])
def test_every_territory_map_draws_and_opens_on_the_territory(
    browser, live_server, settings, demo_like, width
):
    page, errors = _page(browser, live_server, settings, width)
    checked = 0
    # Pavlodar region and its units first: their maps, with objects, were the ones left empty.
    territories = Territory.objects.exclude(geometry=None).order_by("-parent__slug", "slug")
    for territory in territories:
        page.goto(f"{live_server.url}/kk/territories/{territory.slug}/")
        # The map is made and fitted in one go: once it is a Leaflet map, it is drawn or failed.
        page.locator("#territory-map.leaflet-container").wait_for(state="visible")
        assert not errors, (territory.slug, errors)
        bounds = page.evaluate(MAP_BOUNDS, "#territory-map")
        assert _covers(bounds, territory), (territory.slug, bounds)
        assert _tight(bounds, territory), (territory.slug, bounds)
        # The outline is drawn (it was not, where the territory has objects).
        assert page.locator("#territory-map path.leaflet-interactive").count() >= 1
        checked += 1
    assert checked == 33  # the 20 first-level units and the 13 of Pavlodar region
    # Pavlodar region's page shows its 13 objects on the map.
    page.goto(f"{live_server.url}/kk/territories/pavlodar-region/")
    page.locator("#territory-map.map-ready").wait_for(state="visible")
    assert page.locator("#territory-map path.object-marker").count() == 13


@pytest.mark.django_db(transaction=True)
def test_the_objects_map_opens_on_the_region_and_shows_the_rest_on_demand(
    browser, live_server, settings, demo_like
):
    page, errors = _page(browser, live_server, settings, 1366)
    region, almaty = demo_like["pavlodar-region"], demo_like["almaty"]
    page.goto(f"{live_server.url}/en/objects/")
    page.locator("#objects-map.map-ready").wait_for(state="visible")
    bounds = page.evaluate(MAP_BOUNDS, "#objects-map")
    assert _covers(bounds, region) and _tight(bounds, region), bounds
    assert bounds[0] > almaty.centre_lat  # Almaty, far to the south, is off the map

    page.get_by_role("button", name="Show all 15 objects").click()
    wait_until(page, f"{SOUTH} < {almaty.centre_lat}")
    page.get_by_role("button", name="Back to the region").click()
    wait_until(page, f"{SOUTH} > {almaty.centre_lat}")
    assert not errors

    # A plan of the region opens on the region too.
    page.goto(f"{live_server.url}/en/documents/regional-plan/")
    page.locator("#document-map.map-ready").wait_for(state="visible")
    bounds = page.evaluate(MAP_BOUNDS, "#document-map")
    assert _covers(bounds, region) and _tight(bounds, region), bounds
    assert not errors
