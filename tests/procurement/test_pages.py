"""The public pages of procurement: the list of contracting processes with its filters, a process
with its timeline and red flags, a party with what it bought and won."""

from decimal import Decimal

import pytest
from django.utils import translation

from baqylau.procurement import responses
from baqylau.procurement.models import RiskFlag

from ..factories import (
    AwardFactory,
    BidFactory,
    ContractingProcessFactory,
    PartyFactory,
    ProcessObjectFactory,
    RiskFlagFactory,
    TerritoryFactory,
)
from ..helpers import count_queries
from .conftest import grow

pytestmark = pytest.mark.django_db

LIST = "/en/procurement/"


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def process_url(process, lang="en"):
    with translation.override(lang):
        return process.get_absolute_url()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_page_renders_in_every_language(client, procurement, lang):
    process, buyer = procurement["process"], procurement["buyer"]
    for url in [
        f"/{lang}/procurement/",
        f"/{lang}/procurement/processes/{process.ocid}/",
        f"/{lang}/procurement/parties/{buyer.pk}/",
        f"/{lang}/procurement/parties/{procurement['supplier'].pk}/",
    ]:
        html = page(client, url)
        assert f'<html lang="{lang}">' in html
        assert "Construction of a school for 600 pupils" in html or "BuildCo" in html


def test_the_list_counts_and_shows_each_process(client, procurement):
    ContractingProcessFactory(title="Road repair in Ekibastuz")
    html = page(client, LIST)
    assert "2 contracting processes found" in html
    assert "Construction of a school for 600 pupils" in html
    assert "BuildCo LLP" in html  # the supplier
    assert "Akimat of Pavlodar region" in html  # the buyer
    assert "ocds-kz0001-school-600" in html
    assert 'href="/en/procurement/"' in html  # the header's menu


def test_the_list_is_sorted_by_the_latest_release(client, procurement):
    from datetime import UTC, datetime

    ContractingProcessFactory(title="Newest", last_release_date=datetime(2025, 1, 1, tzinfo=UTC))
    ContractingProcessFactory(title="Oldest", last_release_date=datetime(2020, 1, 1, tzinfo=UTC))
    html = page(client, LIST)
    newest, school, oldest = (html.index(t) for t in ("Newest", "Construction of a", "Oldest"))
    assert newest < school < oldest


@pytest.mark.parametrize(
    "query, school, bridge",
    [
        ("q=school", True, False),
        ("q=ocds-kz0001-school", True, False),
        ("q=bridge", False, True),
        ("body=akimat", True, False),
        ("method=open", True, False),
        ("method=direct", False, True),
        ("status=complete", True, False),
        ("status=cancelled", False, True),
        ("year=2024", True, False),
        ("year=2023", False, True),
        ("flag=any", True, True),
        ("flag=R018", True, False),
        ("flag=R003", False, True),
        ("territory=pavlodar-region", True, False),
        ("territory=elsewhere", False, False),
    ],
)
def test_the_list_filters(client, procurement, registry, query, school, bridge):
    TerritoryFactory(slug="elsewhere")
    other = ContractingProcessFactory(
        title="Bridge over the Irtysh", procurement_method="direct", tender_status="cancelled"
    )
    other.tender_start = other.tender_start.replace(year=2023)
    other.save()
    RiskFlagFactory(process=other, code="R003")
    registry["school"].territory = registry["region"]
    registry["school"].save()
    html = page(client, f"{LIST}?{query}")
    assert ("Construction of a school" in html) is school, query
    assert ("Bridge over the Irtysh" in html) is bridge, query


def test_the_list_filtered_by_a_party_names_it(client, procurement):
    buyer, supplier = procurement["buyer"], procurement["supplier"]
    ContractingProcessFactory(title="Someone else's")
    html = page(client, f"{LIST}?buyer={buyer.pk}")
    assert "Processes of the buyer" in html and "Someone else" not in html
    html = page(client, f"{LIST}?supplier={supplier.pk}")
    assert "Processes won by" in html and "Construction of a school" in html
    assert "Someone else" not in html


def test_a_wrong_filter_is_said_and_filters_nothing(client, procurement):
    html = page(client, f"{LIST}?year=abc&method=bribe")
    assert 'class="error"' in html
    assert "1 contracting process found" in html


def test_the_list_paginates(client, procurement):
    grow(30, buyer=procurement["buyer"])
    html = page(client, LIST)
    assert "31 contracting processes found" in html
    assert "Page 1 of 2" in html
    assert "Page 2 of 2" in page(client, f"{LIST}?page=2")


def test_the_process_page(client, procurement, registry):
    process = procurement["process"]
    html = page(client, process_url(process))
    assert "Construction of a school for 600 pupils" in html
    assert "ocds-kz0001-school-600" in html
    # The buyer links to its page and to the registry's organisation it is matched to.
    assert procurement["buyer"].get_absolute_url() in html
    assert 'href="/en/organisations/akimat/"' in html
    # The supplier is named at the top, the linked object and planning document in the facts.
    head = html[
        html.index('<header class="page-head">') : html.index("</header>", html.index("page-head"))
    ]
    assert "BuildCo LLP" in head
    assert 'href="/en/objects/school-600/"' in html
    assert 'href="/en/documents/regional-plan/"' in html
    assert 'href="/data/procurement/ocds-kz0001-school-600.json"' in html
    assert "open" in html and "150" in html


def test_the_timeline_is_in_date_order(client, procurement):
    html = page(client, process_url(procurement["process"]))
    timeline = html[html.index('class="timeline procurement-timeline"') :]
    steps = [
        "Tender announced",  # 01.03.2024
        "BuildCo LLP",  # the first bid, 15.03.2024
        "Stroy Invest LLP",  # 16.03.2024, disqualified
        "Pavlodar Remont LLP",  # 17.03.2024
        "Award",  # 25.03.2024
        "Contract signed",  # 02.04.2024
        "rose from",  # 01.08.2024
        "fell from",  # 01.09.2024
    ]
    positions = [timeline.index(step) for step in steps]
    assert positions == sorted(positions)
    assert "1 Mar 2024" in timeline and "2 Apr 2024" in timeline
    assert "disqualified" in timeline
    assert "bids accepted from 1 Mar 2024 to 20 Mar 2024" in timeline
    # Each release with its date and tags, in its place.
    assert "contract amended" in timeline
    assert timeline.index("Release release-") < timeline.index("Bid")


def test_amendments_show_how_the_value_changed(client, procurement):
    html = page(client, process_url(procurement["process"]))
    assert "the contract's value rose from 140,000,000 to 168,000,000, +20.0\u00a0%" in html
    assert "the contract's value fell from 168,000,000 to 160,000,000, −4.8\u00a0%" in html
    assert "Additional works on the roof." in html


def test_the_flags_show_with_their_rule_and_as_risk_not_proof(client, procurement):
    html = page(client, process_url(procurement["process"]))
    flags = html[html.index('id="flags-heading"') : html.index('id="timeline-heading"')]
    assert "not proof" in flags
    assert "corruption" not in html.lower()
    for code in ("R018", "R036", "R025", "R048"):
        assert code in flags
    assert flags.count('class="flag-rule"') == 4  # {% flag_rule %} for each flag
    assert "On its buyer" in flags and "On its tenderers" in flags


def test_each_flag_on_the_process_gets_what_was_said_of_it(client, procurement, monkeypatch, bob):
    seen = {}

    def for_process(process, *, user):
        seen["user"] = user
        return {"R018": {"feedback": ["checked"]}}

    monkeypatch.setattr(responses, "for_process", for_process)
    client.force_login(bob)
    response = client.get(process_url(procurement["process"]))
    assert seen["user"] == bob
    flags = {flag.code: flag.responses for flag in response.context["process_flags"]}
    assert flags == {"R018": {"feedback": ["checked"]}, "R036": {}}


def test_a_process_without_flags_says_so(client, registry):
    process = ContractingProcessFactory()
    html = page(client, process_url(process))
    assert "No risk indicator fired on this process." in html
    assert "Not awarded yet." in html


def test_an_unknown_process_is_404(client, db):
    assert client.get("/en/procurement/processes/ocds-nothing/").status_code == 404
    assert client.get("/en/procurement/parties/999/").status_code == 404


def test_a_buyers_page(client, procurement):
    html = page(client, procurement["buyer"].get_absolute_url())
    assert "Akimat of Pavlodar region" in html
    assert "What it bought" in html
    assert "1 award, " in html
    assert "BuildCo LLP" in html  # its top supplier
    assert "2024" in html  # totals by year
    assert "R025" in html and "not proof" in html
    assert 'href="/en/organisations/akimat/"' in html
    assert "What it won" not in html


def test_a_suppliers_page(client, procurement):
    html = page(client, procurement["supplier"].get_absolute_url())
    assert "What it won" in html
    assert "Akimat of Pavlodar region" in html  # from whom
    assert "R048" in html
    assert "What it bought" not in html


def test_a_party_named_nowhere(client, db):
    html = page(client, PartyFactory(name="Idle LLP").get_absolute_url())
    assert "No contracting process names this party" in html


@pytest.mark.parametrize("which", ["list", "process", "buyer", "supplier"])
def test_query_counts_do_not_grow_with_bids_awards_or_flags(client, procurement, which):
    process, buyer, supplier = procurement["process"], procurement["buyer"], procurement["supplier"]
    url = {
        "list": LIST,
        "process": process_url(process),
        "buyer": buyer.get_absolute_url(),
        "supplier": supplier.get_absolute_url(),
    }[which]

    def more():
        grow(3, buyer=buyer)
        for _ in range(3):
            tenderer = PartyFactory()
            BidFactory(process=process, tenderers=[tenderer, PartyFactory()])
            AwardFactory(process=process, suppliers=[supplier, tenderer], status="pending")
            RiskFlagFactory(process=process, code="R003")
            RiskFlagFactory(process=None, party=tenderer, subject=RiskFlag.Subject.TENDERER)
            other = ContractingProcessFactory()
            AwardFactory(process=other, suppliers=[supplier])
            ProcessObjectFactory(process=process)

    more()
    small = count_queries(client, url)
    more()
    more()
    assert count_queries(client, url) == small <= 16, which


def test_amounts_follow_the_language(client, procurement):
    html = page(client, process_url(procurement["process"], "ru"))
    assert "140\u00a0000\u00a0000" in html or "140 000 000" in html
    assert Decimal("168000000") == procurement["contract"].amendments.last().value_before
