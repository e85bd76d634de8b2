"""The header: the site's sections for everyone; the account's menu with only the pages its user
may open (the officers' inboxes for officers, the moderation queue for moderators); on a phone
both fold behind a "Menu" button that works without JavaScript (a checkbox and its label)."""

import re

import pytest
from django.urls import reverse

from tests.helpers import PERSONAS

pytestmark = pytest.mark.django_db


def links(html: str, css_class: str) -> set[str]:
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    start = header.index(f'class="{css_class}"')
    end = header.index("</nav>" if css_class == "main-nav" else "</div>", start)
    return set(re.findall(r'href="([^"]+)"', header[start:end]))


@pytest.mark.parametrize("who", PERSONAS)
def test_the_account_menu_offers_only_what_its_user_may_open(as_persona, who, everyone):
    client = as_persona(who)
    officers = {
        reverse("inforequests:inbox"),
        reverse("accountability:inbox"),
        reverse("participation:inbox"),
    }
    html = client.get(reverse("portal:home")).content.decode()
    sections = links(html, "main-nav")
    assert {reverse("portal:objects"), reverse("participation:reports")} <= sections
    account = links(html, "account-nav")
    if everyone[who] is None:
        assert account == {reverse("accounts:login"), reverse("accounts:signup")}
        return
    assert reverse("participation:mine") in account and reverse("accounts:profile") in account
    assert (officers & account) == (officers if who == "officer" else set())
    assert (reverse("participation:moderation") in account) == (
        who in ("moderator", "administrator")
    )
    for url in account | sections:
        assert client.get(url).status_code == 200, url  # no link leads to a refusal


def test_the_menu_opens_without_javascript(client):
    html = client.get(reverse("portal:home")).content.decode()
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    assert "<script" not in header
    toggle = header.index('<input type="checkbox" id="menu-toggle"')
    label = header.index('<label for="menu-toggle"')
    assert toggle < label < header.index('class="main-nav"') < header.index('class="account-nav"')
