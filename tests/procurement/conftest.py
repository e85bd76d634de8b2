"""Fixtures of what is said of the red flags: a contracting process of the education department
(the `body` fixture, whose officer is Dana) about the school of the registry, on which the single
bid indicator (R018) fired; the personas with an officer of another body and a monitor of
another NGO."""

import json

import pytest

from baqylau.accounts.models import Role
from baqylau.procurement.models import ContractingProcess, Party, ProcessObject, RiskFlag

from ..factories import department
from ..world import member

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
def other_body(db):
    return department(
        "health-department",
        "Денсаулық сақтау басқармасы",
        "Управление здравоохранения",
        "Health Department",
    )


@pytest.fixture
def oleg(other_body):
    """An officer of another body."""
    return member("oleg@example.org", "Oleg", other_body, Role.OFFICER)


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
