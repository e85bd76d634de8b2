"""Procurement on the registry's pages: an object's contracting processes as a compact timeline,
what a body bought and from whom, a planning document's processes; the menu and the home page."""

import pytest

from baqylau.procurement.models import RiskFlag

from ..factories import (
    AwardFactory,
    ContractingProcessFactory,
    OrganisationFactory,
    PartyFactory,
    ProcessObjectFactory,
    RiskFlagFactory,
)
from ..helpers import count_queries
from .conftest import grow

pytestmark = pytest.mark.django_db

OBJECT = "/en/objects/school-600/"
BODY = "/en/organisations/akimat/"
DOCUMENT = "/en/documents/regional-plan/"


def html_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def section(html: str, heading: str) -> str:
    start = html.index('id="procurement-heading"')
    return html[start : html.index("</section>", start)]


def test_an_objects_page_shows_its_processes_as_a_compact_timeline(client, procurement):
    html = section(html_of(client, OBJECT), "procurement")
    assert "Construction of a school for 600 pupils" in html
    assert "BuildCo LLP" in html  # the supplier
    assert "2 risk indicators" in html  # the flags on the process
    steps = ["Tender announced", "Award", "Contract signed", "rose from", "fell from"]
    positions = [html.index(step) for step in steps]
    assert positions == sorted(positions)
    assert "+20.0\u00a0%" in html


def test_an_object_without_processes_says_so(client, registry):
    html = section(html_of(client, OBJECT), "procurement")
    assert "No contracting process is linked to this object yet." in html


def test_a_bodys_page_shows_what_it_bought_and_from_whom(client, procurement):
    html = section(html_of(client, BODY), "procurement")
    assert "What it bought and from whom" in html
    assert "1 contracting process, estimated at" in html
    assert "BuildCo LLP" in html
    assert 'href="/en/procurement/?body=akimat"' in html
    assert "What it won as a supplier" not in html


def test_a_bodys_list_link_filters_the_processes_by_it(client, procurement):
    ContractingProcessFactory(title="Bought by someone else")
    html = html_of(client, "/en/procurement/?body=akimat")
    assert "1 contracting process found" in html
    assert "Bought by someone else" not in html


def test_a_body_that_won_shows_what_it_won(client, procurement):
    builder = OrganisationFactory(slug="buildco", name_en="BuildCo")
    procurement["supplier"].organisation = builder
    procurement["supplier"].save()
    html = section(html_of(client, "/en/organisations/buildco/"), "procurement")
    assert "What it won as a supplier" in html
    assert "1 award," in html
    assert "Akimat of Pavlodar region" in html  # from whom


def test_a_body_without_procurement_shows_no_section(client, registry):
    assert 'id="procurement-heading"' not in html_of(client, BODY)


def test_a_documents_page_lists_its_processes(client, procurement):
    html = section(html_of(client, DOCUMENT), "procurement")
    assert "Construction of a school for 600 pupils" in html
    assert "BuildCo LLP" in html


def test_the_menu_and_the_home_page(client, procurement):
    html = html_of(client, "/en/")
    assert 'href="/en/procurement/"' in html
    assert "1</strong>\n      contracting process" in html


@pytest.mark.parametrize("url", [OBJECT, BODY, DOCUMENT])
def test_the_registrys_pages_do_not_grow_queries_with_processes(client, procurement, registry, url):
    buyer, supplier = procurement["buyer"], procurement["supplier"]
    supplier.organisation = registry["akimat"]  # the akimat won something too
    supplier.save()

    def more():
        grow(3, buyer=buyer, obj=registry["school"], document=registry["document"])
        AwardFactory(process=ContractingProcessFactory(), suppliers=[supplier, PartyFactory()])
        RiskFlagFactory(process=None, party=buyer, subject=RiskFlag.Subject.BUYER, code="R038")

    more()
    small = count_queries(client, url)
    more()
    more()
    assert count_queries(client, url) == small, url


def test_the_list_filtered_by_a_document_names_it(client, procurement, registry):
    ContractingProcessFactory(title="Of no document")
    linked_only = ContractingProcessFactory(title="Linked through the school")
    ProcessObjectFactory(process=linked_only, object=registry["school"])
    html = html_of(client, "/en/procurement/?document=regional-plan")
    assert "Processes of" in html and "Regional development plan" in html
    assert "Construction of a school" in html and "Linked through the school" in html
    assert "Of no document" not in html
    # An unpublished document is not named, nor are its processes.
    procurement["process"].document = registry["hidden"]
    procurement["process"].save()
    html = html_of(client, "/en/procurement/?document=secret-draft")
    assert "Draft (unpublished)" not in html
    assert "0 contracting processes found" in html


def test_a_documents_page_links_to_all_its_processes_when_it_shows_only_some(
    client, procurement, registry
):
    grow(20, buyer=procurement["buyer"], document=registry["document"])
    html = section(html_of(client, DOCUMENT), "procurement")
    assert 'href="/en/procurement/?document=regional-plan"' in html
