"""The search of the header in a real headless Chromium, on a desktop and on a phone (where it is
inside the menu, which opens without JavaScript): it fits the header without widening the page,
and a Latin word typed there finds Kazakh content."""

import pytest

from ..factories import PlanningDocumentFactory, ProjectObjectFactory
from ..helpers import HAS_CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed"),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1366, 390])
def test_the_header_search_finds_kazakh_content_from_a_latin_word(open_as, live_server, width):
    document = PlanningDocumentFactory(
        slug="schools", title_kk="Мектептер салу бағдарламасы", title_ru="", title_en=""
    )
    ProjectObjectFactory(document=document, name_kk="№5 мектебі", name_ru="", name_en="")
    PlanningDocumentFactory(title_kk="", title_ru="Программа школ", title_en="")
    page = open_as(None, width=width, height=800)
    page.goto(live_server.url + "/kk/")

    field = page.locator("header .site-search input[name=q]")
    if width < 640:
        # A phone's header keeps to one row: the search is in the menu.
        assert not field.is_visible()
        page.locator("header .menu-button").click()
    assert field.is_visible()
    box = field.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert box["width"] >= 150  # wide enough to see what one types
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    field.fill("mektep")
    field.press("Enter")
    page.wait_for_url("**/kk/search/?q=mektep")
    results = page.locator("main")
    assert results.get_by_role("link", name="Мектептер салу бағдарламасы").is_visible()
    assert results.get_by_role("link", name="№5 мектебі").is_visible()
    # A title written only in Russian is marked so on the Kazakh page.
    page.locator("main input[name=q]").fill("школ")
    page.locator("main input[name=q]").press("Enter")
    page.wait_for_url("**/kk/search/?q=*")
    label = page.locator("main .search-results .lang-label").first
    assert label.is_visible()
    assert page.locator("main .search-results [lang=ru]").first.inner_text() == "Программа школ"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
