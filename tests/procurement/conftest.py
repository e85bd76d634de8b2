"""Fixtures of procurement: a contracting process of the education department (the `body`
fixture, whose officer is Dana) about the school of the registry, on which the single bid
indicator (R018) fired, for what is said of the red flags; the personas with an officer of
another body and a monitor of another NGO; and a process of the school of tests/world.py, bought
by the regional akimat, with its bids, award, contract and amendments, releases and red flags."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from baqylau.procurement.models import ContractingProcess, Party, ProcessObject, RiskFlag

from ..factories import (
    AmendmentFactory,
    AwardFactory,
    BidFactory,
    ContractFactory,
    ContractingProcessFactory,
    FlagRunFactory,
    PartyFactory,
    ProcessObjectFactory,
    ReleaseFactory,
    RiskFlagFactory,
)

OCID = "ocds-b5fd17-000001"


def flagged_process(*, buyer_org, school=None, ocid=OCID, codes=("R018",), **fields):
    """A process bought by `buyer_org` (its party matched to it), linked to `school`, on which
    each of `codes` fired."""
    party, _created = Party.objects.get_or_create(
        scheme="KZ-BIN",
        identifier=f"BIN-{buyer_org.pk}",
        defaults={"name": buyer_org.name, "organisation": buyer_org},
    )
    process = ContractingProcess.objects.create(
        ocid=ocid,
        title=fields.pop("title", "Repairs of school No. 7"),
        buyer=party,
        procurement_method="open",
        compiled={"ocid": ocid},
        compiled_sha256="0" * 64,
        **fields,
    )
    if school is not None:
        ProcessObject.objects.create(process=process, object=school, link=ProcessObject.Link.MANUAL)
    for code in codes:
        RiskFlag.objects.create(code=code, subject=RiskFlag.Subject.PROCESS, process=process)
    return process


@pytest.fixture
def process(registry, body):
    return flagged_process(buyer_org=body, school=registry["school"])


@pytest.fixture
def everyone(personas, oleg, other_monitor):
    return personas | {"other_officer": oleg, "other_monitor": other_monitor}


BUYER_BIN = "123456789012"
SUPPLIER_BIN = "987654321098"


def party(bin_, name, roles):
    return {
        "id": f"KZ-BIN-{bin_}",
        "name": name,
        "identifier": {"scheme": "KZ-BIN", "id": bin_, "legalName": name},
        "roles": roles,
    }


def tender_release(ocid, *, date="2025-03-01T09:00:00+05:00", release_id=None, bids=2, **extra):
    """A clean OCDS 1.1 release: a tender of a school repair with its bids."""
    buyer = party(BUYER_BIN, "Pavlodar education department", ["buyer", "procuringEntity"])
    tenderers = [
        party(f"{SUPPLIER_BIN[:-1]}{n}", f"Builder {n}", ["tenderer"]) for n in range(bids)
    ]
    release = {
        "ocid": ocid,
        "id": release_id or f"{ocid}-tender",
        "date": date,
        "tag": ["tender"],
        "initiationType": "tender",
        "language": "ru",
        "parties": [buyer, *tenderers],
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        "tender": {
            "id": f"{ocid}-t",
            "title": "Repair of school No. 5",
            "status": "active",
            "procurementMethod": "open",
            "mainProcurementCategory": "works",
            "procuringEntity": {"id": buyer["id"], "name": buyer["name"]},
            "value": {"amount": 100000000, "currency": "KZT"},
            "tenderPeriod": {
                "startDate": "2025-03-01T09:00:00+05:00",
                "endDate": "2025-03-21T18:00:00+05:00",
            },
        },
        "bids": {
            "details": [
                {
                    "id": f"bid-{n}",
                    "date": "2025-03-20T10:00:00+05:00",
                    "status": "valid",
                    "value": {"amount": 95000000 - n * 1000000, "currency": "KZT"},
                    "tenderers": [{"id": t["id"], "name": t["name"]}],
                }
                for n, t in enumerate(tenderers)
            ]
        },
    }
    release.update(extra)
    return release


def award_release(ocid, *, date="2025-04-01T09:00:00+05:00", value=94000000, contract_id="C-1"):
    """The award and the contract that follow the tender."""
    supplier = party(f"{SUPPLIER_BIN[:-1]}1", "Builder 1", ["tenderer", "supplier"])
    return {
        "ocid": ocid,
        "id": f"{ocid}-award",
        "date": date,
        "tag": ["award", "contract"],
        "initiationType": "tender",
        "parties": [supplier],
        "awards": [
            {
                "id": "A-1",
                "status": "active",
                "date": date,
                "value": {"amount": value, "currency": "KZT"},
                "suppliers": [{"id": supplier["id"], "name": supplier["name"]}],
                "items": [
                    {
                        "id": "1",
                        "description": "Repair works",
                        "classification": {"scheme": "CPV", "id": "45000000"},
                    }
                ],
            }
        ],
        "contracts": [
            {
                "id": contract_id,
                "awardID": "A-1",
                "status": "active",
                "dateSigned": date,
                "value": {"amount": value, "currency": "KZT"},
            }
        ],
    }


def amendment_release(ocid, *, date="2025-06-01T09:00:00+05:00", value=110000000):
    """The contract amended: its value raised."""
    return {
        "ocid": ocid,
        "id": f"{ocid}-amendment",
        "date": date,
        "tag": ["contractAmendment"],
        "initiationType": "tender",
        "contracts": [
            {
                "id": "C-1",
                "awardID": "A-1",
                "value": {"amount": value, "currency": "KZT"},
                "amendments": [
                    {
                        "id": "AM-1",
                        "date": date,
                        "rationale": "Additional works on the roof",
                        "amendsReleaseID": f"{ocid}-award",
                        "releaseID": f"{ocid}-amendment",
                    }
                ],
            }
        ],
    }


@pytest.fixture
def releases():
    """Builders of clean releases: tender, award with contract, amendment."""
    return {"tender": tender_release, "award": award_release, "amendment": amendment_release}


@pytest.fixture
def write(tmp_path):
    """Write data to a file: a package or release as JSON, a list of lines as JSON Lines."""
    count = 0

    def writer(data, *, lines=False, name=None):
        nonlocal count
        count += 1
        path = tmp_path / (name or f"data-{count}.{'jsonl' if lines else 'json'}")
        if lines:
            path.write_text("".join(json.dumps(line) + "\n" for line in data), encoding="utf-8")
        else:
            path.write_text(json.dumps(data, indent=1), encoding="utf-8")
        return path

    return writer


def package(*releases):
    return {
        "uri": "https://example.org/package.json",
        "version": "1.1",
        "publishedDate": "2025-06-02T00:00:00Z",
        "publisher": {"name": "Test publisher"},
        "releases": list(releases),
    }


@pytest.fixture
def release_package():
    return package


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def procurement(registry):
    """The school's process: three bids (one disqualified), the award to BuildCo, a contract
    amended twice (up by 20 %, then down), four releases; the R018 and R036 flags on the process,
    R025 on the buyer and R048 on the supplier."""
    buyer = PartyFactory(identifier="990340000001", name="Akimat of Pavlodar region")
    buyer.organisation = registry["akimat"]
    buyer.save()
    buildco = PartyFactory(identifier="050540000002", name="BuildCo LLP")
    others = [PartyFactory(name="Stroy Invest LLP"), PartyFactory(name="Pavlodar Remont LLP")]
    process = ContractingProcessFactory(
        ocid="ocds-kz0001-school-600",
        title="Construction of a school for 600 pupils",
        buyer=buyer,
        procuring_entity=buyer,
        value_amount=Decimal("150000000"),
        tender_start=at(2024, 3, 1, 9),
        tender_end=at(2024, 3, 20, 18),
        document=registry["document"],
        last_release_date=at(2024, 9, 1),
    )
    BidFactory(process=process, tenderers=[buildco], value_amount=Decimal("140000000"))
    BidFactory(
        process=process,
        tenderers=[others[0]],
        value_amount=Decimal("138000000"),
        status="disqualified",
        date=at(2024, 3, 16, 10),
    )
    BidFactory(
        process=process,
        tenderers=[others[1]],
        value_amount=Decimal("149000000"),
        date=at(2024, 3, 17, 10),
    )
    AwardFactory(process=process, suppliers=[buildco], value_amount=Decimal("140000000"))
    contract = ContractFactory(process=process, value_amount=Decimal("140000000"))
    AmendmentFactory(
        contract=contract,
        date=at(2024, 8, 1),
        value_before=Decimal("140000000"),
        value_after=Decimal("168000000"),
        rationale="Additional works on the roof.",
    )
    AmendmentFactory(
        contract=contract,
        date=at(2024, 9, 1),
        value_before=Decimal("168000000"),
        value_after=Decimal("160000000"),
        rationale="Windows not installed.",
    )
    for day, tags in [
        (at(2024, 3, 1, 9), ["tender"]),
        (at(2024, 3, 25, 12), ["award"]),
        (at(2024, 4, 2, 12), ["contract"]),
        (at(2024, 8, 1, 12), ["contractAmendment"]),
    ]:
        ReleaseFactory(process=process, date=day, tags=tags)
    ProcessObjectFactory(process=process, object=registry["school"])
    RiskFlagFactory(process=process, code="R018", value=1)
    RiskFlagFactory(process=process, code="R036", value=1)
    RiskFlagFactory(
        process=None, party=buyer, subject=RiskFlag.Subject.BUYER, code="R025", value=0.6
    )
    RiskFlagFactory(
        process=None, party=buildco, subject=RiskFlag.Subject.TENDERER, code="R048", value=4
    )
    FlagRunFactory()
    return {"process": process, "buyer": buyer, "supplier": buildco, "contract": contract}


def grow(n: int, *, buyer, obj=None, document=None):
    """`n` more processes of `buyer`, each with bids, an award, a contract with an amendment, a
    release and flags; linked to `obj` when given."""
    for _ in range(n):
        process = ContractingProcessFactory(buyer=buyer, document=document)
        supplier = PartyFactory()
        BidFactory(process=process, tenderers=[supplier])
        BidFactory(process=process)
        AwardFactory(process=process, suppliers=[supplier])
        AmendmentFactory(contract=ContractFactory(process=process))
        ReleaseFactory(process=process)
        RiskFlagFactory(process=process)
        RiskFlagFactory(process=process, code="R003")
        RiskFlagFactory(
            process=None, party=supplier, subject=RiskFlag.Subject.TENDERER, code="R048"
        )
        if obj is not None:
            ProcessObjectFactory(process=process, object=obj)
