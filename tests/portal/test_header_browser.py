"""The header in a real headless Chromium: on a 390 px phone it takes little height, and its
menu opens without JavaScript (with a tap or from the keyboard); on a 1366 px screen the sections
are one line in every language."""

import pytest

from ..helpers import HAS_CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


def header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


def test_on_a_phone_the_menu_is_folded_and_opens_without_javascript(open_as, live_server, dana):
    page = open_as(dana, width=390, height=844, javascript=False)
    page.goto(live_server.url + "/kk/")
    assert header_height(page) <= 120
    inbox = page.locator(".account-links a[href='/kk/monitoring/inbox/']")
    assert not page.locator(".main-nav").is_visible() and not inbox.is_visible()
    assert page.get_by_role("link", name="Русский").is_visible()  # languages stay at hand

    page.locator(".menu-button").click()
    assert page.locator(".main-nav a[href='/kk/objects/']").is_visible()
    assert inbox.is_visible()  # the officer's inboxes are in the menu
    assert page.locator(".account-links a[href='/kk/participation/inbox/']").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator(".menu-button").click()
    assert not page.locator(".main-nav").is_visible()

    # From the keyboard: the first Tab reaches the skip link, then the brand, the languages and
    # the menu's checkbox, which Space opens.
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.id") != "menu-toggle":
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert page.locator(".main-nav").is_visible()
    page.context.close()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_on_a_desktop_the_sections_are_one_line(open_as, live_server, dana, language):
    page = open_as(dana, width=1366, height=768)
    page.goto(f"{live_server.url}/{language}/")
    tops = page.eval_on_selector_all(
        ".main-nav a", "links => links.map(a => Math.round(a.getBoundingClientRect().top))"
    )
    assert len(tops) == 10 and len(set(tops)) == 1
    assert header_height(page) <= 110
    assert page.locator("#menu-toggle").is_hidden()  # no invisible stop for the keyboard
    # The account's menu: folded under the user's name, opened with a click.
    inbox = page.locator(".account-links a[href$='/participation/inbox/']")
    assert not inbox.is_visible()
    page.locator(".account-button").click()
    assert inbox.is_visible()
    page.context.close()
