"""Procurement in the open data API and its CSV downloads: contracting processes with the same
filters as the portal's list, parties and risk indicators; the downloads are the API's rows."""

import pytest

from baqylau.procurement.models import RiskFlag

from ..factories import (
    AmendmentFactory,
    AwardFactory,
    BidFactory,
    ContractFactory,
    ContractingProcessFactory,
    PartyFactory,
    ProcessObjectFactory,
    ReleaseFactory,
    RiskFlagFactory,
)
from ..helpers import count_queries, read_csv, results

pytestmark = pytest.mark.django_db

PROCESSES = "/api/procurement/processes/"


@pytest.fixture
def process(registry):
    buyer = PartyFactory(name="Akimat of Pavlodar region", organisation=registry["akimat"])
    process = ContractingProcessFactory(
        ocid="ocds-kz0001-school-600", title="School", buyer=buyer, document=registry["document"]
    )
    supplier = PartyFactory(name="BuildCo LLP")
    BidFactory(process=process, tenderers=[supplier])
    BidFactory(process=process, status="disqualified")
    AwardFactory(process=process, suppliers=[supplier])
    AwardFactory(process=process, status="cancelled")
    AmendmentFactory(contract=ContractFactory(process=process))
    ReleaseFactory(process=process, tags=["tender"])
    ProcessObjectFactory(process=process, object=registry["school"])
    RiskFlagFactory(process=process, code="R018")
    RiskFlagFactory(process=None, party=buyer, subject=RiskFlag.Subject.BUYER, code="R025")
    RiskFlagFactory(process=None, party=supplier, subject=RiskFlag.Subject.TENDERER, code="R048")
    return process


def test_the_list(client, process):
    [row] = results(client.get(PROCESSES))
    assert row["ocid"] == "ocds-kz0001-school-600"
    assert row["buyer"]["organisation"] == "akimat"
    assert [s["name"] for s in row["suppliers"]] == ["BuildCo LLP"]  # not the cancelled award's
    assert row["flag_count"] == 1 and row["flag_codes"] == ["R018"]
    assert row["value_amount"] == "150000000.00"
    assert row["document"] == "regional-plan"
    assert row["record_package"] == "http://testserver/data/procurement/ocds-kz0001-school-600.json"
    assert row["url"].endswith("/procurement/processes/ocds-kz0001-school-600/")


def test_the_detail(client, process):
    data = client.get(f"{PROCESSES}{process.ocid}/").json()
    assert len(data["bids"]) == 2 and data["bids"][0]["tenderers"][0]["name"] == "BuildCo LLP"
    assert len(data["awards"]) == 2
    [contract] = data["contracts"]
    assert contract["amendments"][0]["value_before"] == "140000000.00"
    assert contract["amendments"][0]["value_after"] == "168000000.00"
    assert data["objects"] == ["school-600"]
    assert sorted(f["code"] for f in data["flags"]) == ["R018", "R025", "R048"]
    assert data["releases"][0]["tags"] == ["tender"]
    assert client.get(f"{PROCESSES}ocds-nothing/").status_code == 404


@pytest.mark.parametrize(
    "query, found",
    [
        ("q=school", 1),
        ("q=bridge", 0),
        ("body=akimat", 1),
        ("body=nobody", 0),
        ("method=open", 1),
        ("method=direct", 0),
        ("status=complete", 1),
        ("year=2024", 1),
        ("year=2023", 0),
        ("flag=any", 1),
        ("flag=R018", 1),
        ("flag=R003", 0),
        ("territory=pavlodar-region", 1),
        ("territory=ekibastuz", 0),
        ("document=regional-plan", 1),
        ("document=secret-draft", 0),
    ],
)
def test_the_filters_are_the_portals(client, process, registry, query, found):
    registry["school"].territory = registry["region"]
    registry["school"].save()
    ContractingProcessFactory(title="Bridge", procurement_method="limited")
    rows = results(client.get(f"{PROCESSES}?{query}"))
    assert len([r for r in rows if r["ocid"] == process.ocid]) == found, query


def test_a_hidden_document_names_no_process(client, process, registry):
    process.document = registry["hidden"]
    process.save()
    assert results(client.get(f"{PROCESSES}?document=secret-draft")) == []


def test_supplier_and_buyer_filters(client, process):
    supplier = process.awards.get(status="active").suppliers.get()
    assert len(results(client.get(f"{PROCESSES}?supplier={supplier.pk}"))) == 1
    assert len(results(client.get(f"{PROCESSES}?buyer={process.buyer_id}"))) == 1
    assert len(results(client.get(f"{PROCESSES}?buyer=999999"))) == 0


def test_wrong_filters_answer_400(client, process):
    assert client.get(f"{PROCESSES}?year=12").status_code == 400
    assert client.get(f"{PROCESSES}?method=bribe").status_code == 400
    assert client.get(f"{PROCESSES}?supplier=x").status_code == 400


def test_parties_and_flags(client, process):
    parties = results(client.get("/api/procurement/parties/?matched=true"))
    assert [p["name"] for p in parties] == ["Akimat of Pavlodar region"]
    flags = results(client.get("/api/procurement/flags/"))
    assert {(f["code"], f["subject"]) for f in flags} == {
        ("R018", "process"),
        ("R025", "buyer"),
        ("R048", "tenderer"),
    }
    [r018] = results(client.get("/api/procurement/flags/?code=R018"))
    assert r018["process"] == process.ocid and r018["party"] is None
    assert len(results(client.get(f"/api/procurement/flags/?process={process.ocid}"))) == 1


def test_the_downloads_are_the_apis_rows(client, process):
    [row] = read_csv(client.get("/data/procurement/processes.csv"))
    api = results(client.get(PROCESSES))[0]
    assert row["ocid"] == api["ocid"]
    assert row["buyer_name"] == "Akimat of Pavlodar region"
    assert row["buyer_organisation_slug"] == "akimat"
    assert row["suppliers"].endswith("BuildCo LLP")
    assert row["flag_codes"] == "R018"
    assert row["value_amount"] == "150000000"
    flags = read_csv(client.get("/data/procurement/risk-flags.csv?code=R018"))
    assert [(f["code"], f["process_ocid"]) for f in flags] == [("R018", process.ocid)]
    parties = read_csv(client.get("/data/procurement/parties.csv"))
    assert len(parties) == len(results(client.get("/api/procurement/parties/")))
    filtered = read_csv(client.get("/data/procurement/processes.csv?flag=R003"))
    assert filtered == []
    assert client.get("/data/procurement/processes.csv?year=1").status_code == 400


def test_the_open_data_page_lists_them(client, registry):
    html = client.get("/en/open-data/").content.decode()
    for path in ("/data/procurement/processes.csv", "/data/procurement/risk-flags.csv"):
        assert path in html
    assert "/api/procurement/processes/" in html


@pytest.mark.parametrize(
    "url",
    [
        PROCESSES,
        f"{PROCESSES}ocds-kz0001-school-600/",
        "/api/procurement/parties/",
        "/api/procurement/flags/",
        "/data/procurement/processes.csv",
        "/data/procurement/parties.csv",
        "/data/procurement/risk-flags.csv",
    ],
)
def test_query_counts_do_not_grow(client, process, url):
    def more():
        for _ in range(3):
            other = ContractingProcessFactory()
            tenderer = PartyFactory()
            BidFactory(process=process, tenderers=[tenderer, PartyFactory()])
            AwardFactory(process=process, suppliers=[tenderer])
            AwardFactory(process=other, suppliers=[tenderer])
            RiskFlagFactory(process=other)
            RiskFlagFactory(process=process, code="R003")
            RiskFlagFactory(process=None, party=tenderer, subject=RiskFlag.Subject.TENDERER)
            AmendmentFactory(contract=ContractFactory(process=process))
            ReleaseFactory(process=process)

    more()
    small = count_queries(client, url)
    more()
    assert count_queries(client, url) == small, url
