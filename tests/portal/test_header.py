"""The header's navigation on a phone: the site's sections and the account links are two rows that
scroll sideways (CSS only, no JavaScript), instead of five wrapped lines for an officer."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.helpers import PERSONAS

pytestmark = pytest.mark.django_db

CSS = Path(settings.BASE_DIR) / "baqylau" / "static" / "css" / "baqylau.css"


def rows(html: str) -> dict[str, str]:
    nav = html[html.index('class="wrap main-nav"') : html.index("</nav>", html.index("main-nav"))]
    sections = nav[nav.index("nav-sections") : nav.index("nav-account")]
    return {"sections": sections, "account": nav[nav.index("nav-account") :]}


@pytest.mark.parametrize("who", PERSONAS)
def test_the_account_links_are_in_their_own_row(as_persona, who, everyone):
    html = as_persona(who).get(reverse("portal:home")).content.decode()
    nav = rows(html)
    assert reverse("portal:objects") in nav["sections"]
    assert reverse("participation:reports") in nav["sections"]
    if everyone[who] is None:
        assert reverse("accounts:login") in nav["account"]
    else:
        assert reverse("participation:mine") in nav["account"]
        assert reverse("accounts:logout") in nav["account"]
        assert reverse("participation:mine") not in nav["sections"]


def test_on_a_phone_the_rows_scroll_sideways_instead_of_wrapping():
    css = CSS.read_text()
    phone = css[css.index("@media (max-width: 40rem)") :]
    rule = re.search(r"\.nav-row \{([^}]*)\}", phone).group(1)
    assert "overflow-x: auto" in rule and "flex-wrap: nowrap" in rule
    # On a wide screen the rows are not boxes: the links flow in the header as before.
    assert ".nav-row { display: contents; }" in css
