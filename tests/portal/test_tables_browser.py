"""Tables in a real headless Chromium, in Kazakh and Russian: at 1 366 px the ranking of bodies
and the financing of a document fit their column without scrolling sideways; at 390 px no page
is wider than the phone and a recommendation's card shows what the body answered."""

from decimal import Decimal

import pytest

from baqylau.registry.models import Financing

from ..factories import FinancingFactory
from ..helpers import HAS_CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed"),
]

LONG_NAME = {
    "kk": "Павлодар облысының энергетика және тұрғын үй-коммуналдық шаруашылық басқармасы",
    "ru": "Управление энергетики и жилищно-коммунального хозяйства Павлодарской области",
}


def scrolls_sideways(page, selector: str) -> bool:
    return page.locator(selector).first.evaluate("e => e.scrollWidth > e.clientWidth")


def page_overflows(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


@pytest.fixture
def wide_data(registry, world, body):
    """A body and an indicator with long names, and a plan financed from three sources over five
    years in hundreds of billions of tenge, as the region's plans are."""
    body.name_kk, body.name_ru = LONG_NAME["kk"], LONG_NAME["ru"]
    body.save()
    indicator = registry["indicator"]
    indicator.name_kk = "Күрделі жөндеуден өткен облыстық және аудандық жолдардың үлесі"
    indicator.name_ru = "Доля областных и районных дорог, прошедших капитальный ремонт"
    indicator.save()
    Financing.private_objects.filter(document=registry["document"]).delete()
    for year in range(2021, 2026):
        for source, planned in [
            (Financing.Source.REPUBLICAN, "51200000000"),
            (Financing.Source.LOCAL, "70100000000"),
            (Financing.Source.OFF_BUDGET, "162500000000"),
        ]:
            FinancingFactory(
                document=registry["document"],
                year=year,
                source=source,
                planned=Decimal(planned),
                adjusted=Decimal(planned) * Decimal("1.05"),
                executed=Decimal(planned) * Decimal("0.97"),
            )
    return world


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_tables_fit_a_desktop_and_a_phone(
    open_as,
    live_server,
    deadline_rules,  # noqa: F811
    registry,
    wide_data,
    lang,
):
    base = f"{live_server.url}/{lang}"
    campaign = wide_data["published"]
    document = f"{base}/documents/{registry['document'].slug}/"
    visit = f"{base}/monitoring/{campaign.slug}/visits/{wide_data['photo'].visit_id}/"
    campaign_page = f"{base}/monitoring/{campaign.slug}/"

    desktop = open_as(None, width=1366)
    desktop.goto(f"{base}/requests/bodies/")
    assert desktop.locator("#recommendations table.ranking").get_by_text(LONG_NAME[lang]).count()
    assert not scrolls_sideways(desktop, "#recommendations .table-scroll")
    desktop.goto(document)
    assert desktop.locator("#financing abbr.amount").count() >= 3 * 5
    assert not scrolls_sideways(desktop, "#financing .table-scroll")

    phone = open_as(None, width=390)
    for url in (f"{base}/requests/bodies/", document, campaign_page, visit):
        phone.goto(url)
        assert not page_overflows(phone), url
    # The ranking's cards show the main figures, the share answered on time first.
    phone.goto(f"{base}/requests/bodies/")
    card = phone.locator("#recommendations table.ranking tbody tr").first
    assert card.locator("td.key").is_visible()
    assert (
        card.locator("td.secondary").count() and not card.locator("td.secondary").first.is_visible()
    )
    # The indicators scroll sideways under their sticky names, two years in view at least.
    phone.goto(document)
    second_year = phone.locator("#indicators table.indicators thead th").nth(3)
    assert second_year.inner_text() == "2022"
    box = second_year.bounding_box()
    assert box["x"] + box["width"] <= 390
    phone.goto(campaign_page)
    answer = phone.locator(f"#recommendation-{wide_data['first'].number} .astate-accepted")
    assert answer.is_visible()
    box = answer.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    # The visit's SHA-256 shows short, the whole value still in the page to copy.
    phone.goto(visit)
    digest = phone.locator("code.digest").first
    assert digest.inner_text() == wide_data["photo"].public_sha256
    assert digest.bounding_box()["width"] < 150
